"""`tochuc seed-demo`: the demo province, its members, its history and its logins, built once."""

from __future__ import annotations

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.http import HttpRequest
from django.test import override_settings
from django.utils import timezone

from tochuc.accounts.models import User
from tochuc.core.models import AuditEvent
from tochuc.demo import province
from tochuc.members.choices import Status
from tochuc.members.models import Member, Membership
from tochuc.orgs.models import CloseReason, Org, OrgType, Sector
from tochuc.recruitment.models import Candidate
from tochuc.reports.models import AdmissionTarget

MEMBERS = 500
SEED = 1


def _seed(**kw) -> str:
    out = StringIO()
    call_command("seed_demo", members=kw.get("members", MEMBERS), seed=kw.get("seed", SEED), stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module, inside a transaction rolled back at its end (as setUpTestData does);
    each test runs in a savepoint inside it. Yields the command's output."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with fast:
                out = _seed()
        except BaseException:
            outer.__exit__(None, None, None)
            raise
    yield out
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def md5_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_it_builds_the_province_with_the_78_communes(seeded, db):
    root = Org.objects.get(code="44")
    assert (root.name, root.org_type, root.parent_id, root.opened_on) == (
        "Đảng bộ tỉnh Quảng Trị",
        OrgType.PROVINCE_COMMITTEE,
        None,
        date(2025, 7, 1),
    )
    communes = Org.objects.filter(parent=root, sector=Sector.COMMUNE)
    assert communes.count() == 78
    assert set(communes.values_list("org_type", flat=True)) == {OrgType.UPPER_GRASSROOTS_COMMITTEE}
    lao_bao = communes.get(name="Đảng bộ xã Lao Bảo")
    assert lao_bao.code == f"44.{lao_bao.admin_unit_code}"
    assert communes.filter(name="Đảng bộ phường Đông Hà", code="44.19333").exists()
    assert communes.filter(name="Đảng bộ đặc khu Cồn Cỏ").exists()
    blocs = set(Org.objects.filter(parent=root).exclude(sector=Sector.COMMUNE).values_list("code", flat=True))
    assert blocs == {"44.CQD", "44.UBND", "44.CA", "44.QS"}
    # Every level of the tree is there, and cells hang under the grassroots committees.
    types = set(Org.objects.values_list("org_type", flat=True))
    assert {OrgType.GRASSROOTS_COMMITTEE, OrgType.GRASSROOTS_CELL, OrgType.SUB_COMMITTEE, OrgType.CELL} <= types
    assert Org.objects.filter(parent__org_type=OrgType.GRASSROOTS_COMMITTEE).exists()


def test_it_registers_exactly_the_members_asked_for(seeded, db):
    admitted = Member.objects.filter(candidate__isnull=False).count()  # this year's admissions of candidates
    assert Member.objects.count() == MEMBERS + admitted
    assert Member.objects.active().count() == MEMBERS + admitted
    assert Member.objects.filter(status=Status.PROBATIONARY, official_on__isnull=False).count() == 0
    assert Member.objects.filter(status=Status.OFFICIAL, official_on__isnull=True).count() == 0
    # One open membership each, in the org the member sits in.
    open_memberships = Membership.objects.filter(valid_to__isnull=True)
    assert open_memberships.count() == MEMBERS + admitted
    assert not Member.objects.exclude(memberships__valid_to__isnull=True).exists()
    # One audit event for the bulk load of the tree and members, on the root (each later module writes its own).
    modules = ["Công tác cán bộ", "Đại hội", "Đánh giá, xếp loại", "Đề án, kiến nghị", "Khen thưởng"]
    modules += ["Bảo vệ chính trị nội bộ", "Cổng thông tin"]
    events = AuditEvent.objects.filter(action="demo.seed").exclude(note__in=modules)
    assert events.count() == 1
    for note in modules:
        assert AuditEvent.objects.filter(action="demo.seed", note=note).count() == 1, note
    assert events[0].object_repr == "Đảng bộ tỉnh Quảng Trị"
    assert events[0].changes["members"]["after"] == MEMBERS
    assert "Xong" in seeded


def test_what_it_writes_is_the_plan_of_its_seed(seeded, db):
    """The command writes `plan_province(seed)`, and the plan depends on the seed alone: same seed, same
    tree and names (test_the_plan_is_deterministic)."""
    plan = province.plan_province(seed=SEED, members=MEMBERS, today=timezone.localdate())
    r = plan.restructuring
    renamed = {r.rename_code: r.rename_to}
    expected_orgs = {(o.code, renamed.get(o.code, o.name), o.org_type, o.parent) for o in plan.orgs}
    expected_orgs.add((r.merge_new.code, r.merge_new.name, r.merge_new.org_type, r.merge_new.parent))
    written = {(o.code, o.name, o.org_type, o.parent.code if o.parent else None) for o in Org.objects.all()}
    assert written == expected_orgs
    registered = Member.objects.filter(candidate__isnull=True).values_list("full_name", flat=True)
    assert Counter(registered) == Counter(m.full_name for m in plan.members)


def test_it_develops_candidates_and_gives_this_years_targets(seeded, db):
    candidates = Candidate.objects.all()
    assert candidates.count() >= 20
    assert set(candidates.values_list("stage", flat=True)) >= {"developing", "admitted"}
    assert len(set(candidates.filter(stage="developing").values_list("reached", flat=True))) >= 4
    for c in candidates.filter(stage="admitted").select_related("member"):
        assert c.member.status == Status.PROBATIONARY and c.member.admitted_on == c.admitted_on
    root = Org.objects.get(code=province.ROOT_CODE)
    communes = Org.objects.open().filter(parent=root).count()
    year = timezone.localdate().year
    assert AdmissionTarget.objects.filter(year=year, org__parent=root).count() == communes
    assert "Phát triển đảng viên" in seeded


def test_the_plan_is_deterministic():
    today = date(2026, 11, 29)
    a = province.plan_province(seed=7, members=300, today=today)
    b = province.plan_province(seed=7, members=300, today=today)
    c = province.plan_province(seed=8, members=300, today=today)
    assert [(o.code, o.name) for o in a.orgs] == [(o.code, o.name) for o in b.orgs]
    assert a.members == b.members
    assert [m.full_name for m in a.members] != [m.full_name for m in c.members]
    assert len(a.members) == 300


def test_the_members_look_like_a_province():
    today = date(2026, 11, 29)
    people = province.plan_province(seed=3, members=20_000, today=today).members
    n = len(people)
    assert n == 20_000
    male = sum(p.sex == "male" for p in people) / n
    assert 0.57 < male < 0.67
    probationary = [p for p in people if p.status == Status.PROBATIONARY]
    assert 0.03 < len(probationary) / n < 0.07
    # admitted within the last 13 months: some have ended their probation and wait for recognition
    assert all(p.official_on is None and (today - p.admitted_on).days <= 395 for p in probationary)
    ages = [(today - p.birth_date).days / 365.25 for p in people]
    assert min(ages) >= 20 and max(ages) < 91
    for p in people:
        assert 20 <= (p.admitted_on - p.birth_date).days / 365.25 <= 46
    surnames = Counter(p.full_name.split()[0] for p in people)
    assert 0.3 < surnames["Nguyễn"] / n < 0.4
    minorities = Counter(p.ethnic_group for p in people if p.ethnic_group != "Kinh")
    assert {"Bru - Vân Kiều", "Tà Ôi", "Chứt"} <= set(minorities)


def test_it_leaves_an_existing_demo_alone(seeded, db):
    orgs, members, events = Org.objects.count(), Member.objects.count(), AuditEvent.objects.count()
    out = _seed(members=50, seed=2)
    assert "đã có" in out
    assert (Org.objects.count(), Member.objects.count(), AuditEvent.objects.count()) == (orgs, members, events)


def test_it_records_a_merge_and_a_rename_in_phuong_dong_ha(seeded, db):
    r = province.plan_province(seed=SEED, members=MEMBERS, today=timezone.localdate()).restructuring
    merged = Org.objects.get(code=r.merge_new.code)
    assert merged.is_open and merged.parent.code == "44.19333"
    for code in r.merge_sources:
        source = Org.objects.get(code=code)
        assert (source.closed_on, source.close_reason, source.successor) == (r.merge_on, CloseReason.MERGED, merged)
    renamed = Org.objects.get(code=r.rename_code)
    assert renamed.name == r.rename_to
    assert renamed.periods.count() == 2
    assert r.merge_on < timezone.localdate() and r.rename_on < timezone.localdate()


def test_the_demo_logins_work(seeded, db, client, md5_hasher):
    expected = {
        "admin": ("admin", "44"),
        "tinh": ("officer", "44"),
        "lanhdao": ("leader", "44"),
        "xa": ("officer", "44.19333"),
        "xem": ("viewer", "44"),
        "baove": ("protection", "44"),
        "bientap": ("editor", "44"),
        "tongbientap": ("chief_editor", "44"),
    }
    for username, (role, code) in expected.items():
        user = User.objects.get(username=username)
        assert (user.role, user.org.code, user.is_superuser) == (role, code, False)
    bithu = User.objects.get(username="bithu")
    assert bithu.role == "secretary" and bithu.org.is_open
    assert bithu.org.parent.code == "44.19333" and bithu.org.org_type == OrgType.GRASSROOTS_CELL
    for username in [*expected, "bithu"]:
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
        assert client.login(request=request, username=username, password=province.DEMO_PASSWORD), username
        client.logout()
    assert province.DEMO_URL in seeded and "Bí thư cơ sở" in seeded
