"""Nomination pages: the list under an org (filters, the conditions of the open ones, Excel), one proposal, the
batch proposal of a year's eligible members or orgs, and one nomination with its conditions, its review and
its withdrawal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.exports import xlsx_response
from tochuc.core.forms import query_id
from tochuc.core.scope import require, scope
from tochuc.members.models import Member
from tochuc.orgs import selectors as org_selectors
from tochuc.orgs.models import Org
from tochuc.ratings.choices import Rating
from tochuc.recruitment.forms import member_option

from .. import rules
from ..choices import OPEN_STATUSES, PeriodType, RecipientKind
from ..forms.nominees import (
    BatchCriteriaForm,
    BatchProposeForm,
    NomineeFilterForm,
    ProposeForm,
    ReviewForm,
    WithdrawForm,
)
from ..selectors import eligibility
from ..selectors import nominees as selectors
from ..services import nominees as services

PER_PAGE = 50
BATCH_PER_PAGE = 100


def _fmt(d) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


@login_required
@require_GET
def nominee_list(request):
    form = NomineeFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    kwargs = form.selector_kwargs()
    qs = selectors.nominee_list(actor=request.user, org=org, **kwargs)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/nominee_list.html",
        {
            "nav": "awards",
            "tab": "nominees",
            "form": form,
            "org": org,
            "page_obj": page,
            "rows": selectors.nominee_rows(list(page.object_list)),
            # The counts follow the org and the year: their links keep both, so a count matches its list.
            "counts": selectors.nominee_counts(actor=request.user, org=org, year=kwargs.get("year")),
            "year": kwargs.get("year"),
            "can_create": request.user.can(Action.CREATE),
            "can_export": request.user.can(Action.EXPORT),
        },
    )


HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Tên tập thể, cá nhân"),
    gettext_lazy("Đối tượng"),
    gettext_lazy("Đơn vị"),
    gettext_lazy("Hình thức"),
    gettext_lazy("Loại"),
    gettext_lazy("Năm"),
    gettext_lazy("Thành tích"),
    gettext_lazy("Tổ chức đề nghị"),
    gettext_lazy("Ngày đề nghị"),
    gettext_lazy("Số tờ trình"),
    gettext_lazy("Tình trạng"),
    gettext_lazy("Ý kiến xét"),
    gettext_lazy("Số quyết định"),
    gettext_lazy("Ngày quyết định"),
]
WIDTHS = [6, 30, 10, 40, 14, 16, 11, 45, 30, 13, 16, 22, 30, 16, 14]


@login_required
@require_GET
def nominee_export(request):
    """The filtered list of nominations as .xlsx."""
    form = NomineeFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    require(request.user, Action.EXPORT)
    qs = selectors.nominee_list(actor=request.user, org=org, **form.selector_kwargs())
    rows = (
        [
            i,
            n.recipient_name,
            n.get_kind_display(),
            n.recipient_unit,
            n.get_form_display(),
            n.get_period_type_display(),
            rules.years_label(n.year_from, n.year_to),
            n.achievement,
            n.proposing_org.name,
            _fmt(n.proposed_on),
            n.document_no,
            n.get_status_display(),
            n.review_note or n.withdrawn_reason,
            n.decision.number if n.decision else "",
            _fmt(n.decision.signed_on) if n.decision else "",
        ]
        for i, n in enumerate(qs.iterator(chunk_size=2000), start=1)
    )
    today = timezone.localdate()
    return xlsx_response(
        f"de-nghi-khen-thuong-{org.code if org else 'tat-ca'}-{today:%Y%m%d}",
        title=_("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"),
        subtitle=(org.name + ". " if org else "") + _("Tính đến ngày %(d)s.") % {"d": _fmt(today)},
        headers=[str(h) for h in HEADERS],
        rows=rows,
        widths=WIDTHS,
    )


# --- Proposing ----------------------------------------------------------------------------------------------


def _propose_page(request, form, *, checks=None, status=200):
    return render(
        request,
        "awards/nominee_form.html",
        {"nav": "awards", "tab": "nominees", "form": form, "checks": checks},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def nominee_propose(request):
    """Propose one member or one org. "Kiểm tra điều kiện" shows the conditions without saving."""
    actor = request.user
    require(actor, Action.CREATE)
    today = timezone.localdate()
    initial = {"proposed_on": today, "year_to": rules.default_year(today)}
    if actor.org_id:
        initial["proposing_org"] = actor.org.code
    if (member_pk := query_id(request.GET, "member")) is not None:
        member = scope(Member.objects.select_related("org"), actor, "org__path").filter(pk=member_pk).first()
        if member is not None:
            initial |= {"member": member_option(member), "kind": RecipientKind.MEMBER}
    if (org_code := request.GET.get("org", "")).strip():
        org = scope(Org.objects.all(), actor).filter(code=org_code.strip()).first()
        if org is not None:
            initial |= {"recipient_org": org.code, "kind": RecipientKind.ORG}
    form = ProposeForm(request.POST or None, actor=actor, initial=initial)
    if request.method == "GET":
        return _propose_page(request, form)
    if not form.is_valid():
        return _propose_page(request, form, status=400)
    values = form.values()
    if "check" in request.POST:
        try:
            checks = selectors.nominee_preview(actor=actor, **values)
        except DomainError as e:
            form.add_domain_error(e)
            return _propose_page(request, form, status=400)
        return _propose_page(request, form, checks=checks)
    try:
        nominee = services.nominee_propose(actor=actor, **values)
    except DomainError as e:
        form.add_domain_error(e)
        return _propose_page(request, form, status=400)
    messages.success(request, _("Đã đề nghị khen thưởng %(n)s.") % {"n": nominee.recipient_name})
    return redirect("awards:detail", nominee.pk)


@login_required
@require_http_methods(["GET", "POST"])
def nominee_batch(request):
    """The eligible members (or orgs) of a year under an org, ticked and proposed at once. The criteria travel
    in the query string; the POST carries the ticked recipients and the shared details."""
    actor = request.user
    require(actor, Action.CREATE)
    today = timezone.localdate()
    criteria = BatchCriteriaForm(
        request.GET or None,
        actor=actor,
        initial={
            "proposing_org": actor.org.code if actor.org_id else "",
            "year_to": rules.default_year(today),
        },
    )
    context = {"nav": "awards", "tab": "nominees", "criteria": criteria, "details": None, "page_obj": None}
    status = 400 if request.method == "POST" else 200
    if not (criteria.is_bound and criteria.is_valid()):
        return render(request, "awards/nominee_batch.html", context, status=400 if criteria.is_bound else status)
    c = criteria.cleaned_data
    try:
        params = eligibility.award_params(today, field=None)
        qs = selectors.batch_candidates(
            actor=actor,
            org=c["proposing_org"],
            kind=c["kind"],
            form=c["form"],
            period_type=c["period_type"],
            year_to=c["year_to"],
            on=today,
        )
    except DomainError as e:
        criteria.add_domain_error(e)
        return render(request, "awards/nominee_batch.html", context, status=400)
    page = Paginator(qs, BATCH_PER_PAGE).get_page(request.GET.get("page"))
    posted = _posted_ids(request)
    details = BatchProposeForm(request.POST or None, actor=actor, choices=[o.pk for o in page.object_list] + posted)
    if request.method == "POST" and details.is_valid():
        try:
            done = _batch_save(actor, c, details.cleaned_data)
        except DomainError as e:
            details.add_domain_error(e)
        else:
            messages.success(
                request,
                ngettext("Đã đề nghị khen thưởng %(n)s trường hợp.", "Đã đề nghị khen thưởng %(n)s trường hợp.", done)
                % {"n": done},
            )
            query = urlencode({"org": c["proposing_org"].code, "year": c["year_to"], "status": "proposed"})
            return redirect(f"{reverse('awards:list')}?{query}")
    span = params.consecutive_years if c["period_type"] == PeriodType.FIVE_YEAR else 1
    years = list(range(c["year_to"] - span + 1, c["year_to"] + 1))
    labels = dict(Rating.choices)
    ticked = set(posted) if request.method == "POST" else None
    rows = []
    for o in page.object_list:
        levels = [(y, getattr(o, f"level_{y}", ""), labels.get(getattr(o, f"level_{y}", ""), "")) for y in years]
        rows.append((o, levels, ticked is None or o.pk in ticked))
    context |= {"details": details, "page_obj": page, "rows": rows, "kind": c["kind"]}
    return render(request, "awards/nominee_batch.html", context, status=status)


# The largest key the databases store: a longer number typed into the form is no record, not a server error.
MAX_ID = 2**63 - 1


def _posted_ids(request) -> list[int]:
    return [int(v) for v in request.POST.getlist("recipients") if v.isascii() and v.isdigit() and int(v) <= MAX_ID]


def _batch_save(actor, criteria: dict, details: dict) -> int:
    ids = details["recipients"]
    if not ids:
        raise DomainError(_("Đánh dấu ít nhất một trường hợp để đề nghị."), field="recipients")
    if criteria["kind"] == RecipientKind.MEMBER:
        found = list(scope(Member.objects.filter(pk__in=ids), actor, "org__path"))
        members, orgs = found, []
    else:
        found = list(scope(Org.objects.filter(pk__in=ids), actor))
        members, orgs = [], found
    if len(found) != len(set(ids)):
        raise DomainError(_("Có trường hợp không còn trong phạm vi quản lý: tải lại trang."), field="recipients")
    year_to = criteria["year_to"]
    year_from = None
    if criteria["period_type"] == PeriodType.FIVE_YEAR:
        year_from = year_to - eligibility.award_params(details["proposed_on"]).consecutive_years + 1
    return len(
        services.nominees_propose(
            actor=actor,
            proposing_org=criteria["proposing_org"],
            members=members,
            orgs=orgs,
            form=criteria["form"],
            period_type=criteria["period_type"],
            year_from=year_from,
            year_to=year_to,
            proposed_on=details["proposed_on"],
            document_no=details["document_no"],
            achievement=details["achievement"],
        )
    )


# --- One nomination -----------------------------------------------------------------------------------------


def detail_page(request, nominee, *, bound=None, status: int = 200):
    """One nomination. `bound` = (key, form) is the form a POST failed with."""
    actor = request.user
    today = timezone.localdate()
    years = list(range(nominee.year_from, nominee.year_to + 1))
    levels = eligibility.levels_for_nominees([nominee]).get(eligibility.recipient_key(nominee), {})
    try:
        checks = eligibility.nominee_eligibility(nominee, today, field=None)
        missing_rules = ""
    except DomainError as e:
        checks, missing_rules = None, e.message
    is_open = nominee.status in OPEN_STATUSES
    review_form = withdraw_form = None
    if is_open and services.can_review(actor, nominee):
        review_form = (
            bound[1] if bound and bound[0] == "review" else ReviewForm(actor=actor, initial={"reviewed_on": today})
        )
    if is_open and services.can_withdraw(actor, nominee):
        withdraw_form = (
            bound[1] if bound and bound[0] == "withdraw" else WithdrawForm(actor=actor, initial={"withdrawn_on": today})
        )
    if bound is not None and bound[1] not in (review_form, withdraw_form):
        for errors in bound[1].errors.values():
            for error in errors:
                messages.error(request, error)
    return render(
        request,
        "awards/nominee_detail.html",
        {
            "nav": "awards",
            "tab": "nominees",
            "n": nominee,
            "years": [(y, levels.get(y, ""), dict(Rating.choices).get(levels.get(y, ""), "")) for y in years],
            "checks": checks,
            "missing_rules": missing_rules,
            "review_form": review_form,
            "withdraw_form": withdraw_form,
            "open_panel": bound[0] if bound else "",
            "decision_visible": selectors.decision_visible(actor, nominee),
            "breadcrumbs": org_selectors.org_breadcrumbs(actor=actor, org=nominee.proposing_org),
        },
        status=status,
    )


@login_required
@require_GET
def nominee_detail(request, pk):
    nominee = selectors.nominee_get(actor=request.user, pk=pk)
    require(request.user, Action.VIEW)
    return detail_page(request, nominee)


@login_required
@require_POST
def nominee_review(request, pk):
    actor = request.user
    nominee = selectors.nominee_get(actor=actor, pk=pk)
    if not services.can_review(actor, nominee):
        raise PermissionDenied
    form = ReviewForm(request.POST, actor=actor)
    if form.is_valid():
        try:
            services.nominee_review(actor=actor, nominee=nominee, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            nominee.refresh_from_db(fields=["status"])
            messages.success(
                request,
                _("Đã xét đề nghị của %(n)s: %(s)s.")
                % {"n": nominee.recipient_name, "s": nominee.get_status_display()},
            )
            return redirect("awards:detail", nominee.pk)
    return detail_page(request, nominee, bound=("review", form), status=400)


@login_required
@require_POST
def nominee_withdraw(request, pk):
    actor = request.user
    nominee = selectors.nominee_get(actor=actor, pk=pk)
    require(actor, Action.EDIT, nominee.proposing_org.path)
    form = WithdrawForm(request.POST, actor=actor)
    if form.is_valid():
        try:
            services.nominee_withdraw(actor=actor, nominee=nominee, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã rút đề nghị khen thưởng %(n)s.") % {"n": nominee.recipient_name})
            return redirect("awards:detail", nominee.pk)
    return detail_page(request, nominee, bound=("withdraw", form), status=400)


urlpatterns = [
    path("", nominee_list, name="list"),
    path("export/", nominee_export, name="export"),
    path("new/", nominee_propose, name="propose"),
    path("batch/", nominee_batch, name="batch"),
    path("<int:pk>/", nominee_detail, name="detail"),
    path("<int:pk>/review/", nominee_review, name="review"),
    path("<int:pk>/withdraw/", nominee_withdraw, name="withdraw"),
]
