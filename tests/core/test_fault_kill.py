"""A process killed (SIGKILL) in the middle of a member import or of an org merge leaves the database as if the
operation had never started: after a restart nothing of it is found, the tree and the memberships keep their
invariants, and the same operation then runs to the end.

Each operation runs in a process of its own on a database of its own (on SQLite a file under tmp_path, on
PostgreSQL a throwaway database made from the test database as a template). The worker below, test code only,
wraps one of the operation's own steps so that it says "PAUSED" on stdout after its first writes and waits:
the test kills it there, deterministically in the middle, and opens the database again in a new process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from tochuc.members import excel

IMPORTED = 300  # rows of the killed import: one batch of members, their events, then their memberships

WORKER = r"""
import json, os, sys, time
from datetime import date
import django
django.setup()
from django.core.management import call_command
from tochuc.core.models import AuditEvent
from tochuc.members.choices import Sex, Status
from tochuc.members.models import Member, MemberEvent, Membership
from tochuc.members.services import member_create
from tochuc.orgs.models import SEGMENT, Org, OrgEvent, OrgPeriod, OrgType, Sector
from tochuc.orgs.services import org_create


def pause_after(module, name, calls):
    # Run the wrapped step, and after its `calls`-th call report what this transaction has written, then wait.
    original, seen = getattr(module, name), [0]
    def wrapped(*args, **kwargs):
        result = original(*args, **kwargs)
        seen[0] += 1
        if seen[0] == calls:
            print("PAUSED", Member.objects.count(), Org.objects.filter(parent__code="44.DH").count(), flush=True)
            time.sleep(300)
        return result
    setattr(module, name, wrapped)


def state():
    return {
        "orgs": list(Org.objects.order_by("pk").values_list("pk", "code", "parent_id", "path", "depth", "closed_on",
                                                            "successor_id")),
        "periods": list(OrgPeriod.objects.order_by("pk").values_list("pk", "org_id", "parent_id", "valid_from",
                                                                     "valid_to")),
        "org_events": list(OrgEvent.objects.order_by("pk").values_list("pk", "kind", "on")),
        "members": list(Member.objects.order_by("pk").values_list("pk", "citizen_id", "org_id", "status")),
        "member_events": list(MemberEvent.objects.order_by("pk").values_list("pk", "member_id", "kind", "on")),
        "memberships": list(Membership.objects.order_by("pk").values_list("pk", "member_id", "org_id", "valid_from",
                                                                          "valid_to")),
        "audit": list(AuditEvent.objects.order_by("pk").values_list("pk", "action", "object_id")),
    }


def problems():
    # The invariants of the tree and of the memberships, as the services keep them.
    found = []
    orgs = {o.pk: o for o in Org.objects.all()}
    for org in orgs.values():
        parent = orgs.get(org.parent_id)
        if parent is None:
            if org.depth != 0 or len(org.path) != SEGMENT:
                found.append(f"root {org.code}: path or depth wrong")
            continue
        if not org.path.startswith(parent.path) or len(org.path) != len(parent.path) + SEGMENT:
            found.append(f"{org.code}: path {org.path} not under {parent.code} {parent.path}")
        if org.depth != parent.depth + 1:
            found.append(f"{org.code}: depth {org.depth}, parent's {parent.depth}")
        if org.closed_on is None and parent.closed_on is not None:
            found.append(f"{org.code} is open under closed {parent.code}")
    for org in orgs.values():
        current = list(OrgPeriod.objects.filter(org=org, valid_to__isnull=True).values_list("parent_id", flat=True))
        if org.closed_on is None and current != [org.parent_id]:
            found.append(f"{org.code}: open periods {current}, parent {org.parent_id}")
    open_by_member = {}
    for member_id, org_id in Membership.objects.filter(valid_to__isnull=True).values_list("member_id", "org_id"):
        open_by_member.setdefault(member_id, []).append(org_id)
    for member in Member.objects.active():
        if open_by_member.get(member.pk) != [member.org_id]:
            found.append(f"member {member.pk}: open memberships {open_by_member.get(member.pk)}, org {member.org_id}")
        if orgs[member.org_id].closed_on is not None:
            found.append(f"member {member.pk} active in closed org")
    return found


step = sys.argv[1]
if step == "seed":
    opened = date(2025, 7, 1)
    def make(code, name, org_type, parent, sector):
        return org_create(actor=None, code=code, name=name, org_type=org_type, parent=parent, opened_on=opened,
                          sector=sector)
    province = make("44", "Đảng bộ tỉnh Quảng Trị", OrgType.PROVINCE_COMMITTEE, None, Sector.OTHER)
    for commune, name in (("44.DH", "Đảng bộ phường Đông Hà"), ("44.LB", "Đảng bộ xã Lao Bảo")):
        parent = make(commune, name, OrgType.UPPER_GRASSROOTS_COMMITTEE, province, Sector.COMMUNE)
        for n in (1, 2):
            cell = make(f"{commune}.0{n}", f"Chi bộ thôn {n}", OrgType.GRASSROOTS_CELL, parent, Sector.RESIDENTIAL)
            for i in range(5):
                member_create(actor=None, full_name=f"Nguyễn Văn {cell.code} {i}", sex=Sex.MALE,
                              birth_date=date(1980, 1, 1), org=cell, status=Status.OFFICIAL,
                              admitted_on=date(2005, 1, 1), official_on=date(2006, 1, 1))
