"""Forms of entries: a campaign's list filters, the three steps of one entry (self-assessment, appraisal,
decision; each with its own prefix on the entry's page), a reason (reopen, take off the list), and the common
fields of a list decided at once. Field names are the services' keyword arguments."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField, OrgFilterField

from ..choices import Disqualifier, Form, Rating, Stage, SubjectKind
from ..selectors.entries import FLAG_REPEATED, NOT_DECIDED

ALL = [("", _("Tất cả"))]
LEVEL_CHOICES = [(r.value, r.label) for r in (Rating.EXCELLENT, Rating.GOOD, Rating.COMPLETED, Rating.NOT_COMPLETED)]


class EntryFilterForm(forms.Form):
    org = OrgFilterField()
    kind = forms.ChoiceField(label=_("Đối tượng"), choices=ALL + SubjectKind.choices, required=False)
    stage = forms.ChoiceField(label=_("Bước"), choices=ALL + Stage.choices, required=False)
    level = forms.ChoiceField(
        label=_("Mức xếp loại"), choices=ALL + LEVEL_CHOICES + [(NOT_DECIDED, _("Chưa xếp loại"))], required=False
    )
    form = forms.ChoiceField(label=_("Mẫu"), choices=ALL + [(f.value, f.value) for f in Form], required=False)
    flag = forms.ChoiceField(
        label=_("Lưu ý"),
        choices=[*ALL, (FLAG_REPEATED, _("Hai năm liền không hoàn thành nhiệm vụ"))],
        required=False,
    )
    q = forms.CharField(label=_("Họ tên, tên hoặc mã tổ chức"), max_length=100, required=False)

    def selector_kwargs(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {k: data.get(k) or "" for k in ("kind", "stage", "level", "form", "flag", "q")}


def _count(label):
    return forms.IntegerField(label=label, min_value=0, max_value=100_000, required=False)


class ConditionsMixin(forms.Form):
    """The task figures and the conditions the level depends on (366-QĐ/TW Art. 11)."""

    tasks_total = _count(_("Số nhiệm vụ được giao"))
    tasks_done = _count(_("Số hoàn thành"))
    tasks_on_time = _count(_("Số hoàn thành đúng tiến độ, bảo đảm chất lượng"))
    tasks_exceeded = _count(_("Số vượt yêu cầu"))
    subordinate_disciplined = forms.BooleanField(
        label=_("Có tổ chức trực thuộc hoặc thành viên tập thể lãnh đạo bị kỷ luật trong năm"), required=False
    )
    shortcomings_fixed = forms.BooleanField(
        label=_("Đã khắc phục hết hạn chế, khuyết điểm được chỉ ra"), required=False, initial=True
    )
    disqualifier = forms.ChoiceField(
        label=_("Thuộc trường hợp không hoàn thành nhiệm vụ"), choices=Disqualifier.choices, required=False
    )

    def conditions(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in ConditionsMixin.base_fields}


def _score(label, required=True):
    return forms.CharField(
        label=label, max_length=8, required=required,
        widget=forms.TextInput({"inputmode": "decimal", "class": "score", "placeholder": "0 – 100"}),
    )  # fmt: skip


class SelfForm(ConditionsMixin, ActorForm):
    form = forms.ChoiceField(label=_("Mẫu kiểm điểm"), choices=Form.choices)
    self_score = _score(_("Điểm tự chấm"), required=False)
    self_level = forms.ChoiceField(label=_("Tự xếp loại"), choices=LEVEL_CHOICES, widget=forms.RadioSelect)
    self_on = DateField(label=_("Ngày tự đánh giá"), initial=timezone.localdate)
    self_note = forms.CharField(label=_("Tự nhận xét"), required=False, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args, kind: str = SubjectKind.MEMBER, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [Form.F01] if kind == SubjectKind.ORG else [Form.F2A, Form.F2B, Form.F2C]
        self.fields["form"].choices = [(f.value, f.label) for f in allowed]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            k: data.get(k) for k in ("form", "self_score", "self_level", "self_on", "self_note")
        } | self.conditions()


class AppraisalForm(ConditionsMixin, ActorForm):
    appraisal_score = _score(_("Điểm thẩm định"), required=False)
    appraisal_level = forms.ChoiceField(label=_("Mức đề xuất"), choices=LEVEL_CHOICES, widget=forms.RadioSelect)
    appraised_on = DateField(label=_("Ngày thẩm định"), initial=timezone.localdate)
    appraisal_note = forms.CharField(label=_("Ý kiến thẩm định"), required=False, widget=forms.Textarea({"rows": 3}))
    group = forms.CharField(
        label=_("Nhóm so sánh (tính tỷ lệ)"), max_length=100, required=False,
        widget=forms.TextInput({"list": "group-options"}),
        help_text=_("Để trống: tính chung cả danh sách của tổ chức cơ sở đảng."),
    )  # fmt: skip

    def values(self) -> dict:
        data = self.cleaned_data
        keys = ("appraisal_score", "appraisal_level", "appraised_on", "appraisal_note", "group")
        return {k: data.get(k) for k in keys} | self.conditions()


class DecisionForm(ActorForm):
    level = forms.ChoiceField(label=_("Mức xếp loại"), choices=LEVEL_CHOICES, widget=forms.RadioSelect)
    decided_on = DateField(label=_("Ngày quyết định"), initial=timezone.localdate)
    decided_by = forms.CharField(label=_("Cấp quyết định"), max_length=255, required=False)
    decision_no = forms.CharField(label=_("Số quyết định, thông báo"), max_length=50, required=False)
    decision_note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea({"rows": 2}))


class BulkDecisionForm(ActorForm):
    """The day, body and number of a list decided at once; the levels come as one field per line."""

    decided_on = DateField(label=_("Ngày quyết định"), initial=timezone.localdate)
    decided_by = forms.CharField(
        label=_("Cấp quyết định"), max_length=255, required=False,
        help_text=_("Để trống: cấp có thẩm quyền của từng trường hợp."),
    )  # fmt: skip
    decision_no = forms.CharField(label=_("Số quyết định, thông báo"), max_length=50, required=False)
    decision_note = forms.CharField(label=_("Ghi chú"), required=False)


def level_field_name(entry_id: int) -> str:
    return f"level-{entry_id}"


BULK_CHOICES = [("", _("— chưa quyết định —")), *LEVEL_CHOICES]


class ImportForm(ActorForm):
    file = forms.FileField(label=_("Tệp Excel (.xlsx) đã điền"))
    self_on = DateField(label=_("Ngày tự đánh giá"), initial=timezone.localdate)
