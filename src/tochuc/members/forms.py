from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField, OrgCodeField

from .choices import ETHNIC_GROUP_CHOICES, Education, Sex, Status


class MemberForm(ActorForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    sex = forms.ChoiceField(label=_("Giới tính"), choices=Sex.choices)
    birth_date = DateField(label=_("Ngày sinh"))
    ethnic_group = forms.ChoiceField(label=_("Dân tộc"), choices=ETHNIC_GROUP_CHOICES, initial="Kinh")
    education = forms.ChoiceField(
        label=_("Giáo dục phổ thông"), choices=Education.choices, initial=Education.UPPER_SECONDARY
    )
    admitted_on = DateField(label=_("Ngày vào Đảng"), required=False)
    official_on = DateField(label=_("Ngày chính thức"), required=False)


class MemberCreateForm(MemberForm):
    org = OrgCodeField(label=_("Sinh hoạt tại chi bộ"))
    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=[(s.value, s.label) for s in (Status.OFFICIAL, Status.PROBATIONARY)]
    )

    field_order = [
        "full_name",
        "sex",
        "birth_date",
        "ethnic_group",
        "education",
        "org",
        "status",
        "admitted_on",
        "official_on",
    ]


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Họ tên"), required=False)
    org = forms.CharField(label=_("Mã tổ chức"), required=False)
    inactive = forms.BooleanField(label=_("Gồm cả đảng viên đã thôi sinh hoạt"), required=False)
