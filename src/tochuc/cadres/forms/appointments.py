"""Forms of the appointment procedure: receiving the dossier, recording a step (with its ballots when it is
a secret-ballot vote), cancelling a step, the decision, closing without appointment, the list's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField
from tochuc.core.scope import scope

from .. import rules
from ..choices import AppointmentKind, AppointmentStatus, Source
from ..models import Appointment, Tenure
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
    ending = forms.ModelMultipleChoiceField(
        label=_("Thôi giữ chức vụ hiện tại từ ngày có hiệu lực"),
        queryset=Tenure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chức vụ không chọn được giữ tiếp (kiêm nhiệm)."),
    )

    def __init__(self, *args, appointment: Appointment | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["ending"]
        if appointment is None or appointment.kind != AppointmentKind.APPOINTMENT:
            del self.fields["ending"]  # a re-appointment keeps the same post; its term is renewed
            return
        field.queryset = ending_choices(appointment, actor=self.actor)
        field.label_from_instance = lambda t: f"{t.post.name} ({_('từ')} {t.started_on:%d/%m/%Y})"
        if not self.is_bound:
            field.initial = [t.pk for t in field.queryset if ends_by_default(t, appointment)]
        if not field.queryset:
            del self.fields["ending"]


def ending_choices(appointment: Appointment, *, actor=None):
    """The posts the appointed person holds now in the actor's scope, other than the one they are appointed
    to (a post elsewhere is left by the decision of the level that manages it)."""
    qs = Tenure.objects.filter(cadre_id=appointment.cadre_id, ended_on__isnull=True)
    if actor is not None:
        qs = scope(qs, actor, "post__org__path")
    return qs.exclude(post_id=appointment.post_id).select_related("post").order_by("started_on", "pk")


def ends_by_default(tenure: Tenure, appointment: Appointment) -> bool:
    """A lower post of the same body at the same org is left on promotion (a deputy head appointed head);
    posts of other bodies are usually held concurrently (a secretary chairing the council)."""
    post, new = tenure.post, appointment.post
    return post.org_id == new.org_id and post.body == new.body and post.rank < new.rank


class CloseForm(ActorForm):
    status = forms.ChoiceField(label=_("Kết thúc"), choices=CLOSING)
    reason = forms.CharField(label=_("Lý do"), max_length=2000, widget=forms.Textarea({"rows": 2}))
