"""Forms of polls: the office's poll (question, opening and closing times as dd/mm/yyyy hh:mm, one option per
line), its list's filters, and the public's vote."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tochuc.accounts.roles import Action
from tochuc.core.forms import ActorForm

from ..services.polls import MAX_OPTIONS, MIN_OPTIONS

DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]


class DateTimeInput(forms.DateTimeInput):
    """A text box for dd/mm/yyyy hh:mm (the browser's own picker would follow the OS locale)."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off", **(attrs or {})},
            format="%d/%m/%Y %H:%M",
        )


class DateTimeField(forms.DateTimeField):
    widget = DateTimeInput
    default_error_messages = {"invalid": _("Nhập thời điểm theo dạng dd/mm/yyyy hh:mm, ví dụ 01/07/2026 08:00.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATETIME_FORMATS)
        super().__init__(**kwargs)


class PollForm(ActorForm):
    question = forms.CharField(label=_("Câu hỏi"), max_length=255)
    opens_at = DateTimeField(label=_("Mở từ"))
    closes_at = DateTimeField(label=_("Đóng lúc"))
    options = forms.CharField(
        label=_("Các phương án"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Mỗi dòng một phương án, từ %(lo)s đến %(hi)s phương án, theo thứ tự hiển thị.")
        % {"lo": MIN_OPTIONS, "hi": MAX_OPTIONS},
        max_length=MAX_OPTIONS * 260,
    )
    show = forms.BooleanField(
        label=_("Cho hiển thị trên cổng thông tin ngay (từ thời điểm mở)"),
        required=False,
    )

    def __init__(self, *args, creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating or self.actor is None or not self.actor.can(Action.PUBLISH_NEWS):
            del self.fields["show"]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["options"] = [line.strip() for line in data["options"].splitlines() if line.strip()]
        return data


STATE_CHOICES = [
    ("", _("Tất cả")),
    ("open", _("Đang diễn ra")),
    ("upcoming", _("Sắp mở")),
    ("closed", _("Đã kết thúc")),
    ("hidden", _("Chưa hiển thị, đã ẩn")),
]


class PollFilterForm(forms.Form):
    q = forms.CharField(label=_("Câu hỏi"), max_length=100, required=False)
    state = forms.ChoiceField(label=_("Tình trạng"), choices=STATE_CHOICES, required=False)

    def selector_kwargs(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {"q": self.cleaned_data["q"].strip(), "state": self.cleaned_data["state"]}


class VoteForm(forms.Form):
    """The public's vote: the option's number, and the page to go back to."""

    option = forms.IntegerField(min_value=1, required=False, error_messages={"invalid": _("Hãy chọn một phương án.")})
    next = forms.CharField(max_length=500, required=False)
