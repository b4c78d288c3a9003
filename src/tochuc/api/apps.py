from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "tochuc.api"
    label = "api"
    verbose_name = _("Giao diện lập trình (API)")

    def ready(self) -> None:
        from tochuc.core.audit import register_actions

        register_actions(
            {
                "api_token.issue": _("Cấp mã truy cập API"),
                "api_token.revoke": _("Thu hồi mã truy cập API"),
            }
        )
