"""The yearly evaluation of cadres at one of the four levels (DOMAIN.md §2: HTXSNV, HTTNV, HTNV, KHTNV): one
evaluation per cadre and year, set or changed with its before/after in the audit log, one cadre at a time or
a whole list at once (all rows or none)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record, created, diff, snapshot
from tochuc.core.errors import DomainError
from tochuc.core.scope import require

from ..choices import Rating
from ..models import Cadre, Evaluation
from .people import refuse_control_characters

FIELDS = ("year", "rating", "evaluated_on", "authority", "note")
FIRST_YEAR = 1945  # no evaluation of the Party's cadre work predates the Republic
ADULT_AGE = 18  # nobody works as a cadre, so is evaluated, for a year before the one they turn 18


def _clean(*, cadre: Cadre, year: int, rating: str, evaluated_on: date | None, authority: str, note: str, today: date):
    if year is None or year < FIRST_YEAR or year > today.year:
        raise DomainError(
            _("Năm đánh giá phải từ %(first)s đến năm nay (%(now)s).") % {"first": FIRST_YEAR, "now": today.year},
            field="year",
        )
    adult_year = cadre.birth_date.year + ADULT_AGE
    if year < adult_year:
        raise DomainError(
            _("%(name)s sinh năm %(b)s: năm đánh giá phải từ năm %(y)s (đủ %(a)s tuổi).")
            % {"name": cadre.full_name, "b": cadre.birth_date.year, "y": adult_year, "a": ADULT_AGE},
            field="year",
        )
    if cadre.ended_on is not None and year > cadre.ended_on.year:
        raise DomainError(
            _("%(name)s đã thôi công tác từ ngày %(d)s: không đánh giá năm %(y)s.")
            % {"name": cadre.full_name, "d": f"{cadre.ended_on:%d/%m/%Y}", "y": year},
            field="year",
        )
    if rating not in Rating.values:
        raise DomainError(_("Chọn mức xếp loại."), field="rating")
    refuse_control_characters({"authority": authority, "note": note})
    if evaluated_on is None:
        raise DomainError(_("Nhập ngày đánh giá."), field="evaluated_on")
    if evaluated_on.year < year:
        raise DomainError(
            _("Ngày đánh giá %(d)s trước năm được đánh giá (%(y)s).") % {"d": f"{evaluated_on:%d/%m/%Y}", "y": year},
            field="evaluated_on",
        )
    if evaluated_on > today:
        raise DomainError(_("Ngày đánh giá %(d)s chưa tới.") % {"d": f"{evaluated_on:%d/%m/%Y}"}, field="evaluated_on")
    authority = " ".join((authority or "").split())
    if len(authority) > 200:
        raise DomainError(_("Cấp đánh giá dài quá 200 ký tự."), field="authority")
    return {
        "year": year,
        "rating": rating,
        "evaluated_on": evaluated_on,
        "authority": authority,
        "note": (note or "").strip(),
    }


@transaction.atomic
def evaluation_set(
    *,
    actor,
    cadre: Cadre,
    year: int,
    rating: str,
    evaluated_on: date | None,
    authority: str = "",
    note: str = "",
    today: date | None = None,
) -> Evaluation:
    """Create the cadre's evaluation of `year`, or change it (audited "evaluation.set" with the fields before
    and after). The year is not in the future, the day of the evaluation lies within or after that year.
    Setting the values it already has writes nothing."""
    require(actor, Action.EDIT, cadre.org.path)
    today = today or timezone.localdate()
    values = _clean(
        cadre=cadre,
        year=year,
        rating=rating,
        evaluated_on=evaluated_on,
        authority=authority,
        note=note,
        today=today,
    )
    current = Evaluation.objects.select_for_update().filter(cadre=cadre, year=year).first()
    if current is None:
        try:
            with transaction.atomic():
                evaluation = Evaluation.objects.create(cadre=cadre, **values)
        except IntegrityError as e:  # set meanwhile by another officer: they will see it and change it
            raise DomainError(
                _("Kết quả đánh giá năm %(y)s của %(name)s vừa được người khác ghi; tải lại trang để xem.")
                % {"y": year, "name": cadre.full_name},
                field="rating",
            ) from e
        changes = created(snapshot(evaluation, FIELDS))
    else:
        before = snapshot(current, FIELDS)
        for field, value in values.items():
            setattr(current, field, value)
        changes = diff(before, snapshot(current, FIELDS))
        if not changes:
            return current
        current.save(update_fields=[*changes, "updated_at"])
        evaluation = current
    audit_record(
        actor=actor,
        action="evaluation.set",
        obj=evaluation,
        org_path=cadre.org.path,
        changes=changes,
        note=_("Năm %(y)s: %(rating)s.") % {"y": year, "rating": evaluation.get_rating_display()},
    )
    return evaluation


@dataclass(frozen=True)
class EvaluationRow:
    """One line of a list evaluated at once: `row` is its number on the page (1, 2 ...)."""

    row: int
    cadre: Cadre
    rating: str


class RowsRefused(DomainError):
    """Some lines of a list were refused: `errors` maps each refused line's number to its refusal; nothing of
    the list was written. The message names every refused line."""

    def __init__(self, errors: dict[int, DomainError], names: dict[int, str]):
        self.errors = errors
        lines = [
            _("Dòng %(n)s (%(name)s): %(msg)s") % {"n": n, "name": names[n], "msg": e.message}
            for n, e in sorted(errors.items())
        ]
        first = errors[min(errors)]
        super().__init__(" ".join(lines), field=first.field)


@transaction.atomic
def evaluations_set(
    *,
    actor,
    year: int,
    evaluated_on: date | None,
    rows: Sequence[EvaluationRow],
    authority: str = "",
    today: date | None = None,
) -> int:
    """Set the ratings of `year` for a list of cadres at once, on one day and by one authority: every line
    is checked, and either all are written or none (RowsRefused names the refused lines). A line whose
    rating is already the one given is left as it is (its day, authority and remark kept); a line without
    a rating is skipped. Returns how many evaluations were created or changed."""
    today = today or timezone.localdate()
    errors: dict[int, DomainError] = {}
    written = 0
    for line in rows:
        if not line.rating:
            continue
        current = Evaluation.objects.filter(cadre=line.cadre, year=year).first()
        if current is not None and current.rating == line.rating:
            continue
        try:
            with transaction.atomic():  # a refused line must leave no trace, the next lines are still checked
                evaluation_set(
                    actor=actor,
                    cadre=line.cadre,
                    year=year,
                    rating=line.rating,
                    evaluated_on=evaluated_on,
                    authority=authority if current is None else (authority or current.authority),
                    note="" if current is None else current.note,
                    today=today,
                )
        except DomainError as e:
            errors[line.row] = e
        else:
            written += 1
    if errors:  # raising leaves the atomic block: the lines written before the refused ones are undone
        raise RowsRefused(errors, {line.row: line.cadre.full_name for line in rows})
    return written
