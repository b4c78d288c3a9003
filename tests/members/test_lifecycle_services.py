"""The lifecycle services: each checks its rule, records one dated event, keeps the stored state equal to
what the events say, moves the membership record and writes exactly one audit event."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from tochuc.core.errors import DomainError
from tochuc.core.models import AuditEvent
from tochuc.members import rules, services
from tochuc.members.models import EventKind, Member, MemberEvent, Membership
from tochuc.members.services.sync import events_of

VOTE, DECIDED, CEREMONY = date(2025, 3, 1), date(2025, 3, 20), date(2025, 4, 10)


def admit(actor, org, **kw):
    fields = {
        "full_name": "Trần Thị Mai",
        "sex": "female",
        "birth_date": date(2000, 6, 1),
        "vote_on": VOTE,
        "admitted_on": DECIDED,
        "decision_no": "101-QĐ/ĐU",
        **kw,
    }
    return services.member_admit(actor=actor, org=org, **fields)


def open_memberships(member):
    return list(Membership.objects.filter(member=member, valid_to__isnull=True).values_list("org__code", flat=True))


def test_admission_creates_a_probationary_member_with_one_event(tree, commune_officer, audit_watch):
    watch = audit_watch()
    m = admit(commune_officer, tree.dh1)
    assert (m.status, m.admitted_on, m.ceremony_on) == ("probationary", DECIDED, None)
    assert [e.kind for e in m.events.all()] == ["admitted"]
    assert open_memberships(m) == ["44.DH.01"]
    [event] = watch.events()
    assert (event.action, event.actor) == ("member.admit", commune_officer)


def test_admission_refuses_the_day_before_the_eighteenth_birthday(tree, commune_officer, refused):
    with refused(field="birth_date"):
        admit(commune_officer, tree.dh1, birth_date=date(2007, 3, 2))
    assert admit(commune_officer, tree.dh1, birth_date=date(2007, 3, 1)).status == "probationary"


def test_over_sixty_and_a_late_decision_are_flagged_not_refused(tree, commune_officer):
    m = admit(commune_officer, tree.dh1, birth_date=date(1960, 1, 1), admitted_on=date(2025, 6, 30))
    flags = m.events.get(kind="admitted").data["flags"]
    assert set(flags) == {"requires_provincial_approval", "late_decision"}


def test_admission_outside_the_scope_is_404(tree, outsider, nothing_written):
    with nothing_written(), pytest.raises(Http404):
        admit(outsider, tree.dh1)


def test_probation_runs_from_the_ceremony_and_recognition_is_dated_to_its_end(tree, commune_officer, refused):
    m = admit(commune_officer, tree.dh1)
    services.member_ceremony(actor=commune_officer, member=m, on=CEREMONY)
    with refused(field="on"):
        services.member_ceremony(actor=commune_officer, member=m, on=CEREMONY)
    with refused(field="decided_on"):
        services.member_recognize(actor=commune_officer, member=m, decided_on=date(2026, 4, 9), decision_no="5")
    services.member_recognize(actor=commune_officer, member=m, decided_on=date(2026, 7, 1), decision_no="5-QĐ")
    m.refresh_from_db()
    assert (m.status, m.official_on, m.party_age_from) == ("official", date(2026, 4, 10), DECIDED)
    assert m.events.get(kind="recognized").decided_on == date(2026, 7, 1)


def test_a_transfer_inside_the_province_waits_for_the_receiving_org(tree, commune_officer, outsider, refused):
    m = tree.members["44.DH.01"][0]
    services.member_transfer_out(
        actor=commune_officer, member=m, on=date(2026, 3, 2), letter_no="12/GGT", to_org=tree.lb1
    )
    m.refresh_from_db()
    assert m.in_transit and m.org == tree.dh1
    assert not Member.objects.active().filter(pk=m.pk).exists()  # counted nowhere while in transit
    assert open_memberships(m) == []
    with pytest.raises(Http404):  # the sending side cannot confirm the arrival for the receiving org
        services.member_transfer_in(actor=commune_officer, member=m, on=date(2026, 3, 10))
    services.member_transfer_in(actor=outsider, member=m, on=date(2026, 3, 10))  # the Lao Bảo officer
    m.refresh_from_db()
    assert (m.in_transit, m.org, m.status) == (False, tree.lb1, "official")
    assert open_memberships(m) == ["44.LB.01"]
    assert m.events.get(kind="transfer_in").data["late"] is False


def test_a_transfer_out_of_the_province_ends_the_record_here(tree, commune_officer):
    m = tree.members["44.DH.01"][0]
    services.member_transfer_out(
        actor=commune_officer,
        member=m,
        on=date(2026, 3, 2),
        letter_no="13/GGT",
        destination="Đảng bộ phường Bến Nghé, TP Hồ Chí Minh",
    )
    m.refresh_from_db()
    assert (m.status, m.ended_on) == ("transferred_out", date(2026, 3, 2))
    assert open_memberships(m) == []


def test_a_temporary_member_stays_counted_at_home(tree, commune_officer, refused):
    m = tree.members["44.DH.01"][0]
    with refused(field="until"):
        services.member_transfer_out(
            actor=commune_officer, member=m, on=date(2026, 3, 2), letter_no="1", to_org=tree.lb1, temporary=True
        )
    services.member_transfer_out(
        actor=commune_officer,
        member=m,
        on=date(2026, 3, 2),
        letter_no="14/GGT",
        to_org=tree.lb1,
        temporary=True,
        until=date(2026, 9, 2),
    )
    m.refresh_from_db()
    assert (m.temporary_host, m.org) == (tree.lb1, tree.dh1)
    assert Member.objects.active().filter(org=tree.dh1, pk=m.pk).exists()
    services.member_temporary_return(actor=commune_officer, member=m, on=date(2026, 9, 1))
    m.refresh_from_db()
    assert m.temporary_host is None


def test_badges_at_the_milestone_once(tree, commune_officer, refused):
    m = tree.members["44.DH.01"][0]  # admitted 19/05/1995
    with refused(field="milestone"):
        services.member_award_badge(
            actor=commune_officer, member=m, milestone=40, on=date(2026, 5, 19), decision_no="1"
        )
    services.member_award_badge(
        actor=commune_officer, member=m, milestone=30, on=date(2026, 5, 19), decision_no="30-QĐ/TU"
    )
    with refused(field="milestone"):
        services.member_award_badge(actor=commune_officer, member=m, milestone=30, on=date(2026, 6, 1), decision_no="1")
    m.refresh_from_db()
    assert m.highest_badge == 30


def test_party_cards_for_official_members_with_unique_numbers(tree, commune_officer, refused):
    a, b = tree.members["44.DH.01"][:2]
    services.member_issue_card(actor=commune_officer, member=a, on=date(2025, 8, 18), card_number="44012345")
    with refused(field="card_number"):
        services.member_issue_card(actor=commune_officer, member=b, on=date(2025, 8, 18), card_number="44012345")
    probationary = admit(commune_officer, tree.dh1)
    with pytest.raises(DomainError):
        services.member_issue_card(
            actor=commune_officer, member=probationary, on=date(2025, 8, 18), card_number="44099999"
        )
    a.refresh_from_db()
    assert (a.card_number, a.card_issued_on) == ("44012345", date(2025, 8, 18))


def test_death_ends_the_membership_and_a_mistake_is_cancelled_not_edited(tree, commune_officer, refused):
    m = tree.members["44.DH.01"][0]
    died = services.member_died(actor=commune_officer, member=m, on=date(2026, 2, 1))
    m.refresh_from_db()
    assert (m.status, open_memberships(m)) == ("deceased", [])
    with refused(field="reason"):
        services.event_cancel(actor=commune_officer, event=died, reason=" ")
    services.event_cancel(actor=commune_officer, event=died, reason="Nhầm người cùng tên")
    m.refresh_from_db()
    assert (m.status, open_memberships(m)) == ("official", ["44.DH.01"])
    assert MemberEvent.objects.filter(member=m, kind="died").exists()  # kept, marked cancelled
    assert MemberEvent.objects.get(member=m, kind="cancel").cancels == died


def test_only_the_latest_event_can_be_cancelled(tree, commune_officer):
    m = tree.members["44.DH.01"][0]
    first = services.member_exempt(actor=commune_officer, member=m, on=date(2026, 1, 5), reason="Tuổi cao")
    services.member_contact_lost(actor=commune_officer, member=m, on=date(2026, 2, 5))
    with pytest.raises(DomainError, match="gần nhất"):
        services.event_cancel(actor=commune_officer, event=first, reason="nhầm")


@pytest.fixture
def old_cell(db):
    """A province whose tree goes back to 2015, for rules that look years back (readmission after 36 months)."""
    from tochuc.accounts.services import user_save
    from tochuc.orgs.services import org_create

    root = org_create(
        actor=None,
        code="45",
        name="Đảng bộ tỉnh Thử nghiệm",
        org_type="province_committee",
        parent=None,
        opened_on=date(2015, 1, 1),
    )
    commune = org_create(
        actor=None,
        code="45.01",
        name="Đảng bộ xã Một",
        org_type="upper_grassroots_committee",
        parent=root,
        opened_on=date(2015, 1, 1),
        sector="commune",
    )
    cell = org_create(
        actor=None,
        code="45.01.01",
        name="Chi bộ thôn Một",
        org_type="grassroots_cell",
        parent=commune,
        opened_on=date(2015, 1, 1),
        sector="residential",
    )
    officer, _ = user_save(actor=None, username="cb.45", role="officer", org=commune, password="Mat-khau-2026!")
    member = services.member_create(
        actor=None,
        full_name="Phạm Thị Thu Hà",
        sex="female",
        birth_date=date(1975, 7, 27),
        org=cell,
        admitted_on=date(2001, 2, 3),
        official_on=date(2002, 2, 3),
        registered_on=date(2015, 1, 1),
    )
    return cell, officer, member


def test_removal_reinstatement_and_readmission(old_cell, refused):
    cell, officer, m = old_cell
    services.member_remove(
        actor=officer, member=m, on=date(2022, 1, 10), decision_no="9-QĐ", reason="Bỏ sinh hoạt 3 tháng không lý do"
    )
    with refused(field="vote_on"):  # 36 months not yet passed
        services.member_readmit(
            actor=officer, member=m, org=cell, vote_on=date(2025, 1, 9), admitted_on=date(2025, 1, 20), decision_no="1"
        )
    services.member_readmit(
        actor=officer, member=m, org=cell, vote_on=date(2025, 1, 10), admitted_on=date(2025, 1, 20), decision_no="2-QĐ"
    )
    m.refresh_from_db()
    assert (m.status, m.admitted_on, open_memberships(m)) == ("probationary", date(2001, 2, 3), ["45.01.01"])
    # party age: from the first admission, three years and ten days later (the time out of the Party)
    assert m.party_age_from == date(2004, 2, 13)
    services.member_remove_probationary(
        actor=officer, member=m, on=date(2025, 6, 1), decision_no="3", reason="Không đủ tư cách"
    )
    with pytest.raises(DomainError, match="một lần"):  # readmission happens once only
        services.member_readmit(
            actor=officer, member=m, org=cell, vote_on=date(2026, 9, 1), admitted_on=date(2026, 9, 2), decision_no="4"
        )


def test_a_reinstated_member_is_counted_again(old_cell):
    _cell, officer, m = old_cell
    services.member_expel(actor=officer, member=m, on=date(2023, 3, 1), decision_no="15-QĐ/UBKT")
    services.member_reinstate(actor=officer, member=m, on=date(2024, 3, 1), decision_no="2-QĐ/UBKT")
    m.refresh_from_db()
    assert (m.status, open_memberships(m)) == ("official", ["45.01.01"])
    assert m.party_age_from == date(2002, 2, 3)  # one year out


def test_events_cannot_predate_the_members_time_in_their_org(tree, commune_officer, refused):
    with refused(field="on"):  # the tree of 44 starts on 1/7/2025
        services.member_remove(
            actor=commune_officer, member=tree.members["44.DH.01"][0], on=date(2025, 6, 30), decision_no="1", reason="x"
        )


def test_status_as_of_a_date_comes_from_the_same_function(tree, commune_officer):
    m = tree.members["44.LB.02"][1]  # admitted 1990, official 1991
    services.member_died(actor=commune_officer if False else None, member=m, on=date(2026, 2, 1))
    events = events_of(m)
    assert rules.derive(events, on=date(1990, 12, 31)).status == "probationary"
    assert rules.derive(events, on=date(2026, 1, 31)).status == "official"
    assert rules.derive(events, on=date(2026, 2, 1)).status == "deceased"


def test_each_event_writes_exactly_one_audit_event(tree, commune_officer):
    m = tree.members["44.DH.01"][1]
    before = AuditEvent.objects.count()
    services.member_exempt(actor=commune_officer, member=m, on=date(2026, 1, 5), reason="Sức khỏe yếu")
    services.member_exemption_end(actor=commune_officer, member=m, on=date(2026, 6, 5))
    services.member_contact_lost(actor=commune_officer, member=m, on=date(2026, 7, 1))
    services.member_contact_restored(actor=commune_officer, member=m, on=date(2026, 8, 1))
    assert AuditEvent.objects.count() == before + 4
    assert [e.kind for e in m.events.order_by("on", "id")][-4:] == [
        EventKind.EXEMPTED,
        EventKind.EXEMPTION_ENDED,
        EventKind.LOST_CONTACT,
        EventKind.CONTACT_RESTORED,
    ]
    m.refresh_from_db()
    assert m.party_age_from == date(2006, 12, 7)  # one month out of contact: party age runs a month later


def test_a_viewer_records_no_event(tree, viewer, nothing_written):
    from django.core.exceptions import PermissionDenied

    with nothing_written(), pytest.raises(PermissionDenied):
        services.member_died(actor=viewer, member=tree.members["44.DH.01"][0], on=date(2026, 2, 1))


def test_a_member_from_another_province_is_received(tree, commune_officer):
    m = services.member_receive(
        actor=commune_officer,
        org=tree.dh2,
        full_name="Lê Văn Nam",
        sex="male",
        birth_date=date(1980, 2, 2),
        on=date(2026, 4, 1),
        letter_no="77/GGT-BTCTU",
        admitted_on=date(2005, 5, 5),
        official_on=date(2006, 5, 5),
        origin="Tỉnh ủy Huế",
        citizen_id="046080001234",
    )
    assert (m.status, m.admitted_on, m.official_on, m.org) == ("official", date(2005, 5, 5), date(2006, 5, 5), tree.dh2)
    assert open_memberships(m) == ["44.DH.02"]


def test_events_from_the_paper_records_are_corrected_not_cancelled(tree, commune_officer):
    m = tree.members["44.DH.01"][0]
    recognized = m.events.get(kind="recognized")  # entered with the record: data["registered"]
    with pytest.raises(DomainError, match="đính chính"):
        services.event_cancel(actor=commune_officer, event=recognized, reason="nhầm ngày")


def test_a_temporary_stay_outside_the_province_can_end(tree, commune_officer):
    m = tree.members["44.DH.01"][0]
    services.member_transfer_out(
        actor=commune_officer,
        member=m,
        on=date(2026, 3, 2),
        letter_no="15/GGT",
        destination="Công ty ở Bình Dương",
        temporary=True,
        until=date(2026, 12, 31),
    )
    with pytest.raises(DomainError, match="tạm thời"):
        services.member_transfer_out(
            actor=commune_officer,
            member=m,
            on=date(2026, 3, 3),
            letter_no="16/GGT",
            destination="Hà Nội",
            temporary=True,
            until=date(2026, 12, 31),
        )
    services.member_temporary_return(actor=commune_officer, member=m, on=date(2026, 9, 1))
    assert not rules.derive(events_of(m)).temporarily_away


def test_the_time_allowed_to_present_a_letter_is_not_a_gap(tree, commune_officer, outsider):
    m = tree.members["44.DH.01"][1]
    services.member_transfer_out(
        actor=commune_officer, member=m, on=date(2026, 3, 2), letter_no="17/GGT", to_org=tree.lb1
    )
    services.member_transfer_in(actor=outsider, member=m, on=date(2026, 4, 10))  # within 30 working days
    m.refresh_from_db()
    assert m.party_age_from == date(2006, 11, 7)  # unchanged
