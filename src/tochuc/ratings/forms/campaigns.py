"""Forms of campaigns: the list's filters, a campaign opened or edited, the subjects listed, the campaign
closed (forced with a reason) or reopened. Field names are the services' keyword arguments."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField, OrgCodeField, OrgFilterField
from tochuc.orgs.models import OrgType

from ..choices import CampaignStatus, PeriodKind
from ..services.campaigns import DEFAULT_ORG_TYPES

ALL = [("", _("Tất cả"))]
QUARTERS = [("", "—"), ("1", "I"), ("2", "II"), ("3", "III"), ("4", "IV")]


def _year(label, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=2000, max_value=2100, **kwargs)


class CampaignFilterForm(forms.Form):
    """The list's filters, read from the query string (`org` is read by the view, in the actor's scope)."""

    year = _year(_("Năm"), required=False)
    period_kind = forms.ChoiceField(label=_("Kỳ đánh giá"), choices=ALL + PeriodKind.choices, required=False)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=ALL + CampaignStatus.choices, required=False)
    org = OrgFilterField()

    def selector_kwargs(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "year": data.get("year"),
            "period_kind": data.get("period_kind") or "",
            "status": data.get("status") or "",
        }


class CampaignForm(ActorForm):
    """A campaign opened: `services.campaigns.campaign_open`'s arguments."""

    org = OrgCodeField(
        label=_("Tổ chức chủ trì"), help_text=_("Đợt đánh giá áp dụng cho các tổ chức, đảng viên trực thuộc.")
    )
    period_kind = forms.ChoiceField(label=_("Kỳ đánh giá"), choices=PeriodKind.choices, initial=PeriodKind.YEAR)
    year = _year(_("Năm"), initial=lambda: timezone.localdate().year)
    quarter = forms.TypedChoiceField(
        label=_("Quý"), choices=QUARTERS, coerce=int, empty_value=None, required=False,
        help_text=_("Chỉ chọn khi đánh giá hằng quý."),
    )  # fmt: skip
    term = forms.CharField(
        label=_("Nhiệm kỳ"), max_length=9, required=False,
        widget=forms.TextInput({"placeholder": "2025-2030"}), help_text=_("Chỉ nhập khi đánh giá theo nhiệm kỳ."),
    )  # fmt: skip
    title = forms.CharField(
        label=_("Tên đợt đánh giá"), max_length=255, required=False,
        help_text=_("Để trống: «Kiểm điểm, đánh giá, xếp loại chất lượng năm ...»."),
    )  # fmt: skip
    basis = forms.CharField(
        label=_("Căn cứ"), max_length=255, required=False,
        help_text=_("Kế hoạch, hướng dẫn của cấp ủy; ví dụ: Kế hoạch số 45-KH/TU."),
    )  # fmt: skip
    starts_on = DateField(label=_("Ngày bắt đầu"), initial=timezone.localdate)
    self_due_on = DateField(label=_("Hạn tự đánh giá"), required=False)
    decision_due_on = DateField(label=_("Hạn quyết định xếp loại"), required=False)

    def values(self) -> dict:
        return dict(self.cleaned_data)


class CampaignEditForm(ActorForm):
    """A campaign's title, basis and dates (`campaign_update`)."""

    title = forms.CharField(label=_("Tên đợt đánh giá"), max_length=255, required=False)
    basis = forms.CharField(label=_("Căn cứ"), max_length=255, required=False)
    starts_on = DateField(label=_("Ngày bắt đầu"))
    self_due_on = DateField(label=_("Hạn tự đánh giá"), required=False)
    decision_due_on = DateField(label=_("Hạn quyết định xếp loại"), required=False)


def _org_type_choices():
    return [(t, OrgType(t).label) for t in OrgType.values if t not in (OrgType.PROVINCE_COMMITTEE,)]


class EnlistForm(ActorForm):
    """Who to list in a campaign (`entries_enlist`)."""

    under = OrgCodeField(
        label=_("Trong phạm vi tổ chức"), required=False,
        help_text=_("Để trống: toàn bộ phạm vi của đợt đánh giá mà đồng chí quản lý."),
    )  # fmt: skip
    org_types = forms.MultipleChoiceField(
        label=_("Tổ chức đảng được đánh giá"), choices=_org_type_choices, required=False,
        widget=forms.CheckboxSelectMultiple, initial=list(DEFAULT_ORG_TYPES),
    )  # fmt: skip
    members = forms.BooleanField(label=_("Toàn bộ đảng viên đang sinh hoạt"), required=False, initial=True)
    include_exempted = forms.BooleanField(
        label=_("Cả đảng viên được miễn công tác và sinh hoạt đảng"), required=False,
        help_text=_("Chỉ chọn khi các đồng chí này tự nguyện tham gia kiểm điểm."),
    )  # fmt: skip


class CloseForm(ActorForm):
    closed_on = DateField(label=_("Ngày kết thúc"), initial=timezone.localdate)
    force = forms.BooleanField(label=_("Kết thúc khi chưa xếp loại xong"), required=False)
    reason = forms.CharField(
        label=_("Lý do"), required=False, widget=forms.Textarea({"rows": 2}),
        help_text=_("Bắt buộc khi còn tổ chức, đảng viên chưa được quyết định xếp loại."),
    )  # fmt: skip


class ReasonForm(ActorForm):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea({"rows": 2}))
