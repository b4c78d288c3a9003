"""The list of candidates under an org with the pipeline's counts, its export, and the suggestions of
members (the introducers' search-as-you-type)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from tochuc.accounts.roles import Action
from tochuc.core.exports import csv_response, xlsx_response
from tochuc.core.scope import require
from tochuc.members import selectors as member_selectors

from .. import selectors
from ..forms import CandidateFilterForm, member_option
from ..models import Reached

PER_PAGE = 50


def _filtered(request):
    """The list's form, org and query from the query string; the export reads the same, so that it exports
    what the list shows. An org outside the scope is a 404; a filter that does not validate is left out."""
    form = CandidateFilterForm(request.GET or None)
    org = selectors.org_for_candidates(actor=request.user, code=request.GET.get("org", "").strip())
    qs = selectors.candidate_list(actor=request.user, org=org, **form.selector_kwargs())
    return form, org, qs


def _pipeline(request, org) -> dict | None:
    """The developing candidates by how far their dossier has come: one column per step, and those away."""
    if org is None:
        return None
    counts = selectors.pipeline_counts(actor=request.user, org=org)
    return {
        "steps": [(r.value, r.label, counts[r.value]) for r in Reached if r != Reached.ADMITTED],
        "total": counts["total"],
        "away": counts["away"],
    }


@login_required
@require_GET
def candidate_list(request):
    form, org, qs = _filtered(request)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    due = selectors.decisions_due(actor=request.user, org=org) if org is not None else []
    return render(
        request,
        "recruitment/list.html",
        {
            "nav": "recruitment",
            "form": form,
            "org": org,
            "page_obj": page,
            "pipeline": _pipeline(request, org),
            "due": due,
            "due_overdue": sum(1 for d in due if d.overdue),
            "can_create": request.user.can(Action.CREATE),
            "can_export": request.user.can(Action.EXPORT),
        },
    )


HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Họ và tên"),
    gettext_lazy("Ngày sinh"),
    gettext_lazy("Giới tính"),
    gettext_lazy("Số CCCD"),
    gettext_lazy("Dân tộc"),
    gettext_lazy("Chi bộ"),
    gettext_lazy("Mã tổ chức"),
    gettext_lazy("Ngày đưa vào danh sách"),
    gettext_lazy("Tiến độ hồ sơ"),
    gettext_lazy("Tình trạng"),
    gettext_lazy("Đi làm ăn xa"),
    gettext_lazy("Ngày kết nạp"),
]
WIDTHS = [6, 28, 12, 9, 15, 12, 30, 14, 14, 30, 16, 30, 12]


def _date(d) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _cells(c, i: int) -> list:
    away = f"{c.away_place} ({c.get_away_kind_display()}, {_date(c.away_since)})" if c.away_kind else ""
    return [
        i,
        c.full_name,
        _date(c.birth_date),
        c.get_sex_display(),
        c.citizen_id,
        c.ethnic_group,
        c.org.name,
        c.org.code,
        _date(c.listed_on),
        c.get_reached_display(),
        c.get_stage_display(),
        away,
        _date(c.admitted_on),
    ]


@login_required
@require_GET
def export(request):
    """The filtered list (.xlsx, or streamed .csv), what the page shows without the pagination."""
    _form, org, qs = _filtered(request)  # an org outside the scope is a 404 before the role is looked at
    require(request.user, Action.EXPORT)
    today = timezone.localdate()
    filename = f"quan-chung-uu-tu-{org.code if org else 'tat-ca'}-{today:%Y%m%d}"
    headers = [str(h) for h in HEADERS]
    rows = (_cells(c, i) for i, c in enumerate(qs.iterator(chunk_size=2000), start=1))
    if request.GET.get("format") == "csv":
        return csv_response(filename, headers, rows)
    return xlsx_response(
        filename,
        title=_("DANH SÁCH QUẦN CHÚNG ƯU TÚ %(org)s") % {"org": (org.name if org else "").upper()},
        subtitle=_("Tính đến ngày %(d)s.") % {"d": today.strftime("%d/%m/%Y")},
        headers=headers,
        rows=rows,
        widths=WIDTHS,
    )


@login_required
@require_GET
def member_lookup(request):
    """Suggestions (datalist options) for the introducer box: active members in the actor's scope."""
    require(request.user, Action.LIST)
    q = next((v for k, v in request.GET.items() if v), "")
    found = member_selectors.member_search(actor=request.user, q=q, limit=15) if len(q.strip()) >= 2 else []
    return render(
        request,
        "recruitment/_member_options.html",
        {"options": [(member_option(m), m) for m in found]},
    )


urlpatterns = [
    path("", candidate_list, name="list"),
    path("export/", export, name="export"),
    path("members/lookup/", member_lookup, name="member_lookup"),
]
