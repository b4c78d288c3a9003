"""Forms of planning: the list's filters, adding a name (from the list, or from a post's review page where
the post is fixed), and taking a name off with its reason."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField

from ..selectors.planning import term_choices
from .people import CadreField
from .posts import PostField

COVERAGE = [("", _("Tất cả")), ("covered", _("Đã có người trong quy hoạch")), ("uncovered", _("Chưa có ai"))]


def _terms():
    return [(t, t) for t in term_choices()]


class PlanningFilterForm(forms.Form):
    org = forms.CharField(
        label=_("Mã tổ chức"),
        max_length=40,
        required=False,
        widget=forms.TextInput({"list": "org-options", "autocomplete": "off"}),
    )
    term = forms.ChoiceField(label=_("Nhiệm kỳ quy hoạch"), choices=_terms, required=False)
    coverage = forms.ChoiceField(label=_("Tình trạng"), choices=COVERAGE, required=False)
    q = forms.CharField(label=_("Chức vụ, tổ chức"), max_length=100, required=False)

    def term_value(self) -> str:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("term"):
            return self.cleaned_data["term"]
        return term_choices()[0]

    def selector_kwargs(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {"coverage": self.cleaned_data.get("coverage") or "", "q": self.cleaned_data.get("q") or ""}


class PlanningAddForm(ActorForm):
    """A name added to a post's list. With `post` given (the review page) the post is not asked for."""

    post = PostField(label=_("Chức vụ quy hoạch"))
    cadre = CadreField(label=_("Cán bộ"))
    term = forms.ChoiceField(label=_("Nhiệm kỳ quy hoạch"), choices=_terms)
    added_on = DateField(label=_("Ngày đưa vào quy hoạch"))
    decision_no = forms.CharField(label=_("Số quyết định phê duyệt"), max_length=64, required=False)

    def __init__(self, *args, post=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_post = post
        if post is not None:
            del self.fields["post"]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        if self.fixed_post is not None:
            data["post"] = self.fixed_post
        return data


class PlanningRemoveForm(ActorForm):
    removed_on = DateField(label=_("Ngày đưa ra khỏi quy hoạch"))
    reason = forms.CharField(label=_("Lý do"), max_length=255)
    decision_no = forms.CharField(label=_("Số quyết định"), max_length=64, required=False)
