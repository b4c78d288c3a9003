"""Forms of training (courses, attendees, results, the gaps' filters) and of the yearly evaluation."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField, OrgCodeField

from ..choices import AttendanceResult, CourseKind, Rating
from ..selectors.training import GAP_KINDS, HELD, NOT_EVALUATED, PLANNED
from ..services.training import level_choices
from .people import CadreField


def _today():
    return timezone.localdate()


def _this_year():
    return timezone.localdate().year


def _year(label, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=1945, max_value=2100, **kwargs)


# The levels of every kind in one drop-down, grouped by kind; a value names its kind ("theory:advanced")
# because the same level word exists in several vocabularies (trung cấp lý luận, trung cấp chuyên môn).
LEVEL_CHOICES = [("", _("— Không ghi trình độ —"))] + [
    (label, [(f"{kind}:{value}", text) for value, text in level_choices(kind)])
    for kind, label in CourseKind.choices
    if level_choices(kind)
]


class CourseFilterForm(ActorForm):
    q = forms.CharField(
        label=_("Tên lớp"), required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    org = OrgCodeField(label=_("Đơn vị tổ chức, cử học"), required=False, include_closed=True)
    kind = forms.ChoiceField(label=_("Loại lớp"), required=False, choices=[("", _("Tất cả")), *CourseKind.choices])
    year = _year(_("Năm"), required=False)

    def selector_kwargs(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "org": data.get("org"),
            "kind": data.get("kind") or "",
            "year": data.get("year"),
            "q": data.get("q") or "",
        }


class CourseForm(ActorForm):
    org = OrgCodeField(
        label=_("Đơn vị tổ chức, cử học"),
        help_text=_("Tổ chức mở lớp hoặc cử cán bộ đi học; lớp thuộc phạm vi quản lý của tổ chức này."),
    )
    name = forms.CharField(label=_("Tên lớp"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại lớp"), choices=CourseKind.choices)
    level = forms.ChoiceField(
        label=_("Trình độ đào tạo"),
        required=False,
        choices=LEVEL_CHOICES,
        help_text=_(
            "Lớp lý luận chính trị, quản lý nhà nước ghi trình độ; học viên đạt được nâng trình độ trên hồ sơ."
        ),
    )
    provider = forms.CharField(
        label=_("Cơ sở đào tạo"), max_length=255, required=False, help_text=_("Ví dụ: Trường Chính trị tỉnh.")
    )
    starts_on = DateField(label=_("Ngày khai giảng"), initial=_today)
    ends_on = DateField(label=_("Ngày kết thúc"), required=False)

    def clean(self):
        data = super().clean()
        level = data.get("level") or ""
        kind = data.get("kind")
        if level:
            level_kind, _sep, value = level.partition(":")
            if kind and level_kind != kind:
                self.add_error(
                    "level",
                    _("Trình độ đã chọn thuộc loại lớp %(other)s, không phải %(kind)s.")
                    % {"other": CourseKind(level_kind).label.lower(), "kind": CourseKind(kind).label.lower()},
                )
            data["level"] = value
        return data


class AttendanceAddForm(ActorForm):
    cadre = CadreField(label=_("Cán bộ"), help_text=_("Gõ họ tên cán bộ rồi chọn trong danh sách gợi ý."))


class AttendanceResultForm(ActorForm):
    result = forms.ChoiceField(label=_("Kết quả"), choices=AttendanceResult.choices)
    completed_on = DateField(
        label=_("Ngày hoàn thành"), required=False, help_text=_("Ngày tốt nghiệp, cấp văn bằng hoặc ngày thôi học.")
    )
    certificate_no = forms.CharField(label=_("Số văn bằng, chứng chỉ"), max_length=64, required=False)


class GapFilterForm(ActorForm):
    org = OrgCodeField(label=_("Tổ chức"), required=False)
    kind = forms.ChoiceField(
        label=_("Thiếu tiêu chuẩn"),
        required=False,
        choices=[("", _("Tất cả")), *[(f, label) for f, _kind, label in GAP_KINDS]],
    )
    source = forms.ChoiceField(
        label=_("Đối tượng"),
        required=False,
        choices=[
            ("", _("Đang giữ chức vụ và trong quy hoạch")),
            (HELD, _("Đang giữ chức vụ")),
            (PLANNED, _("Trong quy hoạch")),
        ],
    )

    def selector_kwargs(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {"org": data.get("org"), "kind": data.get("kind") or "", "source": data.get("source") or ""}


class EvaluationFilterForm(ActorForm):
    org = OrgCodeField(label=_("Tổ chức"), required=False, include_closed=True)
    year = _year(_("Năm đánh giá"), required=False)
    rating = forms.ChoiceField(
        label=_("Mức xếp loại"),
        required=False,
        choices=[("", _("Tất cả")), *Rating.choices, (NOT_EVALUATED, _("Chưa đánh giá"))],
    )
    q = forms.CharField(
        label=_("Họ tên"), required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )


class EvaluationForm(ActorForm):
    year = _year(_("Năm đánh giá"), initial=lambda: timezone.localdate().year - 1)
    rating = forms.ChoiceField(label=_("Mức xếp loại"), choices=Rating.choices, widget=forms.RadioSelect)
    evaluated_on = DateField(label=_("Ngày đánh giá"), initial=_today)
    authority = forms.CharField(
        label=_("Cấp đánh giá"),
        max_length=200,
        required=False,
        help_text=_("Tập thể, cấp có thẩm quyền đánh giá, xếp loại; ví dụ: Ban Thường vụ Đảng ủy xã."),
    )
    note = forms.CharField(label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EvaluationBulkForm(ActorForm):
    """The day and the authority of a list rated at once; the ratings come as one field per line."""

    evaluated_on = DateField(label=_("Ngày đánh giá"), initial=_today)
    authority = forms.CharField(label=_("Cấp đánh giá"), max_length=200, required=False)


def rating_field_name(cadre_id: int) -> str:
    return f"rating-{cadre_id}"


RATING_CHOICES = [("", _("— chưa đánh giá —")), *Rating.choices]
