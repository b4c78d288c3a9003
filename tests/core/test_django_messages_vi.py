"""Django's own form errors that its Vietnamese catalogue leaves untranslated read in Vietnamese too
(locale/vi), so that no English sentence appears beside a field."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (forms.CharField(), "Nguyễn\x00 Văn An", "Không được nhập ký tự rỗng (NUL)."),
        (forms.JSONField(), "{", "Nhập JSON hợp lệ."),
    ],
)
def test_django_form_errors_are_vietnamese(field, value, expected):
    with translation.override("vi"), pytest.raises(forms.ValidationError) as info:
        field.clean(value)
    assert info.value.messages == [expected]
