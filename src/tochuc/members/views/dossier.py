"""A member's page, the dossier forms (enter, admit, receive, edit), family and work rows, the photo, the
printable dossier. The lifecycle event forms and the corrections have their own modules; their routes
are listed here (members/urls.py includes this module's urlpatterns)."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.scope import in_scope, require
from tochuc.core.text import fold
from tochuc.orgs import selectors as org_selectors
from tochuc.ratings.selectors.entries import member_panel

from .. import pdf, selectors, services
from .. import selectors_dossier as dossier_selectors
from ..forms import (
    AdmitForm,
    AwayEndForm,
    AwayStartForm,
    CorrectionRequestForm,
    DossierForm,
    MemberCreateForm,
    ReceiveForm,
    RelativeForm,
    WorkPeriodForm,
)
from ..rules import province_names
from ..services.dossier import member_photo_set, relative_add, relative_remove, work_period_add, work_period_remove
from . import corrections, events


def _cadre_id(member) -> int | None:
    try:
        return member.cadre.pk  # the reverse side of cadres.Cadre.member
    except ObjectDoesNotExist:
        return None


def _candidate_id(member) -> int | None:
    try:
        return member.candidate.pk  # the reverse side of recruitment.Candidate.member
    except ObjectDoesNotExist:
        return None


@login_required
@require_GET
def detail(request, pk):
    # The selector answers 404 outside the scope; a member on the way to an org of the scope is inside it.
    d = dossier_selectors.member_dossier(actor=request.user, pk=pk)
    require(request.user, Action.VIEW)
    member = d.member
    at_home = in_scope(request.user, member.org.path)
    can_edit = at_home and request.user.can(Action.EDIT)
    offered = events.events_for(request.user, d)
    # Recording a departure or a return, inline in the "Làm ăn xa" section, for those who may edit.
    away_now = d.away_now
    away_start_form = AwayStartForm(actor=request.user) if can_edit and member.is_active and not away_now else None
    away_end_form = AwayEndForm(actor=request.user) if can_edit and away_now else None
    return render(
        request,
        "members/detail.html",
        {
            "d": d,
            "member": member,
            "breadcrumbs": org_selectors.org_breadcrumbs(actor=request.user, org=member.org),
            "sensitive": dossier_selectors.can_see_sensitive(request.user),
            "can_edit": can_edit,
            "can_approve": at_home and request.user.can(Action.APPROVE),
            "events_offered": [e for e in offered if not e.danger],
            "events_ending": [e for e in offered if e.danger],
            "correction_form": CorrectionRequestForm(actor=request.user) if can_edit else None,
            "pending_corrections": [c for c in d.corrections if c.state == c.State.PENDING],
            "away_now": away_now,
            # The admission dossier the member came from, when admitted through the recruitment module.
            "candidate_id": _candidate_id(member),
            "cadre_id": _cadre_id(member),
            "away_start_form": away_start_form,
            "away_end_form": away_end_form,
            "provinces": province_names() if away_start_form else (),
            # The decided yearly quality ratings (366-QĐ/TW), with what they mean for the member.
            **member_panel(actor=request.user, member=member),
        },
    )


def _form_page(request, form, save, title, member=None, **extra):
    """Validate, call the service, show its refusal next to the field it names."""
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                return save(form)
        except DomainError as e:
            form.add_domain_error(e)
    if member is not None:
        extra["breadcrumbs"] = org_selectors.org_breadcrumbs(actor=request.user, org=member.org)
    return render(request, "members/form.html", {"form": form, "member": member, "title": title, **extra})


def _initial_org(request) -> dict:
    code = request.GET.get("org")
    return {"org": org_selectors.org_get(actor=request.user, code=code).code} if code else {}


def _new_member_values(form) -> dict:
    """The dossier values of a new record; `sex` is a named argument of the services."""
    values = form.dossier_values()
    values.pop("sex", None)
    return values


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    """Enter the record of an existing member, with their past (not an admission: see `admit`)."""
    require(request.user, Action.CREATE)
    form = MemberCreateForm(request.POST or None, actor=request.user, initial=_initial_org(request))

    def save(form):
        data = form.cleaned_data
        member = services.member_create(
            actor=request.user,
            full_name=data["full_name"],
            sex=data["sex"],
            birth_date=data["birth_date"],
            org=data["org"],
            status=data["status"],
            admitted_on=data["admitted_on"],
            ceremony_on=data.get("ceremony_on"),
            official_on=data.get("official_on"),
            **_new_member_values(form),
        )
        messages.success(request, _("Đã thêm đảng viên %(name)s.") % {"name": member.full_name})
        return redirect("members:detail", member.pk)

    return _form_page(
        request,
        form,
        save,
        _("Thêm đảng viên (nhập hồ sơ đảng viên đang sinh hoạt)"),
        intro=_("Để kết nạp đảng viên mới hoặc tiếp nhận đảng viên từ tỉnh khác, dùng các chức năng riêng."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def admit(request):
    """Admission of a new member: age checked on the cell's vote day, a probation of 12 months follows."""
    require(request.user, Action.CREATE)
    form = AdmitForm(request.POST or None, actor=request.user, initial=_initial_org(request))

    def save(form):
        data = form.cleaned_data
        member = services.member_admit(
            actor=request.user,
            org=data["org"],
            full_name=data["full_name"],
            sex=data["sex"],
            birth_date=data["birth_date"],
            vote_on=data["vote_on"],
            admitted_on=data["admitted_on"],
            decision_no=data["decision_no"],
            **_new_member_values(form),
        )
        messages.success(request, _("Đã kết nạp %(name)s (đảng viên dự bị).") % {"name": member.full_name})
        return redirect("members:detail", member.pk)

    return _form_page(request, form, save, _("Kết nạp đảng viên mới"))


