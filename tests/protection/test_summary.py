"""The yearly summary: the year's cases by purpose and conclusion, withdrawn, open and overdue at the year's end
(today for the current year), requests sent, answered and the average days to reply, rolled up to the children
of the chosen org; scoped, exported (and recorded), without restricted text."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.protection.choices import Purpose, Relation
from tochuc.protection.selectors.summary import protection_summary
from tochuc.protection.services.cases import case_conclude, case_open, case_withdraw
from tochuc.protection.services.questions import question_add, question_reply

YEAR = 2025
TODAY = date(2026, 3, 1)  # the summary of 2025 is read after the year's end: counted on 31/12/2025


def _case(org, name, requested_on, purpose=Purpose.OTHER, due_on=None):
    return case_open(actor=None, purpose=purpose, subject_name=name, org=org, requested_by="Cấp ủy",
                     requested_on=requested_on, due_on=due_on)  # fmt: skip


def _ask(case, sent_on, replied_on=None, due_on=None, finding="clear"):
    q = question_add(actor=None, case=case, relation=Relation.SELF, scopes=["political_history"],
                     sent_to="Công an xã", sent_on=sent_on, due_on=due_on)  # fmt: skip
    if replied_on:
        question_reply(actor=None, question=q, replied_on=replied_on, finding=finding, finding_text="Mật")
    return q


@pytest.fixture
def year(tree):
    # Đông Hà, cell 1: concluded in the year (replies after 10 and 20 days).
    a = _case(tree.dh1, "Nguyễn Văn A", date(2025, 3, 1), Purpose.ADMISSION)
    _ask(a, date(2025, 3, 2), date(2025, 3, 12))
    _ask(a, date(2025, 3, 2), date(2025, 3, 22))
    case_conclude(actor=None, case=a, conclusion="clear", concluded_on=date(2025, 4, 1), concluded_by="Đảng ủy")
    # Đông Hà, cell 2: still open on 31/12, past its deadline, a request late.
    b = _case(tree.dh2, "Trần Thị B", date(2025, 11, 1), Purpose.APPOINTMENT, due_on=date(2025, 12, 1))
    _ask(b, date(2025, 11, 2), due_on=date(2025, 11, 30))
    # Đông Hà itself: withdrawn in the year.
    c = _case(tree.dh, "Lê Văn C", date(2025, 6, 1), Purpose.PLANNING)
    case_withdraw(actor=None, case=c, on=date(2025, 7, 1), reason="Không còn quy hoạch")
    # Lao Bảo: opened in 2024, concluded in 2025 (an issue); its reply came in 2024 after 30 days.
    d = _case(tree.lb1, "Hồ Văn D", date(2024, 12, 1), Purpose.ADMISSION)
    _ask(d, date(2024, 12, 1), date(2024, 12, 31), finding="issue")
    case_conclude(actor=None, case=d, conclusion="issue", concluded_on=date(2025, 1, 10), concluded_by="Đảng ủy")
    # Opened in 2026: not in 2025's figures.
    _case(tree.lb2, "Kăn Văn E", date(2026, 1, 5))
    return tree


def test_the_province_summary_rolls_up_to_the_communes(year, province_officer):
    s = protection_summary(actor=province_officer, org=year.province, year=YEAR, today=TODAY)
    assert s.on == date(2025, 12, 31)
    rows = {r.org.code: r for r in s.rows}
    assert list(rows) == ["44.DH", "44.LB"]
    dh, lb = rows["44.DH"], rows["44.LB"]
    assert dh.opened == {"admission": 1, "appointment": 1, "planning": 1, "other": 0}
    assert dh.concluded == {"clear": 1, "issue": 0, "not_admissible": 0}
    assert (dh.withdrawn, dh.open_at_end, dh.overdue) == (1, 1, 1)
    assert (dh.sent, dh.answered, dh.late) == (3, 2, 1)
    assert dh.avg_days == pytest.approx(15.0)
    assert lb.opened_total == 0 and lb.concluded == {"clear": 0, "issue": 1, "not_admissible": 0}
    assert (lb.sent, lb.answered, lb.open_at_end) == (0, 0, 0)
    assert s.total.opened_total == 3 and s.total.concluded_total == 2 and s.total.avg_days == pytest.approx(15.0)


def test_a_communes_summary_shows_its_cells_and_its_own_cases(year, commune_officer):
    s = protection_summary(actor=commune_officer, org=year.dh, year=YEAR, today=TODAY)
    labels = [(r.org.code, r.opened_total) for r in s.rows]
    assert ("44.DH.01", 1) in labels and ("44.DH.02", 1) in labels and ("44.DH", 1) in labels
    assert s.total.opened_total == 3


def test_the_current_year_counts_open_and_overdue_as_of_today(year, province_officer):
    s = protection_summary(actor=province_officer, org=year.province, year=2026, today=TODAY)
    assert s.on == TODAY
    rows = {r.org.code: r for r in s.rows}
    assert rows["44.LB"].opened_total == 1 and rows["44.DH"].open_at_end == 1 and rows["44.DH"].overdue == 1


def test_the_summary_of_an_org_outside_the_scope_is_a_404(year, commune_officer, client):
    client.force_login(commune_officer)
    assert client.get("/protection/summary/?org=44.LB&year=2025").status_code == 404
    assert client.get("/protection/summary/export/?org=44.LB&year=2025").status_code == 404


def test_the_summary_page_and_its_export(year, province_officer, client, audit_watch):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(province_officer)
    html = client.get("/protection/summary/?year=2025").content.decode()
    assert "Đảng bộ phường Đông Hà" in html and "Mật" not in html
    watch = audit_watch()
    response = client.get("/protection/summary/export/?year=2025")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    total = next(r for r in rows if r and r[0] == "Cộng")
    assert total[1] == "Đảng bộ tỉnh Quảng Trị" and total[6] == 3  # requested in the year
    assert [e.action for e in watch.events()] == ["protection.export"]


def test_a_viewer_reads_the_summary_but_does_not_export_it(year, viewer, client):
    client.force_login(viewer)
    assert client.get("/protection/summary/?year=2025").status_code == 200
    assert client.get("/protection/summary/export/?year=2025").status_code == 403
