"""Data quality of member records ("đúng – đủ – sạch – sống") and reconciliation with a list exported from the
national party-member database. Both only read: nothing here writes a record."""

from __future__ import annotations

from itertools import islice

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from tochuc.accounts.roles import Action
from tochuc.core.errors import DomainError
from tochuc.core.exports import xlsx_response
from tochuc.core.forms import ActorForm
from tochuc.core.scope import require
from tochuc.orgs import selectors as org_selectors

from .. import reconcile as rec
from ..quality import CHECKS, CHECKS_BY_CODE, member_quality_report

PAGE_SIZE = 50
SHOWN_PER_SECTION = 200  # the page shows this many rows of each part of a reconciliation; the .xlsx has all


class QualityFilterForm(forms.Form):
    org = forms.CharField(label=gettext_lazy("Mã tổ chức"), required=False, max_length=40)
    check = forms.ChoiceField(
        label=gettext_lazy("Tiêu chí"),
        required=False,
        choices=[("", gettext_lazy("Tất cả"))] + [(c.code, c.title) for c in CHECKS],
    )


def _quality(request):
    """The filter, the org (404 outside the scope, before the role is looked at), the check, the report."""
    form = QualityFilterForm(request.GET or None)
    form.is_valid()  # an unknown check is dropped, a valid org code is kept
    data = getattr(form, "cleaned_data", {})
    org = org_selectors.org_get(actor=request.user, code=data["org"].strip()) if data.get("org") else None
    report = member_quality_report(actor=request.user, org=org)
    return form, org, data.get("check") or None, report


def _scope_name(request, org) -> str:
    if org is not None:
        return org.name
    return request.user.org.name if request.user.org_id else ""


@login_required
@require_GET
def quality(request):
    form, org, check, report = _quality(request)
    require(request.user, Action.LIST)
    page = Paginator(report.members(check), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/quality.html",
        {
            "form": form,
            "org": org,
            "scope_name": _scope_name(request, org),
            "check": CHECKS_BY_CODE.get(check or ""),
            "counts": report.counts(),
            "page_obj": page,
            "rows": report.rows(page.object_list),
            "today": report.ctx.today,
            "can_export": request.user.can(Action.EXPORT),
        },
    )


QUALITY_HEADERS = [
    "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Trạng thái", "Sinh hoạt tại", "Mã tổ chức",
    "Vấn đề cần xử lý", "Hồ sơ có thể trùng",
]  # fmt: skip


@login_required
@require_GET
def quality_export(request):
    _form, org, check, report = _quality(request)
    require(request.user, Action.EXPORT)
    today = report.ctx.today
    members = report.members(check).iterator(chunk_size=1000)

    def rows():
        number = 0
        while chunk := list(islice(members, 1000)):
            for row in report.rows(chunk):  # one query per chunk for the records a member may duplicate
                number += 1
                m = row.member
                yield [
                    number,
                    m.full_name,
                    m.birth_date.strftime("%d/%m/%Y"),
                    m.get_sex_display(),
                    m.citizen_id or "",
                    m.get_status_display(),
                    m.org.name,
                    m.org.code,
                    "; ".join(row.problems),
                    "; ".join(f"{t.full_name} ({t.org.code})" for t in row.twins),
                ]

    title = CHECKS_BY_CODE[check].title if check else "Chất lượng dữ liệu đảng viên"
    return xlsx_response(
        f"chat-luong-du-lieu-{org.code if org else 'tat-ca'}-{today:%Y%m%d}",
        title=f"{title.upper()} · {_scope_name(request, org)}",
        subtitle=f"Tiêu chí đúng – đủ – sạch – sống. Tính đến ngày {today:%d/%m/%Y}",
        headers=QUALITY_HEADERS,
        rows=rows(),
        widths=(6, 28, 12, 9, 15, 12, 36, 14, 70, 36),
        sheet="Chat luong du lieu",
    )


# --- Reconciliation ------------------------------------------------------------------------------------------


class ReconcileForm(ActorForm):
    org = forms.CharField(label=gettext_lazy("Đối chiếu với đảng viên thuộc (mã tổ chức)"), max_length=40)
    file = forms.FileField(
        label=gettext_lazy("Danh sách xuất từ phần mềm CSDL đảng viên (.xlsx hoặc .csv, tối đa 10 MB)"),
        error_messages={
            "required": gettext_lazy("Chọn tệp danh sách."),
            "empty": gettext_lazy("Tệp rỗng."),
            "invalid": gettext_lazy("Không nhận được tệp: chọn lại tệp."),
        },
    )
    mapping = forms.CharField(
        label=gettext_lazy("Tên cột khác mặc định (không bắt buộc)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Số CCCD = Số định danh cá nhân"}),
        help_text=gettext_lazy("Mỗi dòng một cột: «trường = tên cột trong tệp»."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > rec.MAX_FILE_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 10 MB: hãy chia danh sách thành nhiều tệp."))
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv xuất từ phần mềm CSDL đảng viên."))
        return upload

    def clean_mapping(self):
        try:
            return rec.parse_mapping(self.cleaned_data.get("mapping") or "")
        except DomainError as e:
            raise forms.ValidationError(e.message) from None


@login_required
@require_http_methods(["GET", "POST"])
def reconcile(request):
    require(request.user, Action.LIST)
    code = request.GET.get("org") or (request.user.org.code if request.user.org_id else "")
    form = ReconcileForm(request.POST or None, request.FILES or None, actor=request.user, initial={"org": code})
    result = None
    if request.method == "POST" and form.is_valid():
        org = org_selectors.org_get(actor=request.user, code=form.cleaned_data["org"].strip())
        require(request.user, Action.LIST, org.path)
        upload = form.cleaned_data["file"]
        try:
            members = rec.read_member_list(upload.read(), filename=upload.name, mapping=form.cleaned_data["mapping"])
        except DomainError as e:
            form.add_domain_error(e)
        else:
            result = rec.reconcile(actor=request.user, org=org, members=members)
            if "download" in request.POST:
                require(request.user, Action.EXPORT)
                return _reconcile_xlsx(result)
    return render(
        request,
        "members/reconcile.html",
        {
            "form": form,
            "result": result,
            "shown": SHOWN_PER_SECTION,
            "headers": [(label, aliases) for _name, (label, aliases) in rec.COLUMNS.items()],
            "can_export": request.user.can(Action.EXPORT),
        },
    )


def _reconcile_xlsx(result: rec.Reconciliation):
    today = timezone.localdate()
    c = result.counts
    return xlsx_response(
        f"doi-chieu-csdl-dang-vien-{result.org.code}-{today:%Y%m%d}",
        title=f"KẾT QUẢ ĐỐI CHIẾU VỚI CSDL ĐẢNG VIÊN · {result.org.name.upper()}",
        subtitle=(
            f"Ngày {today:%d/%m/%Y}: {c['rows']} dòng trong tệp; khớp {c['matched']}, khác nhau {c['differing']}, "
            f"chỉ có trong tệp {c['only_in_file']}, chỉ có trong hồ sơ {c['only_in_ours']}, dòng có lỗi {c['problems']}"
        ),
        headers=rec.REPORT_HEADERS,
        rows=rec.report_rows(result),
        widths=rec.REPORT_WIDTHS,
        sheet="Doi chieu",
    )


urlpatterns = [
    path("quality/", quality, name="quality"),
    path("quality/export.xlsx", quality_export, name="quality_export"),
    path("reconcile/", reconcile, name="reconcile"),
]