@login_required
@require_http_methods(["GET", "POST"])
def receive(request):
    """A member arriving from another province with their letter; members moving inside the province are
    confirmed from their own page (listed here)."""
    require(request.user, Action.CREATE)
    form = ReceiveForm(request.POST or None, actor=request.user, initial=_initial_org(request))

    def save(form):
        data = form.cleaned_data
        member = services.member_receive(
            actor=request.user,
            org=data["org"],
            full_name=data["full_name"],
            sex=data["sex"],
            birth_date=data["birth_date"],
            on=data["on"],
            letter_no=data["letter_no"],
            admitted_on=data["admitted_on"],
            official_on=data.get("official_on"),
            origin=data.get("origin", ""),
            **_new_member_values(form),
        )
        messages.success(request, _("Đã tiếp nhận đảng viên %(name)s.") % {"name": member.full_name})
        return redirect("members:detail", member.pk)

    incoming = list(dossier_selectors.members_incoming(actor=request.user)[:50])
    return _form_page(request, form, save, _("Tiếp nhận đảng viên từ tỉnh khác, từ nước ngoài"), incoming=incoming)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    member = selectors.member_get(actor=request.user, pk=pk)
    require(request.user, Action.EDIT, member.org.path)
    initial = {name: getattr(member, name) for name in DossierForm.DOSSIER_NAMES}
    form = DossierForm(request.POST or None, request.FILES or None, actor=request.user, initial=initial)

    def save(form):
        # Fields left out of the submission keep their value (a form of an older page, a script).
        services.member_update(actor=request.user, member=member, **form.dossier_values(request.POST))
        if form.cleaned_data.get("photo"):
            member_photo_set(actor=request.user, member=member, photo=form.cleaned_data["photo"])
        messages.success(request, _("Đã lưu thay đổi."))
        return redirect("members:detail", member.pk)

    return _form_page(
        request,
        form,
        save,
        _("Sửa lý lịch %(name)s") % {"name": member.full_name},
        member=member,
        core_note=True,
    )