elif step == "import":
    import tochuc.members.services.imports as imports
    if os.environ.get("FAULT_PAUSE"):
        pause_after(imports, "bulk_insert", 2)  # the members and their events are in, the memberships not yet
    call_command("import_members", sys.argv[2], "--org", "44")
elif step == "merge":
    import tochuc.orgs.services as org_services
    if os.environ.get("FAULT_PAUSE"):
        pause_after(org_services, "_reparent", 1)  # one cell hangs under the target, the other not yet
    org_services.org_merge(actor=None, sources=[Org.objects.get(code="44.LB")], target=Org.objects.get(code="44.DH"),
                           on=date(2026, 1, 1), decision_no="15-QĐ/TU")
elif step == "dump":
    print(json.dumps({"state": state(), "problems": problems()}, default=str))
"""


@pytest.fixture
def server(tmp_path, database_copy):
    """The environment of a process working on a database of its own (a copy of the migrated test database)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tochuc.settings",
        "TOCHUC_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": "essai-de-panne",
        "DATABASE_URL": database_copy("tochuc_fault"),
    }
    env.pop("FAULT_PAUSE", None)
    worker(env, "seed")
    return env


def worker(env: dict, *args: str) -> dict | None:
    done = subprocess.run([sys.executable, "-c", WORKER, *args], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]) if args[0] == "dump" else None


def killed_midway(env: dict, *args: str) -> list[int]:
    """Start the operation, wait for it to pause after its first writes, SIGKILL it; the counts it saw then."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, *args],
        env={**env, "FAULT_PAUSE": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()  # blocks until the worker pauses (or dies, with an empty line)
        assert line.startswith("PAUSED"), f"the worker did not pause: {line!r} {proc.stderr.read()[-3000:]}"
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    return [int(n) for n in line.split()[1:]]


def reopened(env: dict) -> dict:
    """The database as a new process finds it; its invariants must hold."""
    found = worker(env, "dump")
    assert found["problems"] == [], found["problems"]
    return found["state"]


def member_list(path) -> str:
    headers = [c.header for c in excel.COLUMNS]
    rows = [
        {
            "Họ và tên": f"Trần Văn Nhập {i:03d}",
            "Giới tính": "Nam",
            "Ngày sinh": "15/06/1985",
            "Số CCCD": f"045085{i:06d}",
            "Ngày vào Đảng": "19/05/2010",
            "Ngày chính thức": "19/05/2011",
            "Mã tổ chức": f"44.DH.0{1 + i % 2}",
        }
        for i in range(IMPORTED)
    ]
    excel.write_members(str(path), [[row.get(h) for h in headers] for row in rows], count=len(rows))
    return str(path)


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_midway_leaves_nothing_and_runs_again_to_the_end(server, tmp_path):
    before = reopened(server)
    file = member_list(tmp_path / "danh-sach.xlsx")

    members_seen, _children = killed_midway(server, "import", file)

    assert members_seen == len(before["members"]) + IMPORTED, "the kill did not come after the first writes"
    assert reopened(server) == before
    worker(server, "import", file)
    after = reopened(server)
    assert len(after["members"]) == len(before["members"]) + IMPORTED
    assert len(after["memberships"]) == len(before["memberships"]) + IMPORTED
    assert [a for _pk, a, _obj in after["audit"][len(before["audit"]) :]] == ["member.import"]


@pytest.mark.django_db(transaction=True)
def test_a_merge_killed_midway_leaves_the_tree_as_it_was_and_runs_again_to_the_end(server):
    before = reopened(server)
    _members, children_seen = killed_midway(server, "merge")

    assert children_seen == 3, "the kill did not come after the first cell moved under the target"
    assert reopened(server) == before
    worker(server, "merge")
    after = reopened(server)
    codes = {pk: code for pk, code, *_rest in after["orgs"]}
    closed = {code for _pk, code, _p, _path, _d, closed_on, _s in after["orgs"] if closed_on is not None}
    assert closed == {"44.LB"}
    parents = {code: codes.get(parent) for _pk, code, parent, *_rest in after["orgs"]}
    assert parents["44.LB.01"] == parents["44.LB.02"] == "44.DH"
    assert [a for _pk, a, _obj in after["audit"][len(before["audit"]) :]] == ["org.merge"]
    assert len(after["members"]) == len(before["members"])
