from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "tochuc.awards"
    verbose_name = _("Khen thưởng")

    def ready(self) -> None:
        from tochuc.core.audit import register_actions
        from tochuc.orgs.services import register_follower

        from .services.nominees import nominees_follow, nominees_held

        register_actions(
            {
                "award.propose": _("Đề nghị khen thưởng"),
                "award.review": _("Xét đề nghị khen thưởng"),
                "award.withdraw": _("Rút đề nghị khen thưởng"),
                "award.decide": _("Quyết định khen thưởng"),
                "award.print": _("In quyết định khen thưởng"),
                "award.move": _("Chuyển đề nghị khen thưởng theo sắp xếp tổ chức"),
            }
        )
        # Nominations not yet decided follow their org through a merger or dissolution.
        register_follower(nominees_follow, holds=nominees_held)
