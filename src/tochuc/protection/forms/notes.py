"""Forms of restricted notes and of the yearly summary."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField, OrgFilterField

from ..choices import Relation, Scope
from .cases import _text


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, case):
        return f"{case.get_purpose_display()} · {case.requested_on:%d/%m/%Y} · {case.get_status_display()}"


class NoteForm(ActorForm):
    relation = forms.ChoiceField(label=_("Ghi chép về"), choices=Relation.choices, initial=Relation.SELF)
    subject_name = _text(_("Họ và tên người thân"), max_length=150, help_text=_("Để trống khi ghi chép về bản thân."))
    scope = forms.ChoiceField(label=_("Nội dung"), choices=Scope.choices)
    period = _text(_("Thời kỳ"), max_length=100, help_text=_("Ví dụ: 1972-1975; từ năm 2019."))
    text = _text(_("Nội dung ghi chép (mật)"), required=True, max_length=0, rows=6)
    source = _text(_("Nguồn, căn cứ"), help_text=_("Văn bản trả lời xác minh, lý lịch, quyết định..."))
    recorded_on = DateField(label=_("Ngày ghi"))
    case = CaseChoiceField(label=_("Theo hồ sơ thẩm tra"), queryset=None, required=False)

    def __init__(self, *args, cases=(), **kwargs):
        kwargs.setdefault("prefix", "note")
        super().__init__(*args, **kwargs)
        from ..models import Case

        self.fields["case"].queryset = Case.objects.filter(pk__in=[c.pk for c in cases]).order_by("-requested_on")
        if not self.is_bound:
            self.fields["recorded_on"].initial = timezone.localdate()


class SummaryForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    org = OrgFilterField()
