"""The cadre register's writes: create (from a party member or not), update, end of work, discipline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tochuc.cadres.choices import CadreStatus, DisciplineKind, TenureEnd
from tochuc.cadres.models import Cadre, Discipline
from tochuc.cadres.services.people import cadre_create, cadre_end, cadre_update, discipline_add
from tochuc.members.choices import Sex

# 044 (Quảng Trị... any province code in the table), 1 = a woman born in the 20th century, 75 = born 1975.
WOMAN_1975_CID = "044175000123"


def _create(actor, org, **fields):
    values = {"full_name": "Lê Thị Hoa", "sex": Sex.FEMALE, "birth_date": date(1975, 3, 15), **fields}
    return cadre_create(actor=actor, org=org, **values)


def test_it_creates_a_cadre_with_one_audit_event(tree, commune_officer, audit_watch):
    watch = audit_watch()
    cadre = _create(commune_officer, tree.dh, citizen_id=WOMAN_1975_CID, work_unit="UBND phường Đông Hà")
    assert cadre.name_folded == "le thi hoa"
    assert cadre.status == CadreStatus.WORKING
    assert [e.action for e in watch.events()] == ["cadre.create"]


def test_it_links_a_party_member_once(tree, commune_officer, refused):
    member = tree.members["44.DH.01"][1]
    cadre = _create(commune_officer, tree.dh, full_name=member.full_name, birth_date=member.birth_date, member=member)
    assert cadre.member == member
    with refused(field="member"):
        _create(commune_officer, tree.dh, full_name="Người khác", member=member)


def test_it_refuses_a_member_outside_the_scope(tree, outsider):
    with pytest.raises(Http404):
        _create(outsider, tree.lb, member=tree.members["44.DH.01"][0])


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"citizen_id": "12345"}, "citizen_id"),
        ({"citizen_id": "044075000123"}, "citizen_id"),  # the 4th digit says a man
        ({"birth_date": date(1925, 1, 1)}, "birth_date"),
        ({"birth_date": timezone.localdate() - timedelta(days=365 * 17)}, "birth_date"),
        ({"full_name": "  "}, "full_name"),
        ({"kind": "chairman"}, "kind"),
        ({"dossier_verified_on": timezone.localdate() + timedelta(days=1)}, "dossier_verified_on"),
    ],
)
def test_it_refuses_invalid_values(tree, commune_officer, refused, fields, field):
    with refused(field=field):
        _create(commune_officer, tree.dh, **fields)


def test_it_refuses_a_citizen_id_already_taken(tree, commune_officer, province_officer, refused):
    _create(province_officer, tree.lb, citizen_id=WOMAN_1975_CID)
    with refused(field="citizen_id") as info:
        _create(commune_officer, tree.dh, full_name="Lê Thị Hoa Khác", citizen_id=WOMAN_1975_CID)
    assert "ngoài phạm vi" in info.value.message  # the name of a cadre of 44.LB is not revealed


def test_viewer_may_not_create(tree, viewer):
    with pytest.raises(PermissionDenied):
        _create(viewer, tree.dh)


def test_it_updates_and_audits_the_changes(tree, commune_officer, make_cadre, audit_watch):
    cadre = make_cadre(tree.dh)
    watch = audit_watch()
    cadre_update(actor=commune_officer, cadre=cadre, full_name="Nguyễn Văn Cường Anh", work_unit="Đảng ủy phường")
    cadre.refresh_from_db()
    assert cadre.name_folded == "nguyen van cuong anh"
    (event,) = watch.events()
    assert event.action == "cadre.update"
    assert set(event.changes) == {"full_name", "work_unit"}


def test_outsider_may_not_update(tree, outsider, make_cadre):
    with pytest.raises(Http404):
        cadre_update(actor=outsider, cadre=make_cadre(tree.dh), work_unit="x")


def test_end_closes_every_open_tenure_with_the_matching_reason(
    tree, commune_officer, make_cadre, make_post, make_tenure, audit_watch
):
    cadre = make_cadre(tree.dh)
    t1 = make_tenure(cadre, make_post(tree.dh))
    t2 = make_tenure(cadre, make_post(tree.dh, "council_chair"))
    on = date(2026, 10, 1)
    watch = audit_watch()
    cadre_end(actor=commune_officer, cadre=cadre, status=CadreStatus.RETIRED, on=on)
    for t in (t1, t2):
        t.refresh_from_db()
        assert (t.ended_on, t.end_reason) == (on, TenureEnd.RETIRED)
    cadre.refresh_from_db()
    assert (cadre.status, cadre.ended_on) == (CadreStatus.RETIRED, on)
    assert [e.action for e in watch.events()] == ["cadre.end"]


def test_deceased_ends_tenures_as_deceased(tree, commune_officer, make_cadre, make_post, make_tenure):
    cadre = make_cadre(tree.dh)
    t = make_tenure(cadre, make_post(tree.dh))
    cadre_end(actor=commune_officer, cadre=cadre, status=CadreStatus.DECEASED, on=date(2026, 2, 1))
    t.refresh_from_db()
    assert t.end_reason == TenureEnd.DECEASED


@pytest.mark.parametrize(
    ("status", "on", "field"),
    [
        (CadreStatus.WORKING, date(2026, 1, 1), "status"),
        (CadreStatus.RETIRED, timezone.localdate() + timedelta(days=1), "on"),
        (CadreStatus.RETIRED, date(2025, 8, 31), "on"),  # before the tenure started (01/09/2025)
    ],
)
def test_end_refusals(tree, commune_officer, make_cadre, make_post, make_tenure, refused, status, on, field):
    cadre = make_cadre(tree.dh)
    make_tenure(cadre, make_post(tree.dh))
    with refused(field=field):
        cadre_end(actor=commune_officer, cadre=cadre, status=status, on=on)


def test_end_refuses_a_cadre_already_ended(tree, commune_officer, make_cadre, refused):
    cadre = make_cadre(tree.dh, status=CadreStatus.LEFT, ended_on=date(2025, 1, 1))
    with refused(field="status"):
        cadre_end(actor=commune_officer, cadre=cadre, status=CadreStatus.RETIRED, on=date(2026, 1, 1))


def test_discipline_is_recorded_once(tree, commune_officer, make_cadre, audit_watch, refused):
    cadre = make_cadre(tree.dh)
    watch = audit_watch()
    d = discipline_add(actor=commune_officer, cadre=cadre, kind=DisciplineKind.REPRIMAND, on=date(2024, 11, 1),
                       decision_no="12-QĐ/ĐU")  # fmt: skip
    assert d.cadre == cadre
    assert [e.action for e in watch.events()] == ["cadre.discipline"]
    with refused(field="on"):
        discipline_add(actor=commune_officer, cadre=cadre, kind=DisciplineKind.REPRIMAND, on=date(2024, 11, 1))
    with refused(field="kind"):
        discipline_add(actor=commune_officer, cadre=cadre, kind="fine", on=date(2024, 11, 1))
    with refused(field="on"):
        discipline_add(actor=commune_officer, cadre=cadre, kind=DisciplineKind.WARNING,
                       on=timezone.localdate() + timedelta(days=1))  # fmt: skip


def test_cadre_count_unchanged_after_refusal(tree, commune_officer, refused):
    with refused(field="citizen_id"):
        _create(commune_officer, tree.dh, citizen_id="abc")
    assert not Cadre.objects.exists()


def test_retirement_on_follows_the_rule_tables_schedule(tree, make_cadre):
    from tochuc.cadres.selectors.people import retirement_on

    # A man born 10/1961 would reach 60y3m in 01/2022, when the age is 60y6m, reached in 04/2022.
    assert retirement_on(make_cadre(tree.dh, birth_date=date(1961, 10, 10))) == date(2022, 4, 30)
    woman = make_cadre(tree.dh, full_name="Lê Thị Hoa", sex=Sex.FEMALE, birth_date=date(1975, 3, 15))
    assert retirement_on(woman) == date(2034, 11, 30)


def test_facts_for_the_rules(tree, make_cadre, make_post, make_tenure):
    from tochuc.cadres.selectors.people import discipline_facts, tenure_facts

    cadre = make_cadre(tree.dh)
    make_tenure(cadre, make_post(tree.dh, "council_chair"), started_on=date(2025, 9, 1))
    Discipline.objects.create(cadre=cadre, kind=DisciplineKind.WARNING, on=date(2024, 1, 2))
    (t,) = tenure_facts(cadre)
    assert (t.title, t.started_on, t.ended_on, t.rank) == ("council_chair", date(2025, 9, 1), None, 90)
    assert [(d.kind, d.on) for d in discipline_facts(cadre)] == [("warning", date(2024, 1, 2))]
