"""Who records the decision: an org's rating is decided by the standing committee directly above it (the actor's
scope strictly above the org), a member's by the grassroots organisation containing them or a level above it (a
cell under a grassroots committee does not decide); a viewer is refused (403), an outsider sees nothing (404)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from tochuc.accounts.roles import Role
from tochuc.ratings.choices import Rating, Stage


def _appraised(steps, campaign, subject, level=Rating.GOOD):
    entry = steps.entry_of(campaign, subject)
    steps.self_assess(entry, 80, level)
    steps.appraise(entry, level)
    return entry


def test_an_org_does_not_decide_its_own_rating(tree, listed, steps, commune_officer, province_officer, refused):
    entry = _appraised(steps, listed, tree.dh)
    with refused(field="level") as info:
        steps.decide(entry, Rating.GOOD, actor=commune_officer)
    assert "Ban Thường vụ Tỉnh ủy Quảng Trị" in info.value.message
    steps.decide(entry, Rating.GOOD, actor=province_officer)
    entry.refresh_from_db()
    assert entry.stage == Stage.DECIDED


def test_the_commune_decides_its_cells(tree, listed, steps, commune_officer):
    entry = _appraised(steps, listed, tree.dh1)
    steps.decide(entry, Rating.GOOD, actor=commune_officer)
    entry.refresh_from_db()
    assert entry.decided_by == "Ban Thường vụ Đảng ủy phường Đông Hà"


def test_a_grassroots_cell_decides_its_members(tree, listed, steps, cell_secretary, refused):
    member_entry = _appraised(steps, listed, tree.members["44.DH.01"][2])
    steps.decide(member_entry, Rating.GOOD, actor=cell_secretary)
    member_entry.refresh_from_db()
    assert member_entry.level == Rating.GOOD
    # but not the cell's own rating, which is the commune's
    cell_entry = _appraised(steps, listed, tree.dh1)
    with refused(field="level"):
        steps.decide(cell_entry, Rating.GOOD, actor=cell_secretary)


def test_a_cell_under_a_grassroots_committee_does_not_decide(tree, listed, steps, make_user, refused):
    secretary = make_user("bithu.px", Role.SECRETARY, tree.dh_company_cell)
    company = make_user("bithu.ct", Role.SECRETARY, tree.dh_company)
    entry = _appraised(steps, listed, tree.members["44.DH.CT.01"][0])
    with refused(field="level") as info:
        steps.decide(entry, Rating.GOOD, actor=secretary)
    assert "Đảng ủy Công ty Cổ phần Đông Hà" in info.value.message
    steps.decide(entry, Rating.GOOD, actor=company)
    entry.refresh_from_db()
    assert entry.decided_by == "Đảng ủy Công ty Cổ phần Đông Hà"


def test_a_leader_with_the_approval_right_decides(tree, listed, steps, leader):
    entry = _appraised(steps, listed, tree.lb)
    steps.decide(entry, Rating.GOOD, actor=leader)
    entry.refresh_from_db()
    assert entry.level == Rating.GOOD


def test_a_viewer_is_refused_and_an_outsider_sees_nothing(tree, listed, steps, viewer, outsider, nothing_written):
    entry = _appraised(steps, listed, tree.members["44.DH.01"][0])
    with nothing_written():
        with pytest.raises(PermissionDenied):
            steps.decide(entry, Rating.GOOD, actor=viewer)
        with pytest.raises(Http404):
            steps.decide(entry, Rating.GOOD, actor=outsider)


def test_the_decision_view_keeps_the_same_boundaries(client, tree, listed, steps, viewer, outsider, cell_secretary):
    entry = _appraised(steps, listed, tree.dh1)
    url = reverse("ratings:entry_decide", args=[entry.pk])
    data = {"dec-level": "good", "dec-decided_on": "20/12/2025"}
    client.force_login(outsider)
    assert client.post(url, data).status_code == 404
    client.force_login(viewer)
    assert client.post(url, data).status_code == 403
    client.force_login(cell_secretary)
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Ban Thường vụ Đảng ủy phường Đông Hà" in " ".join(response.context["decision_form"].errors["level"])
    entry.refresh_from_db()
    assert entry.stage == Stage.APPRAISED


def test_the_page_offers_the_decision_only_to_the_level_above(client, tree, listed, steps, commune_officer):
    entry = _appraised(steps, listed, tree.dh)
    client.force_login(commune_officer)
    page = client.get(reverse("ratings:entry", args=[entry.pk]))
    assert page.context["decision_form"] is None
    assert "Ban Thường vụ Tỉnh ủy Quảng Trị" in page.context["decider_problem"]
