"""The yearly summary checked by hand on a small known year (2025, read on 01/03/2026, so counted on 31/12/2025):
a request still waiting on the year's last day is late even when its reply came after the year, and the
deadline day itself is not late nor overdue."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.protection.choices import Purpose, Relation
from tochuc.protection.selectors.summary import protection_summary
from tochuc.protection.services.cases import case_conclude, case_open
from tochuc.protection.services.questions import question_add, question_reply

TODAY = date(2026, 3, 1)


def _case(org, name, requested_on, purpose=Purpose.OTHER, due_on=None):
    return case_open(actor=None, purpose=purpose, subject_name=name, org=org, requested_by="Cấp ủy",
                     requested_on=requested_on, due_on=due_on)  # fmt: skip


def _ask(case, sent_on, *, due_on=None, replied_on=None):
    q = question_add(actor=None, case=case, relation=Relation.SELF, scopes=["political_history"],
                     sent_to="Công an xã", sent_on=sent_on, due_on=due_on)  # fmt: skip
    if replied_on:
        question_reply(actor=None, question=q, replied_on=replied_on, finding="clear")
    return q


@pytest.fixture
def year(tree):
    # Đông Hà, cell 1: opened in 2024, still open at the end of 2025 and past its deadline; its only request,
    # due on 01/12/2024, was answered only on 10/01/2026: late on 31/12/2025.
    a = _case(tree.dh1, "Nguyễn Văn A", date(2024, 10, 1), due_on=date(2024, 12, 31))
    _ask(a, date(2024, 11, 1), due_on=date(2024, 12, 1), replied_on=date(2026, 1, 10))
    # Đông Hà, cell 2: opened on 01/12/2025, due on 31/12/2025 with a request due the same day: neither overdue
    # nor late on the deadline day.
    c = _case(tree.dh2, "Trần Thị C", date(2025, 12, 1), due_on=date(2025, 12, 31))
    _ask(c, date(2025, 12, 1), due_on=date(2025, 12, 31))
    # Lao Bảo, cell 1: opened and concluded in 2025, replies after 10 and 30 days.
    b = _case(tree.lb1, "Hồ Văn B", date(2025, 5, 1), Purpose.APPOINTMENT)
    _ask(b, date(2025, 5, 2), replied_on=date(2025, 5, 12))
    _ask(b, date(2025, 5, 2), replied_on=date(2025, 6, 1))
    case_conclude(actor=None, case=b, conclusion="clear", concluded_on=date(2025, 6, 15), concluded_by="Đảng ủy")
    # Đông Hà itself: opened, answered and concluded in 2024: nothing in 2025.
    d = _case(tree.dh, "Lê Văn D", date(2024, 11, 1))
    _ask(d, date(2024, 12, 1), replied_on=date(2024, 12, 20))
    case_conclude(actor=None, case=d, conclusion="clear", concluded_on=date(2024, 12, 25), concluded_by="Đảng ủy")
    return tree


def test_a_request_answered_after_the_year_was_late_on_its_last_day(year, province_officer):
    s = protection_summary(actor=province_officer, org=year.province, year=2025, today=TODAY)
    rows = {r.org.code: r for r in s.rows}
    dh, lb = rows["44.DH"], rows["44.LB"]
    assert dh.opened == {"admission": 0, "appointment": 0, "planning": 0, "other": 1}
    assert (dh.concluded_total, dh.withdrawn, dh.open_at_end, dh.overdue) == (0, 0, 2, 1)
    assert (dh.sent, dh.answered, dh.late, dh.avg_days) == (1, 0, 1, None)
    assert lb.opened == {"admission": 0, "appointment": 1, "planning": 0, "other": 0}
    assert lb.concluded == {"clear": 1, "issue": 0, "not_admissible": 0}
    assert (lb.open_at_end, lb.overdue, lb.sent, lb.answered, lb.late) == (0, 0, 2, 2, 0)
    assert lb.avg_days == pytest.approx(20.0)
    t = s.total
    assert (t.opened_total, t.concluded_total, t.open_at_end, t.overdue) == (2, 1, 2, 1)
    assert (t.sent, t.answered, t.late) == (3, 2, 1) and t.avg_days == pytest.approx(20.0)


def test_the_commune_rows_split_the_late_request_to_its_cell(year, commune_officer):
    s = protection_summary(actor=commune_officer, org=year.dh, year=2025, today=TODAY)
    rows = {r.org.code: r for r in s.rows}
    assert (rows["44.DH.01"].late, rows["44.DH.01"].overdue, rows["44.DH.01"].open_at_end) == (1, 1, 1)
    assert (rows["44.DH.02"].late, rows["44.DH.02"].overdue, rows["44.DH.02"].open_at_end) == (0, 0, 1)
    assert "44.DH" not in rows  # its own case ended in 2024
