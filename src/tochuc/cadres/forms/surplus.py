"""Forms of surplus staff: the list's filters, a case recorded by hand, and the policy of a case."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField, OrgCodeField, OrgFilterField

from ..choices import CadreKind, SurplusPolicy, SurplusStatus
from ..models import Post
from .people import CadreField

ALL = [("", _("Tất cả"))]
UNDECIDED = "undecided"  # the filter's value for "no policy yet" (the model stores it as "")


class SurplusFilterForm(forms.Form):
    q = forms.CharField(label=_("Họ tên"), max_length=150, required=False)
    org = OrgFilterField(help_text=_("Đơn vị trước sắp xếp hoặc đơn vị đang quản lý."))
    status = forms.ChoiceField(label=_("Tình trạng"), choices=ALL + SurplusStatus.choices, required=False)
    policy = forms.ChoiceField(
        label=_("Chính sách"),
        choices=[*ALL, (UNDECIDED, SurplusPolicy.UNDECIDED.label), *SurplusPolicy.choices[1:]],
        required=False,
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=ALL + CadreKind.choices, required=False)
    event = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def selector_kwargs(self) -> dict:
        """The filters that validate (one that does not is left out, as on the other lists)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        policy = data.get("policy") or ""
        return {
            "q": data.get("q") or "",
            "status": data.get("status") or "",
            "policy": "" if policy == UNDECIDED else (policy or None),
            "kind": data.get("kind") or "",
        }


class SurplusCreateForm(ActorForm):
    cadre = CadreField(label=_("Cán bộ, người lao động"))
    org = OrgCodeField(
        label=_("Đơn vị trước sắp xếp"),
        include_closed=True,
        help_text=_("Tổ chức nơi người đó công tác, đã sáp nhập, chia tách hoặc giải thể (hoặc nơi tiếp nhận)."),
    )
    identified_on = DateField(label=_("Ngày dôi dư"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea({"rows": 3}))


class SurplusPolicyForm(ActorForm):
    policy = forms.ChoiceField(label=_("Chính sách"), choices=SurplusPolicy.choices[1:])
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=[
            (SurplusStatus.IN_PROGRESS, _("Đã quyết định, đang thực hiện")),
            (SurplusStatus.RESOLVED, _("Đã thực hiện xong")),
        ],
        initial=SurplusStatus.IN_PROGRESS,
    )
    policy_on = DateField(
        label=_("Ngày thực hiện"),
        required=False,
        help_text=_("Ngày nghỉ hưu, thôi việc, chuyển công tác hoặc nhận nhiệm vụ mới; bắt buộc khi đã thực hiện."),
    )
    decision_no = forms.CharField(label=_("Số quyết định"), max_length=64, required=False)
    post = forms.ModelChoiceField(
        label=_("Chức vụ được bố trí"),
        queryset=Post.objects.none(),
        required=False,
        help_text=_("Khi bố trí công tác khác tại đơn vị kế thừa."),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args, posts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if posts is not None:
            self.fields["post"].queryset = posts
            self.fields["post"].label_from_instance = _post_label

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "policy": data["policy"],
            "status": data["status"],
            "policy_on": data.get("policy_on"),
            "decision_no": data.get("decision_no") or "",
            "post": data.get("post"),
            "note": data.get("note") or "",
        }


def _post_label(post: Post) -> str:
    held = getattr(post, "held", None)
    seats = f" ({held}/{post.seats})" if held is not None else ""
    return f"{post.name} – {post.org.name}{seats}"
