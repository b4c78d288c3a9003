"""The recruitment forms: the list's filters, a candidate's record, one form per dossier step (its fields
follow the step: the verification's conclusion, a vote's counts), the introducers, away from home, leaving
the list and the admission. Field names are the services' keyword arguments."""

from __future__ import annotations

import re

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField, OrgCodeField, OrgFilterField, SuggestField
from tochuc.core.text import fold
from tochuc.members import selectors as member_selectors
from tochuc.members.choices import ETHNIC_GROUP_CHOICES, RELIGION_CHOICES, Education, Occupation, Sex
from tochuc.members.models import Member

from .models import AwayKind, DropReason, Introducer, Reached, Result, Stage, Step


def _text(label, *, max_length=255, required=False, **kwargs):
    return forms.CharField(label=label, max_length=max_length, required=required, **kwargs)


# --- The list ---------------------------------------------------------------------------------------------


class CandidateFilterForm(forms.Form):
    """The list's filters, read from the query string (so that a link, the export's included, keeps them)."""

    ALL = [("", _("Tất cả"))]
    STAGES = [("", Stage.DEVELOPING.label), (Stage.ADMITTED, Stage.ADMITTED.label),
              (Stage.DROPPED, Stage.DROPPED.label), ("all", _("Tất cả"))]  # fmt: skip
    AWAY = [("", _("Tất cả")), ("yes", _("Đang đi làm ăn xa")), ("no", _("Đang ở địa phương"))]

    q = _text(_("Họ tên hoặc số CCCD"), max_length=150)
    org = OrgFilterField()
    stage = forms.ChoiceField(label=_("Tình trạng"), choices=STAGES, required=False)
    reached = forms.ChoiceField(label=_("Tiến độ hồ sơ"), choices=ALL + Reached.choices, required=False)
    away = forms.ChoiceField(label=_("Đi làm ăn xa"), choices=AWAY, required=False)
    drop_reason = forms.ChoiceField(label=_("Lý do dừng"), choices=ALL + DropReason.choices, required=False)

    def selector_kwargs(self) -> dict:
        """The filters that validated, as keyword arguments of `selectors.candidate_list` (without `org`,
        which the view looks up in the actor's scope). Unbound: the candidates being developed."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        stage = data.get("stage") or Stage.DEVELOPING
        return {
            "stage": "" if stage == "all" else stage,
            "reached": data.get("reached") or "",
            "away": {"yes": True, "no": False}.get(data.get("away") or ""),
            "drop_reason": data.get("drop_reason") or "",
            "q": data.get("q") or "",
        }


# --- The candidate's record -------------------------------------------------------------------------------


class CandidateForm(ActorForm):
    """The record a user edits (services.CANDIDATE_FIELDS with the name, sex and dates)."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    sex = forms.ChoiceField(label=_("Giới tính"), choices=Sex.choices)
    birth_date = DateField(label=_("Ngày sinh"))
    listed_on = DateField(label=_("Ngày đưa vào danh sách"))
    citizen_id = _text(
        _("Số căn cước công dân"),
        max_length=12,
        help_text=_("12 chữ số."),
        widget=forms.TextInput({"inputmode": "numeric"}),
    )
    ethnic_group = forms.ChoiceField(label=_("Dân tộc"), choices=ETHNIC_GROUP_CHOICES, initial="Kinh")
    religion = forms.ChoiceField(label=_("Tôn giáo"), choices=RELIGION_CHOICES, initial="Không")
    education = forms.ChoiceField(
        label=_("Giáo dục phổ thông"), choices=Education.choices, initial=Education.UPPER_SECONDARY
    )
    education_exception = _text(
        _("Căn cứ trường hợp đặc biệt về học vấn"),
        help_text=_("Văn bản cho phép kết nạp người chưa tốt nghiệp THCS (vùng cao, hải đảo, đồng bào dân tộc)."),
    )
    occupation = forms.ChoiceField(label=_("Nghề nghiệp"), choices=Occupation.choices, initial=Occupation.OTHER)
    work_unit = _text(_("Nơi làm việc"))
    residence = _text(_("Nơi cư trú"))
    phone = _text(_("Điện thoại"), max_length=20)
    youth_union_member = forms.BooleanField(label=_("Đoàn viên thanh niên"), required=False)
    trade_union_member = forms.BooleanField(label=_("Đoàn viên công đoàn"), required=False)

    def values(self) -> dict:
        return dict(self.cleaned_data)


