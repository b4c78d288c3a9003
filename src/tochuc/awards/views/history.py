"""History pages: every commendation of one member and of one org (as a collective), and the summary of the
commendations under an org by year, form and kind (with its Excel)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tochuc.accounts.roles import Action
from tochuc.core.exports import xlsx_response
from tochuc.core.scope import get_in_scope_or_404, in_scope, require
from tochuc.members.models import Member
from tochuc.orgs import selectors as org_selectors
from tochuc.orgs.models import Org

from ..choices import AwardForm, NomineeStatus, RecipientKind
from ..forms.nominees import NomineeFilterForm
from ..selectors import nominees as selectors


def _rows(actor, nominees):
    """Each nomination with whether its decision and the nomination itself can be opened: an award proposed
    outside the scope is listed (it is part of the record) but its page is not linked, as it would answer 404."""
    return [(n, selectors.decision_visible(actor, n), in_scope(actor, n.proposing_org.path)) for n in nominees]


@login_required
@require_GET
def member_history(request, pk):
    member = get_in_scope_or_404(Member.objects.select_related("org"), request.user, "org__path", pk=pk)
    nominees = selectors.member_history(actor=request.user, member=member)
    return render(
        request,
        "awards/history.html",
        {
            "nav": "awards",
            "tab": "nominees",
            "member": member,
            "subject": member.full_name,
            "rows": _rows(request.user, nominees),
            "awarded": sum(1 for n in nominees if n.status == NomineeStatus.AWARDED),
            "can_create": request.user.can(Action.CREATE),
            "breadcrumbs": [*org_selectors.org_breadcrumbs(actor=request.user, org=member.org), member.org],
        },
    )


@login_required
@require_GET
def org_history(request, pk):
    org = get_in_scope_or_404(Org.objects.all(), request.user, pk=pk)
    nominees = selectors.org_history(actor=request.user, org=org)
    return render(
        request,
        "awards/history.html",
        {
            "nav": "awards",
            "tab": "nominees",
            "org_subject": org,
            "subject": org.name,
            "rows": _rows(request.user, nominees),
            "awarded": sum(1 for n in nominees if n.status == NomineeStatus.AWARDED),
            "can_create": request.user.can(Action.CREATE),
            "breadcrumbs": org_selectors.org_breadcrumbs(actor=request.user, org=org),
        },
    )


def _summary(request):
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    form = NomineeFilterForm(request.GET or None)
    status = request.GET.get("status", NomineeStatus.AWARDED)
    if status not in NomineeStatus.values and status != "":
        status = NomineeStatus.AWARDED
    rows = selectors.award_summary(actor=request.user, org=org, status=status)
    columns = selectors.SUMMARY_COLUMNS
    totals = {col: sum(r.cells.get(col, 0) for r in rows) for col in columns}
    return org, form, status, rows, columns, totals


@login_required
@require_GET
def summary(request):
    """The nominations under an org counted by year, form and kind (default: the awarded ones)."""
    org, form, status, rows, _columns, totals = _summary(request)
    kinds = (RecipientKind.ORG, RecipientKind.MEMBER)
    shown = [f for f in AwardForm.values if any(totals[(f, k)] for k in kinds)] or AwardForm.values[:2]
    used = [(f, k) for f in shown for k in kinds]
    return render(
        request,
        "awards/summary.html",
        {
            "nav": "awards",
            "tab": "summary",
            "org": org,
            "form": form,
            "status": status,
            "statuses": NomineeStatus.choices,
            "forms": [(f, AwardForm(f).label) for f in shown],
            "columns": used,
            "kind_labels": dict(RecipientKind.choices),
            "table": [(r.year, [r.cells.get(col, 0) for col in used], r.total) for r in rows],
            "totals": [totals[col] for col in used],
            "grand_total": sum(totals.values()),
            "can_export": request.user.can(Action.EXPORT),
        },
    )


@login_required
@require_GET
def summary_export(request):
    require(request.user, Action.EXPORT)
    org, _form, status, rows, columns, totals = _summary(request)
    headers = [_("Năm")] + [f"{AwardForm(f).label} - {RecipientKind(k).label}" for f, k in columns] + [_("Tổng")]
    body = [[r.year] + [r.cells.get(col, 0) for col in columns] + [r.total] for r in rows]
    body.append([_("Cộng")] + [totals[col] for col in columns] + [sum(totals.values())])
    today = timezone.localdate()
    what = NomineeStatus(status).label if status else _("Tất cả tình trạng")
    return xlsx_response(
        f"tong-hop-khen-thuong-{org.code if org else 'tat-ca'}-{today:%Y%m%d}",
        title=_("TỔNG HỢP KHEN THƯỞNG THEO NĂM, HÌNH THỨC VÀ ĐỐI TƯỢNG"),
        subtitle=(org.name + ". " if org else "")
        + f"{what}. "
        + _("Tính đến ngày %(d)s.") % {"d": f"{today:%d/%m/%Y}"},
        headers=headers,
        rows=body,
        widths=[8] + [14] * len(columns) + [10],
    )


urlpatterns = [
    path("member/<int:pk>/", member_history, name="member_history"),
    path("org/<int:pk>/", org_history, name="org_history"),
    path("summary/", summary, name="summary"),
    path("summary/export/", summary_export, name="summary_export"),
]
