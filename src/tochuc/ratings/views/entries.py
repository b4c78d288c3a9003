"""Entry pages: a campaign's list under an org (filtered, paginated, exported to Excel), the list decided at once
(a table of levels posted together, all rows or none), and one entry's page with its three steps (each posted
on its own; a refusal re-renders the page with the error beside its field), the ceiling computed as the officer
types, the decision reopened and a subject taken off the list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.exports import xlsx_response
from tochuc.core.scope import in_scope, require
from tochuc.orgs import selectors as org_selectors

from .. import rules
from ..choices import CampaignStatus, Rating, Stage, SubjectKind
from ..forms.campaigns import ReasonForm
from ..forms.entries import (
    BULK_CHOICES,
    AppraisalForm,
    BulkDecisionForm,
    DecisionForm,
    EntryFilterForm,
    ImportForm,
    SelfForm,
    level_field_name,
)
from ..selectors import campaigns as campaign_selectors
from ..selectors import entries as selectors
from ..services import campaigns as campaign_services
from ..services import decisions as decision_services
from ..services import entries as services
from ..services import imports as import_services
from .campaigns import ctx

PER_PAGE = 50
BULK_PER_PAGE = 100


def _filtered(request, campaign):
    actor = request.user
    form = EntryFilterForm(request.GET or None)
    org = org_selectors.org_from_query(actor=actor, params=request.GET)
    point = campaign_selectors.viewpoint(actor=actor, campaign=campaign, org=org)
    qs = selectors.entry_list(actor=actor, campaign=campaign, org=point, **form.selector_kwargs())
    return form, point, qs


@login_required
@require_GET
def entry_list(request, pk: int):
    actor = request.user
    campaign = campaign_selectors.campaign_get(actor=actor, pk=pk)
    form, point, qs = _filtered(request, campaign)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    entries = selectors.with_flags(page.object_list, campaign)
    return render(
        request,
        "ratings/entry_list.html",
        ctx(
            tab="entries",
            campaign=campaign,
            period=campaign_services.period_label(campaign),
            form=form,
            point=point,
            page_obj=page,
            entries=entries,
            yearly=campaign.period_kind == "year",
            can_export=actor.can(Action.EXPORT),
            can_import=campaign.status == CampaignStatus.OPEN and actor.can(Action.EDIT),
        ),
    )


HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Mã dòng"),
    gettext_lazy("Mã tổ chức"),
    gettext_lazy("Tổ chức đảng"),
    gettext_lazy("Đối tượng"),
    gettext_lazy("Họ và tên / Tên tổ chức"),
    gettext_lazy("Ngày sinh"),
    gettext_lazy("Mẫu"),
    gettext_lazy("Nhóm so sánh"),
    gettext_lazy("Bước"),
    gettext_lazy("NV được giao"),
    gettext_lazy("NV hoàn thành"),
    gettext_lazy("NV đúng tiến độ"),
    gettext_lazy("NV vượt yêu cầu"),
    gettext_lazy("Điểm tự chấm"),
    gettext_lazy("Tự xếp loại"),
    gettext_lazy("Điểm thẩm định"),
    gettext_lazy("Mức đề xuất"),
    gettext_lazy("Mức xếp loại"),
    gettext_lazy("Ngày quyết định"),
    gettext_lazy("Cấp quyết định"),
    gettext_lazy("Số quyết định"),
    gettext_lazy("Năm trước"),
]
WIDTHS = [6, 9, 14, 34, 12, 28, 12, 7, 18, 20, 9, 9, 9, 9, 9, 26, 9, 26, 26, 12, 30, 14, 26]


def _d(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _label(level: str) -> str:
    return str(Rating(level).label) if level in Rating.values else ""


def _num(value):
    return float(value) if value is not None else ""


@login_required
@require_GET
def entries_export(request, pk: int):
    """The filtered list as .xlsx: what the page shows, without the pagination."""
    actor = request.user
    campaign = campaign_selectors.campaign_get(actor=actor, pk=pk)
    require(actor, Action.EXPORT)
    _form, point, qs = _filtered(request, campaign)

    def rows():
        for i, e in enumerate(qs.iterator(chunk_size=2000), start=1):
            member = e.member if e.kind == SubjectKind.MEMBER else None
            yield [
                i,
                e.pk,
                e.org.code,
                e.org.name,
                e.get_kind_display(),
                member.full_name if member else e.org.name,
                _d(member.birth_date) if member else "",
                e.form,
                e.group,
                e.get_stage_display(),
                e.tasks_total if e.tasks_total is not None else "",
                e.tasks_done if e.tasks_done is not None else "",
                e.tasks_on_time if e.tasks_on_time is not None else "",
                e.tasks_exceeded if e.tasks_exceeded is not None else "",
                _num(e.self_score),
                _label(e.self_level),
                _num(e.appraisal_score),
                _label(e.appraisal_level),
                _label(e.level),
                _d(e.decided_on),
                e.decided_by,
                e.decision_no,
                _label(getattr(e, "previous_level", "") or ""),
            ]

    today = timezone.localdate()
    return xlsx_response(
        f"xep-loai-{campaign.pk}-{point.code}-{today:%Y%m%d}",
        title=campaign.title.upper(),
        subtitle=_("%(o)s. Đến ngày %(d)s.") % {"o": point.name, "d": _d(today)},
        headers=[str(h) for h in HEADERS],
        rows=rows(),
        widths=WIDTHS,
    )


# --- One entry ---------------------------------------------------------------------------------------------


def _initial(entry, names) -> dict:
    return {n: getattr(entry, n) for n in names}


CONDITIONS = services.CONDITION_FIELDS


def entry_page(request, entry, *, forms: dict | None = None, status: int = 200):
    """The entry's page: its record, the ceiling, and the form of each step the actor may take now."""
    actor = request.user
    forms = forms or {}
    campaign = entry.campaign
    is_open = campaign.status == CampaignStatus.OPEN
    can_edit = is_open and actor.can(Action.EDIT)
    anchor = decision_services.anchors([entry.org])[entry.org_id]
    decider_problem = decision_services.decider_problem(actor, entry, anchor)
    may_decide = is_open and decider_problem is None
    today = timezone.localdate()
    # a form posted and refused is shown again with its errors, whatever the page would offer now
    self_form, appraisal_form = forms.get("self"), forms.get("appraise")
    decision_form, reopen_form, remove_form = forms.get("decide"), forms.get("reopen"), forms.get("remove")
    if self_form is None and can_edit and entry.stage in (Stage.PENDING, Stage.SELF):
        self_form = SelfForm(
            prefix="self",
            actor=actor,
            kind=entry.kind,
            initial={
                **_initial(entry, ("form", "self_level", "self_note", *CONDITIONS)),
                "self_score": rules.fmt_score(entry.self_score),
                "self_on": entry.self_on or today,
            },
        )
    appraiser_problem = services.appraiser_problem(actor, entry)
    if appraisal_form is None and can_edit and not appraiser_problem and entry.stage in (Stage.SELF, Stage.APPRAISED):
        appraisal_form = AppraisalForm(
            prefix="appr",
            actor=actor,
            initial={
                **_initial(entry, ("appraisal_note", "group", *CONDITIONS)),
                "appraisal_level": entry.appraisal_level or entry.self_level,
                "appraisal_score": rules.fmt_score(entry.appraisal_score),
                "appraised_on": entry.appraised_on or today,
            },
        )
    if decision_form is None and may_decide and entry.stage in (Stage.SELF, Stage.APPRAISED):
        decision_form = DecisionForm(
            prefix="dec",
            actor=actor,
            initial={
                "level": entry.appraisal_level or entry.self_level,
                "decided_on": today,
                "decided_by": decision_services.default_decider(entry, anchor),
            },
        )
    if reopen_form is None and may_decide and entry.stage == Stage.DECIDED:
        reopen_form = ReasonForm(prefix="reopen", actor=actor)
    if remove_form is None and can_edit and entry.stage == Stage.PENDING:
        remove_form = ReasonForm(prefix="remove", actor=actor)
    if entry.kind == SubjectKind.MEMBER:
        levels = selectors.yearly_levels(members=[entry.member_id]).get((SubjectKind.MEMBER, entry.member_id), {})
    else:
        levels = selectors.yearly_levels(orgs=[entry.org_id]).get((SubjectKind.ORG, entry.org_id), {})
    return render(
        request,
        "ratings/entry_detail.html",
        ctx(
            tab="entries",
            entry=entry,
            campaign=campaign,
            period=campaign_services.period_label(campaign),
            params=campaign_services.campaign_params(campaign),
            verdict=services.entry_verdict(entry),
            scored=services.scored(entry),
            self_form=self_form,
            appraisal_form=appraisal_form,
            decision_form=decision_form,
            reopen_form=reopen_form,
            remove_form=remove_form,
            decider_problem=decider_problem if is_open and entry.stage != Stage.PENDING else None,
            appraiser_problem=appraiser_problem if can_edit and entry.stage in (Stage.SELF, Stage.APPRAISED) else None,
            # a member rated here may have moved out of the scope since: their record is no longer the actor's
            member_visible=entry.kind == SubjectKind.MEMBER and in_scope(actor, entry.member.org.path),
            groups=selectors.groups_of(actor=actor, campaign=campaign),
            yearly=sorted(levels.items(), reverse=True),
            repeated=rules.repeated_failure(levels, campaign.year),
            streak=rules.excellent_streak(levels, campaign.year),
            is_open=is_open,
            condition_names=CONDITIONS,
        ),
        status=status,
    )