class CandidateCreateForm(CandidateForm):
    org = OrgCodeField(label=_("Chi bộ, tổ chức đảng"), help_text=_("Chi bộ nơi quần chúng được bồi dưỡng."))

    field_order = ["full_name", "sex", "birth_date", "org", "listed_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["listed_on"].initial = timezone.localdate()


# --- The dossier's steps ----------------------------------------------------------------------------------

VOTES = (Step.CELL_RESOLUTION, Step.COMMITTEE_RESOLUTION)
VERIFICATION_RESULTS = [(r.value, r.label) for r in (Result.CLEAR, Result.ISSUE, Result.NOT_ADMISSIBLE)]


class StepForm(ActorForm):
    """One step's record; the fields follow the step (a verification's conclusion, a vote's counts).
    Prefixed by the step, so that every step's form can sit on the candidate's page."""

    on = DateField(label=_("Ngày"))
    document_no = _text(_("Số văn bản, giấy chứng nhận"), max_length=50)
    result = forms.ChoiceField(label=_("Kết luận thẩm tra"), choices=VERIFICATION_RESULTS)
    official_members = forms.IntegerField(label=_("Số đảng viên chính thức"), min_value=1)
    in_favour = forms.IntegerField(label=_("Số tán thành"), min_value=0)
    note = _text(_("Ghi chú"))

    def __init__(self, *args, step: str, **kwargs):
        kwargs.setdefault("prefix", step)
        super().__init__(*args, **kwargs)
        self.step = step
        if step != Step.VERIFICATION:
            del self.fields["result"]
        if step not in VOTES:
            del self.fields["official_members"]
            del self.fields["in_favour"]
        else:
            self.fields["on"].label = _("Ngày họp, biểu quyết")
            self.fields["document_no"].label = _("Số nghị quyết")
            self.fields["in_favour"].help_text = _("Đạt khi từ hai phần ba số đảng viên chính thức tán thành.")
        if step == Step.COURSE:
            self.fields["document_no"].label = _("Số giấy chứng nhận")
        if not self.is_bound:
            self.fields["on"].initial = timezone.localdate()


class StepCancelForm(ActorForm):
    reason = _text(_("Lý do hủy"), required=True)

    def __init__(self, *args, record_id: int, **kwargs):
        kwargs.setdefault("prefix", f"cancel{record_id}")
        super().__init__(*args, **kwargs)
        self.record_id = record_id


# --- Introducers ------------------------------------------------------------------------------------------

_MEMBER_ID = re.compile(r"#(\d+)\s*$")


def member_option(member: Member) -> str:
    """The text a member's suggestion puts in the box; its trailing #id names the member exactly."""
    return f"{member.full_name} ({member.org.code}) #{member.pk}"


class MemberRefField(SuggestField):
    """An official member chosen by typing their name (suggestions come from the members in scope as the
    user types) or picking a suggestion, whose trailing #id names them exactly."""

    options_id = "member-options"
    lookup = "recruitment:member_lookup"
    placeholder = _("Gõ họ tên đảng viên (không dấu cũng được)")

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        match = _MEMBER_ID.search(value)
        if match:
            try:
                return member_selectors.member_get(actor=self.actor, pk=int(match.group(1)))
            except Http404:
                raise forms.ValidationError(
                    _("Không tìm thấy đảng viên này trong phạm vi quản lý."), code="unknown_member"
                ) from None
        found = member_selectors.member_search(actor=self.actor, q=value, limit=5)
        typed = fold(" ".join(value.split()))
        exact = [m for m in found if fold(m.full_name) == typed]
        if len(exact) == 1 or len(found) == 1:
            return exact[0] if len(exact) == 1 else found[0]
        if not found:
            raise forms.ValidationError(
                _("Không tìm thấy đảng viên «%(q)s» trong phạm vi quản lý."), params={"q": value}, code="unknown_member"
            )
        raise forms.ValidationError(
            _("Có nhiều đảng viên tên «%(q)s»: chọn một người trong danh sách gợi ý."),
            params={"q": value},
            code="ambiguous_member",
        )


class MemberIntroducerForm(ActorForm):
    member = MemberRefField(label=_("Đảng viên chính thức giới thiệu"))
    together_since = DateField(
        label=_("Cùng công tác, sinh hoạt với người vào Đảng từ ngày"),
        help_text=_("Cần đủ 12 tháng tính đến ngày chi bộ xét."),
    )
    on = DateField(label=_("Ngày giới thiệu"))
    document_no = _text(_("Số giấy giới thiệu"), max_length=50)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "intro")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["on"].initial = timezone.localdate()

    def service_kwargs(self) -> dict:
        return {"kind": Introducer.Kind.MEMBER, **self.cleaned_data}


class BodyIntroducerForm(ActorForm):
    kind = forms.ChoiceField(
        label=_("Tổ chức giới thiệu"),
        choices=[(k.value, k.label) for k in (Introducer.Kind.YOUTH_UNION, Introducer.Kind.TRADE_UNION)],
        widget=forms.RadioSelect,
        initial=Introducer.Kind.YOUTH_UNION,
    )
    body = _text(_("Tên tổ chức"), required=True, help_text=_("Ví dụ: Ban chấp hành Đoàn phường Đông Hà."))
    on = DateField(label=_("Ngày nghị quyết giới thiệu"))
    document_no = _text(_("Số nghị quyết"), max_length=50)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "body")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["on"].initial = timezone.localdate()

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


# --- Away from home, leaving the list, the admission ------------------------------------------------------


class AwayStartForm(ActorForm):
    kind = forms.ChoiceField(label=_("Đi làm ăn tại"), choices=AwayKind.choices)
    place = _text(_("Nơi đến"), max_length=150, required=True, help_text=_("Tỉnh, thành phố hoặc nước."))
    since = DateField(label=_("Đi từ ngày"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "away")
        super().__init__(*args, **kwargs)


class AwayEndForm(ActorForm):
    on = DateField(label=_("Ngày trở về"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "back")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["on"].initial = timezone.localdate()


class DropForm(ActorForm):
    on = DateField(label=_("Ngày dừng theo dõi"))
    reason = forms.ChoiceField(label=_("Lý do"), choices=DropReason.choices)
    note = _text(_("Ghi chú"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "drop")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["on"].initial = timezone.localdate()


class AdmitForm(ActorForm):
    admitted_on = DateField(label=_("Ngày ký quyết định kết nạp"))
    decision_no = _text(_("Số quyết định kết nạp"), max_length=64, required=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "admit")
        super().__init__(*args, **kwargs)
