from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "tochuc.members"
    label = "members"
    verbose_name = _("Đảng viên")

    def ready(self) -> None:
        from tochuc.core.audit import register_actions

        register_actions(
            {
                "member.away_start": _("Ghi nhận đảng viên đi làm ăn xa"),
                "member.away_end": _("Ghi nhận đảng viên đi làm ăn xa trở về"),
            }
        )
