"""Recommendation pages: the list (filters by conference, org, topic, status, deadline; Excel), a
recommendation's page with its history and follow-up (assign, answer, close, reopen), and the board of
open, in progress, answered, closed, overdue and late-answered ones by org and by topic (Excel)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.exports import xlsx_response
from tochuc.core.forms import query_id
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from .. import rules
from ..choices import RecommendationStatus
from ..forms.recommendations import (
    AnswerForm,
    AssignForm,
    BoardFilterForm,
    CloseForm,
    RecommendationFilterForm,
    ReopenForm,
)
from ..selectors import conferences as conference_selectors
from ..selectors import proposals as proposal_selectors
from ..selectors import recommendations as selectors
from ..services import recommendations as services

PER_PAGE = 50
S = RecommendationStatus


def _ctx(**extra) -> dict:
    return {"nav": "proposals", "tab": "recommendations", **extra}


def _conference(request):
    pk = query_id(request.GET, "conference")
    return conference_selectors.conference_get(actor=request.user, pk=pk) if pk is not None else None


def _filtered(request):
    """The list's filters (the export reads the same); an org or a conference outside the scope is a 404."""
    conference = _conference(request)
    choices = conference_selectors.conference_choices(actor=request.user)
    if conference is not None and conference not in choices:
        choices = [conference, *choices]
    form = RecommendationFilterForm(request.GET or None, conferences=choices)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    today = timezone.localdate()
    soon = proposal_selectors.soon_until(today)
    qs = selectors.recommendation_list(
        actor=request.user, conference=conference, org=org, today=today, soon_until=soon, **form.selector_kwargs()
    )
    return form, conference, org, qs, today, soon


@login_required
@require_GET
def recommendation_list(request):
    form, conference, org, qs, today, soon = _filtered(request)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "proposals/recommendation_list.html",
        _ctx(
            form=form,
            conference=conference,
            org=org,
            page_obj=page,
            rows=selectors.rows(page.object_list, today=today, soon_until=soon),
            soon_days=rules.DUE_SOON_WORKING_DAYS,
            can_export=request.user.can(Action.EXPORT),
        ),
    )


HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Hội nghị"),
    gettext_lazy("Ngày hội nghị"),
    gettext_lazy("Số kiến nghị"),
    gettext_lazy("Địa phương, đơn vị kiến nghị"),
    gettext_lazy("Mã tổ chức"),
    gettext_lazy("Lĩnh vực"),
    gettext_lazy("Nội dung kiến nghị"),
    gettext_lazy("Tình trạng"),
    gettext_lazy("Cơ quan được giao"),
    gettext_lazy("Ngày giao"),
    gettext_lazy("Hạn trả lời"),
    gettext_lazy("Ngày trả lời"),
    gettext_lazy("Số văn bản trả lời"),
    gettext_lazy("Nội dung trả lời"),
    gettext_lazy("Ngày kết thúc"),
    gettext_lazy("Thời hạn"),
]
WIDTHS = [6, 40, 12, 8, 30, 12, 30, 60, 18, 28, 12, 12, 12, 16, 60, 12, 16]


@login_required
@require_GET
def recommendation_export(request):
    _form, conference, org, qs, today, _soon = _filtered(request)  # outside the scope: 404 first
    require(request.user, Action.EXPORT)
    subtitle = _("Tính đến ngày %(d)s.") % {"d": today.strftime("%d/%m/%Y")}
    if conference is not None:
        subtitle = f"{conference.title} ({conference.held_on:%d/%m/%Y}). {subtitle}"
    # Without an org filter the sheet holds the actor's whole scope: its title names that org.
    org = org or (request.user.org if request.user.org_id else None)
    return xlsx_response(
        f"kien-nghi-{org.code if org else 'tat-ca'}-{today:%Y%m%d}",
        title=_("DANH SÁCH KIẾN NGHỊ CỦA ĐỊA PHƯƠNG, ĐƠN VỊ %(org)s") % {"org": (org.name if org else "").upper()},
        subtitle=subtitle,
        headers=[str(h) for h in HEADERS],
        rows=selectors.export_rows(qs, today=today),
        widths=WIDTHS,
    )


