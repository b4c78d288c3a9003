from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField, OrgCodeField

from .models import EnterpriseSector
from .selectors import NO, YES


def _today():
    return timezone.localdate()


def _count(label, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=10_000_000, initial=0, **kwargs)


class EnterpriseFilterForm(ActorForm):
    q = forms.CharField(
        label=_("Tìm"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Tên (gõ không dấu được) hoặc mã số thuế"), "type": "search"}),
    )
    org = OrgCodeField(label=_("Địa bàn"), required=False, include_closed=True)
    sector = forms.ChoiceField(
        label=_("Loại hình"), required=False, choices=[("", _("Tất cả")), *EnterpriseSector.choices]
    )
    party_org = forms.ChoiceField(
        label=_("Tổ chức đảng"),
        required=False,
        choices=[("", _("Tất cả")), (YES, _("Đã có tổ chức đảng")), (NO, _("Chưa có tổ chức đảng"))],
    )
    eligible = forms.BooleanField(label=_("Đủ điều kiện thành lập tổ chức đảng"), required=False)
    closed = forms.BooleanField(label=_("Cả doanh nghiệp đã ngừng hoạt động"), required=False)

    def selector_kwargs(self) -> dict:
        """What the list selector takes, from the fields that validated (a bad one is left out: the page shows
        its error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "org": data.get("org"),
            "q": data.get("q") or "",
            "sector": data.get("sector") or "",
            "has_party_org": data.get("party_org") or "",
            "eligible": bool(data.get("eligible")),
            "include_closed": bool(data.get("closed")),
        }


class EnterpriseForm(ActorForm):
    """The register's fields; `with_party_org` adds the party organization (when creating)."""

    name = forms.CharField(label=_("Tên doanh nghiệp"), max_length=255)
    tax_code = forms.CharField(
        label=_("Mã số thuế"),
        max_length=20,
        required=False,
        help_text=_("10 chữ số; chi nhánh 13 chữ số (có thể viết 0123456789-001)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    sector = forms.ChoiceField(label=_("Loại hình"), choices=EnterpriseSector.choices)
    org = OrgCodeField(
        label=_("Địa bàn (tổ chức đảng xã, phường)"),
        help_text=_("Tổ chức đảng nơi doanh nghiệp đóng trụ sở, thường là đảng bộ xã, phường, đặc khu."),
    )
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    employees = _count(_("Số lao động"))
    party_members = _count(_("Số đảng viên đang làm việc"))
    has_trade_union = forms.BooleanField(label=_("Có tổ chức công đoàn"), required=False)
    trade_union_members = _count(_("Số đoàn viên công đoàn"), required=False)
    has_youth_union = forms.BooleanField(label=_("Có tổ chức đoàn thanh niên"), required=False)
    youth_union_members = _count(_("Số đoàn viên thanh niên"), required=False)
    surveyed_on = DateField(label=_("Số liệu tính đến ngày"), required=False, initial=_today)
    party_org = OrgCodeField(
        label=_("Tổ chức đảng của doanh nghiệp"),
        required=False,
        help_text=_("Để trống nếu doanh nghiệp chưa có tổ chức đảng."),
    )
    party_org_since = DateField(label=_("Có tổ chức đảng từ ngày"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, with_party_org: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_party_org:
            del self.fields["party_org"]
            del self.fields["party_org_since"]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        for field in ("trade_union_members", "youth_union_members"):
            data[field] = data.get(field) or 0
        return data


class PartyOrgForm(ActorForm):
    party_org = OrgCodeField(
        label=_("Tổ chức đảng của doanh nghiệp"),
        required=False,
        help_text=_("Chi bộ hoặc đảng bộ của doanh nghiệp. Để trống: doanh nghiệp không còn tổ chức đảng."),
    )
    since = DateField(label=_("Có tổ chức đảng từ ngày"), required=False, help_text=_("Ngày quyết định thành lập."))
    note = forms.CharField(label=_("Ghi chú, số quyết định"), max_length=255, required=False)


class CloseForm(ActorForm):
    on = DateField(label=_("Ngày ngừng hoạt động"), initial=_today)
    note = forms.CharField(
        label=_("Lý do"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: giải thể, phá sản, chuyển trụ sở ra ngoài tỉnh."),
    )


class TargetsForm(ActorForm):
    org = OrgCodeField(label=_("Tổ chức giao chỉ tiêu"), required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)


class ImportForm(ActorForm):
    org = OrgCodeField(
        label=_("Địa bàn mặc định"),
        help_text=_("Dòng để trống cột «Mã địa bàn» được ghi vào địa bàn này; các mã khác phải thuộc địa bàn này."),
    )
    file = forms.FileField(label=_("Tệp danh sách (.xlsx)"))
