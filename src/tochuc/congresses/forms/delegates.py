"""Forms of delegates: the apportionment (base seats per unit, then the seats of each sub-org, adjustable by
hand), a delegate added (a member picked by name), the credentials check and attendance of one delegate,
a delegate taken off, and the list's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm
from tochuc.recruitment.forms import MemberRefField

from ..choices import Credentials, DelegateKind

ALL = [("", _("Tất cả"))]


class AllocationForm(ActorForm):
    """`base_per_unit` and one `seats_<org id>` box per sub-org (pre-filled with the proposal)."""

    base_per_unit = forms.IntegerField(
        label=_("Số đại biểu cơ bản mỗi đơn vị"),
        min_value=0,
        max_value=500,
        initial=0,
        required=False,
        help_text=_("Mỗi đơn vị được số này; số còn lại chia theo tỷ lệ đảng viên (phần dư lớn nhất)."),
    )

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            self.fields[f"seats_{row.org.pk}"] = forms.IntegerField(
                label=row.org.name,
                min_value=0,
                max_value=5000,
                initial=row.saved if row.saved is not None else row.proposed,
            )

    def base(self) -> int:
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("base_per_unit") or 0
        return 0

    def seats(self) -> dict[int, int]:
        return {row.org.pk: self.cleaned_data[f"seats_{row.org.pk}"] for row in self.rows}

    def bound_rows(self):
        """Each row with its seats box, for the template."""
        return [(row, self[f"seats_{row.org.pk}"]) for row in self.rows]


class DelegateFilterForm(forms.Form):
    ABSENT = [("", _("Tất cả")), ("yes", _("Vắng mặt")), ("no", _("Có mặt"))]

    from_org = forms.ChoiceField(label=_("Đoàn đại biểu"), required=False)
    kind = forms.ChoiceField(label=_("Loại"), choices=ALL + DelegateKind.choices, required=False)
    credentials = forms.ChoiceField(label=_("Tư cách"), choices=ALL + Credentials.choices, required=False)
    absent = forms.ChoiceField(label=_("Có mặt"), choices=ABSENT, required=False)

    def __init__(self, *args, delegations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.delegations = {str(o.pk): o for o in delegations}
        self.fields["from_org"].choices = ALL + [(str(o.pk), o.name) for o in delegations]

    def selector_kwargs(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "from_org": self.delegations.get(data.get("from_org") or ""),
            "kind": data.get("kind") or "",
            "credentials": data.get("credentials") or "",
            "absent": {"yes": True, "no": False}.get(data.get("absent") or ""),
        }


class DelegateAddForm(ActorForm):
    member = MemberRefField(label=_("Đảng viên"))
    from_org = forms.ChoiceField(
        label=_("Đoàn đại biểu"), required=False, help_text=_("Để trống: đơn vị trực thuộc nơi đảng viên sinh hoạt.")
    )
    kind = forms.ChoiceField(label=_("Loại đại biểu"), choices=DelegateKind.choices, initial=DelegateKind.ELECTED)
    alternate = forms.BooleanField(label=_("Đại biểu dự khuyết"), required=False)

    def __init__(self, *args, delegations=(), **kwargs):
        kwargs.setdefault("prefix", "add")
        super().__init__(*args, **kwargs)
        self.delegations = {str(o.pk): o for o in delegations}
        self.fields["from_org"].choices = [("", _("Theo nơi sinh hoạt"))] + [(str(o.pk), o.name) for o in delegations]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["from_org"] = self.delegations.get(data.get("from_org") or "")
        return data


class DelegateUpdateForm(ActorForm):
    credentials = forms.ChoiceField(label=_("Tư cách"), choices=Credentials.choices)
    credentials_note = forms.CharField(label=_("Lý do không đủ tư cách"), max_length=255, required=False)
    absent = forms.BooleanField(label=_("Vắng mặt cả đại hội"), required=False)
    absence_excused = forms.BooleanField(label=_("Lý do được cấp ủy triệu tập chấp thuận"), required=False)
    absence_reason = forms.CharField(label=_("Lý do vắng"), max_length=255, required=False)


class DelegateRemoveForm(ActorForm):
    reason = forms.CharField(label=_("Lý do bỏ khỏi danh sách"), max_length=255)
