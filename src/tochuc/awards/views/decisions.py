"""Decision pages: the list under an org (Excel), the decide page (the accepted nominations of a form, kind and
year, ticked into one decision), one decision with its two lists, its PDF and its list as Excel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.exports import xlsx_response
from tochuc.core.scope import require, scope
from tochuc.orgs import selectors as org_selectors
from tochuc.proposals.models import Conference

from .. import rules
from ..choices import PeriodType
from ..forms.decisions import DecideCriteriaForm, DecisionFilterForm, DecisionForm
from ..models import Nominee
from ..selectors import decisions as selectors
from ..selectors.eligibility import award_params, eligibility_of
from ..services import decisions as services

PER_PAGE = 50
MAX_LISTED = 1000  # accepted nominations shown on the decide page at once (narrow by org, form or year beyond)


def _fmt(d) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


@login_required
@require_GET
def decision_list(request):
    form = DecisionFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    qs = selectors.decision_list(actor=request.user, org=org, **form.selector_kwargs())
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/decision_list.html",
        {
            "nav": "awards",
            "tab": "decisions",
            "form": form,
            "org": org,
            "page_obj": page,
            "can_create": request.user.can(Action.CREATE),
            "can_export": request.user.can(Action.EXPORT),
        },
    )


LIST_HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Số quyết định"),
    gettext_lazy("Ngày ký"),
    gettext_lazy("Cấp quyết định"),
    gettext_lazy("Trích yếu"),
    gettext_lazy("Hình thức"),
    gettext_lazy("Loại"),
    gettext_lazy("Năm"),
    gettext_lazy("Số tập thể"),
    gettext_lazy("Số cá nhân"),
    gettext_lazy("Người ký"),
]


@login_required
@require_GET
def decision_export(request):
    form = DecisionFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    require(request.user, Action.EXPORT)
    qs = selectors.decision_list(actor=request.user, org=org, **form.selector_kwargs())
    rows = (
        [
            i,
            d.number,
            _fmt(d.signed_on),
            d.org.name,
            d.title,
            d.get_form_display(),
            d.get_period_type_display(),
            rules.years_label(d.year_from, d.year_to),
            d.orgs,
            d.people,
            f"{d.signer_title} {d.signer_name}",
        ]
        for i, d in enumerate(qs, start=1)
    )
    today = timezone.localdate()
    return xlsx_response(
        f"quyet-dinh-khen-thuong-{org.code if org else 'tat-ca'}-{today:%Y%m%d}",
        title=_("DANH SÁCH QUYẾT ĐỊNH KHEN THƯỞNG"),
        subtitle=(org.name + ". " if org else "") + _("Tính đến ngày %(d)s.") % {"d": _fmt(today)},
        headers=[str(h) for h in LIST_HEADERS],
        rows=rows,
        widths=[6, 16, 12, 30, 60, 14, 16, 11, 10, 10, 30],
    )


# --- Deciding -----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request):
    """The decide page: choose the deciding org, the form, the kind and the year (query string), tick the
    accepted nominations listed, and record the decision."""
    actor = request.user
    require(actor, Action.CREATE)
    today = timezone.localdate()
    criteria = DecideCriteriaForm(
        request.GET or None,
        actor=actor,
        initial={
            "org": actor.org.code if actor.org_id else "",
            "year_to": rules.default_year(today),
        },
    )
    if not (criteria.is_bound and criteria.is_valid()):
        return render(
            request,
            "awards/decision_form.html",
            {"nav": "awards", "tab": "decisions", "criteria": criteria, "form": None},
            status=400 if request.method == "POST" or criteria.is_bound else 200,
        )
    c = criteria.cleaned_data
    org = c["org"]
    require(actor, Action.CREATE, org.path)
    year_to = c["year_to"]
    year_from = year_to
    if year_to is not None and c["period_type"] == PeriodType.FIVE_YEAR:
        try:
            year_from = year_to - award_params(today, field=None).consecutive_years + 1
        except DomainError:
            year_from = year_to - 4
    candidates = list(
        selectors.decidable_nominees(
            actor=actor, org=org, form=c["form"], period_type=c["period_type"], year_to=year_to
        )[: MAX_LISTED + 1]
    )
    truncated = len(candidates) > MAX_LISTED
    candidates = candidates[:MAX_LISTED]
    # The conditions are judged again when the decision is recorded (a rating may have been reopened since the
    # review): the page shows them, and a nomination that would be refused is not ticked by default.
    try:
        verdicts = eligibility_of(candidates, today)
    except DomainError:
        verdicts = {}
    conferences = selectors.conference_choices(actor=actor, org=org)
    signer, signer_title = selectors.signer_suggestion(org, today)
    initial = {
        "signed_on": today,
        "signer_name": signer,
        "signer_title": signer_title,
        "title": rules.default_title(c["form"], c["period_type"], year_from if year_to else None, year_to),
        "nominees": [n.pk for n in candidates if n.pk not in verdicts or verdicts[n.pk].ok],
    }
    latest = next((k for k in conferences if k.held_on <= today), None)
    if latest is not None and (today - latest.held_on).days <= 31:
        initial["conference"] = latest.pk
    form = DecisionForm(
        request.POST or None,
        actor=actor,
        initial=initial,
        conferences=conferences,
        nominee_ids=[n.pk for n in candidates],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = list(scope(Nominee.objects.filter(pk__in=data["nominees"]), actor, "proposing_org__path"))
        conference = None
        if data["conference"]:
            conference = (
                scope(Conference.objects.select_related("org"), actor, "org__path")
                .filter(pk=data["conference"])
                .first()
            )
        try:
            decision = services.decision_create(
                actor=actor,
                org=org,
                number=data["number"],
                signed_on=data["signed_on"],
                signer_name=data["signer_name"],
                signer_title=data["signer_title"],
                form=c["form"],
                period_type=c["period_type"],
                title=data["title"],
                year_from=year_from if year_to else None,
                year_to=year_to,
                conference=conference,
                nominees=chosen,
            )
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(
                request,
                _("Đã ghi quyết định số %(n)s: khen thưởng %(k)s tập thể, cá nhân.")
                % {"n": decision.number, "k": len(chosen)},
            )
            return redirect("awards:decision_detail", decision.pk)
    ticked = {str(v) for v in (form["nominees"].value() or [])}
    return render(
        request,
        "awards/decision_form.html",
        {
            "nav": "awards",
            "tab": "decisions",
            "criteria": criteria,
            "form": form,
            "org": org,
            "candidates": [(n, str(n.pk) in ticked, verdicts.get(n.pk)) for n in candidates],
            "truncated": truncated,
            "years": rules.years_label(year_from, year_to) if year_to else "",
        },
        status=400 if request.method == "POST" else 200,
    )


# --- One decision -------------------------------------------------------------------------------------------


@login_required
@require_GET
def decision_detail(request, pk):
    decision = selectors.decision_get(actor=request.user, pk=pk)
    require(request.user, Action.VIEW)
    lists = selectors.decision_lists(decision)
    return render(
        request,
        "awards/decision_detail.html",
        {
            "nav": "awards",
            "tab": "decisions",
            "d": decision,
            "lists": lists,
            "can_export": request.user.can(Action.EXPORT),
            "breadcrumbs": org_selectors.org_breadcrumbs(actor=request.user, org=decision.org),
        },
    )


@login_required
@require_GET
def decision_pdf(request, pk):
    """The decision with its list as PDF (audited)."""
    from ..pdf import decision_pdf as render_pdf

    decision = selectors.decision_get(actor=request.user, pk=pk)
    require(request.user, Action.VIEW)
    response = HttpResponse(render_pdf(actor=request.user, decision=decision), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="quyet-dinh-khen-thuong-{decision.pk}.pdf"'
    return response


ROW_HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Tên tập thể, cá nhân"),
    gettext_lazy("Đơn vị"),
    gettext_lazy("Thành tích"),
    gettext_lazy("Tổ chức đề nghị"),
    gettext_lazy("Số tờ trình"),
]


@login_required
@require_GET
def decision_rows_export(request, pk):
    """The decision's list (collectives, then persons) as .xlsx."""
    decision = selectors.decision_get(actor=request.user, pk=pk)
    require(request.user, Action.EXPORT)
    lists = selectors.decision_lists(decision)

    def rows():
        for title, items in ((_("I. DANH SÁCH TẬP THỂ"), lists.orgs), (_("II. DANH SÁCH CÁ NHÂN"), lists.people)):
            yield [title]
            for i, n in enumerate(items, start=1):
                yield [i, n.recipient_name, n.recipient_unit, n.achievement, n.proposing_org.name, n.document_no]

    return xlsx_response(
        f"danh-sach-khen-thuong-{decision.pk}",
        title=_("DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG %(f)s") % {"f": decision.get_form_display().upper()},
        subtitle=_("Kèm theo Quyết định số %(n)s ngày %(d)s của %(o)s.")
        % {"n": decision.number, "d": _fmt(decision.signed_on), "o": decision.org.name},
        headers=[str(h) for h in ROW_HEADERS],
        rows=rows(),
        widths=[6, 34, 45, 50, 30, 16],
    )


urlpatterns = [
    path("decisions/", decision_list, name="decisions"),
    path("decisions/export/", decision_export, name="decision_export"),
    path("decisions/new/", decision_create, name="decide"),
    path("decisions/<int:pk>/", decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/pdf/", decision_pdf, name="decision_pdf"),
    path("decisions/<int:pk>/export/", decision_rows_export, name="decision_rows_export"),
]