@login_required
@require_GET
def entry_detail(request, pk: int):
    return entry_page(request, selectors.entry_get(actor=request.user, pk=pk))


def _posted(request, pk: int, action: str):
    entry = selectors.entry_get(actor=request.user, pk=pk)
    require(request.user, action, entry.org.path)
    return entry


def _done(request, entry, message: str):
    messages.success(request, message)
    return redirect("ratings:entry", entry.pk)


@login_required
@require_POST
def entry_self(request, pk: int):
    entry = _posted(request, pk, Action.EDIT)
    form = SelfForm(request.POST, prefix="self", actor=request.user, kind=entry.kind)
    if form.is_valid():
        try:
            services.entry_self_assess(actor=request.user, entry=entry, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            return _done(request, entry, _("Đã ghi tự đánh giá của %(w)s.") % {"w": services.subject_name(entry)})
    return entry_page(request, selectors.entry_get(actor=request.user, pk=pk), forms={"self": form}, status=400)


@login_required
@require_POST
def entry_appraise(request, pk: int):
    entry = _posted(request, pk, Action.EDIT)
    form = AppraisalForm(request.POST, prefix="appr", actor=request.user)
    if form.is_valid():
        try:
            services.entry_appraise(actor=request.user, entry=entry, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            return _done(request, entry, _("Đã ghi kết quả thẩm định %(w)s.") % {"w": services.subject_name(entry)})
    return entry_page(request, selectors.entry_get(actor=request.user, pk=pk), forms={"appraise": form}, status=400)


def _require_decider(request) -> None:
    if not (request.user.can(Action.EDIT) or request.user.can(Action.APPROVE)):
        raise PermissionDenied


@login_required
@require_POST
def entry_decide(request, pk: int):
    entry = selectors.entry_get(actor=request.user, pk=pk)
    _require_decider(request)
    form = DecisionForm(request.POST, prefix="dec", actor=request.user)
    if form.is_valid():
        try:
            result = decision_services.entry_decide(actor=request.user, entry=entry, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            for warning in result.warnings:
                messages.warning(request, _("Lưu ý tỷ lệ: %(w)s.") % {"w": warning})
            return _done(
                request,
                entry,
                _("Đã ghi quyết định xếp loại %(w)s: %(l)s.")
                % {"w": services.subject_name(entry), "l": _label(result.entry.level)},
            )
    return entry_page(request, selectors.entry_get(actor=request.user, pk=pk), forms={"decide": form}, status=400)


@login_required
@require_POST
def entry_reopen(request, pk: int):
    entry = selectors.entry_get(actor=request.user, pk=pk)
    _require_decider(request)
    form = ReasonForm(request.POST, prefix="reopen", actor=request.user)
    if form.is_valid():
        try:
            decision_services.entry_reopen(actor=request.user, entry=entry, reason=form.cleaned_data["reason"])
        except DomainError as e:
            form.add_domain_error(e)
        else:
            return _done(request, entry, _("Đã hủy kết quả xếp loại của %(w)s.") % {"w": services.subject_name(entry)})
    return entry_page(request, selectors.entry_get(actor=request.user, pk=pk), forms={"reopen": form}, status=400)


@login_required
@require_POST
def entry_remove(request, pk: int):
    entry = _posted(request, pk, Action.EDIT)
    form = ReasonForm(request.POST, prefix="remove", actor=request.user)
    if form.is_valid():
        try:
            services.entry_remove(actor=request.user, entry=entry, reason=form.cleaned_data["reason"])
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã đưa %(w)s ra khỏi danh sách.") % {"w": services.subject_name(entry)})
            return redirect(reverse("ratings:entries", args=[entry.campaign_id]) + f"?org={entry.org.code}")
    return entry_page(request, selectors.entry_get(actor=request.user, pk=pk), forms={"remove": form}, status=400)


@login_required
@require_GET
def entry_ceiling(request, pk: int):
    """The ceiling for the score and conditions being typed (an HTMX fragment): nothing is written."""
    entry = selectors.entry_get(actor=request.user, pk=pk)
    prefix = request.GET.get("prefix") if request.GET.get("prefix") in ("self", "appr") else "self"
    form_class = SelfForm if prefix == "self" else AppraisalForm
    form = form_class(
        request.GET, prefix=prefix, actor=request.user, **({"kind": entry.kind} if prefix == "self" else {})
    )
    form.is_valid()  # the fields that validate are used; the others keep the entry's values
    data = form.cleaned_data
    score_field = "self_score" if prefix == "self" else "appraisal_score"
    raw = (data.get(score_field) or "").strip()
    verdict = None
    problem = ""
    params = campaign_services.campaign_params(entry.campaign)
    if params is not None:
        try:  # the services' own checks: a number, from 0 to 100, two decimals at most
            score = services.clean_score(raw, score_field, required=False)
        except DomainError as e:
            score, problem = None, e.message
        if score is None and not problem and prefix == "appr":
            score = entry.self_score
        if score is not None:
            for name in CONDITIONS:  # a field typed wrong keeps the entry's value
                if name not in form.errors:
                    value = data.get(name)
                    if not name.startswith("tasks_"):
                        value = value or ("" if name == "disqualifier" else False)
                    setattr(entry, name, value)
            if prefix == "self" and data.get("form"):
                entry.form = data["form"]
            verdict = rules.rate(score, services.conditions_of(entry), params=params)
    return render(request, "ratings/_ceiling.html", {"verdict": verdict, "problem": problem, "params": params})


# --- The list decided at once ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def decide_list(request, pk: int):
    """The entries of an org's list (this page of it) with their scores, proposed levels and ceilings; the
    officer of the deciding level sets the levels and posts them together: all rows or none."""
    actor = request.user
    campaign = campaign_selectors.campaign_get(actor=actor, pk=pk)
    _require_decider(request)
    org = org_selectors.org_from_query(actor=actor, params=request.GET)
    point = campaign_selectors.viewpoint(actor=actor, campaign=campaign, org=org)
    kind = request.GET.get("kind") if request.GET.get("kind") in SubjectKind.values else SubjectKind.MEMBER
    stage = request.GET.get("stage") if request.GET.get("stage") in Stage.values else ""
    qs = selectors.entry_list(actor=actor, campaign=campaign, org=point, kind=kind, stage=stage)
    page = Paginator(qs, BULK_PER_PAGE).get_page(request.GET.get("page"))
    entries = selectors.with_flags(page.object_list, campaign)
    by_org = decision_services.anchors({e.org_id: e.org for e in entries}.values())
    is_open = campaign.status == CampaignStatus.OPEN
    prefill = request.GET.get("prefill") == "1"  # the table starts from the proposed levels
    bulk = BulkDecisionForm(request.POST or None, actor=actor) if is_open else None
    errors: dict[int, str] = {}
    posted = request.method == "POST"
    if posted:
        if bulk is None:
            raise Http404
        shown = {level_field_name(e.pk) for e in entries}
        stray = [k for k, v in request.POST.items() if k.startswith("level-") and v and k not in shown]
        if stray:  # the page's list changed since it was loaded (decided, reopened, taken off by someone else)
            bulk.add_error(
                None,
                _("Danh sách trên trang đã thay đổi từ khi mở (%(n)s dòng đã chọn không còn ở trang này): chưa ghi "
                  "dòng nào, xem lại rồi ghi lại.") % {"n": len(stray)},
            )  # fmt: skip
        elif bulk.is_valid():
            lines = [
                decision_services.DecisionRow(
                    row=page.start_index() + i, entry=e, level=request.POST.get(level_field_name(e.pk), "")
                )
                for i, e in enumerate(entries)
                if e.stage != Stage.PENDING
            ]
            try:
                result = decision_services.entries_decide(actor=actor, rows=lines, **bulk.cleaned_data)
            except decision_services.RowsRefused as e:
                errors = e.errors
                bulk.add_error(None, _("Chưa ghi dòng nào: sửa các dòng báo lỗi rồi ghi lại."))
            except DomainError as e:
                bulk.add_domain_error(e)
            else:
                for warning in result.warnings:
                    messages.warning(request, _("Lưu ý tỷ lệ: %(w)s.") % {"w": warning})
                messages.success(request, _("Đã ghi quyết định xếp loại (%(n)s trường hợp).") % {"n": result.written})
                return redirect(request.get_full_path())
    rows = []
    for i, e in enumerate(entries):
        n = page.start_index() + i
        verdict = services.entry_verdict(e)
        problem = decision_services.decider_problem(actor, e, by_org[e.org_id])
        proposed = e.appraisal_level or e.self_level
        editable = is_open and problem is None and e.stage in (Stage.SELF, Stage.APPRAISED)
        if posted:
            value = request.POST.get(level_field_name(e.pk), "")
        else:
            value = e.level or (
                proposed if prefill and editable and (verdict is None or verdict.allows(proposed)) else ""
            )
        rows.append(
            {
                "n": n,
                "entry": e,
                "verdict": verdict,
                "value": value,
                "proposed": proposed,
                "editable": editable,
                "problem": problem,
                "error": errors.get(n),
                "choices": [(v, lbl) for v, lbl in BULK_CHOICES if not v or verdict is None or verdict.allows(v)],
            }
        )
    return render(
        request,
        "ratings/decide_list.html",
        ctx(
            tab="decide",
            campaign=campaign,
            period=campaign_services.period_label(campaign),
            point=point,
            kind=kind,
            stage=stage,
            prefill=prefill,
            page_obj=page,
            rows=rows,
            bulk=bulk,
            field_name=level_field_name,
            params=campaign_services.campaign_params(campaign),
        ),
        status=400 if errors or (bulk is not None and bulk.errors) else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def self_import(request, pk: int):
    """Upload the exported list with the self-assessments filled in: all rows or none, each refusal named by
    its row and column."""
    actor = request.user
    campaign = campaign_selectors.campaign_get(actor=actor, pk=pk)
    require(actor, Action.EDIT)
    form = ImportForm(request.POST or None, request.FILES or None, actor=actor)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            written = import_services.self_scores_import(
                actor=actor, campaign=campaign, file=form.cleaned_data["file"], self_on=form.cleaned_data["self_on"]
            )
        except import_services.ImportRefused as e:
            problems = e.problems
            form.add_error(None, e.message)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi tự đánh giá của %(n)s trường hợp từ tệp.") % {"n": written})
            return redirect("ratings:entries", campaign.pk)
    return render(
        request,
        "ratings/self_import.html",
        ctx(
            tab="entries",
            campaign=campaign,
            period=campaign_services.period_label(campaign),
            form=form,
            problems=problems,
        ),
        status=400 if form.errors else 200,
    )


urlpatterns = [
    path("<int:pk>/entries/", entry_list, name="entries"),
    path("<int:pk>/entries/import/", self_import, name="self_import"),
    path("<int:pk>/entries/export/", entries_export, name="entries_export"),
    path("<int:pk>/decide/", decide_list, name="decide"),
    path("entries/<int:pk>/", entry_detail, name="entry"),
    path("entries/<int:pk>/self/", entry_self, name="entry_self"),
    path("entries/<int:pk>/appraise/", entry_appraise, name="entry_appraise"),
    path("entries/<int:pk>/decide/", entry_decide, name="entry_decide"),
    path("entries/<int:pk>/reopen/", entry_reopen, name="entry_reopen"),
    path("entries/<int:pk>/remove/", entry_remove, name="entry_remove"),
    path("entries/<int:pk>/ceiling/", entry_ceiling, name="entry_ceiling"),
]
