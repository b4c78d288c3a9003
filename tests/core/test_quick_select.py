"""`QuickSelect` writes the same <select> as Django's template-rendered Select: options, groups, the selected
value, boolean attributes and escaping, compared as parsed HTML."""

from __future__ import annotations

import pytest
from django import forms
from django.test.html import parse_html

from tochuc.core.forms import QuickSelect
from tochuc.members.forms import MemberFilterForm

FLAT = [("", "Tất cả"), ("a&b", 'Kinh "<b>"'), ("Tày", "Tày")]
GROUPED = [("", "—"), ("Nhóm <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")]


@pytest.mark.parametrize("choices", [FLAT, GROUPED], ids=["flat", "grouped"])
@pytest.mark.parametrize("value", ["", "a&b", "y", None, "không có"])
def test_it_writes_what_the_template_writes(choices, value):
    attrs = {"id": "id_t", "class": "wide", "required": True, "disabled": False, "data-x": "1 < 2"}
    django_html = forms.Select(choices=choices, attrs=attrs).render("t", value)
    quick_html = QuickSelect(choices=choices, attrs=attrs).render("t", value)
    assert parse_html(quick_html) == parse_html(django_html)


def test_the_member_filters_render_as_before():
    form = MemberFilterForm({"status": "official", "ethnic_group": "Tày", "sort": "-name"})
    for name, field in form.fields.items():
        if not isinstance(field.widget, QuickSelect):
            continue
        quick_html = str(form[name])
        field.widget.__class__ = forms.Select
        assert parse_html(str(form[name])) == parse_html(quick_html), name
        assert "selected" in quick_html or name not in ("status", "ethnic_group", "sort")
