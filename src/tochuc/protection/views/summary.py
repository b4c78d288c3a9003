"""The yearly summary of the coordination on internal political protection (`?year=2026&org=CODE`), on screen
and as a spreadsheet (the export recorded): counts only, no restricted content."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tochuc.accounts.roles import Action
from tochuc.core.audit import audit_record
from tochuc.core.exports import xlsx_response
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from ..choices import Conclusion, Purpose
from ..forms.notes import SummaryForm
from ..selectors.summary import protection_summary


def _summary(request):
    form = SummaryForm(request.GET or None)
    today = timezone.localdate()
    year = today.year
    if form.is_bound and form.is_valid() and form.cleaned_data.get("year"):
        year = form.cleaned_data["year"]
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    if org is None:
        roots = org_selectors.org_roots_for(actor=request.user)
        if not roots:
            raise Http404
        org = roots[0]
    return form, protection_summary(actor=request.user, org=org, year=year, today=today)


@login_required
@require_GET
def summary(request):
    form, result = _summary(request)
    return render(
        request,
        "protection/summary.html",
        {
            "nav": "protection",
            "tab": "summary",
            "form": form,
            "summary": result,
            "purposes": Purpose.choices,
            "conclusions": Conclusion.choices,
            "can_export": request.user.can(Action.EXPORT),
        },
    )


def _fmt_days(value: float | None) -> str:
    return f"{value:.1f}".replace(".", ",") if value is not None else ""


@login_required
@require_GET
def summary_export(request):
    _form, s = _summary(request)  # outside the scope: 404 before the role is looked at
    require(request.user, Action.EXPORT)
    headers = [
        _("STT"),
        _("Tổ chức đảng"),
        *[str(label) for _v, label in Purpose.choices],
        _("Cộng đề nghị trong năm"),
        *[str(label) for _v, label in Conclusion.choices],
        _("Cộng đã kết luận"),
        _("Dừng thẩm tra"),
        _("Đang thẩm tra cuối kỳ"),
        _("Quá hạn kết luận"),
        _("Đề nghị xác minh đã gửi"),
        _("Đã có trả lời"),
        _("Số ngày trả lời bình quân"),
        _("Quá hạn trả lời"),
    ]

    def cells(r, index):
        return [
            index,
            r.label,
            *[r.opened.get(p, 0) for p in Purpose.values],
            r.opened_total,
            *[r.concluded.get(c, 0) for c in Conclusion.values],
            r.concluded_total,
            r.withdrawn,
            r.open_at_end,
            r.overdue,
            r.sent,
            r.answered,
            _fmt_days(r.avg_days),
            r.late,
        ]

    rows = [cells(r, i) for i, r in enumerate(s.rows, start=1)]
    rows.append(cells(s.total, _("Cộng")))
    audit_record(
        actor=request.user,
        action="protection.export",
        obj=s.org,
        org_path=s.org.path,
        note=_("Báo cáo tổng hợp công tác phối hợp bảo vệ chính trị nội bộ năm %(y)s.") % {"y": s.year},
    )
    return xlsx_response(
        f"bao-ve-chinh-tri-noi-bo-{s.org.code}-{s.year}",
        title=_("TỔNG HỢP KẾT QUẢ PHỐI HỢP CÔNG TÁC BẢO VỆ CHÍNH TRỊ NỘI BỘ NĂM %(y)s") % {"y": s.year},
        subtitle=_("%(o)s. Số đang thẩm tra, quá hạn tính đến ngày %(d)s.")
        % {"o": s.org.name, "d": s.on.strftime("%d/%m/%Y")},
        headers=[str(h) for h in headers],
        rows=rows,
        widths=[6, 36, *[12] * len(Purpose.values), 12, *[14] * len(Conclusion.values), 12, 10, 12, 12, 12, 12, 12, 12],
        sheet="Tong hop",
    )


urlpatterns = [
    path("summary/", summary, name="summary"),
    path("summary/export/", summary_export, name="summary_export"),
]
