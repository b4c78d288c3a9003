from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressesConfig(AppConfig):
    name = "tochuc.congresses"
    verbose_name = _("Đại hội đảng bộ các cấp")

    def ready(self) -> None:
        from tochuc.core.audit import register_actions

        register_actions(
            {
                "congress.create": _("Lên kế hoạch đại hội"),
                "congress.update": _("Cập nhật kế hoạch, tiến độ đại hội"),
                "congress.allocate": _("Phân bổ số lượng đại biểu"),
                "delegate.add": _("Ghi nhận đại biểu"),
                "delegate.update": _("Thẩm tra tư cách, vắng mặt của đại biểu"),
                "delegate.remove": _("Bỏ đại biểu ghi nhầm"),
                "plan.save": _("Lập, sửa đề án nhân sự"),
                "nomination.add": _("Giới thiệu người ứng cử"),
                "nomination.withdraw": _("Rút khỏi danh sách ứng cử"),
                "election.create": _("Lập cuộc bầu cử"),
                "election.ballot": _("Nhập phiếu bầu"),
                "election.update": _("Sửa số phiếu phát ra của cuộc bầu cử"),
                "election.count": _("Kiểm phiếu, công bố kết quả"),
                "election.minutes": _("In biên bản kiểm phiếu"),
                "election.approve": _("Chuẩn y kết quả bầu cử"),
                "membership.appoint": _("Chỉ định cấp ủy viên"),
                "membership.elect": _("Ghi nhận cấp ủy viên trúng cử"),
                "membership.end": _("Thôi tham gia cấp ủy"),
            }
        )
