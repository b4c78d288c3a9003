"""Forms of what the office curates: a category of the menu, an event of the featured block."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import DateField


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Tên chuyên mục"), max_length=150)
    description = forms.CharField(label=_("Mô tả"), max_length=255, required=False)
    position = forms.IntegerField(
        label=_("Thứ tự"),
        min_value=0,
        max_value=32767,
        required=False,
        help_text=_("Để trống: xếp cuối trình đơn."),
    )
    is_active = forms.BooleanField(label=_("Đang hiển thị trên trình đơn"), required=False, initial=True)


class EventForm(forms.Form):
    title = forms.CharField(label=_("Tên sự kiện"), max_length=255, widget=forms.TextInput({"class": "wide"}))
    starts_on = DateField(label=_("Từ ngày"))
    ends_on = DateField(label=_("Đến ngày"), required=False)
    article = forms.TypedChoiceField(label=_("Liên kết đến tin bài"), coerce=int, required=False, empty_value=None)
    url = forms.URLField(
        label=_("Hoặc liên kết đến địa chỉ khác"),
        required=False,
        assume_scheme="https",
        help_text=_("Địa chỉ bắt đầu bằng http:// hoặc https://."),
    )
    position = forms.IntegerField(
        label=_("Thứ tự"), min_value=0, max_value=32767, required=False, help_text=_("Để trống: xếp cuối khối.")
    )
    is_active = forms.BooleanField(label=_("Đang hiển thị"), required=False, initial=True)

    def __init__(self, *args, articles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.articles = {a.pk: a for a in articles}
        self.fields["article"].choices = [("", _("— Không —"))] + [
            (a.pk, f"{a.title} ({timezone.localtime(a.publish_at):%d/%m/%Y})" if a.publish_at else a.title)
            for a in articles
        ]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["article"] = self.articles.get(data.get("article"))
        return data