def _page(request, rec, *, failed: dict | None = None, status: int = 200):
    """A recommendation's page: its conference, content, follow-up and history; the forms of the steps the
    actor may take now (a failed one with its errors)."""
    actor = request.user
    today = timezone.localdate()
    steps = rules.RECOMMENDATION_STEPS
    allowed = {step: rules.step_allowed(steps, step, rec.status) for step in steps}
    forms: dict = {}
    if selectors.may_follow_up(actor, rec):
        if allowed["assign"]:
            initial = {"assigned_on": today, "assigned_to": rec.assigned_to, "due_on": rec.due_on}
            forms["assign"] = AssignForm(actor=actor, initial=initial)
        if allowed["answer"]:
            forms["answer"] = AnswerForm(actor=actor, initial={"answered_on": today})
        if allowed["close"]:
            forms["close"] = CloseForm(actor=actor, initial={"closed_on": today})
        if allowed["reopen"]:
            forms["reopen"] = ReopenForm(actor=actor, initial={"reopened_on": today})
    if failed:
        forms.update(failed)
    soon = proposal_selectors.soon_until(today)
    row = selectors.rows([rec], today=today, soon_until=soon)[0]
    return render(
        request,
        "proposals/recommendation_detail.html",
        _ctx(
            rec=rec,
            row=row,
            forms=forms,
            failed=next(iter(failed)) if failed else "",
            history=selectors.recommendation_history(rec),
            bodies=selectors.bodies_used(actor=actor) if "assign" in forms else [],
        ),
        status=status,
    )


@login_required
@require_GET
def recommendation_detail(request, pk):
    return _page(request, selectors.recommendation_get(actor=request.user, pk=pk))


def _step(request, pk: int, key: str, form_class, call, success: str):
    rec = selectors.recommendation_get(actor=request.user, pk=pk, action=Action.EDIT)
    selectors.check_follow_up(request.user, rec)
    form = form_class(request.POST, actor=request.user)
    if form.is_valid():
        try:
            call(rec, form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, success)
            return redirect("proposals:recommendation_detail", rec.pk)
    return _page(request, rec, failed={key: form}, status=400)


@login_required
@require_POST
def recommendation_assign(request, pk):
    return _step(
        request,
        pk,
        "assign",
        AssignForm,
        lambda rec, d: services.recommendation_assign(
            actor=request.user,
            recommendation=rec,
            assigned_to=d["assigned_to"],
            assigned_on=d["assigned_on"],
            due_on=d["due_on"],
        ),
        _("Đã giao xử lý kiến nghị."),
    )


@login_required
@require_POST
def recommendation_answer(request, pk):
    return _step(
        request,
        pk,
        "answer",
        AnswerForm,
        lambda rec, d: services.recommendation_answer(
            actor=request.user,
            recommendation=rec,
            answer=d["answer"],
            answered_on=d["answered_on"],
            answer_no=d.get("answer_no") or "",
        ),
        _("Đã ghi nhận trả lời kiến nghị."),
    )


@login_required
@require_POST
def recommendation_close(request, pk):
    return _step(
        request,
        pk,
        "close",
        CloseForm,
        lambda rec, d: services.recommendation_close(
            actor=request.user, recommendation=rec, closed_on=d["closed_on"], closing_note=d.get("closing_note") or ""
        ),
        _("Đã kết thúc theo dõi kiến nghị."),
    )


@login_required
@require_POST
def recommendation_reopen(request, pk):
    return _step(
        request,
        pk,
        "reopen",
        ReopenForm,
        lambda rec, d: services.recommendation_reopen(
            actor=request.user,
            recommendation=rec,
            reopened_on=d["reopened_on"],
            reason=d["reopen_reason"],
            due_on=d["due_on"],
        ),
        _("Đã mở lại kiến nghị."),
    )


# --- The board ----------------------------------------------------------------------------------------------


def _board(request):
    conference = _conference(request)
    choices = conference_selectors.conference_choices(actor=request.user)
    if conference is not None and conference not in choices:
        choices = [conference, *choices]
    form = BoardFilterForm(request.GET or None, conferences=choices)
    org = org_selectors.org_from_query(actor=request.user, params=request.GET)
    board = selectors.recommendation_board(
        actor=request.user, org=org, conference=conference, today=timezone.localdate(), **form.selector_kwargs()
    )
    return form, conference, org, board


