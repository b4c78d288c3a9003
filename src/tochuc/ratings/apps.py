from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "tochuc.ratings"
    verbose_name = _("Đánh giá, xếp loại chất lượng")

    def ready(self) -> None:
        from tochuc.core.audit import register_actions

        register_actions(
            {
                "rating.campaign_open": _("Mở đợt đánh giá, xếp loại"),
                "rating.campaign_update": _("Sửa đợt đánh giá, xếp loại"),
                "rating.campaign_close": _("Kết thúc đợt đánh giá, xếp loại"),
                "rating.enlist": _("Lập danh sách tổ chức, đảng viên được đánh giá"),
                "rating.self": _("Ghi nhận tự đánh giá, xếp loại"),
                "rating.appraise": _("Thẩm định, đề xuất mức xếp loại"),
                "rating.decide": _("Quyết định xếp loại chất lượng"),
                "rating.reopen": _("Hủy kết quả xếp loại để xem xét lại"),
                "rating.unlist": _("Đưa ra khỏi danh sách đánh giá"),
                "rating.follow": _("Chuyển danh sách đánh giá theo sắp xếp tổ chức"),
            }
        )
        from tochuc.orgs.services import register_follower

        from .services.campaigns import entries_follow

        register_follower(entries_follow)