# --- Family and work history ----------------------------------------------------------------------------


def _member_to_edit(request, pk):
    return dossier_selectors.sensitive_member_get(actor=request.user, pk=pk, action=Action.EDIT)


@login_required
@require_http_methods(["GET", "POST"])
def family(request, pk):
    """The family rows and the working history: add rows, remove wrong ones (every change audited)."""
    member = _member_to_edit(request, pk)
    which = request.POST.get("which") if request.method == "POST" else None
    relative_form = RelativeForm(request.POST if which == "relative" else None, actor=request.user, prefix="rel")
    work_form = WorkPeriodForm(request.POST if which == "work" else None, actor=request.user, prefix="work")
    form, add = {"relative": (relative_form, relative_add), "work": (work_form, work_period_add)}.get(
        which, (None, None)
    )
    if form is not None and form.is_valid():
        try:
            add(actor=request.user, member=member, **form.cleaned_data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("Đã thêm."))
            return redirect("members:family", member.pk)
    return render(
        request,
        "members/family.html",
        {
            "member": member,
            "relative_form": relative_form,
            "work_form": work_form,
            "relatives": list(member.relatives.order_by("id")),
            "work_history": list(member.work_history.order_by("valid_from", "id")),
            "title": _("Gia đình và quá trình công tác: %(n)s") % {"n": member.full_name},
            "breadcrumbs": org_selectors.org_breadcrumbs(actor=request.user, org=member.org),
        },
    )


@login_required
@require_POST
def relative_delete(request, pk, rid):
    member = _member_to_edit(request, pk)
    relative = dossier_selectors.relative_get(actor=request.user, member=member, pk=rid)
    relative_remove(actor=request.user, relative=relative)
    messages.success(request, _("Đã xóa dòng quan hệ gia đình."))
    return redirect("members:family", member.pk)


@login_required
@require_POST
def work_period_delete(request, pk, wid):
    member = _member_to_edit(request, pk)
    work_period_remove(
        actor=request.user, work_period=dossier_selectors.work_period_get(actor=request.user, member=member, pk=wid)
    )
    messages.success(request, _("Đã xóa dòng quá trình công tác."))
    return redirect("members:family", member.pk)


# --- The photo and the printable dossier -----------------------------------------------------------------


@login_required
@require_GET
def photo(request, pk):
    """The photo, served through the scope and the sensitivity rule (never from a public media folder)."""
    member = dossier_selectors.sensitive_member_get(actor=request.user, pk=pk, action=Action.VIEW)
    if not member.photo:
        raise Http404
    try:
        handle = member.photo.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=mimetypes.guess_type(member.photo.name)[0] or "image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def dossier_pdf(request, pk):
    """The printable dossier (lý lịch đảng viên). Reading it is audited; viewers may not print it."""
    d = dossier_selectors.member_dossier(actor=request.user, pk=pk)
    require(request.user, Action.VIEW, d.member.org.path)
    if not dossier_selectors.can_see_sensitive(request.user):
        raise PermissionDenied
    content = pdf.dossier_pdf(actor=request.user, dossier=d)
    response = HttpResponse(content, content_type="application/pdf")
    name = slugify(fold(d.member.full_name)) or str(d.member.pk)
    response["Content-Disposition"] = f'inline; filename="ly-lich-{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("new/", create, name="create"),
    path("admit/", admit, name="admit"),
    path("receive/", receive, name="receive"),
    *corrections.urlpatterns,
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/edit/", edit, name="edit"),
    path("<int:pk>/family/", family, name="family"),
    path("<int:pk>/family/relatives/<int:rid>/remove/", relative_delete, name="relative_remove"),
    path("<int:pk>/family/work/<int:wid>/remove/", work_period_delete, name="work_period_remove"),
    path("<int:pk>/photo/", photo, name="photo"),
    path("<int:pk>/dossier.pdf", dossier_pdf, name="dossier_pdf"),
    *events.urlpatterns,
]