def _kept(form, conference) -> tuple[str, str]:
    """The board's filters (conference, topic, year) as a query string, for the links from its figures to the
    list or to a child's board, so that a figure leads to the rows it counts; and the same without the topic,
    for the topic lines (each sets its own)."""
    values = form.selector_kwargs()
    kept = {"conference": conference.pk if conference else "", "topic": values["topic"], "year": values["year"] or ""}
    return (
        urlencode({k: v for k, v in kept.items() if v}),
        urlencode({k: v for k, v in kept.items() if v and k != "topic"}),
    )


@login_required
@require_GET
def board(request):
    form, conference, org, board = _board(request)
    keep, keep_but_topic = _kept(form, conference)
    return render(
        request,
        "proposals/board.html",
        _ctx(
            tab="board",
            form=form,
            conference=conference,
            org=org,
            board=board,
            rows=[r for r in board.by_org if form.show_everyone or r.counts.total],
            can_export=request.user.can(Action.EXPORT),
            keep=keep,
            keep_but_topic=keep_but_topic,
        ),
    )


BOARD_HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Địa phương, đơn vị"),
    gettext_lazy("Mã"),
    gettext_lazy("Tổng số kiến nghị"),
    gettext_lazy("Chưa giao xử lý"),
    gettext_lazy("Đang xử lý"),
    gettext_lazy("Đã trả lời"),
    gettext_lazy("Đã kết thúc"),
    gettext_lazy("Quá hạn chưa trả lời"),
    gettext_lazy("Trả lời quá hạn"),
    gettext_lazy("Tỷ lệ đã trả lời (%)"),
]


def _figures(c) -> list:
    return [c.total, c.open, c.assigned, c.answered, c.closed, c.overdue, c.late, c.percent_answered]


@login_required
@require_GET
def board_export(request):
    form, conference, _org, board = _board(request)
    require(request.user, Action.EXPORT)
    today = board.today
    rows = [r for r in board.by_org if form.show_everyone or r.counts.total]
    lines = [[i, r.label, r.key, *_figures(r.counts)] for i, r in enumerate(rows, start=1)]
    if board.direct is not None:
        label = _("Trực tiếp %(o)s") % {"o": board.direct.label}
        lines.append(["", label, board.direct.key, *_figures(board.direct.counts)])
    lines.append(["", _("Tổng cộng"), "", *_figures(board.totals)])
    lines.append([])
    lines.append(["", _("Theo lĩnh vực"), "", *[str(h) for h in BOARD_HEADERS[3:]]])
    lines += [["", r.label, "", *_figures(r.counts)] for r in board.by_topic]
    subtitle = _("Tính đến ngày %(d)s.") % {"d": today.strftime("%d/%m/%Y")}
    if conference is not None:
        subtitle = f"{conference.title} ({conference.held_on:%d/%m/%Y}). {subtitle}"
    root = board.root
    return xlsx_response(
        f"theo-doi-kien-nghi-{root.code if root else 'tat-ca'}-{today:%Y%m%d}",
        title=_("TỔNG HỢP TÌNH HÌNH GIẢI QUYẾT KIẾN NGHỊ %(org)s") % {"org": (root.name if root else "").upper()},
        subtitle=subtitle,
        headers=[str(h) for h in BOARD_HEADERS],
        rows=lines,
        widths=[6, 40, 12, 10, 10, 10, 10, 10, 12, 12, 12],
        sheet="Tong hop",
    )


urlpatterns = [
    path("recommendations/", recommendation_list, name="recommendations"),
    path("recommendations/export/", recommendation_export, name="recommendations_export"),
    path("recommendations/board/", board, name="board"),
    path("recommendations/board/export/", board_export, name="board_export"),
    path("recommendations/<int:pk>/", recommendation_detail, name="recommendation_detail"),
    path("recommendations/<int:pk>/assign/", recommendation_assign, name="recommendation_assign"),
    path("recommendations/<int:pk>/answer/", recommendation_answer, name="recommendation_answer"),
    path("recommendations/<int:pk>/close/", recommendation_close, name="recommendation_close"),
    path("recommendations/<int:pk>/reopen/", recommendation_reopen, name="recommendation_reopen"),
]
