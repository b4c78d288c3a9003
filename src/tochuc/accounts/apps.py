from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tochuc.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self) -> None:
        from tochuc.core.audit import register_actions

        from . import login_log  # noqa: F401  (connects the sign-in log to Django's auth signals)

        register_actions(
            {
                "auth.2fa.enable": _("Bật xác thực hai bước"),
                "auth.2fa.disable": _("Tắt xác thực hai bước"),
                "auth.2fa.reset": _("Đặt lại xác thực hai bước"),
            }
        )
