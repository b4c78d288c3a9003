"""A list decided at once on a day before one line's appraisal: that line is named by its number, as every
refused line is, instead of a refusal of the whole list's day that leaves the officer to find the line among a
hundred. A day missing or still to come remains the list's fault."""

from __future__ import annotations

from datetime import date

from tochuc.ratings.choices import Rating
from tochuc.ratings.services.decisions import DecisionRow, RowsRefused, entries_decide
from tochuc.ratings.services.entries import entry_appraise


def test_a_line_appraised_after_the_day_is_named(tree, listed, steps, commune_officer, refused):
    entries = [steps.entry_of(listed, m) for m in tree.members["44.DH.01"]]
    for e in entries:
        steps.self_assess(e, 80, Rating.GOOD)
    steps.appraise(entries[0], Rating.GOOD)  # 12/12/2025
    entry_appraise(actor=None, entry=entries[1], appraisal_level=Rating.GOOD, appraised_on=date(2025, 12, 18))
    rows = [DecisionRow(row=i, entry=e, level=Rating.GOOD) for i, e in enumerate(entries, start=1)]
    with refused(field="level") as info:
        entries_decide(actor=commune_officer, rows=rows, decided_on=date(2025, 12, 15), today=date(2026, 1, 5))
    assert isinstance(info.value, RowsRefused)
    assert set(info.value.errors) == {2}
    assert "Dòng 2 (Trần Thị Bích Hạnh): Ngày 15/12/2025 trước ngày thẩm định (18/12/2025)" in info.value.message


def test_a_day_to_come_or_missing_is_the_lists_fault(tree, listed, steps, commune_officer, refused):
    entry = steps.entry_of(listed, tree.members["44.DH.01"][0])
    steps.self_assess(entry, 80, Rating.GOOD)
    rows = [DecisionRow(row=1, entry=entry, level=Rating.GOOD)]
    with refused(field="decided_on"):
        entries_decide(actor=commune_officer, rows=rows, decided_on=date(2026, 2, 1), today=date(2026, 1, 5))
    with refused(field="decided_on"):
        entries_decide(actor=commune_officer, rows=rows, decided_on=None, today=date(2026, 1, 5))
