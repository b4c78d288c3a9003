"""Form pieces every module uses: dates as dd/mm/yyyy, an org picked by code within scope, and showing a
service's DomainError next to the field it names."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.urls import reverse_lazy
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .errors import DomainError
from .scope import scope

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    """A text box for dd/mm/yyyy: the browser's date picker shows the OS locale's order instead."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", **(attrs or {})},
            format="%d/%m/%Y",
        )


class DateField(forms.DateField):
    widget = DateInput
    default_error_messages = {"invalid": _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 01/07/2025.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        super().__init__(**kwargs)


class QuickSelect(forms.Select):
    """A <select> written in Python, option for option the HTML of Django's template-rendered Select. For the
    filter forms of the hot lists: there the template engine's include per option was a quarter of the member
    list's time (about 150 options)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            rows = format_html_join(
                "",
                '\n  <option value="{}"{}>{}</option>',
                ((o["value"], flatatt(o["attrs"]), o["label"]) for o in options),
            )
            parts.append(
                format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rows) if group_name else rows
            )
        return format_html(
            '<select name="{}"{}>{}\n</select>', widget["name"], flatatt(widget["attrs"]), mark_safe("".join(parts))
        )


class SuggestField(forms.CharField):
    """A text box that suggests values as the user types (a datalist `options_id` filled by HTMX from the
    view named `lookup`), since a select of thousands is unusable. Its lookup runs inside the actor's scope:
    `ActorForm` sets `actor` before validation."""

    options_id = ""
    lookup = ""
    placeholder = ""

    def __init__(self, **kwargs):
        self.actor = None
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update(
            {
                "list": self.options_id,
                "autocomplete": "off",
                "placeholder": self.placeholder,
                "hx-get": reverse_lazy(self.lookup),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{self.options_id}",
                "hx-swap": "innerHTML",
            }
        )
        return attrs


class OrgCodeField(SuggestField):
    """An org chosen by its code, looked up inside the actor's scope."""

    options_id = "org-options"
    lookup = "orgs:lookup"
    placeholder = _("Gõ mã hoặc tên tổ chức")

    def __init__(self, *, include_closed: bool = False, **kwargs):
        self.include_closed = include_closed
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        from tochuc.orgs.models import Org

        qs = scope(Org.objects.all(), self.actor)
        if not self.include_closed:
            qs = qs.filter(closed_on__isnull=True)
        code = value.split(" ")[0].strip()
        org = qs.filter(code__iexact=code).first()
        if org is None:
            raise forms.ValidationError(
                _("Không tìm thấy tổ chức có mã «%(code)s» trong phạm vi quản lý."),
                params={"code": code},
                code="unknown_org",
            )
        return org


def query_id(params, name: str) -> int | None:
    """A record's number given in a query string (`?cadre=12`), or None when it is not one. ASCII digits
    only: "²".isdigit() holds but int("²") fails."""
    value = (params.get(name) or "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


class OrgFilterField(SuggestField):
    """The org box of a list's filters: the code as typed, with the suggestions (the list's view looks the
    code up in the actor's scope, answering 404 outside it as every list does)."""

    options_id = "org-options"
    lookup = "orgs:lookup"
    placeholder = _("Gõ mã hoặc tên tổ chức")

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mã tổ chức"))
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class ActorForm(forms.Form):
    """A form that knows who is acting, so that org lookups stay in scope."""

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        for f in self.fields.values():
            if isinstance(f, SuggestField):
                f.actor = actor

    def add_domain_error(self, error: DomainError) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


class ActorModelForm(forms.ModelForm):
    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def add_domain_error(self, error: DomainError) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)
