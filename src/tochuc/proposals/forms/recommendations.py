"""Forms of conferences and recommendations: the lists' filters, a conference recorded or corrected, a
recommendation raised, and its follow-up (assign, answer, close, reopen); the board's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField, OrgCodeField, OrgFilterField

from ..choices import ConferenceKind, RecommendationStatus, Topic
from ..selectors.recommendations import LATE, OVERDUE, SOON

ALL = [("", _("Tất cả"))]
DEADLINES = [
    ("", _("Tất cả")),
    (OVERDUE, _("Quá hạn chưa trả lời")),
    (SOON, _("Sắp đến hạn (3 ngày làm việc)")),
    (LATE, _("Trả lời quá hạn")),
]


def _valid(form: forms.Form) -> dict:
    if not form.is_bound:
        return {}
    form.is_valid()
    return getattr(form, "cleaned_data", {})


class ConferenceFilterForm(forms.Form):
    q = forms.CharField(label=_("Tên hội nghị"), max_length=150, required=False)
    org = OrgFilterField(label=_("Tổ chức đảng"))
    kind = forms.ChoiceField(label=_("Loại hội nghị"), choices=ALL + ConferenceKind.choices, required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)

    def selector_kwargs(self) -> dict:
        data = _valid(self)
        return {"q": data.get("q") or "", "kind": data.get("kind") or "", "year": data.get("year")}


class ConferenceForm(ActorForm):
    org = OrgCodeField(label=_("Tổ chức đảng tổ chức hội nghị"))
    title = forms.CharField(label=_("Tên hội nghị"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại hội nghị"), choices=ConferenceKind.choices)
    held_on = DateField(label=_("Ngày tổ chức"))
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)

    def values(self) -> dict:
        d = self.cleaned_data
        return {
            "org": d["org"],
            "title": d["title"],
            "kind": d["kind"],
            "held_on": d["held_on"],
            "place": d.get("place") or "",
        }


class ConferenceEditForm(ConferenceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["org"]

    def values(self) -> dict:
        d = self.cleaned_data
        return {"title": d["title"], "kind": d["kind"], "held_on": d["held_on"], "place": d.get("place") or ""}


class RecommendationFilterForm(forms.Form):
    q = forms.CharField(label=_("Nội dung, cơ quan xử lý"), max_length=150, required=False)
    org = OrgFilterField(label=_("Địa phương kiến nghị"))
    conference = forms.TypedChoiceField(label=_("Hội nghị"), coerce=int, required=False, empty_value=None)
    topic = forms.ChoiceField(label=_("Lĩnh vực"), choices=ALL + Topic.choices, required=False)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=ALL + RecommendationStatus.choices, required=False)
    deadline = forms.ChoiceField(label=_("Thời hạn"), choices=DEADLINES, required=False)
    year = forms.IntegerField(label=_("Năm hội nghị"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, conferences=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conference"].choices = [("", _("Tất cả"))] + [
            (c.pk, f"{c.held_on:%d/%m/%Y} – {c.title}") for c in conferences
        ]

    def selector_kwargs(self) -> dict:
        data = _valid(self)
        return {
            "q": data.get("q") or "",
            "topic": data.get("topic") or "",
            "status": data.get("status") or "",
            "deadline": data.get("deadline") or "",
            "year": data.get("year"),
        }


class BoardFilterForm(forms.Form):
    org = OrgFilterField(label=_("Tổ chức đảng"))
    conference = forms.TypedChoiceField(label=_("Hội nghị"), coerce=int, required=False, empty_value=None)
    topic = forms.ChoiceField(label=_("Lĩnh vực"), choices=ALL + Topic.choices, required=False)
    year = forms.IntegerField(label=_("Năm hội nghị"), min_value=2000, max_value=2100, required=False)
    everyone = forms.BooleanField(label=_("Hiện cả đơn vị chưa có kiến nghị"), required=False)

    def __init__(self, *args, conferences=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conference"].choices = [("", _("Tất cả"))] + [
            (c.pk, f"{c.held_on:%d/%m/%Y} – {c.title}") for c in conferences
        ]

    def selector_kwargs(self) -> dict:
        data = _valid(self)
        return {"topic": data.get("topic") or "", "year": data.get("year")}

    @property
    def show_everyone(self) -> bool:
        return bool(_valid(self).get("everyone"))


class RaiseForm(ActorForm):
    raised_by = OrgCodeField(label=_("Địa phương, đơn vị kiến nghị"))
    topic = forms.ChoiceField(label=_("Lĩnh vực"), choices=Topic.choices)
    content = forms.CharField(label=_("Nội dung kiến nghị"), widget=forms.Textarea({"rows": 5}))


class AssignForm(ActorForm):
    assigned_to = forms.CharField(
        label=_("Cơ quan được giao xử lý"),
        max_length=255,
        widget=forms.TextInput({"list": "body-options", "autocomplete": "off"}),
        help_text=_("Ví dụ: Ban Tổ chức Tỉnh ủy, Sở Nội vụ, Công an tỉnh."),
    )
    assigned_on = DateField(label=_("Ngày giao"))
    due_on = DateField(label=_("Hạn trả lời"))


class AnswerForm(ActorForm):
    answer = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea({"rows": 4}))
    answered_on = DateField(label=_("Ngày trả lời"))
    answer_no = forms.CharField(label=_("Số văn bản trả lời"), max_length=50, required=False)


class CloseForm(ActorForm):
    closed_on = DateField(label=_("Ngày kết thúc theo dõi"))
    closing_note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class ReopenForm(ActorForm):
    reopen_reason = forms.CharField(label=_("Lý do mở lại"), max_length=255)
    reopened_on = DateField(label=_("Ngày mở lại"))
    due_on = DateField(label=_("Hạn trả lời mới"))
