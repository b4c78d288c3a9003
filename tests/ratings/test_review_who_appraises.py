"""A collective is appraised by the level above it, never by itself (124-QĐ/TW step 2; DOMAIN.md §2): the
commune's officer records the appraisal of the commune's cells but not of the commune, whose appraisal is the
province's. A member is appraised by the org they are rated in."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from tochuc.ratings.choices import Rating, Stage
from tochuc.ratings.services.entries import entry_appraise


def _self_assessed(steps, campaign, subject):
    entry = steps.entry_of(campaign, subject)
    steps.self_assess(entry, 85, Rating.GOOD)
    return entry


def _appraise(entry, actor):
    return entry_appraise(actor=actor, entry=entry, appraisal_level=Rating.GOOD, appraised_on=date(2025, 12, 12))


def test_an_org_does_not_appraise_itself(tree, listed, steps, commune_officer, province_officer, refused):
    entry = _self_assessed(steps, listed, tree.dh)
    with refused(field="appraisal_level") as info:
        _appraise(entry, commune_officer)
    assert "Đảng bộ phường Đông Hà không tự thẩm định" in info.value.message
    _appraise(entry, province_officer)
    entry.refresh_from_db()
    assert entry.stage == Stage.APPRAISED


def test_the_level_above_appraises_its_orgs_and_a_cell_its_members(tree, listed, steps, commune_officer,
                                                                    cell_secretary, refused):  # fmt: skip
    cell = _self_assessed(steps, listed, tree.dh1)
    with refused(field="appraisal_level"):
        _appraise(cell, cell_secretary)
    _appraise(cell, commune_officer)
    member = _self_assessed(steps, listed, tree.members["44.DH.01"][0])
    _appraise(member, cell_secretary)
    member.refresh_from_db()
    assert member.stage == Stage.APPRAISED


def test_the_page_offers_the_appraisal_only_to_the_level_above(client, tree, listed, steps, commune_officer):
    entry = _self_assessed(steps, listed, tree.dh)
    client.force_login(commune_officer)
    page = client.get(reverse("ratings:entry", args=[entry.pk]))
    assert page.context["appraisal_form"] is None
    assert "cấp trên trực tiếp thẩm định" in page.context["appraiser_problem"]
    response = client.post(
        reverse("ratings:entry_appraise", args=[entry.pk]),
        {"appr-appraisal_level": "good", "appr-appraised_on": "12/12/2025"},
    )
    assert response.status_code == 400
    assert "không tự thẩm định" in " ".join(response.context["appraisal_form"].errors["appraisal_level"])
    entry.refresh_from_db()
    assert entry.stage == Stage.SELF
    cell = _self_assessed(steps, listed, tree.dh1)
    assert client.get(reverse("ratings:entry", args=[cell.pk])).context["appraisal_form"] is not None
