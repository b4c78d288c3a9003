"""The pipeline report counts candidates by step under each org, checked against counts made by hand."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.core.errors import DomainError
from tochuc.members.choices import Sex
from tochuc.recruitment import services
from tochuc.recruitment.models import Step
from tochuc.reports.catalog import REPORTS
from tochuc.reports.engine import run

YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def candidate(org, name, **kw):
    values = {"sex": Sex.MALE, "birth_date": date(1999, 1, 1), "listed_on": date(2025, 7, 10)} | kw
    return services.candidate_create(actor=None, org=org, full_name=name, **values)


@pytest.fixture
def pipeline(tree):
    a = candidate(tree.dh1, "Nguyễn Văn Một", sex=Sex.FEMALE)
    services.candidate_step_record(actor=None, candidate=a, step=Step.COURSE, on=date(2025, 8, 1))
    b = candidate(tree.dh2, "Trần Văn Hai", ethnic_group="Tày")
    services.candidate_away_start(
        actor=None, candidate=b, kind="other_province", place="Bình Dương", since=date(2025, 8, 1)
    )
    c = candidate(tree.dh2, "Lê Văn Ba", birth_date=date(1980, 1, 1))
    services.candidate_drop(actor=None, candidate=c, on=date(2025, 9, 1), reason="migration")
    d = candidate(tree.lb1, "Phạm Văn Bốn", religion="Công giáo")
    services.candidate_drop(actor=None, candidate=d, on=date(2025, 9, 1), reason="withdrew")
    candidate(tree.dh_company_cell, "Võ Thị Năm", sex=Sex.FEMALE, occupation="non_state_enterprise")
    return tree


def values(result, key):
    return next(r.values for r in result.rows if r.key == key)


def test_the_pipeline_counts_each_commune_by_hand(pipeline):
    tree = pipeline
    result = run(REPORTS["pipeline"], org=tree.province, start=YEAR[0], end=YEAR[1])
    dh, lb = values(result, "44.DH"), values(result, "44.LB")
    assert (dh["developing"], dh["listed"], dh["course"], dh["away"]) == (3, 2, 1, 1)
    assert (dh["female"], dh["minority"], dh["non_state"], dh["young"]) == (2, 1, 1, 3)
    assert (dh["dropped"], dh["lost_to_migration"]) == (1, 1)
    assert (lb["developing"], lb["dropped"], lb["lost_to_migration"], lb["religious"]) == (0, 1, 0, 0)
    assert result.total["developing"] == 3 and result.total["dropped"] == 2


def test_a_period_before_the_dropping_counts_none_dropped(pipeline):
    result = run(REPORTS["pipeline"], org=pipeline.dh, start=date(2025, 1, 1), end=date(2025, 8, 31))
    assert result.total["dropped"] == 0 and result.total["developing"] == 3


def test_the_pipeline_is_counted_as_it_stands_today_only(pipeline):
    with pytest.raises(DomainError):
        run(REPORTS["pipeline"], org=pipeline.dh, start=YEAR[0], end=YEAR[1], as_of=date(2025, 12, 31))


def test_the_report_page_shows_the_pipeline_without_member_links(pipeline, client, commune_officer):
    client.force_login(commune_officer)
    response = client.get("/reports/pipeline/", {"org": "44.DH", "start": "01/01/2025", "end": "31/12/2025"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nguồn phát triển đảng viên theo bước hồ sơ" in html
    assert "/reports/pipeline/members/" not in html
    response = client.get("/reports/pipeline/", {"org": "44.LB", "start": "01/01/2025", "end": "31/12/2025"})
    assert response.status_code == 200 and response.context["result"] is None  # the form: no such org in scope
    assert "Chi bộ thôn Ka Tăng" not in response.content.decode()
