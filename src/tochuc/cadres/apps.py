from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "tochuc.cadres"
    verbose_name = _("Công tác cán bộ")

    def ready(self) -> None:
        from tochuc.core.audit import register_actions
        from tochuc.orgs.services import register_follower
        from tochuc.reports.catalog import register_reports

        from .reports import REPORTS
        from .services.surplus import posts_follow, posts_held

        register_reports(*REPORTS)
        register_follower(posts_follow, holds=posts_held)

        register_actions(
            {
                "cadre.create": _("Thêm cán bộ"),
                "cadre.update": _("Sửa thông tin cán bộ"),
                "cadre.end": _("Cán bộ thôi công tác"),
                "cadre.discipline": _("Ghi nhận kỷ luật cán bộ"),
                "post.create": _("Thêm chức vụ"),
                "post.update": _("Sửa chức vụ, nhiệm kỳ"),
                "post.close": _("Bãi bỏ chức vụ"),
                "tenure.start": _("Giao giữ chức vụ"),
                "tenure.end": _("Thôi giữ chức vụ"),
                "planning.add": _("Đưa cán bộ vào quy hoạch"),
                "planning.remove": _("Đưa cán bộ ra khỏi quy hoạch"),
                "appointment.open": _("Nhận hồ sơ bổ nhiệm"),
                "appointment.step": _("Ghi nhận bước quy trình bổ nhiệm"),
                "appointment.step_cancel": _("Hủy bước quy trình bổ nhiệm ghi nhầm"),
                "appointment.decide": _("Quyết định bổ nhiệm"),
                "appointment.close": _("Không bổ nhiệm, dừng quy trình"),
                "appointment.print": _("In quyết định bổ nhiệm"),
                "movement.start": _("Luân chuyển, điều động, biệt phái cán bộ"),
                "movement.end": _("Kết thúc luân chuyển, biệt phái"),
                "course.create": _("Thêm lớp đào tạo, bồi dưỡng"),
                "course.attend": _("Ghi nhận học viên, kết quả học tập"),
                "evaluation.set": _("Đánh giá, xếp loại cán bộ hằng năm"),
                "surplus.create": _("Ghi nhận cán bộ dôi dư"),
                "surplus.policy": _("Giải quyết chính sách cán bộ dôi dư"),
            }
        )
