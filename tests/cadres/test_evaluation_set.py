"""The yearly evaluation of a cadre: one per cadre and year, changes audited with before/after, and a list
rated at once, all lines or none."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tochuc.cadres.choices import CadreStatus, Rating
from tochuc.cadres.models import Cadre, Evaluation
from tochuc.cadres.services.evaluation import EvaluationRow, RowsRefused, evaluation_set, evaluations_set

TODAY = date(2026, 11, 20)


@pytest.fixture
def cadre(tree, make_cadre):
    return make_cadre(tree.dh1, full_name="Trần Văn Đánh")


def _set(actor, cadre, **overrides):
    values = {"year": 2025, "rating": Rating.GOOD, "evaluated_on": date(2025, 12, 20), "today": TODAY, **overrides}
    return evaluation_set(actor=actor, cadre=cadre, **values)


def test_it_creates_the_evaluation_and_audits_it(cadre, commune_officer, audit_watch):
    watch = audit_watch()
    evaluation = _set(commune_officer, cadre, authority="  Ban Thường vụ  Đảng ủy phường ")
    assert evaluation.rating == Rating.GOOD and evaluation.authority == "Ban Thường vụ Đảng ủy phường"
    [event] = watch.events()
    assert event.action == "evaluation.set"
    assert event.changes["rating"] == {"before": None, "after": "good"}
    assert event.changes["year"] == {"before": None, "after": 2025}


def test_setting_it_again_changes_the_one_evaluation_of_the_year(cadre, commune_officer, audit_watch):
    first = _set(commune_officer, cadre)
    watch = audit_watch()
    second = _set(commune_officer, cadre, rating=Rating.EXCELLENT, evaluated_on=date(2026, 1, 10))
    assert second.pk == first.pk
    assert Evaluation.objects.filter(cadre=cadre).count() == 1
    [event] = watch.events()
    assert event.action == "evaluation.set"
    assert event.changes == {
        "rating": {"before": "good", "after": "excellent"},
        "evaluated_on": {"before": "2025-12-20", "after": "2026-01-10"},
    }


def test_the_same_values_write_nothing(cadre, commune_officer, audit_watch):
    _set(commune_officer, cadre)
    watch = audit_watch()
    _set(commune_officer, cadre)
    assert watch.events() == []


def test_another_year_is_another_evaluation(cadre, commune_officer):
    _set(commune_officer, cadre, year=2024, evaluated_on=date(2024, 12, 15))
    _set(commune_officer, cadre, year=2025)
    assert list(Evaluation.objects.filter(cadre=cadre).values_list("year", flat=True)) == [2025, 2024]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"year": 2027, "evaluated_on": date(2026, 11, 20)}, "year"),  # the future
        ({"year": 1900}, "year"),
        ({"rating": "outstanding"}, "rating"),
        ({"evaluated_on": None}, "evaluated_on"),
        ({"evaluated_on": date(2024, 12, 31)}, "evaluated_on"),  # before the year rated
        ({"evaluated_on": date(2026, 11, 21)}, "evaluated_on"),  # not yet come
    ],
)
def test_it_refuses(cadre, commune_officer, refused, overrides, field):
    with refused(field=field):
        _set(commune_officer, cadre, **overrides)


def test_the_boundaries_are_accepted(cadre, commune_officer):
    assert _set(commune_officer, cadre, year=2026, evaluated_on=date(2026, 1, 1))
    assert _set(commune_officer, cadre, year=2025, evaluated_on=TODAY)


def test_it_refuses_a_year_after_the_cadre_stopped_working(cadre, commune_officer, refused):
    Cadre.objects.filter(pk=cadre.pk).update(status=CadreStatus.RETIRED, ended_on=date(2025, 6, 30))
    cadre.refresh_from_db()
    with refused(field="year"):
        _set(commune_officer, cadre, year=2026, evaluated_on=date(2026, 1, 5))
    assert _set(commune_officer, cadre, year=2025)  # the year they retired is still rated


def test_scope_and_role(cadre, outsider, viewer, cell_secretary, province_officer):
    with pytest.raises(Http404):
        _set(outsider, cadre)
    with pytest.raises(PermissionDenied):
        _set(viewer, cadre)
    assert not Evaluation.objects.exists()
    assert _set(cell_secretary, cadre)  # the cadre is managed by the secretary's own cell
    assert _set(province_officer, cadre, rating=Rating.COMPLETED).rating == Rating.COMPLETED


# --- A list at once --------------------------------------------------------------------------------------


@pytest.fixture
def three(tree, make_cadre):
    return [make_cadre(tree.dh1, full_name=n) for n in ("An Văn Một", "Bùi Văn Hai", "Cao Văn Ba")]


def test_a_list_is_written_at_once(three, commune_officer, audit_watch):
    watch = audit_watch()
    rows = [
        EvaluationRow(i + 1, c, r)
        for i, (c, r) in enumerate(zip(three, [Rating.GOOD, Rating.EXCELLENT, ""], strict=True))
    ]
    written = evaluations_set(actor=commune_officer, year=2025, evaluated_on=date(2025, 12, 28), rows=rows, today=TODAY)
    assert written == 2
    assert dict(Evaluation.objects.values_list("cadre__full_name", "rating")) == {
        "An Văn Một": "good",
        "Bùi Văn Hai": "excellent",
    }
    assert [e.action for e in watch.events()] == ["evaluation.set", "evaluation.set"]


def test_an_unchanged_line_keeps_its_day_and_remark(three, commune_officer):
    first = _set(commune_officer, three[0], note="Nhận xét riêng")
    evaluations_set(
        actor=commune_officer,
        year=2025,
        evaluated_on=date(2026, 1, 5),
        rows=[EvaluationRow(1, three[0], Rating.GOOD)],
        today=TODAY,
    )
    first.refresh_from_db()
    assert first.evaluated_on == date(2025, 12, 20) and first.note == "Nhận xét riêng"


def test_one_refused_line_writes_nothing_and_is_named(three, tree, commune_officer, refused):
    Cadre.objects.filter(pk=three[2].pk).update(status=CadreStatus.RETIRED, ended_on=date(2024, 3, 31))
    three[2].refresh_from_db()
    rows = [
        EvaluationRow(1, three[0], Rating.GOOD),
        EvaluationRow(2, three[1], Rating.GOOD),
        EvaluationRow(3, three[2], Rating.GOOD),
    ]
    with refused(field="year") as info:
        evaluations_set(actor=commune_officer, year=2025, evaluated_on=date(2025, 12, 28), rows=rows, today=TODAY)
    error = info.value
    assert isinstance(error, RowsRefused)
    assert list(error.errors) == [3]
    assert "Dòng 3 (Cao Văn Ba)" in error.message


def test_a_bad_day_refuses_every_line(three, commune_officer, refused):
    rows = [EvaluationRow(i + 1, c, Rating.GOOD) for i, c in enumerate(three)]
    with refused(field="evaluated_on") as info:
        evaluations_set(actor=commune_officer, year=2025, evaluated_on=date(2024, 12, 1), rows=rows, today=TODAY)
    assert sorted(info.value.errors) == [1, 2, 3]
