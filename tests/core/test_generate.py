"""`tochuc generate`: a synthetic nation of real provinces and communes, with members whose stored state is what
their events say, built in bulk into an empty database."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from vietnam_provinces import Province, ProvinceCode, Ward

from tochuc.core.models import AuditEvent
from tochuc.demo import national, province
from tochuc.demo.province import fmt_int
from tochuc.members.choices import Status
from tochuc.members.models import EventKind, Member, MemberEvent, Membership
from tochuc.members.rules import Ev, citizen_id_problem, derive, party_age_start
from tochuc.orgs.models import Org, OrgEvent, OrgPeriod, OrgType

MEMBERS = 3000
PROVINCES = 2  # the first two by code: Thành phố Hà Nội (01) and Cao Bằng (04)
TODAY = date(2026, 11, 29)


def _generate(seed: int = 1) -> str:
    out = StringIO()
    call_command("generate", members=MEMBERS, provinces=PROVINCES, seed=seed, today=TODAY, stdout=out)
    return out.getvalue()


MEMBER_FIELDS = ("full_name", "sex", "birth_date", "ethnic_group", "religion", "status", "admitted_on", "official_on",
                 "ended_on", "citizen_id", "card_number", "party_age_from", "highest_badge", "org_id")  # fmt: skip


def _snapshot() -> dict[str, list[tuple]]:
    """Everything the generator writes, without the ids (a sequence on PostgreSQL does not roll back)."""
    code = dict(Org.objects.values_list("pk", "code"))
    member_ids = list(Member.objects.order_by("pk").values_list("pk", flat=True))
    nth = {pk: i for i, pk in enumerate(member_ids)}
    return {
        "orgs": list(
            Org.objects.order_by("code").values_list("code", "name", "org_type", "sector", "parent__code", "depth")
        ),
        "members": [(*row[:-1], code[row[-1]]) for row in Member.objects.order_by("pk").values_list(*MEMBER_FIELDS)],
        "events": [
            (nth[m], kind, on, code[org], code.get(other), decision, data)
            for m, kind, on, org, other, decision, data in MemberEvent.objects.order_by("pk").values_list(
                "member_id", "kind", "on", "org_id", "other_org_id", "decision_no", "data"
            )
        ],
        "memberships": [
            (nth[m], code[org], start, end, reason)
            for m, org, start, end, reason in Membership.objects.order_by("pk").values_list(
                "member_id", "org_id", "valid_from", "valid_to", "reason"
            )
        ],
    }


@pytest.fixture(scope="module")
def nation(django_db_setup, django_db_blocker):
    """Generate the nation once for the module, inside a transaction rolled back at its end (as
    test_seed_demo does). Before the kept one, two runs in rolled-back savepoints record what seed 1 and seed 2
    give. Yields the command's output and the snapshots."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            snapshots = {}
            for seed in (1, 2):
                with transaction.atomic():
                    _generate(seed)
                    snapshots[seed] = _snapshot()
                    transaction.set_rollback(True)
            out = _generate(1)
        except BaseException:
            outer.__exit__(None, None, None)
            raise
    yield {"out": out, "snapshots": snapshots}
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def test_it_builds_the_real_provinces_and_their_communes(nation, db):
    roots = Org.objects.filter(parent=None).order_by("code")
    assert list(roots.values_list("code", "name", "org_type")) == [
        ("01", "Đảng bộ thành phố Hà Nội", OrgType.PROVINCE_COMMITTEE),
        ("04", "Đảng bộ tỉnh Cao Bằng", OrgType.PROVINCE_COMMITTEE),
    ]
    for root, code in zip(roots, (ProvinceCode.P_01, ProvinceCode.P_04), strict=True):
        wards = list(Ward.iter_by_province(code))
        expected = {"Đảng bộ " + " ".join(province._division(w.name)) for w in wards}  # "Đảng bộ xã Quảng Lâm"
        communes = Org.objects.filter(parent=root, org_type=OrgType.UPPER_GRASSROOTS_COMMITTEE).exclude(
            code__in=[f"{root.code}.{bloc}" for bloc in ("CQD", "UBND", "CA", "QS")]
        )
        assert set(communes.values_list("name", flat=True)) == expected
        assert {c.code for c in communes} == {f"{root.code}.{int(w.code)}" for w in wards}
    assert Org.objects.get(code="01.CA").name == "Đảng bộ Công an thành phố"
    assert Org.objects.get(code="04.CA").name == "Đảng bộ Công an tỉnh"
    assert Org.objects.filter(name="Chi bộ Ban Tổ chức Thành ủy", parent__code="01.CQD").exists()
    # The demo's vocabulary: cells of villages and quarters, schools, enterprises of the three sectors.
    names = list(Org.objects.values_list("name", flat=True))
    assert any(n.startswith("Chi bộ thôn ") for n in names) and any(n.startswith("Chi bộ Trường THCS ") for n in names)
    sectors = set(Org.objects.values_list("sector", flat=True))
    assert {"state_enterprise", "non_state_enterprise", "foreign_enterprise", "police", "military"} <= sectors


