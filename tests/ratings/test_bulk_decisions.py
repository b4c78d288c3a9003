"""A list decided at once: every line checked, the quota counted with the whole list in; all lines written or
none, the refused lines named. The page posts the table of levels and shows each refusal on its line."""

from __future__ import annotations

from django.urls import reverse

from tochuc.ratings.choices import Rating, Stage
from tochuc.ratings.models import Entry
from tochuc.ratings.services.campaigns import entries_enlist
from tochuc.ratings.services.decisions import DecisionRow, RowsRefused, entries_decide


def _appraised(steps, campaign, members, level=Rating.GOOD, score=80):
    entries = [steps.entry_of(campaign, m) for m in members]
    for e in entries:
        steps.self_assess(e, score, level)
        steps.appraise(e, level)
    return entries


def test_all_lines_are_written_together(tree, listed, steps, commune_officer, audit_watch):
    entries = _appraised(steps, listed, tree.members["44.DH.01"] + tree.members["44.DH.02"])
    watch = audit_watch()
    result = entries_decide(
        actor=commune_officer,
        rows=[DecisionRow(row=i, entry=e, level=Rating.GOOD) for i, e in enumerate(entries, start=1)],
        decided_on=steps.decided_on,
        decision_no="20-TB/ĐU",
    )
    assert result.written == 6
    assert set(Entry.objects.filter(pk__in=[e.pk for e in entries]).values_list("level", "decision_no")) == {
        (Rating.GOOD, "20-TB/ĐU")
    }
    assert [e.action for e in watch.events()] == ["rating.decide"] * 6


def test_one_refused_line_writes_nothing_and_is_named(tree, listed, steps, commune_officer, refused):
    entries = _appraised(steps, listed, tree.members["44.DH.01"])
    rows = [
        DecisionRow(row=1, entry=entries[0], level=Rating.GOOD),
        DecisionRow(row=2, entry=entries[1], level=Rating.EXCELLENT),  # 80 points: above the ceiling
        DecisionRow(row=3, entry=entries[2], level=Rating.COMPLETED),
    ]
    with refused(field="level") as info:
        entries_decide(actor=commune_officer, rows=rows, decided_on=steps.decided_on)
    assert isinstance(info.value, RowsRefused)
    assert set(info.value.errors) == {2}
    assert "Dòng 2 (Trần Thị Bích Hạnh)" in info.value.message


def test_lines_the_actor_may_not_decide_are_refused(tree, listed, steps, cell_secretary, refused):
    entries = _appraised(steps, listed, [tree.members["44.DH.01"][0]])
    cell = steps.entry_of(listed, tree.dh1)
    steps.self_assess(cell, 80, Rating.GOOD)
    rows = [DecisionRow(row=1, entry=entries[0], level=Rating.GOOD), DecisionRow(row=2, entry=cell, level=Rating.GOOD)]
    with refused(field="level") as info:
        entries_decide(actor=cell_secretary, rows=rows, decided_on=steps.decided_on)
    assert set(info.value.errors) == {2}


def test_the_quota_is_counted_with_the_whole_list(tree, campaign, steps, make_member, block_quota, refused):
    """In block mode, a list with its goods after its excellent still passes: the quota is counted at the end."""
    for i in range(7):
        make_member(org=tree.dh1, full_name=f"Phan Thị Mỹ {i}")
    entries_enlist(actor=None, campaign=campaign, under=tree.dh1, members=True)
    entries = list(Entry.objects.filter(campaign=campaign, kind="member").order_by("id"))
    assert len(entries) == 10
    for e in entries[:2]:
        steps.self_assess(e, 95, Rating.EXCELLENT)
    for e in entries[2:]:
        steps.self_assess(e, 80, Rating.GOOD)
    levels = [Rating.EXCELLENT] * 2 + [Rating.GOOD] * 8
    rows = [
        DecisionRow(row=i, entry=e, level=lv) for i, (e, lv) in enumerate(zip(entries, levels, strict=True), start=1)
    ]
    with refused(field="level") as info:  # 2 excellent for 8 good: 25%
        entries_decide(actor=None, rows=rows, decided_on=steps.decided_on)
    assert set(info.value.errors) == {1, 2}  # the lines set to excellent in that group
    rows[1] = DecisionRow(row=2, entry=entries[1], level=Rating.GOOD)  # 1 for 9: fine
    result = entries_decide(actor=None, rows=rows, decided_on=steps.decided_on)
    assert result.written == 10 and not result.warnings


def test_the_page_posts_the_table_and_shows_a_refused_line(client, tree, listed, steps, commune_officer):
    entries = _appraised(steps, listed, tree.members["44.DH.01"])
    client.force_login(commune_officer)
    url = reverse("ratings:decide", args=[listed.pk]) + f"?org={tree.dh1.code}&kind=member"
    page = client.get(url)
    assert page.status_code == 200
    assert [r["entry"].pk for r in page.context["rows"]] == [
        e.pk for e in sorted(entries, key=lambda e: e.member.sort_key)
    ]
    # the levels offered stop at the ceiling (80 points: good)
    assert [v for v, _l in page.context["rows"][0]["choices"]] == ["", "good", "completed", "not_completed"]
    data = {"decided_on": "20/12/2025", "decision_no": "20-TB/ĐU"}
    for e in entries:
        data[f"level-{e.pk}"] = "good"
    data[f"level-{entries[0].pk}"] = "excellent"
    response = client.post(url, data)
    assert response.status_code == 400
    bad = [r for r in response.context["rows"] if r["error"]]
    assert [r["entry"].pk for r in bad] == [entries[0].pk]
    assert not Entry.objects.filter(campaign=listed, stage=Stage.DECIDED).exists()
    data[f"level-{entries[0].pk}"] = "good"
    response = client.post(url, data)
    assert response.status_code == 302
    assert Entry.objects.filter(campaign=listed, stage=Stage.DECIDED).count() == 3


def test_the_page_keeps_its_boundaries(client, tree, listed, steps, viewer, outsider):
    _appraised(steps, listed, tree.members["44.DH.01"])
    url = reverse("ratings:decide", args=[listed.pk]) + f"?org={tree.dh1.code}"
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, {"decided_on": "20/12/2025"}).status_code == 404
    client.force_login(viewer)
    assert client.post(url, {"decided_on": "20/12/2025"}).status_code == 403
