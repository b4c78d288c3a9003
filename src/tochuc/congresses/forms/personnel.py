"""Forms of personnel plans and committees: the plan's numbers and its step, a name put on a list (the
member typed in and picked from the suggestions), a withdrawal, the filters of the plans and of a committee,
an appointed seat and the end of a seat."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField, OrgFilterField
from tochuc.recruitment.forms import MemberRefField

from ..choices import Body, NominationSource, Origin, PlanStatus


def _count(label, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=1000, **kwargs)


def _percent(label) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=100, initial=0, help_text=_("Phần trăm (%)."))


class PlanForm(ActorForm):
    committee_seats = _count(_("Số lượng cấp ủy viên"))
    standing_seats = _count(_("Số lượng ủy viên Ban Thường vụ"), initial=0)
    deputy_secretaries = _count(_("Số Phó Bí thư"), initial=1)
    inspection_seats = _count(_("Số ủy viên Ủy ban Kiểm tra"), initial=0)
    women_target = _percent(_("Tỷ lệ nữ"))
    young_target = _percent(_("Tỷ lệ cán bộ trẻ"))
    minority_target = _percent(_("Tỷ lệ người dân tộc thiểu số"))

    def __init__(self, *args, young_age: int = 35, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["young_target"].help_text = _("Phần trăm người dưới %(a)s tuổi tại mốc tính tuổi.") % {
            "a": young_age
        }


class PlanStatusForm(ActorForm):
    status = forms.ChoiceField(label=_("Chuyển sang"), choices=PlanStatus.choices)
    on = DateField(label=_("Ngày"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["on"].initial = timezone.localdate()


class NominationForm(ActorForm):
    body = forms.ChoiceField(label=_("Bầu vào"), choices=Body.choices)
    member = MemberRefField(label=_("Đảng viên được giới thiệu"))
    source = forms.ChoiceField(label=_("Nguồn giới thiệu"), choices=NominationSource.choices)
    re_election = forms.BooleanField(label=_("Tái cử"), required=False)
    present = forms.IntegerField(
        label=_("Số đại biểu (đảng viên) có mặt"),
        min_value=0,
        max_value=100_000,
        required=False,
        help_text=_("Với người được đại hội giới thiệu hoặc tự ứng cử."),
    )
    support = forms.IntegerField(label=_("Số người tán thành"), min_value=0, max_value=100_000, required=False)

    def __init__(self, *args, bodies=None, **kwargs):
        kwargs.setdefault("prefix", "nom")
        super().__init__(*args, **kwargs)
        if bodies is not None:
            self.fields["body"].choices = [(b, label) for b, label in Body.choices if b in bodies]


class WithdrawForm(ActorForm):
    on = DateField(label=_("Ngày rút"))
    reason = forms.CharField(label=_("Lý do"), max_length=255)

    def __init__(self, *args, nomination_id: int, **kwargs):
        kwargs.setdefault("prefix", f"w{nomination_id}")
        super().__init__(*args, **kwargs)
        self.nomination_id = nomination_id
        if not self.is_bound:
            self.fields["on"].initial = timezone.localdate()


PLAN_FILTER_STATUSES = [("", _("Tất cả")), ("none", _("Chưa có đề án")), *PlanStatus.choices]


class PlanFilterForm(forms.Form):
    org = OrgFilterField()
    term = forms.CharField(label=_("Nhiệm kỳ"), max_length=9, required=False)
    status = forms.ChoiceField(label=_("Đề án nhân sự"), choices=PLAN_FILTER_STATUSES, required=False)

    def selector_kwargs(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {"term": (self.cleaned_data.get("term") or "").strip(), "status": self.cleaned_data.get("status") or ""}


COMMITTEE_BODIES = [(b, label) for b, label in Body.choices if b != Body.DELEGATES]


class CommitteeFilterForm(forms.Form):
    term = forms.ChoiceField(label=_("Nhiệm kỳ"), choices=[], required=False)
    body = forms.ChoiceField(label=_("Thuộc"), choices=[("", _("Tất cả")), *COMMITTEE_BODIES], required=False)
    ended = forms.BooleanField(label=_("Kể cả người đã thôi"), required=False)

    def __init__(self, *args, terms: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].choices = [(t, t) for t in terms]
        self.default_term = terms[0] if terms else ""

    def values(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {"term": self.default_term, "body": "", "include_ended": False}
        return {
            "term": self.cleaned_data.get("term") or self.default_term,
            "body": self.cleaned_data.get("body") or "",
            "include_ended": bool(self.cleaned_data.get("ended")),
        }


MANUAL_ORIGINS = [(o, label) for o, label in Origin.choices if o != Origin.ELECTED]


class AppointForm(ActorForm):
    member = MemberRefField(label=_("Đảng viên"))
    body = forms.ChoiceField(label=_("Thuộc"), choices=COMMITTEE_BODIES)
    origin = forms.ChoiceField(label=_("Hình thức"), choices=MANUAL_ORIGINS, initial=Origin.APPOINTED)
    term = forms.CharField(label=_("Nhiệm kỳ"), max_length=9)
    started_on = DateField(label=_("Từ ngày"))
    decision_no = forms.CharField(label=_("Số quyết định chỉ định, chuẩn y"), max_length=64)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "appoint")
        super().__init__(*args, **kwargs)


class MembershipEndForm(ActorForm):
    on = DateField(label=_("Thôi từ ngày"))
    reason = forms.CharField(label=_("Lý do"), max_length=255)

    def __init__(self, *args, membership_id: int, **kwargs):
        kwargs.setdefault("prefix", f"end{membership_id}")
        super().__init__(*args, **kwargs)
        self.membership_id = membership_id
        if not self.is_bound:
            self.fields["on"].initial = timezone.localdate()
