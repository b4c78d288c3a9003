"""Forms of nominations: the list's filters, one proposal (a member picked by name, or an org by code), the
batch proposal's criteria and its details, the review and the withdrawal. Field names are the services'
keyword arguments, so that a refusal lands beside its field."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField, OrgCodeField, OrgFilterField
from tochuc.recruitment.forms import MemberRefField

from ..choices import AwardForm, NomineeStatus, PeriodType, RecipientKind

ALL = [("", _("Tất cả"))]
STATUSES = [*ALL, ("open", _("Chưa quyết định")), *NomineeStatus.choices]


def _text(label, *, max_length=255, required=False, **kwargs):
    return forms.CharField(label=label, max_length=max_length, required=required, **kwargs)


def _year(label, *, required=True, **kwargs):
    return forms.IntegerField(
        label=label,
        min_value=1990,
        max_value=2100,
        required=required,
        widget=forms.NumberInput({"inputmode": "numeric", "class": "year"}),
        **kwargs,
    )


class NomineeFilterForm(forms.Form):
    """The list's filters, read from the query string (a link and the export keep them)."""

    q = _text(_("Tên tập thể, cá nhân"), max_length=150)
    org = OrgFilterField(label=_("Tổ chức đề nghị"))
    year = _year(_("Năm"), required=False)
    form = forms.ChoiceField(label=_("Hình thức"), choices=ALL + AwardForm.choices, required=False)
    period_type = forms.ChoiceField(label=_("Loại"), choices=ALL + PeriodType.choices, required=False)
    kind = forms.ChoiceField(label=_("Đối tượng"), choices=ALL + RecipientKind.choices, required=False)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=STATUSES, required=False)

    def selector_kwargs(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "year": data.get("year"),
            "form": data.get("form") or "",
            "period_type": data.get("period_type") or "",
            "kind": data.get("kind") or "",
            "status": data.get("status") or "",
        }


class ProposeForm(ActorForm):
    """One collective or one member proposed by an org of the actor's scope."""

    proposing_org = OrgCodeField(label=_("Tổ chức đề nghị"))
    kind = forms.ChoiceField(
        label=_("Đối tượng"), choices=RecipientKind.choices, widget=forms.RadioSelect, initial=RecipientKind.MEMBER
    )
    member = MemberRefField(label=_("Đảng viên được đề nghị"), required=False)
    recipient_org = OrgCodeField(label=_("Tập thể (tổ chức đảng) được đề nghị"), required=False)
    form = forms.ChoiceField(label=_("Hình thức khen thưởng"), choices=AwardForm.choices)
    period_type = forms.ChoiceField(label=_("Loại khen thưởng"), choices=PeriodType.choices)
    year_to = _year(_("Năm được khen (năm cuối của thời kỳ)"))
    year_from = _year(
        _("Từ năm"),
        required=False,
        help_text=_("Khen thưởng 5 năm liên tục: ghi năm đầu (ví dụ 2021 cho 2021–2025). Hằng năm: để trống."),
    )
    achievement = forms.CharField(
        label=_("Thành tích"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Để trống: ghi theo kết quả xếp loại (ví dụ «Đảng viên hoàn thành xuất sắc nhiệm vụ năm 2025»)."),
    )
    proposed_on = DateField(label=_("Ngày đề nghị"))
    document_no = _text(_("Số tờ trình đề nghị"), max_length=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].widget.attrs["data-when"] = "kind=member"
        self.fields["recipient_org"].widget.attrs["data-when"] = "kind=org"

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        if data["kind"] == RecipientKind.MEMBER:
            data["recipient_org"] = None
        else:
            data["member"] = None
        return data


class BatchCriteriaForm(ActorForm):
    """What the batch page lists: the eligible of one year (or five years) under an org, members or orgs."""

    proposing_org = OrgCodeField(label=_("Tổ chức đề nghị"))
    kind = forms.ChoiceField(label=_("Đối tượng"), choices=RecipientKind.choices, initial=RecipientKind.MEMBER)
    form = forms.ChoiceField(label=_("Hình thức khen thưởng"), choices=AwardForm.choices)
    period_type = forms.ChoiceField(
        label=_("Loại khen thưởng"),
        choices=[(PeriodType.ANNUAL, PeriodType.ANNUAL.label), (PeriodType.FIVE_YEAR, PeriodType.FIVE_YEAR.label)],
    )
    year_to = _year(_("Năm (năm cuối của thời kỳ)"))


class BatchProposeForm(ActorForm):
    """The details shared by every ticked recipient of the batch page."""

    proposed_on = DateField(label=_("Ngày đề nghị"))
    document_no = _text(_("Số tờ trình đề nghị"), max_length=50)
    achievement = forms.CharField(
        label=_("Thành tích (chung)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("Để trống: ghi theo kết quả xếp loại của từng năm."),
    )
    recipients = forms.TypedMultipleChoiceField(label=_("Danh sách đề nghị"), coerce=int, required=False)

    def __init__(self, *args, choices=(), **kwargs):
        kwargs.setdefault("initial", {"proposed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["recipients"].choices = [(c, c) for c in choices]


OUTCOMES = [("accept", _("Chấp thuận, trình quyết định khen thưởng")), ("reject", _("Không chấp thuận"))]


class ReviewForm(ActorForm):
    outcome = forms.ChoiceField(label=_("Kết quả xét"), choices=OUTCOMES, widget=forms.RadioSelect)
    reviewed_on = DateField(label=_("Ngày xét"))
    review_note = _text(_("Ý kiến, lý do"), help_text=_("Bắt buộc khi không chấp thuận."))

    def values(self) -> dict:
        data = self.cleaned_data
        return {"accept": data["outcome"] == "accept", "reviewed_on": data["reviewed_on"], "note": data["review_note"]}


class WithdrawForm(ActorForm):
    withdrawn_on = DateField(label=_("Ngày rút đề nghị"))
    reason = _text(_("Lý do"), required=True)
