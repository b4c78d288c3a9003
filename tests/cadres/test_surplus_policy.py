"""The policy of a surplus case (Nghị định 178/2024/NĐ-CP): decided (in progress), then carried out on a day
with its decision (resolved, final). Retirement is judged against the statutory retirement day; a
reassignment gives the person a post of the successor org through the posts service; a case the merge did
not catch (a part-time worker) is recorded by hand against the restructuring."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tochuc.cadres.choices import CadreKind, CadreStatus, SurplusPolicy, SurplusStatus, TenureSource, Title
from tochuc.cadres.models import Cadre, SurplusCase, Tenure
from tochuc.cadres.selectors.people import retirement_on
from tochuc.cadres.services.surplus import surplus_create, surplus_policy_set
from tochuc.orgs.models import OrgEvent, OrgType, Sector
from tochuc.orgs.services import NewOrg, org_merge

ON = date(2026, 3, 1)
DONE = date(2026, 6, 1)


@pytest.fixture
def merged(tree, province_officer, make_cadre, make_post, make_tenure):
    """Đông Hà and Lao Bảo merged into Đông Lao on 01/03/2026; Hùng (secretary of Đông Hà, born 1980) and Sáu
    (chairman of Lao Bảo, who reaches retirement age in 2026) are surplus; Mai, a part-time worker of Đông
    Hà with no post, was not caught."""
    hung = make_cadre(tree.dh, full_name="Lê Văn Hùng")
    sau = make_cadre(tree.lb, full_name="Võ Văn Sáu", birth_date=date(1964, 10, 15))
    mai = make_cadre(tree.dh, full_name="Kăn Thị Mai", sex="female", kind=CadreKind.PART_TIME)
    make_tenure(hung, make_post(tree.dh, Title.SECRETARY))
    make_tenure(sau, make_post(tree.lb, Title.GOVERNMENT_CHAIR))
    new = NewOrg(code="44.DL", name="Đảng bộ phường Đông Lao", org_type=OrgType.UPPER_GRASSROOTS_COMMITTEE,
                 sector=Sector.COMMUNE, parent=tree.province)  # fmt: skip
    target = org_merge(actor=province_officer, sources=[tree.dh, tree.lb], on=ON, new=new)
    return type(
        "Merged",
        (),
        {
            "target": target,
            "event": OrgEvent.objects.get(kind=OrgEvent.Kind.MERGE),
            "hung": SurplusCase.objects.get(cadre=hung),
            "sau": SurplusCase.objects.get(cadre=sau),
            "mai": mai,
        },
    )


def test_early_retirement_carried_out_resolves_the_case_and_ends_the_record(merged, province_officer, audit_watch):
    watch = audit_watch()
    case = surplus_policy_set(actor=province_officer, case=merged.hung, policy=SurplusPolicy.EARLY_RETIREMENT,
                              policy_on=DONE, decision_no="210/QĐ-UBND")  # fmt: skip

    assert (case.status, case.policy, case.policy_on, case.decision_no) == (
        SurplusStatus.RESOLVED, SurplusPolicy.EARLY_RETIREMENT, DONE, "210/QĐ-UBND"
    )  # fmt: skip
    cadre = Cadre.objects.get(pk=case.cadre_id)
    assert (cadre.status, cadre.ended_on) == (CadreStatus.RETIRED, DONE)
    actions = [e.action for e in watch.events()]
    assert actions == ["cadre.end", "surplus.policy"]
    assert watch.events()[-1].changes["status"] == {"before": "pending", "after": "resolved"}


def test_a_policy_decided_is_in_progress_then_resolved(merged, province_officer):
    case = surplus_policy_set(actor=province_officer, case=merged.hung, policy=SurplusPolicy.RESIGNATION,
                              policy_on=None, status=SurplusStatus.IN_PROGRESS)  # fmt: skip
    assert case.status == SurplusStatus.IN_PROGRESS
    assert Cadre.objects.get(pk=case.cadre_id).status == CadreStatus.WORKING

    surplus_policy_set(actor=province_officer, case=case, policy=SurplusPolicy.RESIGNATION, policy_on=DONE,
                       decision_no="12/QĐ")  # fmt: skip
    assert SurplusCase.objects.get(pk=case.pk).status == SurplusStatus.RESOLVED
    assert Cadre.objects.get(pk=case.cadre_id).status == CadreStatus.LEFT


def test_a_resolved_case_is_final(merged, province_officer, refused):
    surplus_policy_set(actor=province_officer, case=merged.hung, policy=SurplusPolicy.TRANSFER, policy_on=DONE,
                       decision_no="5/QĐ")  # fmt: skip
    with refused(field="policy"):
        surplus_policy_set(actor=province_officer, case=merged.hung, policy=SurplusPolicy.RESIGNATION,
                           policy_on=DONE, decision_no="6/QĐ")  # fmt: skip


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"policy": "", "policy_on": DONE, "decision_no": "1"}, "policy"),
        ({"policy": SurplusPolicy.TRANSFER, "policy_on": None, "decision_no": "1"}, "policy_on"),
        ({"policy": SurplusPolicy.TRANSFER, "policy_on": DONE, "decision_no": ""}, "decision_no"),
        ({"policy": SurplusPolicy.TRANSFER, "policy_on": ON - timedelta(days=1), "decision_no": "1"}, "policy_on"),
        ({"policy": SurplusPolicy.TRANSFER, "policy_on": date.today() + timedelta(days=1), "decision_no": "1"},
         "policy_on"),
        ({"policy": SurplusPolicy.TRANSFER, "policy_on": DONE, "decision_no": "1", "status": "pending"}, "status"),
    ],
)  # fmt: skip
def test_it_refuses_an_incomplete_policy_naming_the_field(merged, province_officer, refused, values, field):
    with refused(field=field):
        surplus_policy_set(actor=province_officer, case=merged.hung, **values)


def test_normal_retirement_needs_the_statutory_retirement_day(merged, province_officer, refused):
    retires = retirement_on(merged.sau.cadre)
    assert ON < retires <= date.today()  # the fixture's premise: he reaches the age after the merge
    with refused(field="policy_on"):
        surplus_policy_set(actor=province_officer, case=merged.sau, policy=SurplusPolicy.RETIREMENT,
                           policy_on=retires - timedelta(days=1), decision_no="7/QĐ")  # fmt: skip
    with refused(field="policy"):
        surplus_policy_set(actor=province_officer, case=merged.sau, policy=SurplusPolicy.EARLY_RETIREMENT,
                           policy_on=retires, decision_no="7/QĐ")  # fmt: skip

    case = surplus_policy_set(actor=province_officer, case=merged.sau, policy=SurplusPolicy.RETIREMENT,
                              policy_on=retires, decision_no="7/QĐ")  # fmt: skip
    assert case.status == SurplusStatus.RESOLVED


def test_reassignment_opens_a_tenure_at_the_successor_and_resolves_the_case(
    merged, province_officer, make_post, audit_watch
):
    post = make_post(merged.target, Title.DEPUTY_SECRETARY, seats=2)
    watch = audit_watch()
    case = surplus_policy_set(actor=province_officer, case=merged.hung, policy=SurplusPolicy.REASSIGNMENT,
                              policy_on=DONE, decision_no="88-QĐ/TU", post=post)  # fmt: skip

    assert case.status == SurplusStatus.RESOLVED
    tenure = Tenure.objects.get(cadre=case.cadre, ended_on__isnull=True)
    assert (tenure.post, tenure.started_on, tenure.source) == (post, DONE, TenureSource.REASSIGNED)
    assert [e.action for e in watch.events()] == ["tenure.start", "surplus.policy"]
    assert watch.events()[-1].changes["tenure"] == {"before": None, "after": tenure.pk}


def test_reassignment_needs_a_post_of_the_successor(merged, province_officer, make_post, refused, tree):
    elsewhere = make_post(tree.province, Title.AGENCY_HEAD)
    with refused(field="post"):
        surplus_policy_set(actor=province_officer, case=merged.hung, policy=SurplusPolicy.REASSIGNMENT,
                           policy_on=DONE, post=elsewhere)  # fmt: skip
    with refused(field="post"):
        surplus_policy_set(actor=province_officer, case=merged.hung, policy=SurplusPolicy.REASSIGNMENT,
                           policy_on=DONE)  # fmt: skip


def test_a_full_post_refuses_the_reassignment_beside_the_post(merged, province_officer, make_post, refused):
    post = make_post(merged.target, Title.SECRETARY)  # one seat
    surplus_policy_set(actor=province_officer, case=merged.sau, policy=SurplusPolicy.REASSIGNMENT,
                       policy_on=DONE, post=post)  # fmt: skip
    with refused(field="post"):
        surplus_policy_set(actor=province_officer, case=merged.hung, policy=SurplusPolicy.REASSIGNMENT,
                           policy_on=DONE, post=post)  # fmt: skip


def test_a_part_time_worker_is_recorded_by_hand_against_the_merge(merged, province_officer, tree, audit_watch):
    watch = audit_watch()
    case = surplus_create(actor=province_officer, cadre=merged.mai, org=tree.dh, identified_on=ON)

    assert (case.event, case.org, case.status, case.tenure) == (merged.event, tree.dh, SurplusStatus.PENDING, None)
    [event] = watch.events()
    assert (event.action, event.object_id) == ("surplus.create", str(case.pk))


def test_recording_twice_or_without_a_restructuring_is_refused(merged, province_officer, tree, refused):
    with refused(field="cadre"):
        surplus_create(actor=province_officer, cadre=merged.hung.cadre, org=tree.dh, identified_on=ON)
    with refused(field="org"):
        surplus_create(actor=province_officer, cadre=merged.mai, org=tree.dh1, identified_on=ON)
    with refused(field="org"):
        surplus_create(actor=province_officer, cadre=merged.mai, org=tree.dh, identified_on=ON - timedelta(days=1))


def test_a_commune_officer_may_not_record_in_a_commune_outside_their_scope(merged, outsider, tree):
    from django.http import Http404

    with pytest.raises(Http404):
        surplus_create(actor=outsider, cadre=merged.mai, org=tree.dh, identified_on=ON)
