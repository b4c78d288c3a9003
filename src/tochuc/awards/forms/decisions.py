"""Forms of decisions: the list's filters, the criteria of the accepted nominations shown on the decide page,
and the decision itself (number, date, signer, subject, conference, the ticked nominations)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField, OrgCodeField, OrgFilterField

from ..choices import AwardForm, PeriodType
from .nominees import ALL, _text, _year


class DecisionFilterForm(forms.Form):
    q = _text(_("Số, trích yếu"), max_length=150)
    org = OrgFilterField(label=_("Cấp quyết định"))
    year = _year(_("Năm ký"), required=False)
    form = forms.ChoiceField(label=_("Hình thức"), choices=ALL + AwardForm.choices, required=False)
    period_type = forms.ChoiceField(label=_("Loại"), choices=ALL + PeriodType.choices, required=False)

    def selector_kwargs(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "year": data.get("year"),
            "form": data.get("form") or "",
            "period_type": data.get("period_type") or "",
        }


class DecideCriteriaForm(ActorForm):
    """Which accepted nominations the decide page lists: the deciding org, the form, the kind and the year."""

    org = OrgCodeField(label=_("Cấp quyết định"))
    form = forms.ChoiceField(label=_("Hình thức khen thưởng"), choices=AwardForm.choices)
    period_type = forms.ChoiceField(label=_("Loại khen thưởng"), choices=PeriodType.choices)
    year_to = _year(_("Năm được khen (năm cuối)"), required=False)


class DecisionForm(ActorForm):
    number = _text(_("Số quyết định"), max_length=50, required=True, help_text=_("Ví dụ: 1520-QĐ/TU, 45-QĐ/ĐU."))
    signed_on = DateField(label=_("Ngày ký"))
    signer_name = _text(_("Người ký"), max_length=150, required=True)
    signer_title = _text(_("Chức vụ người ký"), max_length=150, required=True, help_text=_("Bí thư, Phó Bí thư ..."))
    title = _text(_("Trích yếu"), help_text=_("Để trống: ghi theo hình thức, loại và năm khen thưởng."))
    conference = forms.TypedChoiceField(label=_("Trao tại hội nghị"), coerce=int, required=False, empty_value=None)
    nominees = forms.TypedMultipleChoiceField(label=_("Danh sách khen thưởng"), coerce=int)

    def __init__(self, *args, conferences=(), nominee_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conference"].choices = [("", _("(Không)"))] + [(c.pk, str(c)) for c in conferences]
        self.fields["nominees"].choices = [(pk, pk) for pk in nominee_ids]
        self.fields["nominees"].error_messages["required"] = _("Chọn ít nhất một tập thể, cá nhân được khen thưởng.")
