from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "tochuc.recruitment"
    verbose_name = _("Phát triển đảng viên")

    def ready(self) -> None:
        from tochuc.core.audit import register_actions
        from tochuc.orgs.services import register_follower
        from tochuc.reports.catalog import register_reports

        from .reports import PIPELINE
        from .services import candidates_follow, candidates_held

        register_reports(PIPELINE)
        register_follower(candidates_follow, holds=candidates_held)

        register_actions(
            {
                "candidate.create": _("Đưa quần chúng vào danh sách phát triển đảng viên"),
                "candidate.update": _("Sửa thông tin quần chúng"),
                "candidate.step": _("Ghi nhận bước hồ sơ kết nạp"),
                "candidate.step_cancel": _("Hủy bước hồ sơ kết nạp ghi nhầm"),
                "candidate.introducer": _("Ghi nhận, bỏ người giới thiệu"),
                "candidate.away": _("Ghi nhận quần chúng đi làm ăn xa, trở về"),
                "candidate.drop": _("Dừng theo dõi quần chúng"),
                "candidate.resume": _("Theo dõi lại quần chúng"),
                "candidate.admit": _("Kết nạp quần chúng vào Đảng"),
            }
        )
