"""Election pages: the elections in scope and those of one congress; a new election; the counting board's
entry, ballot by ballot (a box per name, the running count beside) or as verified totals; the count and its
result, with the further round when one is needed; the minutes as PDF; and the upper committee's approval."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.scope import require, scope
from tochuc.orgs.selectors import org_from_query
from tochuc.recruitment.forms import MemberRefField, member_option

from ..choices import Body, ElectionStatus, EntryMode
from ..forms.elections import (
    ApproveForm,
    BallotForm,
    ElectionForm,
    IssuedForm,
    MinutesForm,
    NextRoundForm,
    TotalsForm,
    candidate_lines,
)
from ..models import Election
from ..selectors import elections as selectors
from ..selectors.congresses import congress_get
from ..services import elections as services

PER_PAGE = 30


def _page(request, template: str, context: dict, status: int = 200):
    return render(request, template, {"nav": "congresses", "tab": "elections", **context}, status=status)


@login_required
@require_GET
def election_list(request):
    """Every election in the actor's scope, newest first, filtered by status and body."""
    require(request.user, Action.LIST)
    qs = scope(
        Election.objects.select_related("congress", "congress__org"), request.user, "congress__org__path"
    ).order_by("-held_on", "congress__org__path", "body", "round")
    org = org_from_query(actor=request.user, params=request.GET)
    if org is not None:
        qs = qs.filter(congress__org__path__under=org.path)
    status = request.GET.get("status") or ""
    body = request.GET.get("body") or ""
    if status in ElectionStatus.values:
        qs = qs.filter(status=status)
    if body in Body.values:
        qs = qs.filter(body=body)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return _page(
        request,
        "congresses/election_list.html",
        {
            "page_obj": page,
            "org": org,
            "status": status,
            "body": body,
            "statuses": ElectionStatus.choices,
            "bodies": Body.choices,
        },
    )


