"""The quota on "excellent" when deciding: counted over the decided entries of the quota group with this decision
in (one grassroots organisation's members, one peer group; the orgs of one parent), warning and recorded in the
audit, or refused on `level` when the rule table says "block"."""

from __future__ import annotations

from django.urls import reverse

from tochuc.ratings.choices import Rating, Stage
from tochuc.ratings.models import Entry
from tochuc.ratings.services.campaigns import entries_enlist


def _cell_with(make_member, tree, n):
    """44.DH.01 with `n` more members (13 with the fixture's three), listed in the campaign later."""
    return [make_member(org=tree.dh1, full_name=f"Lê Văn Quý {i:02d}") for i in range(n)]


def _listed_cell(steps, campaign, tree):
    entries_enlist(actor=None, campaign=campaign, under=tree.dh1, members=True)
    return list(Entry.objects.filter(campaign=campaign, org=tree.dh1, kind="member").order_by("id"))


def test_a_warning_lets_the_decision_through_and_is_audited(tree, campaign, steps, make_member, audit_watch):
    _cell_with(make_member, tree, 10)
    entries = _listed_cell(steps, campaign, tree)
    for e in entries[:10]:
        steps.rated(e, Rating.GOOD)
    steps.rated(entries[10], Rating.EXCELLENT)
    steps.rated(entries[11], Rating.EXCELLENT)  # 2 of 10: 20%, within the quota
    steps.self_assess(entries[12], 95, Rating.EXCELLENT)
    steps.appraise(entries[12], Rating.EXCELLENT)
    watch = audit_watch()
    result = steps.decide(entries[12], Rating.EXCELLENT)
    assert result.warnings == ["3 hoàn thành xuất sắc nhiệm vụ so với 10 hoàn thành tốt nhiệm vụ (30%), vượt tỷ lệ 20%"]
    entries[12].refresh_from_db()
    assert entries[12].level == Rating.EXCELLENT
    (event,) = watch.events()
    assert "Cảnh báo: 3 hoàn thành xuất sắc nhiệm vụ" in event.note


def test_block_mode_refuses_over_the_quota_and_allows_the_boundary(tree, campaign, steps, make_member, block_quota,
                                                                  refused):  # fmt: skip
    _cell_with(make_member, tree, 10)
    entries = _listed_cell(steps, campaign, tree)
    for e in entries[:10]:
        steps.rated(e, Rating.GOOD)
    steps.rated(entries[10], Rating.EXCELLENT)
    steps.rated(entries[11], Rating.EXCELLENT)  # 2/10 = 20%: the boundary holds in block mode too
    steps.self_assess(entries[12], 95, Rating.EXCELLENT)
    steps.appraise(entries[12], Rating.EXCELLENT)
    with refused(field="level") as info:
        steps.decide(entries[12], Rating.EXCELLENT)
    assert "(30%), vượt tỷ lệ 20%" in info.value.message
    steps.decide(entries[12], Rating.GOOD)  # "good" is never held back by the quota


def test_a_first_excellent_without_any_good_exceeds(tree, listed, steps, block_quota, refused):
    entry = steps.entry_of(listed, tree.members["44.DH.02"][0])
    steps.self_assess(entry, 95, Rating.EXCELLENT)
    steps.appraise(entry, Rating.EXCELLENT)
    with refused(field="level"):
        steps.decide(entry, Rating.EXCELLENT)


def test_quota_groups_are_separate(tree, campaign, steps, make_member, block_quota, refused):
    """Goods in another grassroots cell, or in another peer group, do not make room."""
    _cell_with(make_member, tree, 2)
    entries_enlist(actor=None, campaign=campaign, members=True)
    dh1 = list(Entry.objects.filter(campaign=campaign, org=tree.dh1).order_by("id"))
    dh2 = list(Entry.objects.filter(campaign=campaign, org=tree.dh2).order_by("id"))
    for e in dh2:
        steps.rated(e, Rating.GOOD)
    leaders = dh1[:1]
    for e in dh1[1:]:
        steps.self_assess(e, 80, Rating.GOOD)
        steps.appraise(e, Rating.GOOD, group="Đảng viên hưu trí")
        steps.decide(e, Rating.GOOD)
    steps.self_assess(leaders[0], 95, Rating.EXCELLENT)
    steps.appraise(leaders[0], Rating.EXCELLENT, group="Cán bộ lãnh đạo")
    with refused(field="level"):
        steps.decide(leaders[0], Rating.EXCELLENT)
    # moved into the goods' peer group, it is counted against them: 1 of 4 = 25%, still over
    steps.appraise(leaders[0], Rating.EXCELLENT, group="Đảng viên hưu trí")
    goods = Entry.objects.filter(campaign=campaign, org=tree.dh1, group="Đảng viên hưu trí", level=Rating.GOOD)
    assert goods.count() == 4
    with refused(field="level"):
        steps.decide(leaders[0], Rating.EXCELLENT)


def test_org_entries_are_counted_among_the_orgs_of_one_parent(tree, listed, steps, block_quota, refused):
    cells = [tree.dh1, tree.dh2, tree.dh_company]
    for org in cells:
        steps.rated(steps.entry_of(listed, org), Rating.GOOD)
    steps.rated(steps.entry_of(listed, tree.lb1), Rating.GOOD)  # another commune: not in the group
    entry = steps.entry_of(listed, tree.dh_company_cell)  # under the company's committee, alone there
    steps.self_assess(entry, 95, Rating.EXCELLENT)
    steps.appraise(entry, Rating.EXCELLENT)
    with refused(field="level"):
        steps.decide(entry, Rating.EXCELLENT)


def test_the_decision_view_shows_the_warning(client, tree, listed, steps, commune_officer):
    entry = steps.entry_of(listed, tree.members["44.DH.02"][1])
    steps.self_assess(entry, 95, Rating.EXCELLENT)
    steps.appraise(entry, Rating.EXCELLENT)
    client.force_login(commune_officer)
    response = client.post(
        reverse("ratings:entry_decide", args=[entry.pk]),
        {"dec-level": "excellent", "dec-decided_on": "20/12/2025"},
        follow=True,
    )
    assert response.status_code == 200
    assert "vượt tỷ lệ 20%" in response.content.decode()
    assert Entry.objects.get(pk=entry.pk).stage == Stage.DECIDED
