"""Forms of posts and movements: the posts list's filters, a post's record and closing, giving a post and
ending a tenure, a movement's start and end, and `PostField`, the suggest-as-you-type box for a post."""

from __future__ import annotations

import re

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField, OrgCodeField, OrgFilterField, SuggestField

from ..choices import Body, Filling, MovementKind, TenureEnd, TenureSource, Title
from ..selectors import posts as selectors
from .people import CadreField

_POST_ID = re.compile(r"#(\d+)\s*$")
ALL = [("", _("Tất cả"))]


def _text(label, *, max_length=255, required=False, **kwargs):
    return forms.CharField(label=label, max_length=max_length, required=required, **kwargs)


def post_option(post) -> str:
    """The text a post's suggestion puts in the box; its trailing #id names the post exactly."""
    return f"{post.name} ({post.org.code}) #{post.pk}"


class PostField(SuggestField):
    """An open post in the actor's scope, chosen by typing its name or its org's code (suggestions from
    `cadres:post_lookup`), whose trailing #id names it exactly. Cleans to a `Post`."""

    options_id = "post-options"
    lookup = "cadres:post_lookup"
    placeholder = _("Gõ tên chức vụ hoặc mã tổ chức")

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 260)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if hasattr(value, "seats") and hasattr(value, "org"):
            return post_option(value)
        return value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        match = _POST_ID.search(value)
        post = None
        if match:
            try:
                post = selectors.post_get(actor=self.actor, pk=int(match.group(1)))
            except Http404:
                post = None
        else:
            found = list(selectors.post_list(actor=self.actor, q=value)[:2])
            post = found[0] if len(found) == 1 else None
        if post is None or post.closed_on:
            raise forms.ValidationError(
                _("Không tìm thấy chức vụ này trong phạm vi quản lý: chọn trong danh sách gợi ý."), code="unknown_post"
            )
        return post


class PostFilterForm(forms.Form):
    q = _text(_("Tên chức vụ"), max_length=150)
    org = OrgFilterField()
    body = forms.ChoiceField(label=_("Khối"), choices=ALL + Body.choices, required=False)
    title = forms.ChoiceField(label=_("Chức danh"), choices=ALL + Title.choices, required=False)
    vacant = forms.BooleanField(label=_("Còn trống"), required=False)
    closed = forms.BooleanField(label=_("Cả chức vụ đã bãi bỏ"), required=False)

    def selector_kwargs(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "body": data.get("body") or "",
            "title": data.get("title") or "",
            "vacant": bool(data.get("vacant")),
            "closed": bool(data.get("closed")),
        }


class PostForm(ActorForm):
    org = OrgCodeField(label=_("Tổ chức"))
    title = forms.ChoiceField(label=_("Chức danh"), choices=Title.choices)
    name = _text(_("Tên chức vụ"), max_length=200, help_text=_("Để trống: ghép chức danh với tên tổ chức."))
    seats = forms.IntegerField(label=_("Số lượng"), min_value=1, max_value=99, initial=1)
    filling = forms.ChoiceField(label=_("Hình thức"), choices=Filling.choices)
    term_start = DateField(label=_("Nhiệm kỳ từ"), required=False)
    term_end = DateField(label=_("Nhiệm kỳ đến"), required=False)

    def values(self) -> dict:
        return dict(self.cleaned_data)


class PostEditForm(PostForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["org"]


class PostCloseForm(ActorForm):
    on = DateField(label=_("Ngày bãi bỏ"))
    audit_note = _text(_("Căn cứ, ghi chú"))


class TenureStartForm(ActorForm):
    cadre = CadreField(label=_("Cán bộ"))
    started_on = DateField(label=_("Từ ngày"))
    source = forms.ChoiceField(label=_("Hình thức"), choices=TenureSource.choices)
    decision_no = _text(_("Số quyết định"), max_length=64)
    term_end = DateField(label=_("Thời hạn giữ chức vụ đến"), required=False)


class TenureEndForm(ActorForm):
    ended_on = DateField(label=_("Thôi giữ từ ngày"))
    reason = forms.ChoiceField(label=_("Lý do"), choices=TenureEnd.choices)


class MovementStartForm(ActorForm):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=MovementKind.choices)
    to_org = OrgCodeField(label=_("Đến đơn vị"))
    started_on = DateField(label=_("Từ ngày"))
    due_back_on = DateField(label=_("Thời hạn đến"), required=False,
                            help_text=_("Bắt buộc với luân chuyển và biệt phái."))  # fmt: skip
    post = PostField(label=_("Giữ chức vụ tại đơn vị đến"), required=False)
    decision_no = _text(_("Số quyết định"), max_length=64)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea({"rows": 2}))


class MovementEndForm(ActorForm):
    returned_on = DateField(label=_("Ngày trở về, kết thúc"))
    note = _text(_("Ghi chú"))


class MovementFilterForm(forms.Form):
    STATES = [("open", _("Đang thực hiện")), ("overdue", _("Quá thời hạn chưa trở về")), ("ended", _("Đã kết thúc")),
              ("all", _("Tất cả"))]  # fmt: skip
    org = _text(_("Mã tổ chức"), max_length=40, widget=forms.TextInput({"list": "org-options", "autocomplete": "off"}))
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ALL + MovementKind.choices, required=False)
    state = forms.ChoiceField(label=_("Tình trạng"), choices=STATES, required=False)

    def selector_kwargs(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        state = data.get("state") or "open"
        return {"kind": data.get("kind") or "", "state": "" if state == "all" else state}