def test_every_org_has_its_path_depth_period_and_founding(nation, db):
    orgs = {o.pk: o for o in Org.objects.all()}
    for org in orgs.values():
        parent = orgs.get(org.parent_id)
        assert org.path == (parent.path if parent else "") + f"{org.pk:08x}."
        assert org.depth == (parent.depth + 1 if parent else 0)
    periods = OrgPeriod.objects.filter(valid_to=None)
    assert sorted(periods.values_list("org_id", "name", "org_type", "parent_id", "valid_from")) == sorted(
        (o.pk, o.name, o.org_type, o.parent_id, o.opened_on) for o in orgs.values()
    )
    founded = OrgEvent.objects.filter(kind=OrgEvent.Kind.CREATE).values_list("results", "on")
    assert sorted(founded) == sorted((o.pk, o.opened_on) for o in orgs.values())


def test_members_sit_only_in_cells(nation, db):
    with_children = set(Org.objects.exclude(parent=None).values_list("parent_id", flat=True))
    cells = set(Org.objects.filter(org_type__in=[OrgType.GRASSROOTS_CELL, OrgType.CELL]).values_list("pk", flat=True))
    used = {*Member.objects.values_list("org_id", flat=True), *Membership.objects.values_list("org_id", flat=True)}
    assert used <= cells - with_children
    assert Member.objects.count() == MEMBERS
    # Shared among the provinces by the size of their trees; the minorities where the region has them.
    by_root = Counter(Member.objects.values_list("org__path", flat=True).iterator())
    per_province = Counter({code: 0 for code in ("01", "04")})
    roots = dict(Org.objects.filter(parent=None).values_list("path", "code"))
    for path, n in by_root.items():
        per_province[roots[path[:9]]] += n
    assert per_province["01"] > per_province["04"] > 0
    minority = Member.objects.exclude(ethnic_group="Kinh")
    assert minority.filter(org__path__startswith=_path("04")).count() / per_province["04"] > 0.5
    assert minority.filter(org__path__startswith=_path("01")).count() / per_province["01"] < 0.1


def _path(code: str) -> str:
    return Org.objects.get(code=code).path


def test_the_stored_state_is_what_the_events_derive(nation, db):
    """As member_sync would store it: status, dates, flags, party age, badge, card (rules.derive)."""
    events = defaultdict(list)
    for e in MemberEvent.objects.order_by("member_id", "on", "pk").iterator():
        events[e.member_id].append(Ev(e.pk, e.kind, e.on, e.org_id, e.other_org_id, e.data, e.cancels_id))
    for m in Member.objects.all().iterator():
        state = derive(events[m.pk])
        expected = {
            "status": state.status, "in_transit": state.in_transit, "temporary_host_id": state.temporary_host_id,
            "exempted": state.exempted, "lost_contact": state.lost_contact, "admitted_on": state.admitted_on,
            "ceremony_on": state.ceremony_on, "official_on": state.official_on, "ended_on": state.ended_on,
            "party_age_from": party_age_start(state.admitted_on, state.gaps, TODAY),
            "highest_badge": max(state.badges) if state.badges else None, "card_issued_on": state.card_issued_on,
        }  # fmt: skip
        assert {k: getattr(m, k) for k in expected} == expected, m.pk
        if m.card_number:
            card = [e for e in events[m.pk] if e.kind == EventKind.CARD][-1]
            assert card.data["card_number"] == m.card_number
        assert [e.on for e in events[m.pk]] == sorted(e.on for e in events[m.pk])  # ids follow the days


def test_each_life_is_a_plausible_story(nation, db):
    """Once admitted, at most one ceremony and one recognition; nothing recorded after the member left."""
    ends = {EventKind.DIED, EventKind.REMOVED, EventKind.EXPELLED, EventKind.LEFT, EventKind.PROBATION_REMOVED}
    events = defaultdict(list)
    for e in MemberEvent.objects.order_by("member_id", "on", "pk").iterator():
        events[e.member_id].append(e)
    for member_id, story in events.items():
        kinds = Counter(e.kind for e in story)
        assert all(kinds[k] <= 1 for k in (EventKind.ADMITTED, EventKind.CEREMONY, EventKind.RECOGNIZED)), member_id
        first = story[0].kind
        assert first == EventKind.ADMITTED or (first == EventKind.TRANSFER_IN and story[0].data["outside"])
        last = [i for i, e in enumerate(story) if e.kind in ends or (e.kind == "transfer_out" and e.data["outside"])]
        assert not last or last == [len(story) - 1], member_id


