from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "tochuc.awards"
    verbose_name = _("Khen thưởng")

    def ready(self) -> None:
        from tochuc.core.audit import register_actions

        register_actions(
            {
                "award.propose": _("Đề nghị khen thưởng"),
                "award.review": _("Xét đề nghị khen thưởng"),
                "award.withdraw": _("Rút đề nghị khen thưởng"),
                "award.decide": _("Quyết định khen thưởng"),
                "award.print": _("In quyết định khen thưởng"),
            }
        )
