"""Forms of the cadre register: its filters, a cadre's record (made from a party member or not), the end of
work, a discipline, and `CadreField`, the suggest-as-you-type box other topics use to pick a cadre."""

from __future__ import annotations

import re

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField, OrgCodeField, OrgFilterField, SuggestField
from tochuc.members.choices import ETHNIC_GROUP_CHOICES, Qualification, Sex, StateManagementLevel, TheoryLevel
from tochuc.recruitment.forms import MemberRefField

from ..choices import Body, CadreKind, CadreStatus, DisciplineKind, Title
from ..selectors import people as selectors

_CADRE_ID = re.compile(r"#(\d+)\s*$")
ALL = [("", _("Tất cả"))]


def _text(label, *, max_length=255, required=False, **kwargs):
    return forms.CharField(label=label, max_length=max_length, required=required, **kwargs)


class CadreField(SuggestField):
    """A working cadre in the actor's scope, chosen by typing a name (suggestions from `cadres:lookup`) or
    picking a suggestion, whose trailing #id names the cadre exactly. Cleans to a `Cadre`."""

    options_id = "cadre-options"
    lookup = "cadres:lookup"
    placeholder = _("Gõ họ tên cán bộ (không dấu cũng được)")

    def __init__(self, *, working_only: bool = True, **kwargs):
        self.working_only = working_only
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if hasattr(value, "full_name") and hasattr(value, "org"):
            return selectors.cadre_option(value)
        return value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        match = _CADRE_ID.search(value)
        if match:
            try:
                cadre = selectors.cadre_get(actor=self.actor, pk=int(match.group(1)))
            except Http404:
                cadre = None
            if cadre is not None and (not self.working_only or cadre.status == CadreStatus.WORKING):
                return cadre
            raise forms.ValidationError(_("Không tìm thấy cán bộ này trong phạm vi quản lý."), code="unknown_cadre")
        found = selectors.cadre_search(actor=self.actor, q=value, limit=2, working_only=self.working_only)
        if len(found) == 1:
            return found[0]
        if not found:
            raise forms.ValidationError(_("Không tìm thấy cán bộ «%(q)s» trong phạm vi quản lý."),
                                        params={"q": value}, code="unknown_cadre")  # fmt: skip
        raise forms.ValidationError(
            _("Có nhiều cán bộ tên «%(q)s»: chọn một người trong danh sách gợi ý."),
            params={"q": value},
            code="ambiguous",
        )


class CadreFilterForm(forms.Form):
    """The register's filters, read from the query string (the export keeps them)."""

    STATUSES = [("", CadreStatus.WORKING.label), *[(s.value, s.label) for s in CadreStatus if s != CadreStatus.WORKING],
                ("all", _("Tất cả"))]  # fmt: skip

    q = _text(_("Họ tên hoặc số CCCD"), max_length=150)
    org = OrgFilterField()
    kind = forms.ChoiceField(label=_("Loại"), choices=ALL + CadreKind.choices, required=False)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=STATUSES, required=False)
    body = forms.ChoiceField(label=_("Khối (chức vụ hiện giữ)"), choices=ALL + Body.choices, required=False)
    title = forms.ChoiceField(label=_("Chức danh hiện giữ"), choices=ALL + Title.choices, required=False)
    retiring = forms.BooleanField(label=_("Đến tuổi nghỉ hưu trong 12 tháng"), required=False)
    concurrent = forms.BooleanField(label=_("Kiêm nhiệm (giữ từ 2 chức vụ)"), required=False)

    def selector_kwargs(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        status = data.get("status") or CadreStatus.WORKING
        return {
            "q": data.get("q") or "",
            "kind": data.get("kind") or "",
            "status": "" if status == "all" else status,
            "body": data.get("body") or "",
            "title": data.get("title") or "",
            "retiring": bool(data.get("retiring")),
            "concurrent": bool(data.get("concurrent")),
        }


class CadreForm(ActorForm):
    """A cadre's record; the field names are `services.people.cadre_create`'s keyword arguments."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    sex = forms.ChoiceField(label=_("Giới tính"), choices=Sex.choices)
    birth_date = DateField(label=_("Ngày sinh"))
    org = OrgCodeField(label=_("Đơn vị quản lý"), help_text=_("Tổ chức đảng, cơ quan quản lý hồ sơ cán bộ."))
    kind = forms.ChoiceField(label=_("Loại"), choices=CadreKind.choices, initial=CadreKind.CADRE)
    citizen_id = _text(_("Số căn cước công dân"), max_length=12, help_text=_("12 chữ số."),
                       widget=forms.TextInput({"inputmode": "numeric"}))  # fmt: skip
    ethnic_group = forms.ChoiceField(label=_("Dân tộc"), choices=ETHNIC_GROUP_CHOICES, initial="Kinh")
    work_unit = _text(_("Cơ quan, đơn vị công tác"))
    qualification = forms.ChoiceField(label=_("Chuyên môn, nghiệp vụ"), choices=Qualification.choices,
                                      initial=Qualification.NONE)  # fmt: skip
    qualification_field = _text(_("Chuyên ngành"), max_length=150)
    theory_level = forms.ChoiceField(label=_("Lý luận chính trị"), choices=TheoryLevel.choices,
                                     initial=TheoryLevel.NONE)  # fmt: skip
    state_management = forms.ChoiceField(label=_("Quản lý nhà nước"), choices=StateManagementLevel.choices,
                                         initial=StateManagementLevel.NONE)  # fmt: skip
    dossier_verified_on = DateField(label=_("Ngày xác minh hồ sơ cán bộ"), required=False)
    assets_declared_on = DateField(label=_("Ngày kê khai tài sản, thu nhập gần nhất"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea({"rows": 3}))

    def values(self) -> dict:
        return dict(self.cleaned_data)


class CadreCreateForm(CadreForm):
    member = MemberRefField(
        label=_("Hồ sơ đảng viên"),
        required=False,
        help_text=_("Nếu cán bộ là đảng viên: chọn để liên kết hồ sơ và lấy sẵn thông tin."),
    )

    field_order = ["member", "full_name", "sex", "birth_date", "org"]


class CadreEndForm(ActorForm):
    STATUSES = [(s.value, s.label) for s in CadreStatus if s != CadreStatus.WORKING]

    status = forms.ChoiceField(label=_("Lý do thôi công tác"), choices=STATUSES)
    on = DateField(label=_("Từ ngày"))
    note = _text(_("Ghi chú, số quyết định"))


class DisciplineForm(ActorForm):
    kind = forms.ChoiceField(label=_("Hình thức kỷ luật"), choices=DisciplineKind.choices)
    on = DateField(label=_("Ngày quyết định"))
    decision_no = _text(_("Số quyết định"), max_length=64)
    authority = _text(_("Cấp quyết định"), max_length=200)
    note = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea({"rows": 2}))
