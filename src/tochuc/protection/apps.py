from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "tochuc.protection"
    verbose_name = _("Bảo vệ chính trị nội bộ")

    def ready(self) -> None:
        from tochuc.core.audit import register_actions

        register_actions(
            {
                "protection.case_open": _("Mở hồ sơ thẩm tra chính trị"),
                "protection.case_update": _("Sửa hồ sơ thẩm tra chính trị"),
                "protection.question": _("Gửi đề nghị xác minh"),
                "protection.reply": _("Ghi nhận kết quả xác minh"),
                "protection.conclude": _("Kết luận thẩm tra chính trị"),
                "protection.withdraw": _("Dừng thẩm tra chính trị"),
                "protection.view": _("Xem nội dung mật về bảo vệ chính trị nội bộ"),
                "protection.note_add": _("Ghi chép mật về lịch sử chính trị"),
                "protection.note_cancel": _("Hủy ghi chép mật ghi nhầm"),
                "protection.export": _("Xuất báo cáo bảo vệ chính trị nội bộ"),
            }
        )
