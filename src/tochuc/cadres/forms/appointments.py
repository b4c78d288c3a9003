"""Forms of the appointment procedure: receiving the dossier, recording a step (with its ballots when it is
a secret-ballot vote), cancelling a step, the decision, closing without appointment, the list's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField

from .. import rules
from ..choices import AppointmentKind, AppointmentStatus, Source
from .people import CadreField
from .posts import PostField

STATUS_FILTER = [*AppointmentStatus.choices, ("", _("Tất cả"))]  # in progress first: the default
CLOSING = [(s.value, s.label) for s in (AppointmentStatus.REFUSED, AppointmentStatus.WITHDRAWN)]


class AppointmentFilterForm(forms.Form):
    org = forms.CharField(
        label=_("Mã tổ chức"),
        max_length=40,
        required=False,
        widget=forms.TextInput({"list": "org-options", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(
        label=_("Tình trạng"), choices=STATUS_FILTER, required=False, initial=AppointmentStatus.IN_PROGRESS
    )
    q = forms.CharField(label=_("Họ tên, chức vụ"), max_length=100, required=False)

    def selector_kwargs(self) -> dict:
        if not self.is_bound or "status" not in self.data:
            # the page opens on the procedures in progress; "Tất cả" (an empty status) shows every one
            return {"status": AppointmentStatus.IN_PROGRESS, "q": self.data.get("q", "") if self.is_bound else ""}
        if not self.is_valid():
            return {}
        return {"status": self.cleaned_data.get("status") or "", "q": self.cleaned_data.get("q") or ""}


class AppointmentOpenForm(ActorForm):
    cadre = CadreField(label=_("Cán bộ được đề nghị"))
    post = PostField(label=_("Chức vụ bổ nhiệm"))
    kind = forms.ChoiceField(label=_("Loại"), choices=AppointmentKind.choices)
    source = forms.ChoiceField(label=_("Nguồn nhân sự"), choices=Source.choices)
    received_on = DateField(
        label=_("Ngày nhận hồ sơ"), help_text=_("Tuổi và các điều kiện được tính theo ngày cơ quan tổ chức nhận hồ sơ.")
    )


def _count(label, help_text=""):
    return forms.IntegerField(label=label, min_value=0, max_value=10000, required=False, help_text=help_text)


class StepForm(ActorForm):
    """One step; the ballot counts are asked only for a secret-ballot step."""

    held_on = DateField(label=_("Ngày thực hiện"))
    body = forms.CharField(label=_("Hội nghị, tập thể"), max_length=200, required=False)
    attendees = _count(
        _("Số thành viên được triệu tập"),
        _("Tổng số thành viên của tập thể, hội nghị (kể cả người vắng mặt): số tán thành phải quá một nửa số này."),
    )
    ballots_issued = _count(_("Số phiếu phát ra"))
    ballots_valid = _count(_("Số phiếu hợp lệ"))
    votes_for = _count(_("Số phiếu tán thành"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args, step: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        if step not in rules.BALLOT_STEPS:
            for name in ("attendees", "ballots_issued", "ballots_valid", "votes_for"):
                del self.fields[name]


class StepCancelForm(ActorForm):
    reason = forms.CharField(label=_("Lý do hủy"), max_length=255)


class DecideForm(ActorForm):
    decision_no = forms.CharField(label=_("Số quyết định"), max_length=64)
    decided_on = DateField(label=_("Ngày ký quyết định"))
    effective_on = DateField(
        label=_("Ngày có hiệu lực"),
        help_text=_("Bổ nhiệm lại: ghi nhận quyết định từ ngày có hiệu lực, khi nhiệm kỳ đang giữ kết thúc."),
    )
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)


class CloseForm(ActorForm):
    status = forms.ChoiceField(label=_("Kết thúc"), choices=CLOSING)
    reason = forms.CharField(label=_("Lý do"), max_length=2000, widget=forms.Textarea({"rows": 2}))
