from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import DateField

from .models import LoginEvent, User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Sau nhiều lần sai, tài khoản sẽ bị tạm khóa."),
        "inactive": _("Tài khoản này đã bị khóa. Liên hệ quản trị hệ thống để được mở khóa."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            # The backend refuses a deactivated account like a wrong password. Whoever knows its password is told
            # the truth (nobody else learns that the account exists).
            username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
            locked = User.objects.filter(username__iexact=username or "", is_active=False).first()
            if locked is not None and password and locked.check_password(password):
                raise ValidationError(self.error_messages["inactive"], code="inactive") from None
            raise


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True, "pattern": "[0-9 ]*"}
        ),
        help_text=_("Mở ứng dụng xác thực (Google Authenticator, Microsoft Authenticator, FreeOTP...) và nhập mã."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Ghi lý do: lý do được lưu vào nhật ký kiểm tra.")},
    )


class LoginEventFilterForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), required=False, max_length=150)
    kind = forms.ChoiceField(label=_("Loại"), required=False, choices=[("", _("Tất cả")), *LoginEvent.Kind.choices])
    date_from = DateField(label=_("Từ ngày"), required=False)
    date_to = DateField(label=_("Đến ngày"), required=False)
