"""The dossier package of a transfer out of the province: download it from the member's page; receive a
member from a package (upload, preview, confirm); read the dossier PDF a received member came with."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.forms import ActorForm, DateField, OrgCodeField
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from .. import selectors_dossier as dossier_selectors
from .. import services
from ..package import MAX_BYTES, package_build, package_filename, package_read, package_received_pdf

_PENDING = "members/packages/pending/"  # verified uploads waiting for the confirmation (private media)
_SESSION = "member_packages_pending"
PENDING_KEPT = timedelta(days=1)


class PackageReceiveForm(ActorForm):
    file = forms.FileField(
        label=gettext_lazy("Gói hồ sơ (.zip)"),
        help_text=gettext_lazy("Tệp gói hồ sơ chuyển sinh hoạt do nơi chuyển đi cấp, không quá 20 MB."),
    )
    org = OrgCodeField(label=gettext_lazy("Sinh hoạt tại chi bộ"))
    on = DateField(label=gettext_lazy("Ngày tiếp nhận"))
    letter_no = forms.CharField(
        label=gettext_lazy("Số giấy giới thiệu sinh hoạt đảng"),
        max_length=64,
        required=False,
        help_text=gettext_lazy("Bỏ trống để dùng số giấy ghi trong gói hồ sơ."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Tệp lớn quá %(n)s MB.") % {"n": MAX_BYTES // (1024 * 1024)})
        if not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError(_("Chọn tệp gói hồ sơ dạng .zip."))
        return upload


@login_required
@require_GET
def package_download(request, pk):
    """The package of a member transferred out of the province (404 for any other member)."""
    member = dossier_selectors.sensitive_member_get(actor=request.user, pk=pk, action=Action.EXPORT)
    data = package_build(actor=request.user, member=member)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{package_filename(member.full_name, member.pk)}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _sweep() -> None:
    """Forget the checked uploads whose preview was never confirmed, a day on: they hold whole dossiers."""
    try:
        _dirs, names = default_storage.listdir(_PENDING)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - PENDING_KEPT
    for name in names:
        try:
            if default_storage.get_modified_time(f"{_PENDING}{name}") < cutoff:
                default_storage.delete(f"{_PENDING}{name}")
        except FileNotFoundError:  # swept meanwhile by another request
            continue


def _stash(request, data: bytes, values: dict) -> str:
    _sweep()
    token = secrets.token_hex(16)
    default_storage.save(f"{_PENDING}{token}.zip", ContentFile(data))
    pending = request.session.get(_SESSION, {})
    pending[token] = values
    request.session[_SESSION] = pending
    return token


def _unstash(request, token: str) -> tuple[bytes, dict]:
    pending = request.session.get(_SESSION, {})
    if token not in pending or not token.isalnum():
        raise Http404
    with default_storage.open(f"{_PENDING}{token}.zip", "rb") as f:
        return f.read(), pending[token]


def _forget(request, token: str) -> None:
    pending = request.session.get(_SESSION, {})
    pending.pop(token, None)
    request.session[_SESSION] = pending
    default_storage.delete(f"{_PENDING}{token}.zip")


@login_required
@require_http_methods(["GET", "POST"])
def package_receive(request):
    """Receive a member from another province with their package: upload and check, preview, confirm."""
    require(request.user, Action.CREATE)
    token = request.POST.get("token", "")
    if request.method == "POST" and token:
        return _confirm(request, token)
    form = PackageReceiveForm(request.POST or None, request.FILES or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read(MAX_BYTES + 1)
        org = form.cleaned_data["org"]
        try:
            require(request.user, Action.CREATE, org.path)
            pkg = package_read(data)
        except DomainError as e:
            form.add_domain_error(e)
        else:
            values = {
                "org": org.code,
                "on": form.cleaned_data["on"].isoformat(),
                "letter_no": form.cleaned_data["letter_no"],
            }
            return render(
                request,
                "members/package_preview.html",
                {
                    "pkg": pkg,
                    "org": org,
                    "on": form.cleaned_data["on"],
                    "letter_no": values["letter_no"] or pkg.transfer.get("letter_no"),
                    "token": _stash(request, data, values),
                    "title": _("Tiếp nhận đảng viên từ gói hồ sơ"),
                },
            )
    return render(
        request, "members/package_receive.html", {"form": form, "title": _("Tiếp nhận đảng viên từ gói hồ sơ")}
    )


def _confirm(request, token: str):
    data, values = _unstash(request, token)
    org = org_selectors.org_get(actor=request.user, code=values["org"])
    try:
        member = services.member_receive_package(
            actor=request.user,
            org=org,
            data=data,
            on=date.fromisoformat(values["on"]),
            letter_no=values["letter_no"] or None,
        )
    except DomainError as e:
        _forget(request, token)
        messages.error(request, e.message)
        return redirect("members:package_receive")
    _forget(request, token)
    messages.success(request, _("Đã tiếp nhận đảng viên %(name)s từ gói hồ sơ.") % {"name": member.full_name})
    return redirect("members:detail", member.pk)


@login_required
@require_GET
def received_pdf(request, pk):
    """The dossier PDF the sending side printed, from the package the member came with (latest first)."""
    member = dossier_selectors.sensitive_member_get(actor=request.user, pk=pk, action=Action.VIEW)
    content = package_received_pdf(actor=request.user, member=member)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="ly-lich-noi-chuyen-di.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("receive/package/", package_receive, name="package_receive"),
    path("<int:pk>/package.zip", package_download, name="package_download"),
    path("<int:pk>/received-dossier.pdf", received_pdf, name="received_pdf"),
]
