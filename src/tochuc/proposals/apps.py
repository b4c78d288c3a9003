from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "tochuc.proposals"
    verbose_name = _("Đề án, kiến nghị")

    def ready(self) -> None:
        from tochuc.core.audit import register_actions
        from tochuc.orgs.services import register_follower

        from .services.proposals import proposals_follow, proposals_held

        register_follower(proposals_follow, holds=proposals_held)

        register_actions(
            {
                "proposal.receive": _("Tiếp nhận đề án thẩm định"),
                "proposal.update": _("Sửa thông tin đề án"),
                "proposal.assign": _("Phân công thẩm định đề án"),
                "proposal.release": _("Thôi phân công thẩm định"),
                "proposal.reviewer_due": _("Điều chỉnh hạn góp ý của người thẩm định"),
                "proposal.comment": _("Góp ý thẩm định đề án"),
                "proposal.request_changes": _("Đề nghị chỉnh sửa dự thảo đề án"),
                "proposal.revision": _("Nhận bản dự thảo chỉnh sửa"),
                "proposal.conclude": _("Kết luận thẩm định đề án"),
                "proposal.withdraw": _("Dừng thẩm định đề án"),
                "conference.create": _("Ghi nhận hội nghị"),
                "conference.update": _("Sửa thông tin hội nghị"),
                "recommendation.raise": _("Ghi nhận kiến nghị"),
                "recommendation.assign": _("Giao xử lý kiến nghị"),
                "recommendation.answer": _("Trả lời kiến nghị"),
                "recommendation.close": _("Kết thúc theo dõi kiến nghị"),
                "recommendation.reopen": _("Mở lại kiến nghị"),
            }
        )