@login_required
@require_GET
def congress_elections(request, pk):
    """The elections of one congress, with the button to add one."""
    congress = congress_get(actor=request.user, pk=pk)
    return _page(
        request,
        "congresses/election_congress.html",
        {
            "congress": congress,
            "elections": selectors.election_list(congress=congress),
            "can_create": request.user.can(Action.CREATE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_create(request, pk):
    """A new election of the congress: the figures prefilled from its delegates or members, the names from
    the personnel plan's list for the body chosen (?body=)."""
    congress = congress_get(actor=request.user, pk=pk, action=Action.CREATE)
    body = request.GET.get("body") if request.GET.get("body") in Body.values else Body.COMMITTEE
    form = ElectionForm(request.POST or None, actor=request.user)
    if request.method == "GET":
        defaults = selectors.election_defaults(congress=congress, body=body)
        form = ElectionForm(
            actor=request.user,
            initial={
                "body": body,
                "held_on": congress.held_from or min(congress.planned_from, timezone.localdate()),
                "seats": defaults["seats"],
                "summoned": defaults["summoned"],
                "absent_excused": defaults["absent_excused"],
                "ballots_issued": defaults["ballots_issued"],
                "entry_mode": EntryMode.BALLOTS,
                "candidates": candidate_lines(defaults["candidates"]),
            },
        )
    elif request.POST.get("add_candidate"):
        form, status = _add_candidate(request)
        return _page(
            request,
            "congresses/election_form.html",
            {"congress": congress, "form": form, "bodies": Body.choices, "body": body, "pick_error": status},
            status=400 if status else 200,
        )
    elif form.is_valid():
        try:
            election = services.election_create(actor=request.user, congress=congress, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã lập cuộc bầu %(e)s.") % {"e": election.get_body_display()})
            return redirect("congresses:election_detail", election.pk)
    return _page(
        request,
        "congresses/election_form.html",
        {"congress": congress, "form": form, "bodies": Body.choices, "body": body},
        status=400 if form.errors else 200,
    )


def _add_candidate(request) -> tuple[ElectionForm, str]:
    """The suggestion picked in the box added as the list's last line (without scripts: the page comes back
    with the form as typed and one more name); the election is not created yet."""
    data = {k: request.POST.get(k, "") for k in ElectionForm.base_fields}
    picker = MemberRefField(required=False)
    picker.actor = request.user
    error = ""
    try:
        member = picker.clean(request.POST.get("member_pick", ""))
    except ValidationError as e:
        member, error = None, " ".join(e.messages)
    if member is not None:
        lines = [line for line in data["candidates"].splitlines() if line.strip()]
        data["candidates"] = "\n".join([*lines, member_option(member)])
    elif not error:
        error = _("Gõ họ tên rồi chọn một người trong danh sách gợi ý.")
    return ElectionForm(actor=request.user, initial=data), error


def _detail_context(request, election) -> dict:
    actor = request.user
    can_edit = actor.can(Action.EDIT) and election.status == ElectionStatus.OPEN
    return {
        "e": election,
        "congress": election.congress,
        "candidates": selectors.candidates_of(election),
        "base": election.summoned - election.absent_excused,
        "can_edit": can_edit,
        "later_round": Election.objects.filter(
            congress=election.congress, body=election.body, round=election.round + 1
        ).first(),
        "earlier_round": Election.objects.filter(
            congress=election.congress, body=election.body, round=election.round - 1
        ).first(),
    }


@login_required
@require_GET
def election_detail(request, pk):
    election = selectors.election_get(actor=request.user, pk=pk)
    context = _detail_context(request, election)
    if election.entry_mode == EntryMode.BALLOTS:
        context["count"] = selectors.running_count(election=election)
    return _page(request, "congresses/election_detail.html", context)


# --- Ballot by ballot ---------------------------------------------------------------------------------------


def _ballot_page(request, election, *, form=None, editing=None, issued_form=None, status=200):
    candidates = selectors.candidates_of(election)
    count = selectors.running_count(election=election)
    if form is None and editing is None:
        form = BallotForm(candidates=candidates)
    return _page(
        request,
        "congresses/election_ballot.html",
        {
            **_detail_context(request, election),
            "count": count,
            "form": form,
            "editing": editing,
            "issued_form": issued_form or IssuedForm(initial={"ballots_issued": election.ballots_issued}),
        },
        status=status,
    )


def _entry_open(request, election, mode: str):
    """Redirects to the election when it is not open for entry in `mode` (counted, or the other mode)."""
    if election.status != ElectionStatus.OPEN:
        messages.error(request, _("Cuộc bầu cử đã kiểm phiếu xong: không nhập, sửa phiếu được nữa."))
        return redirect("congresses:election_count", election.pk)
    if election.entry_mode != mode:
        messages.error(request, _("Cuộc bầu cử này nhập theo «%(m)s».") % {"m": election.get_entry_mode_display()})
        return redirect("congresses:election_detail", election.pk)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def election_ballot(request, pk):
    """The next ballot: its number, a ticked box per name (untick the names struck out), or invalid with
    its reason; the ballots entered so far and the running count beside."""
    election = selectors.election_get(actor=request.user, pk=pk, action=Action.EDIT)
    if (refusal := _entry_open(request, election, EntryMode.BALLOTS)) is not None:
        return refusal
    if request.method == "GET":
        return _ballot_page(request, election)
    form = BallotForm(request.POST, candidates=selectors.candidates_of(election))
    if form.is_valid():
        try:
            ballot = services.ballot_record(actor=request.user, election=election, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi phiếu số %(n)s.") % {"n": ballot.number})
            return redirect("congresses:election_ballot", election.pk)
    return _ballot_page(request, election, form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def election_ballot_edit(request, pk):
    """Correct one ballot before the count."""
    ballot = selectors.ballot_get(actor=request.user, pk=pk, action=Action.EDIT)
    election = selectors.election_get(actor=request.user, pk=ballot.election_id, action=Action.EDIT)
    if (refusal := _entry_open(request, election, EntryMode.BALLOTS)) is not None:
        return refusal
    candidates = selectors.candidates_of(election)
    if request.method == "GET":
        form = BallotForm(
            candidates=candidates,
            initial={
                "kept": [str(pk) for pk in ballot.kept.values_list("pk", flat=True)],
                "invalid": bool(ballot.invalid_reason),
                "invalid_reason": ballot.invalid_reason,
            },
        )
        return _ballot_page(request, election, form=form, editing=ballot)
    form = BallotForm(request.POST, candidates=candidates)
    if form.is_valid():
        try:
            services.ballot_update(actor=request.user, ballot=ballot, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã sửa phiếu số %(n)s.") % {"n": ballot.number})
            return redirect("congresses:election_ballot", election.pk)
    return _ballot_page(request, election, form=form, editing=ballot, status=400)


@login_required
@require_POST
def election_ballot_delete(request, pk):
    ballot = selectors.ballot_get(actor=request.user, pk=pk, action=Action.EDIT)
    try:
        services.ballot_delete(actor=request.user, ballot=ballot)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Đã bỏ phiếu số %(n)s.") % {"n": ballot.number})
    return redirect("congresses:election_ballot", ballot.election_id)


@login_required
@require_POST
def election_issued(request, pk):
    """Correct the ballots issued (entry ballot by ballot)."""
    election = selectors.election_get(actor=request.user, pk=pk, action=Action.EDIT)
    form = IssuedForm(request.POST)
    if form.is_valid():
        try:
            services.election_ballots_issued(actor=request.user, election=election, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi số phiếu phát ra."))
            return redirect("congresses:election_ballot", election.pk)
    if election.status != ElectionStatus.OPEN:
        return redirect("congresses:election_count", election.pk)
    return _ballot_page(request, election, issued_form=form, status=400)


# --- Totals -------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def election_totals(request, pk):
    """The counting board's verified totals, checked by the tally as they are saved."""
    election = selectors.election_get(actor=request.user, pk=pk, action=Action.EDIT)
    if (refusal := _entry_open(request, election, EntryMode.TOTALS)) is not None:
        return refusal
    candidates = selectors.candidates_of(election)
    form = TotalsForm(request.POST or None, election=election, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.election_totals(actor=request.user, election=election, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi số tổng hợp. Kiểm tra lại rồi bấm «Kiểm phiếu, công bố kết quả»."))
            return redirect("congresses:election_detail", election.pk)
    return _page(
        request,
        "congresses/election_totals.html",
        {**_detail_context(request, election), "form": form},
        status=400 if form.errors else 200,
    )


# --- The count, the result, the next round, the minutes, the approval ------------------------------------------


def _result_page(request, election, *, next_form=None, approve_form=None, status=200):
    actor = request.user
    result = selectors.election_result(election=election)
    context = _detail_context(request, election)
    can_next = (
        result is not None
        and result.round_needed
        and context["later_round"] is None
        and actor.can(Action.CREATE)
        and election.status != ElectionStatus.OPEN
    )
    rows = [r for r in result.rows if not r.elected] if result else []
    if can_next and next_form is None:
        next_form = NextRoundForm(
            actor=actor,
            rows=rows,
            initial={"held_on": election.held_on, "candidates": [str(r.candidate.member_id) for r in rows]},
        )
    can_approve = election.status == ElectionStatus.COUNTED and services.can_approve(actor, election.congress)
    if can_approve and approve_form is None:
        approve_form = ApproveForm(actor=actor, initial={"on": timezone.localdate()})
    return _page(
        request,
        "congresses/election_result.html",
        {
            **context,
            "result": result,
            "next_form": next_form if can_next else None,
            "approve_form": approve_form if can_approve else None,
            "minutes_form": MinutesForm(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_count(request, pk):
    """GET: the result (or what is missing before the count). POST: close the count."""
    election = selectors.election_get(actor=request.user, pk=pk)
    if request.method == "GET":
        if election.status == ElectionStatus.OPEN:
            return redirect("congresses:election_detail", election.pk)
        return _result_page(request, election)
    require(request.user, Action.EDIT, election.congress.org.path)
    try:
        services.election_count(actor=request.user, election=election)
    except DomainError as e:
        messages.error(request, _("Chưa kiểm phiếu được: %(m)s") % {"m": e.message})
        return redirect("congresses:election_detail", election.pk)
    messages.success(request, _("Đã kiểm phiếu, công bố kết quả."))
    return redirect("congresses:election_count", election.pk)


@login_required
@require_POST
def election_next_round(request, pk):
    election = selectors.election_get(actor=request.user, pk=pk, action=Action.CREATE)
    result = selectors.election_result(election=election)
    if result is None:
        raise Http404
    form = NextRoundForm(request.POST, actor=request.user, rows=[r for r in result.rows if not r.elected])
    if form.is_valid():
        try:
            second = services.election_next_round(actor=request.user, election=election, **form.values())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã lập lần bầu thứ %(r)s.") % {"r": second.round})
            return redirect("congresses:election_detail", second.pk)
    return _result_page(request, election, next_form=form, status=400)


@login_required
@require_POST
def election_approve(request, pk):
    election = selectors.election_get(actor=request.user, pk=pk)
    if not services.can_approve(request.user, election.congress):
        raise PermissionDenied
    form = ApproveForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            services.election_approve(actor=request.user, election=election, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã chuẩn y kết quả bầu cử."))
            return redirect("congresses:election_count", election.pk)
    return _result_page(request, election, approve_form=form, status=400)


@login_required
@require_GET
def election_minutes(request, pk):
    """The vote-counting minutes (A4, Vietnamese) of a counted election; the board and place as typed."""
    from ..pdf import minutes_pdf

    election = selectors.election_get(actor=request.user, pk=pk)
    if election.status == ElectionStatus.OPEN:
        raise Http404
    form = MinutesForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    board = [" ".join(line.split()) for line in (data.get("board") or "").splitlines() if line.strip()]
    pdf = minutes_pdf(
        election=election, actor=request.user, place=data.get("place", ""), chair=data.get("chair", ""), board=board
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bien-ban-kiem-phieu-{election.pk}.pdf"'
    return response


urlpatterns = [
    path("elections/", election_list, name="election_list"),
    path("elections/ballots/<int:pk>/", election_ballot_edit, name="election_ballot_edit"),
    path("elections/ballots/<int:pk>/delete/", election_ballot_delete, name="election_ballot_delete"),
    path("elections/<int:pk>/", election_detail, name="election_detail"),
    path("elections/<int:pk>/ballot/", election_ballot, name="election_ballot"),
    path("elections/<int:pk>/issued/", election_issued, name="election_issued"),
    path("elections/<int:pk>/totals/", election_totals, name="election_totals"),
    path("elections/<int:pk>/count/", election_count, name="election_count"),
    path("elections/<int:pk>/next/", election_next_round, name="election_next_round"),
    path("elections/<int:pk>/approve/", election_approve, name="election_approve"),
    path("elections/<int:pk>/minutes.pdf", election_minutes, name="election_minutes"),
    path("<int:pk>/elections/", congress_elections, name="elections"),
    path("<int:pk>/elections/new/", election_create, name="election_create"),
]
