from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "tochuc.enterprises"
    verbose_name = _("Doanh nghiệp")

    def ready(self) -> None:
        from tochuc.core.audit import register_actions
        from tochuc.orgs.services import register_follower
        from tochuc.reports.catalog import register_reports

        from .reports import CELL_TARGETS, ENTERPRISES
        from .services import enterprises_follow, enterprises_held

        register_reports(ENTERPRISES, CELL_TARGETS)
        register_follower(enterprises_follow, holds=enterprises_held)

        register_actions(
            {
                "enterprise.create": _("Thêm doanh nghiệp"),
                "enterprise.update": _("Sửa thông tin doanh nghiệp"),
                "enterprise.close": _("Ghi nhận doanh nghiệp ngừng hoạt động"),
                "enterprise.party_org": _("Ghi nhận tổ chức đảng trong doanh nghiệp"),
                "enterprise.target": _("Giao chỉ tiêu thành lập tổ chức đảng trong doanh nghiệp"),
                "enterprise.import": _("Nhập danh sách doanh nghiệp từ tệp Excel"),
            }
        )
