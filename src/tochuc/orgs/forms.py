from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField, OrgCodeField

from .models import OrgType, Sector
from .rules import allowed_child_types

_DECISION = forms.CharField(label=_("Số quyết định"), max_length=64, required=False, help_text=_("Ví dụ: 125-QĐ/TU"))


def _today():
    return timezone.localdate()


class OrgCreateForm(ActorForm):
    code = forms.CharField(
        label=_("Mã tổ chức"),
        max_length=40,
        help_text=_("Chữ không dấu, số, dấu chấm, gạch ngang; không trùng tổ chức khác."),
    )
    name = forms.CharField(label=_("Tên tổ chức"), max_length=255)
    org_type = forms.ChoiceField(label=_("Loại tổ chức"))
    sector = forms.ChoiceField(label=_("Lĩnh vực"), choices=Sector.choices, initial=Sector.OTHER)
    unit_name = forms.CharField(label=_("Cơ quan, đơn vị, doanh nghiệp"), max_length=255, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    opened_on = DateField(label=_("Ngày thành lập"), initial=_today)
    decision_no = _DECISION

    def __init__(self, *args, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        types = allowed_child_types(parent.org_type if parent else None)
        self.fields["org_type"].choices = [(t, OrgType(t).label) for t in types]


class OrgUpdateForm(ActorForm):
    sector = forms.ChoiceField(label=_("Lĩnh vực"), choices=Sector.choices)
    unit_name = forms.CharField(label=_("Cơ quan, đơn vị, doanh nghiệp"), max_length=255, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    admin_unit_code = forms.CharField(label=_("Mã đơn vị hành chính"), max_length=10, required=False)


class OrgRenameForm(ActorForm):
    name = forms.CharField(label=_("Tên mới"), max_length=255)
    on = DateField(label=_("Ngày hiệu lực"), initial=_today)
    decision_no = _DECISION


class OrgMoveForm(ActorForm):
    new_parent = OrgCodeField(label=_("Chuyển về trực thuộc"), help_text=_("Tổ chức cấp trên mới."))
    on = DateField(label=_("Ngày hiệu lực"), initial=_today)
    decision_no = _DECISION


class OrgMergeForm(ActorForm):
    """Merge this org (and optionally other orgs) into an existing org, or into a new one."""

    MODE_EXISTING, MODE_NEW = "existing", "new"
    others = forms.CharField(
        label=_("Các tổ chức khác cùng sáp nhập"),
        required=False,
        max_length=2000,
        help_text=_("Mã các tổ chức, cách nhau bởi dấu phẩy (để trống nếu chỉ sáp nhập tổ chức này)."),
    )
    mode = forms.ChoiceField(
        label=_("Sáp nhập vào"),
        widget=forms.RadioSelect,
        initial=MODE_EXISTING,
        choices=[(MODE_EXISTING, _("Một tổ chức đang hoạt động")), (MODE_NEW, _("Một tổ chức mới thành lập"))],
    )
    target = OrgCodeField(label=_("Tổ chức tiếp nhận"), required=False)
    new_code = forms.CharField(label=_("Mã tổ chức mới"), max_length=40, required=False)
    new_name = forms.CharField(label=_("Tên tổ chức mới"), max_length=255, required=False)
    new_type = forms.ChoiceField(label=_("Loại tổ chức mới"), choices=OrgType.choices, required=False)
    new_parent = OrgCodeField(label=_("Cấp trên của tổ chức mới"), required=False)
    on = DateField(label=_("Ngày hiệu lực"), initial=_today)
    decision_no = _DECISION

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].widget.attrs["data-when"] = "mode=existing"
        for name in ("new_code", "new_name", "new_type", "new_parent"):
            self.fields[name].widget.attrs["data-when"] = "mode=new"

    # The service speaks of the new org's code, name, type and parent; this form calls them new_*.
    FIELD_MAP = {"code": "new_code", "name": "new_name", "org_type": "new_type", "parent": "new_parent",
                 "sources": "others"}  # fmt: skip

    def add_domain_error(self, error):
        error.field = self.FIELD_MAP.get(error.field, error.field)
        super().add_domain_error(error)

    def clean(self):
        data = super().clean()
        if data.get("mode") == self.MODE_EXISTING:
            if not data.get("target") and "target" not in self.errors:
                self.add_error("target", _("Chọn tổ chức tiếp nhận."))
        elif data.get("mode") == self.MODE_NEW:
            for name in ("new_code", "new_name", "new_type", "new_parent"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Trường này là bắt buộc khi sáp nhập vào tổ chức mới."))
        return data

    def clean_others(self):
        from tochuc.core.scope import scope

        from .models import Org

        codes = [c.strip() for c in self.cleaned_data["others"].replace(";", ",").split(",") if c.strip()]
        orgs = []
        for code in codes:
            org = scope(Org.objects.open(), self.actor).filter(code__iexact=code).first()
            if org is None:
                raise forms.ValidationError(
                    _("Không tìm thấy tổ chức đang hoạt động có mã «%(code)s» trong phạm vi quản lý."),
                    params={"code": code},
                )
            orgs.append(org)
        return orgs


class OrgSplitForm(ActorForm):
    """Split into new orgs under the same parent: one line per new org, then assign members and children."""

    parts = forms.CharField(
        label=_("Các tổ chức mới"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một tổ chức: mã | tên. Ví dụ: 44.19186.05 | Chi bộ khu phố 5"),
    )
    org_type = forms.ChoiceField(label=_("Loại các tổ chức mới"), choices=OrgType.choices)
    keep_source = forms.BooleanField(
        label=_("Giữ lại tổ chức cũ (chỉ tách một phần ra)"),
        required=False,
    )
    on = DateField(label=_("Ngày hiệu lực"), initial=_today)
    decision_no = _DECISION

    def clean_parts(self):
        lines = [line.strip() for line in self.cleaned_data["parts"].splitlines() if line.strip()]
        out = []
        for i, line in enumerate(lines, start=1):
            if "|" not in line:
                raise forms.ValidationError(_("Dòng %(i)s: viết theo dạng «mã | tên»."), params={"i": i})
            code, name = (x.strip() for x in line.split("|", 1))
            if not code or not name:
                raise forms.ValidationError(_("Dòng %(i)s: thiếu mã hoặc tên."), params={"i": i})
            if len(name) > 255 or len(code) > 40:
                raise forms.ValidationError(_("Dòng %(i)s: mã hoặc tên quá dài."), params={"i": i})
            out.append((code, name))
        return out


class OrgDissolveForm(ActorForm):
    members_to = OrgCodeField(
        label=_("Chuyển đảng viên về"),
        required=False,
        help_text=_("Bắt buộc khi tổ chức còn đảng viên đang sinh hoạt."),
    )
    on = DateField(label=_("Ngày hiệu lực"), initial=_today)
    decision_no = _DECISION
    confirm = forms.BooleanField(label=_("Tôi xác nhận giải thể tổ chức này"))


class AsOfForm(forms.Form):
    as_of = DateField(label=_("Cây tổ chức tại ngày"), required=False)