def test_citizen_ids_and_cards_are_well_formed(nation, db):
    ids = Member.objects.exclude(citizen_id=None).values_list("citizen_id", "birth_date", "sex")
    assert [cid for cid, birth, sex in ids if citizen_id_problem(cid, birth, sex)] == []
    assert Member.objects.filter(citizen_id=None).count() < 0.06 * MEMBERS  # a few gaps for the data-quality list
    cards = Member.objects.exclude(card_number=None)
    assert cards.exists() and not cards.filter(official_on=None).exists()
    assert all(c.isdigit() and 6 <= len(c) <= 12 for c in cards.values_list("card_number", flat=True))


def test_open_memberships_are_the_active_members(nation, db):
    open_stays = Counter(Membership.objects.filter(valid_to=None).values_list("member_id", "org_id"))
    active = Counter(Member.objects.active().values_list("pk", "org_id"))
    assert open_stays == active
    # Every member has a stay; the ones who left or are between two cells have none open.
    assert set(Membership.objects.values_list("member_id", flat=True)) == set(
        Member.objects.values_list("pk", flat=True)
    )
    assert Member.objects.filter(in_transit=True).exists()
    assert not Membership.objects.filter(valid_to=None, member__in_transit=True).exists()


def test_the_lives_have_flows_for_the_period_reports(nation, db):
    since = national.REFORM
    kinds = Counter(MemberEvent.objects.filter(on__gte=since).values_list("kind", flat=True))
    for kind in (EventKind.ADMITTED, EventKind.RECOGNIZED, EventKind.TRANSFER_OUT, EventKind.TRANSFER_IN,
                 EventKind.DIED, EventKind.REMOVED, EventKind.CARD, EventKind.BADGE, EventKind.EXEMPTED):  # fmt: skip
        assert kinds[kind] > 0, kind
    statuses = Counter(Member.objects.values_list("status", flat=True))
    assert statuses[Status.OFFICIAL] > 0.9 * MEMBERS
    assert 0.01 * MEMBERS < statuses[Status.PROBATIONARY] < 0.08 * MEMBERS
    assert statuses[Status.DECEASED] > 0 and statuses[Status.TRANSFERRED_OUT] > 0
    # The past from the records spans decades: admissions and 30-year badges well before the reform.
    assert MemberEvent.objects.filter(kind=EventKind.ADMITTED, on__lt=date(1996, 1, 1)).exists()
    assert Member.objects.filter(highest_badge__gte=30).exists()


def test_it_prints_the_counts_it_wrote_and_records_one_audit_event(nation, db):
    out = nation["out"]
    for label, count in (
        ("Tổ chức đảng", Org.objects.count()),
        ("Đảng viên", Member.objects.count()),
        ("Sự kiện đảng viên", MemberEvent.objects.count()),
        ("Quá trình sinh hoạt", Membership.objects.count()),
    ):
        line = next(line for line in out.splitlines() if line.strip().startswith(label))
        assert fmt_int(count) in line, (label, line)
    assert f"đang sinh hoạt {fmt_int(Member.objects.active().count())}" in out
    assert "dòng/giây" in out and " MB" in out and "giây" in out
    event = AuditEvent.objects.get(action="demo.generate")
    assert event.changes["members"]["after"] == MEMBERS and event.changes["provinces"]["after"] == ["01", "04"]


def test_it_refuses_a_database_that_holds_members(nation, db):
    before = (Org.objects.count(), Member.objects.count(), MemberEvent.objects.count(), AuditEvent.objects.count())
    with pytest.raises(CommandError) as info:
        _generate()
    assert "đã có" in str(info.value) and "cơ sở dữ liệu" in str(info.value)
    assert (Org.objects.count(), Member.objects.count(), MemberEvent.objects.count(), AuditEvent.objects.count()) == (
        before
    )


def test_the_same_seed_gives_the_same_data(nation, db):
    assert _snapshot() == nation["snapshots"][1]
    other = nation["snapshots"][2]
    assert other["orgs"] != nation["snapshots"][1]["orgs"]  # the cells drawn under each commune differ
    assert [m[0] for m in other["members"]] != [m[0] for m in nation["snapshots"][1]["members"]]


def test_quang_tri_in_the_nation_is_the_demo_province():
    """The nation builds each province with the demo's builders: Quảng Trị comes out as the demo's tree."""
    quang_tri = national._plan(Province.from_code(ProvinceCode.P_44), seed=1, today=TODAY)
    demo = province.plan_province(seed=1, members=0, today=TODAY)
    assert [(o.code, o.name, o.org_type, o.parent) for o in quang_tri.orgs] == [
        (o.code, o.name, o.org_type, o.parent) for o in demo.orgs
    ]
