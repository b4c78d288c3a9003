"""The recruitment module's report for the engine: the candidates' pipeline by step, with who works away
from home and who was lost to migration in the period, and the admissions of the period."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tochuc.members.choices import Occupation, Sex
from tochuc.reports.catalog import age_between, minority, religious
from tochuc.reports.engine import RECORDS, Context, Measure, Report, Where, where

from .models import Candidate, DropReason, Reached, Stage

_DEVELOPING = where(stage=Stage.DEVELOPING)


def _and(*conditions: Where) -> Where:
    def condition(ctx: Context, p: str) -> Q:
        q = Q()
        for c in conditions:
            q &= c(ctx, p)
        return q

    return condition


def _in_period(field: str) -> Where:
    return lambda ctx, p: Q(**{f"{p}{field}__gte": ctx.start, f"{p}{field}__lte": ctx.end})


PIPELINE = Report(
    name="pipeline",
    title=_("Nguồn phát triển đảng viên theo bước hồ sơ"),
    subject=RECORDS,
    period=True,
    source=lambda _ctx: Candidate.objects.all(),
    description=_(
        "Quần chúng ưu tú đang bồi dưỡng hôm nay theo bước hồ sơ đã đạt, trong đó đang đi làm ăn xa; số kết nạp "
        "và số dừng theo dõi trong kỳ, trong đó vì đi làm ăn xa."
    ),
    measures=(
        Measure("developing", _("Đang bồi dưỡng"), "", _DEVELOPING),
        *(
            Measure(r.value, r.label, _("Theo bước hồ sơ"), _and(_DEVELOPING, where(reached=r.value)))
            for r in Reached
            if r != Reached.ADMITTED
        ),
        Measure("female", _("Nữ"), _("Trong đó"), _and(_DEVELOPING, where(sex=Sex.FEMALE))),
        Measure("young", _("Đến 30 tuổi"), _("Trong đó"), _and(_DEVELOPING, age_between(0, 30))),
        Measure("minority", _("Dân tộc thiểu số"), _("Trong đó"), _and(_DEVELOPING, minority())),
        Measure("religious", _("Theo tôn giáo"), _("Trong đó"), _and(_DEVELOPING, religious())),
        Measure(
            "non_state",
            _("Doanh nghiệp ngoài nhà nước"),
            _("Trong đó"),
            _and(_DEVELOPING, where(occupation=Occupation.NON_STATE_ENTERPRISE)),
        ),
        Measure(
            "away", _("Đang đi làm ăn xa"), _("Trong đó"), _and(_DEVELOPING, lambda _c, p: ~Q(**{f"{p}away_kind": ""}))
        ),
        Measure(
            "admitted", _("Đã kết nạp"), _("Trong kỳ"), _and(where(stage=Stage.ADMITTED), _in_period("admitted_on"))
        ),
        Measure(
            "dropped", _("Dừng theo dõi"), _("Trong kỳ"), _and(where(stage=Stage.DROPPED), _in_period("dropped_on"))
        ),
        Measure(
            "lost_to_migration",
            _("Trong đó vì đi làm ăn xa"),
            _("Trong kỳ"),
            _and(where(stage=Stage.DROPPED, drop_reason=DropReason.MIGRATION), _in_period("dropped_on")),
        ),
    ),
)
