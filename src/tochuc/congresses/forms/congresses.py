"""Forms of congress planning: the list's and the board's filters, one congress (new or edited), a term
planned for a whole subtree, and the move to a later stage."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField, OrgCodeField, OrgFilterField
from tochuc.orgs.models import OrgType

from .. import rules
from ..choices import CongressKind, CongressStatus
from ..selectors.congresses import CONGRESS_ORG_TYPES

ALL = [("", _("Tất cả"))]


def _terms():
    return [(t, t) for t in rules.term_choices(timezone.localdate())]


def current_term() -> str:
    return rules.term_of(timezone.localdate())


def _org_types():
    return [(t, OrgType(t).label) for t in CONGRESS_ORG_TYPES]


class CongressFilterForm(forms.Form):
    """The list's filters, read from the query string (the export link keeps them)."""

    YES_NO = [("", _("Tất cả")), ("yes", _("Có")), ("no", _("Không"))]

    term = forms.ChoiceField(label=_("Nhiệm kỳ"), choices=_terms, required=False)
    org = OrgFilterField()
    org_type = forms.ChoiceField(label=_("Loại tổ chức"), choices=lambda: ALL + _org_types(), required=False)
    status = forms.ChoiceField(label=_("Tiến độ"), choices=ALL + CongressStatus.choices, required=False)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ALL + CongressKind.choices, required=False)
    pilot = forms.ChoiceField(label=_("Đại hội điểm"), choices=YES_NO, required=False)
    late = forms.BooleanField(label=_("Chỉ đại hội chậm tiến độ"), required=False)
    q = forms.CharField(label=_("Tên, mã tổ chức"), max_length=100, required=False)

    def term_value(self) -> str:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("term"):
            return self.cleaned_data["term"]
        return current_term()

    def selector_kwargs(self) -> dict:
        """The filters that validated (without `org`, which the view reads in the actor's scope)."""
        kwargs = {"term": self.term_value()}
        if not self.is_bound or not self.is_valid():
            return kwargs
        data = self.cleaned_data
        return {
            **kwargs,
            "org_type": data.get("org_type") or "",
            "status": data.get("status") or "",
            "kind": data.get("kind") or "",
            "pilot": {"yes": True, "no": False}.get(data.get("pilot") or ""),
            "late": bool(data.get("late")),
            "q": data.get("q") or "",
        }


class BoardFilterForm(forms.Form):
    term = forms.ChoiceField(label=_("Nhiệm kỳ"), choices=_terms, required=False)
    org = OrgFilterField()

    def term_value(self) -> str:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("term"):
            return self.cleaned_data["term"]
        return current_term()


class CongressForm(ActorForm):
    """A congress planned or edited. On edit the org and term are fixed; held days appear once it is held."""

    org = OrgCodeField(label=_("Tổ chức đảng"))
    term = forms.ChoiceField(label=_("Nhiệm kỳ"), choices=_terms)
    number = forms.IntegerField(
        label=_("Đại hội lần thứ"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("Để trống: tính tiếp theo số của tổ chức và các tổ chức tiền thân (hợp nhất, chia tách)."),
    )
    kind = forms.ChoiceField(label=_("Hình thức"), choices=CongressKind.choices, widget=forms.RadioSelect)
    pilot = forms.BooleanField(label=_("Đại hội điểm"), required=False)
    planned_from = DateField(label=_("Dự kiến từ ngày"))
    planned_to = DateField(label=_("Dự kiến đến ngày"), required=False)
    held_from = DateField(label=_("Khai mạc ngày"), required=False)
    held_to = DateField(label=_("Bế mạc ngày"), required=False)
    reference_date = DateField(
        label=_("Mốc tính tuổi"),
        required=False,
        help_text=_("Để trống: theo Chỉ thị 45-CT/TW (cơ sở 4/2025, cấp xã 7/2025, cấp tỉnh 9/2025)."),
    )
    delegate_seats = forms.IntegerField(
        label=_("Số đại biểu được bầu (đại hội đại biểu)"), min_value=1, max_value=5000, required=False
    )
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea({"rows": 3}), required=False)

    def __init__(self, *args, congress=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.congress = congress
        if congress is not None:
            del self.fields["org"], self.fields["term"]
            self.fields["number"].required = True
            if congress.status not in rules.HELD_STAGES:
                del self.fields["held_from"], self.fields["held_to"]
        else:
            del self.fields["held_from"], self.fields["held_to"]
            self.fields["term"].initial = current_term()

    def values(self) -> dict:
        return dict(self.cleaned_data)


class PlanTermForm(ActorForm):
    org = OrgCodeField(label=_("Tổ chức (cùng các tổ chức trực thuộc)"))
    term = forms.ChoiceField(label=_("Nhiệm kỳ"), choices=_terms)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=CongressKind.choices, widget=forms.RadioSelect)
    org_types = forms.MultipleChoiceField(
        label=_("Loại tổ chức"),
        choices=_org_types,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Để trống: mọi tổ chức chưa có kế hoạch đại hội của nhiệm kỳ."),
    )
    planned_from = DateField(label=_("Dự kiến từ ngày"))
    planned_to = DateField(label=_("Dự kiến đến ngày"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].initial = current_term()

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["root"] = data.pop("org")
        return data


class StatusForm(ActorForm):
    status = forms.ChoiceField(label=_("Chuyển sang bước"), choices=CongressStatus.choices)
    held_from = DateField(label=_("Khai mạc ngày"), required=False)
    held_to = DateField(label=_("Bế mạc ngày"), required=False)

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices is not None:
            self.fields["status"].choices = choices
