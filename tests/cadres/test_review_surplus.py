"""Review of cadre work (issue 7): the surplus flow after a dissolution into another org, when the dissolved
org had cadres but no party members left (its successor is then not recorded on the org)."""

from __future__ import annotations

from datetime import date

from tochuc.cadres.choices import SurplusPolicy, SurplusStatus, TenureSource, Title
from tochuc.cadres.models import SurplusCase, Tenure
from tochuc.cadres.selectors.surplus import reassignment_posts
from tochuc.cadres.services.surplus import surplus_policy_set
from tochuc.members.services import members_move
from tochuc.orgs.services import org_dissolve

ON = date(2026, 3, 1)


def test_a_case_of_a_dissolution_without_members_is_reassigned_at_the_receiving_org(
    tree, commune_officer, make_cadre, make_post, make_tenure
):
    nam = make_cadre(tree.dh2, full_name="Đặng Văn Nam")
    make_tenure(nam, make_post(tree.dh2, Title.SECRETARY))
    members_move(from_orgs=[tree.dh2], to=tree.dh1, on=ON)  # the members left first: nobody moves with it
    org_dissolve(actor=commune_officer, org=tree.dh2, on=ON, members_to=tree.dh1)
    [case] = SurplusCase.objects.all()
    deputy = make_post(tree.dh1, Title.DEPUTY_SECRETARY)

    assert deputy in reassignment_posts(actor=commune_officer, case=case)
    case = surplus_policy_set(actor=commune_officer, case=case, policy=SurplusPolicy.REASSIGNMENT,
                              status=SurplusStatus.RESOLVED, policy_on=date(2026, 4, 1), post=deputy)  # fmt: skip
    assert case.status == SurplusStatus.RESOLVED
    tenure = Tenure.objects.get(cadre=nam, ended_on__isnull=True)
    assert (tenure.post, tenure.source) == (deputy, TenureSource.REASSIGNED)
