"""Members from and to Excel: the import page, its template, the file of rejected rows, and the .xlsx export
(in the template's columns, so that an exported file, edited, imports back)."""

from __future__ import annotations

import secrets
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.forms import ActorForm, OrgCodeField
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from .. import excel
from ..models import Member
from ..services.imports import members_import

SHOWN = 500  # problems listed on the page; the file of rejected rows has them all
_SESSION_KEY = "members_import_rejected"
_KEEP_SECONDS = 24 * 3600


class ImportForm(ActorForm):
    file = forms.FileField(label=gettext_lazy("Tệp danh sách (.xlsx theo mẫu)"))
    org = OrgCodeField(
        label=gettext_lazy("Nhập vào tổ chức"),
        help_text=gettext_lazy(
            "Dòng để trống cột «Mã tổ chức»: đảng viên sinh hoạt tại tổ chức này. Dòng có mã: tổ chức đó phải "
            "thuộc tổ chức này."
        ),
    )
    valid_only = forms.BooleanField(
        label=gettext_lazy("Nhập các dòng hợp lệ, trả lại tệp các dòng lỗi (mặc định: có dòng lỗi thì không nhập)"),
        required=False,
    )
    dry_run = forms.BooleanField(label=gettext_lazy("Chỉ kiểm tra, chưa ghi"), required=False)


@login_required
@require_http_methods(["GET", "POST"])
def import_members(request):
    require(request.user, Action.CREATE)
    initial = {"org": request.user.org.code} if request.user.org_id else {}
    if request.GET.get("org"):  # from an org's member list
        initial["org"] = org_selectors.org_get(actor=request.user, code=request.GET["org"]).code
    form = ImportForm(request.POST or None, request.FILES or None, actor=request.user, initial=initial)
    result, rejected_url = None, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = members_import(
                actor=request.user,
                root=form.cleaned_data["org"],
                file=upload,
                filename=upload.name,
                valid_only=form.cleaned_data["valid_only"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except DomainError as e:
            form.add_domain_error(e)
        else:
            if result.rejected:
                rejected_url = _keep_rejected(request, result.rejected_file())
            if result.written:
                messages.success(
                    request,
                    _("Đã nhập %(c)s đảng viên mới, cập nhật %(u)s đảng viên.")
                    % {"c": result.created, "u": result.updated},
                )
    return render(
        request,
        "members/import.html",
        {
            "form": form,
            "result": result,
            "problems": result.problems[:SHOWN] if result else [],
            "more_problems": max(0, len(result.problems) - SHOWN) if result else 0,
            "rejected_url": rejected_url,
            "max_mb": excel.MAX_BYTES // (1024 * 1024),
        },
    )


def _rejected_dir() -> Path:
    folder = Path(settings.VAR_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _keep_rejected(request, content: bytes) -> str:
    """Keep the rejected rows for this session to download; files older than a day are removed meanwhile."""
    folder = _rejected_dir()
    cutoff = time.time() - _KEEP_SECONDS
    for old in folder.glob("*.xlsx"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(16)
    (folder / f"{token}.xlsx").write_bytes(content)
    request.session[_SESSION_KEY] = [*request.session.get(_SESSION_KEY, [])[-4:], token]
    return reverse("members:import_rejected", args=[token])


@login_required
@require_GET
def import_rejected(request, token):
    require(request.user, Action.CREATE)
    # Only the session that uploaded the file can read its rows back.
    if token not in request.session.get(_SESSION_KEY, []):
        raise Http404
    file = _rejected_dir() / f"{token}.xlsx"
    if not file.exists():
        raise Http404
    return FileResponse(file.open("rb"), as_attachment=True, filename="dong-khong-nhap-duoc.xlsx")


@login_required
@require_GET
def import_template(request):
    require(request.user, Action.CREATE)
    response = HttpResponse(excel.template_bytes(), content_type=excel.XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-dang-vien.xlsx"'
    return response


def members_xlsx_response(qs: QuerySet[Member], *, filename: str, title: str, subtitle: str) -> FileResponse:
    """A member list in the template's columns, written to a temporary file and streamed from it."""
    count = qs.count()
    rows: Iterable[list] = (excel.member_cells(m, i) for i, m in enumerate(qs.iterator(chunk_size=2000), start=1))
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it once sent
    excel.write_members(out, rows, count=count, title=title, subtitle=subtitle)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=f"{filename}.xlsx", content_type=excel.XLSX_TYPE)


urlpatterns = [
    path("import/", import_members, name="import"),
    path("import/template.xlsx", import_template, name="import_template"),
    path("import/rejected/<str:token>.xlsx", import_rejected, name="import_rejected"),
]
