"""What follows, in the other topics, when a post is abolished or a person stops working (issue 7): the names
on the post's planning lists are taken off that day and its appointment procedures in progress are stopped,
with the reason ("Chức vụ bãi bỏ ngày ...", "... do sắp xếp tổ chức" in a merge); a person who retires, leaves
or dies leaves every list and procedure likewise. Each change has its own event; the consequence follows the
actor's right over the post or the person, whichever org the other side belongs to."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from tochuc.cadres.choices import (
    AppointmentKind,
    AppointmentStatus,
    CadreStatus,
    Filling,
    Source,
    SurplusPolicy,
    Title,
)
from tochuc.cadres.models import Appointment, PlanningEntry, Post, SurplusCase
from tochuc.cadres.services.appointments import appointment_open
from tochuc.cadres.services.people import cadre_end
from tochuc.cadres.services.planning import planning_add
from tochuc.cadres.services.posts import post_close
from tochuc.cadres.services.surplus import surplus_policy_set
from tochuc.orgs.models import OrgType, Sector
from tochuc.orgs.services import NewOrg, org_merge

ON = date(2026, 3, 1)
TERM = "2030-2035"


def plan(post, cadre, added_on: date = date(2026, 1, 10), **fields) -> PlanningEntry:
    return PlanningEntry.objects.create(post=post, cadre=cadre, term=TERM, added_on=added_on, **fields)


def procedure(post, cadre, status: str = AppointmentStatus.IN_PROGRESS) -> Appointment:
    return Appointment.objects.create(
        cadre=cadre,
        post=post,
        kind=AppointmentKind.APPOINTMENT,
        source=Source.INSIDE,
        received_on=date(2026, 1, 20),
        status=status,
    )


@pytest.fixture
def listed(tree, make_cadre, make_post):
    """A commune post of Đông Hà with two names planned (one a cadre the province manages, outside the
    commune's scope), a name already taken off, a procedure in progress and one already refused; and another
    post of the commune with a name and a procedure of its own."""
    post = make_post(tree.dh, Title.GOVERNMENT_VICE_CHAIR, filling=Filling.APPOINTED)
    other = make_post(tree.dh, Title.FRONT_CHAIR, filling=Filling.APPOINTED)
    hung = make_cadre(tree.dh, full_name="Lê Văn Hùng")
    lan = make_cadre(tree.province, full_name="Trần Thị Lan", sex="female")
    binh = make_cadre(tree.dh, full_name="Hồ Văn Bình")
    return SimpleNamespace(
        post=post,
        other=other,
        hung=hung,
        lan=lan,
        planned=[plan(post, hung), plan(post, lan)],
        off=plan(post, binh, removed_on=date(2026, 2, 1), removed_reason="Không hoàn thành nhiệm vụ"),
        open=procedure(post, hung),
        refused=procedure(post, binh, status=AppointmentStatus.REFUSED),
        elsewhere=plan(other, hung),
        elsewhere_open=procedure(other, lan),
    )


# --- A post abolished -----------------------------------------------------------------------------------------


def test_closing_a_post_takes_its_names_off_the_lists_that_day(commune_officer, listed):
    post_close(actor=commune_officer, post=listed.post, on=ON)

    for entry in listed.planned:
        entry.refresh_from_db()
        assert (entry.removed_on, entry.removed_reason) == (ON, "Chức vụ bãi bỏ ngày 01/03/2026")
    listed.off.refresh_from_db()
    assert (listed.off.removed_on, listed.off.removed_reason) == (date(2026, 2, 1), "Không hoàn thành nhiệm vụ")
    listed.elsewhere.refresh_from_db()
    assert listed.elsewhere.removed_on is None


def test_closing_a_post_stops_its_procedures_in_progress(commune_officer, listed):
    post_close(actor=commune_officer, post=listed.post, on=ON)

    listed.open.refresh_from_db()
    assert (listed.open.status, listed.open.closing_reason) == (
        AppointmentStatus.WITHDRAWN,
        "Chức vụ bãi bỏ ngày 01/03/2026",
    )
    listed.refused.refresh_from_db()
    assert (listed.refused.status, listed.refused.closing_reason) == (AppointmentStatus.REFUSED, "")
    listed.elsewhere_open.refresh_from_db()
    assert listed.elsewhere_open.status == AppointmentStatus.IN_PROGRESS


def test_closing_a_post_audits_each_consequence_and_keeps_its_own_event(commune_officer, listed, audit_watch):
    watch = audit_watch()
    post_close(actor=commune_officer, post=listed.post, on=ON)

    events = watch.events()
    assert [e.action for e in events] == ["planning.remove", "planning.remove", "appointment.close", "post.close"]
    assert [e.object_id for e in events[:3]] == [str(listed.planned[0].pk), str(listed.planned[1].pk),
                                                 str(listed.open.pk)]  # fmt: skip
    assert {e.org_path for e in events} == {listed.post.org.path}
    assert {e.actor_id for e in events} == {commune_officer.pk}
    assert events[2].note == "Chức vụ bãi bỏ ngày 01/03/2026"
    closing = events[3].changes
    assert closing["closed_on"] == {"before": None, "after": "2026-03-01"}
    assert closing["planning_removed"]["after"] == [e.pk for e in listed.planned]
    assert closing["appointments_withdrawn"]["after"] == [listed.open.pk]


def test_closing_a_post_with_nothing_planned_writes_only_its_own_event(commune_officer, tree, make_post, audit_watch):
    post = make_post(tree.dh, Title.STAFF)
    watch = audit_watch()
    post_close(actor=commune_officer, post=post, on=ON)
    events = watch.events()
    assert [e.action for e in events] == ["post.close"]
    assert set(events[0].changes) == {"closed_on"}


def test_it_refuses_to_close_a_post_before_a_name_was_planned_for_it(commune_officer, listed, make_cadre, refused):
    late = make_cadre(listed.post.org, full_name="Phạm Văn Khoa")
    plan(listed.post, late, added_on=date(2026, 3, 5))
    with refused(field="on") as info:
        post_close(actor=commune_officer, post=listed.post, on=ON)
    assert "Phạm Văn Khoa" in info.value.message
    assert "05/03/2026" in info.value.message


def test_a_post_still_held_is_refused_and_its_lists_are_left_alone(
    commune_officer, listed, make_cadre, make_tenure, refused
):
    make_tenure(make_cadre(listed.post.org, full_name="Võ Văn Sáu"), listed.post)
    with refused(field=None):
        post_close(actor=commune_officer, post=listed.post, on=ON)


# --- A merge closes the posts of the merged orgs ----------------------------------------------------------------


def test_a_merge_takes_the_names_off_with_the_restructuring_as_reason(tree, province_officer, listed, make_post,
                                                                       make_cadre, audit_watch):  # fmt: skip
    cell_post = make_post(tree.dh1, Title.AGENCY_HEAD, filling=Filling.APPOINTED)
    kept = plan(cell_post, listed.lan)
    kept_open = procedure(cell_post, listed.hung)
    watch = audit_watch()

    new = NewOrg(
        code="44.DL",
        name="Đảng bộ phường Đông Lao",
        org_type=OrgType.UPPER_GRASSROOTS_COMMITTEE,
        sector=Sector.COMMUNE,
        parent=tree.province,
    )
    org_merge(actor=province_officer, sources=[tree.dh, tree.lb], on=ON, new=new, decision_no="15-QĐ/TU")

    reason = "Chức vụ bãi bỏ ngày 01/03/2026 do sắp xếp tổ chức"
    for entry in [*listed.planned, listed.elsewhere]:
        entry.refresh_from_db()
        assert (entry.removed_on, entry.removed_reason) == (ON, reason)
    for a in (listed.open, listed.elsewhere_open):
        a.refresh_from_db()
        assert (a.status, a.closing_reason) == (AppointmentStatus.WITHDRAWN, reason)
    # a cell of Đông Hà survives the merge (it moves under the new org): its post and its lists stay
    kept.refresh_from_db()
    kept_open.refresh_from_db()
    assert (kept.removed_on, kept_open.status) == (None, AppointmentStatus.IN_PROGRESS)
    actions = [e.action for e in watch.events()]
    assert actions.count("planning.remove") == 3
    assert actions.count("appointment.close") == 2
    assert actions.count("post.close") == 2


# --- A person stops working ---------------------------------------------------------------------------------


@pytest.fixture
def person(tree, make_cadre, make_post):
    """A cadre of Đông Hà planned for a commune post and for a province post (outside the commune's scope),
    with a procedure in progress for each, and a name on a third list already taken off."""
    hung = make_cadre(tree.dh, full_name="Lê Văn Hùng")
    commune = make_post(tree.dh, Title.GOVERNMENT_VICE_CHAIR, filling=Filling.APPOINTED)
    province = make_post(tree.province, Title.AGENCY_DEPUTY, filling=Filling.APPOINTED)
    front = make_post(tree.dh, Title.FRONT_CHAIR)
    return SimpleNamespace(
        cadre=hung,
        planned=[plan(commune, hung), plan(province, hung)],
        off=plan(front, hung, removed_on=date(2026, 2, 1), removed_reason="Luân chuyển"),
        procedures=[procedure(commune, hung), procedure(province, hung)],
    )


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (CadreStatus.RETIRED, "Cán bộ nghỉ hưu từ ngày 01/03/2026"),
        (CadreStatus.LEFT, "Cán bộ thôi việc, chuyển ngành từ ngày 01/03/2026"),
        (CadreStatus.DECEASED, "Cán bộ từ trần ngày 01/03/2026"),
    ],
)
def test_a_person_who_stops_working_leaves_every_list_and_procedure(commune_officer, person, status, reason):
    cadre_end(actor=commune_officer, cadre=person.cadre, status=status, on=ON)

    for entry in person.planned:
        entry.refresh_from_db()
        assert (entry.removed_on, entry.removed_reason) == (ON, reason)
    for a in person.procedures:
        a.refresh_from_db()
        assert (a.status, a.closing_reason) == (AppointmentStatus.WITHDRAWN, reason)
    person.off.refresh_from_db()
    assert (person.off.removed_on, person.off.removed_reason) == (date(2026, 2, 1), "Luân chuyển")


def test_a_person_who_stops_working_has_each_consequence_audited(commune_officer, person, tree, audit_watch):
    watch = audit_watch()
    cadre_end(actor=commune_officer, cadre=person.cadre, status=CadreStatus.RETIRED, on=ON)

    events = watch.events()
    assert [e.action for e in events] == [
        "planning.remove",
        "planning.remove",
        "appointment.close",
        "appointment.close",
        "cadre.end",
    ]
    # each consequence is filed with the post's org, where that post's officers look for it
    assert [e.org_path for e in events[:4]] == [tree.dh.path, tree.province.path, tree.dh.path, tree.province.path]
    ending = events[4].changes
    assert ending["planning_removed"]["after"] == [e.pk for e in person.planned]
    assert ending["appointments_withdrawn"]["after"] == [a.pk for a in person.procedures]


def test_it_refuses_an_end_before_the_person_was_planned(commune_officer, person, make_post, tree, refused):
    plan(make_post(tree.dh, Title.COUNCIL_VICE_CHAIR), person.cadre, added_on=date(2026, 3, 2))
    with refused(field="on") as info:
        cadre_end(actor=commune_officer, cadre=person.cadre, status=CadreStatus.RETIRED, on=ON)
    assert "02/03/2026" in info.value.message


def test_a_surplus_early_retirement_takes_the_person_off_the_lists(commune_officer, person, tree):
    case = SurplusCase.objects.create(cadre=person.cadre, org=tree.dh, identified_on=date(2026, 2, 1))
    surplus_policy_set(actor=commune_officer, case=case, policy=SurplusPolicy.EARLY_RETIREMENT, policy_on=ON,
                       decision_no="20/QĐ-UBND")  # fmt: skip

    for entry in person.planned:
        entry.refresh_from_db()
        assert (entry.removed_on, entry.removed_reason) == (ON, "Cán bộ nghỉ hưu từ ngày 01/03/2026")
    assert Appointment.objects.filter(cadre=person.cadre, status=AppointmentStatus.IN_PROGRESS).count() == 0


# --- Nothing new for a closed post ---------------------------------------------------------------------------


@pytest.fixture
def closed(commune_officer, listed):
    post_close(actor=commune_officer, post=listed.post, on=ON)
    return Post.objects.get(pk=listed.post.pk)


def test_planning_refuses_a_closed_post(commune_officer, closed, make_cadre, refused):
    someone = make_cadre(closed.org, full_name="Phan Thị Hoa")
    with refused(field="post") as info:
        planning_add(actor=commune_officer, post=closed, cadre=someone, term=TERM, added_on=date(2026, 3, 2))
    assert "đã bãi bỏ" in info.value.message


def test_an_appointment_refuses_a_closed_post(commune_officer, closed, make_cadre, refused):
    someone = make_cadre(closed.org, full_name="Phan Thị Hoa")
    with refused(field="post") as info:
        appointment_open(actor=commune_officer, cadre=someone, post=closed, kind=AppointmentKind.APPOINTMENT,
                         source=Source.INSIDE, received_on=date(2026, 3, 2))  # fmt: skip
    assert "đã bãi bỏ" in info.value.message


def test_the_review_of_a_closed_post_offers_no_action_and_shows_why_names_left(client, commune_officer, listed):
    client.force_login(commune_officer)
    add_action = f'action="{reverse("cadres:planning_review", args=[listed.post.pk])}#add"'
    remove_action = f'action="{reverse("cadres:planning_remove", args=[listed.planned[0].pk])}"'
    before = client.get(reverse("cadres:planning_review", args=[listed.post.pk])).content.decode()
    assert add_action in before and remove_action in before

    post_close(actor=commune_officer, post=listed.post, on=ON)
    after = client.get(reverse("cadres:planning_review", args=[listed.post.pk])).content.decode()
    assert add_action not in after and remove_action not in after
    assert "Chức vụ bãi bỏ ngày 01/03/2026" in after


def test_adding_a_name_on_the_review_of_a_closed_post_is_refused(client, commune_officer, closed, make_cadre):
    someone = make_cadre(closed.org, full_name="Phan Thị Hoa")
    client.force_login(commune_officer)
    response = client.post(
        reverse("cadres:planning_review", args=[closed.pk]),
        {"cadre": f"Phan Thị Hoa #{someone.pk}", "term": TERM, "added_on": "02/03/2026"},
    )
    assert response.status_code == 400
    assert not PlanningEntry.objects.filter(cadre=someone).exists()


def test_the_appointments_list_no_longer_shows_a_closed_posts_procedure(client, commune_officer, listed):
    client.force_login(commune_officer)
    detail = reverse("cadres:appointment_detail", args=[listed.open.pk])
    assert detail in client.get(reverse("cadres:appointments")).content.decode()

    post_close(actor=commune_officer, post=listed.post, on=ON)
    assert detail not in client.get(reverse("cadres:appointments")).content.decode()
    page = client.get(detail).content.decode()
    assert reverse("cadres:appointment_close", args=[listed.open.pk]) not in page
    assert reverse("cadres:appointment_step", args=[listed.open.pk]) not in page
