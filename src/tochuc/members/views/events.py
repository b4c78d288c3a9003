"""The lifecycle event forms: one view for every event, driven by a registry of what each event needs
(its form, its service, its title, the states it makes sense in); and the cancelling of a mistaken event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.scope import in_scope, require
from tochuc.orgs import selectors as org_selectors

from .. import forms as f
from .. import selectors_dossier as dossier_selectors
from .. import services
from ..choices import ACTIVE_STATUSES, Status
from ..selectors_dossier import Dossier


def _settled(d: Dossier) -> bool:
    """Active and not between two orgs: most events need that (the services refuse the rest)."""
    return d.member.status in ACTIVE_STATUSES and not d.member.in_transit


def _probationary(d: Dossier) -> bool:
    return _settled(d) and d.member.status == Status.PROBATIONARY


def _official(d: Dossier) -> bool:
    return _settled(d) and d.member.status == Status.OFFICIAL


@dataclass(frozen=True)
class EventSpec:
    """One lifecycle event as the pages offer it."""

    slug: str
    title: str
    form: type[f.EventForm]
    service: Callable
    allowed: Callable[[Dossier], bool]  # whether the actions menu offers it for the member's state
    extra: dict = field(default_factory=dict)  # fixed arguments of the service
    danger: bool = False  # ends or interrupts the membership: shown apart in the menu
    help: str = ""


EVENTS: dict[str, EventSpec] = {
    spec.slug: spec
    for spec in [
        EventSpec(
            "ceremony",
            gettext_lazy("Lễ kết nạp"),
            f.CeremonyForm,
            services.member_ceremony,
            lambda d: _probationary(d) and not d.member.ceremony_on,
            help=gettext_lazy("Tổ chức trong 30 ngày làm việc kể từ ngày nhận quyết định kết nạp."),
        ),
        EventSpec(
            "recognize",
            gettext_lazy("Công nhận đảng viên chính thức"),
            f.RecognizeForm,
            services.member_recognize,
            lambda d: _probationary(d) and bool(d.member.ceremony_on),
            help=gettext_lazy("Chỉ công nhận khi đã hết 12 tháng dự bị tính từ ngày lễ kết nạp."),
        ),
        EventSpec(
            "transfer_out",
            gettext_lazy("Chuyển sinh hoạt đảng chính thức"),
            f.TransferOutForm,
            services.member_transfer_out,
            _settled,
            help=gettext_lazy(
                "Trong tỉnh: ghi mã tổ chức nhận, tổ chức nhận xác nhận khi đảng viên đến. "
                "Ra ngoài tỉnh: ghi nơi đến, đảng viên ra khỏi danh sách của tỉnh."
            ),
        ),
        EventSpec(
            "temporary_out",
            gettext_lazy("Chuyển sinh hoạt tạm thời"),
            f.TemporaryOutForm,
            services.member_transfer_out,
            lambda d: _settled(d) and not d.member.temporary_host_id,
            extra={"temporary": True},
            help=gettext_lazy("Đảng viên sinh hoạt tạm thời vẫn tính vào đảng số của tổ chức nơi đi."),
        ),
        EventSpec(
            "temporary_return",
            gettext_lazy("Trở lại sau sinh hoạt tạm thời"),
            f.OnForm,
            services.member_temporary_return,
            lambda d: bool(d.member.temporary_host_id),
        ),
        EventSpec(
            "transfer_in",
            gettext_lazy("Xác nhận tiếp nhận sinh hoạt"),
            f.TransferInForm,
            services.member_transfer_in,
            lambda d: d.member.in_transit and d.pending_to is not None,
            help=gettext_lazy("Giấy giới thiệu phải nộp trong 30 ngày làm việc kể từ ngày ký."),
        ),
        EventSpec(
            "exempt",
            gettext_lazy("Miễn công tác và sinh hoạt đảng"),
            f.ExemptForm,
            services.member_exempt,
            lambda d: _settled(d) and not d.member.exempted,
        ),
        EventSpec(
            "exemption_end",
            gettext_lazy("Thôi miễn công tác và sinh hoạt"),
            f.OnForm,
            services.member_exemption_end,
            lambda d: d.member.exempted,
        ),
        EventSpec(
            "contact_lost",
            gettext_lazy("Ghi nhận mất liên lạc"),
            f.NoteForm,
            services.member_contact_lost,
            lambda d: _settled(d) and not d.member.lost_contact,
            help=gettext_lazy("Thời gian mất liên lạc không tính tuổi đảng."),
        ),
        EventSpec(
            "contact_restored",
            gettext_lazy("Liên lạc lại"),
            f.NoteForm,
            services.member_contact_restored,
            lambda d: d.member.lost_contact,
        ),
        EventSpec(
            "badge",
            gettext_lazy("Trao Huy hiệu Đảng"),
            f.BadgeForm,
            services.member_award_badge,
            lambda d: _official(d) and d.badge_eligible_if_ill is not None,
        ),
        EventSpec(
            "card",
            gettext_lazy("Cấp, cấp lại thẻ đảng viên"),
            f.CardForm,
            services.member_issue_card,
            _official,
        ),
        EventSpec(
            "remove_probationary",
            gettext_lazy("Xóa tên đảng viên dự bị"),
            f.RemoveProbationaryForm,
            services.member_remove_probationary,
            _probationary,
            danger=True,
        ),
        EventSpec(
            "remove",
            gettext_lazy("Xóa tên"),
            f.RemoveForm,
            services.member_remove,
            _official,
            danger=True,
            help=gettext_lazy("Xóa tên không phải là hình thức kỷ luật."),
        ),
        EventSpec("expel", gettext_lazy("Khai trừ"), f.DecisionForm, services.member_expel, _settled, danger=True),
        EventSpec("leave", gettext_lazy("Ra khỏi Đảng"), f.DecisionForm, services.member_leave, _settled, danger=True),
        EventSpec(
            "died",
            gettext_lazy("Từ trần"),
            f.DiedForm,
            services.member_died,
            lambda d: d.member.status in ACTIVE_STATUSES,
            danger=True,
        ),
        EventSpec(
            "reinstate",
            gettext_lazy("Khôi phục đảng tịch"),
            f.DecisionForm,
            services.member_reinstate,
            lambda d: d.member.status in (Status.REMOVED, Status.EXPELLED),
        ),
        EventSpec(
            "readmit",
            gettext_lazy("Kết nạp lại"),
            f.ReadmitForm,
            services.member_readmit,
            lambda d: d.member.status in (Status.REMOVED, Status.EXPELLED, Status.LEFT) and not d.readmitted,
            help=gettext_lazy("Chỉ kết nạp lại một lần, sau ít nhất 36 tháng kể từ khi ra khỏi Đảng."),
        ),
    ]
}


def _acting_path(spec: EventSpec, d: Dossier) -> str:
    """Where the actor must be allowed to edit: the receiving org confirms an arrival, the member's org
    records everything else."""
    if spec.slug == "transfer_in" and d.pending_to is not None:
        return d.pending_to.path
    return d.member.org.path


def events_for(user, d: Dossier) -> list[EventSpec]:
    """The events the actions menu offers this user for this member's current state."""
    if not user.can(Action.EDIT):
        return []
    return [spec for spec in EVENTS.values() if in_scope(user, _acting_path(spec, d)) and spec.allowed(d)]


