from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "tochuc.portal"
    verbose_name = _("Cổng thông tin")

    def ready(self) -> None:
        from tochuc.core.audit import register_actions

        register_actions(
            {
                "article.create": _("Viết tin bài"),
                "article.update": _("Sửa tin bài"),
                "article.submit": _("Gửi duyệt tin bài"),
                "article.redraft": _("Đưa tin bài về bản nháp để sửa"),
                "article.return": _("Trả lại tin bài để sửa"),
                "article.publish": _("Xuất bản tin bài"),
                "article.withdraw": _("Gỡ tin bài"),
                "category.save": _("Thêm, sửa chuyên mục"),
                "category.delete": _("Xóa chuyên mục"),
                "event.save": _("Thêm, sửa sự kiện nổi bật"),
                "event.delete": _("Xóa sự kiện nổi bật"),
                "poll.save": _("Thêm, sửa bình chọn"),
                "poll.close": _("Đóng bình chọn"),
                "poll.show": _("Cho hiển thị bình chọn"),
                "poll.hide": _("Ẩn bình chọn"),
                "poll.delete": _("Xóa bình chọn"),
            }
        )