@login_required
@require_http_methods(["GET", "POST"])
def event(request, pk, slug):
    spec = EVENTS.get(slug)
    if spec is None:
        raise Http404
    d = dossier_selectors.member_dossier(actor=request.user, pk=pk)
    member = d.member
    require(request.user, Action.EDIT, _acting_path(spec, d))
    form = spec.form(request.POST or None, actor=request.user, member=member, dossier=d)
    if request.method == "POST" and form.is_valid():
        try:
            spec.service(actor=request.user, member=member, **form.cleaned_data, **spec.extra)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã ghi nhận «%(e)s» của %(n)s.") % {"e": spec.title, "n": member.full_name})
            return redirect("members:detail", member.pk)
    return render(
        request,
        "members/event_form.html",
        {
            "form": form,
            "member": member,
            "d": d,
            "spec": spec,
            "title": spec.title,
            "unusual": not spec.allowed(d),
            "breadcrumbs": org_selectors.org_breadcrumbs(actor=request.user, org=member.org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, pk, event_id):
    """Cancel the latest event, recorded by mistake, with a correcting event that keeps the history."""
    d = dossier_selectors.member_dossier(actor=request.user, pk=pk)
    member = d.member
    require(request.user, Action.EDIT, member.org.path)
    target = next((e for e in d.events if e.pk == event_id), None)
    if target is None:
        raise Http404
    form = f.CancelEventForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(actor=request.user, event=target, reason=form.cleaned_data["reason"])
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã hủy sự kiện «%(e)s».") % {"e": target.get_kind_display()})
            return redirect("members:detail", member.pk)
    return render(
        request,
        "members/event_form.html",
        {
            "form": form,
            "member": member,
            "d": d,
            "target": target,
            "title": _("Hủy sự kiện ghi nhầm: %(e)s") % {"e": target.get_kind_display()},
            "unusual": target.pk != d.latest_event_id,
            "breadcrumbs": org_selectors.org_breadcrumbs(actor=request.user, org=member.org),
        },
    )


urlpatterns = [
    path("<int:pk>/events/<int:event_id>/cancel/", cancel, name="event_cancel"),
    path("<int:pk>/events/<slug:slug>/", event, name="event"),
]
