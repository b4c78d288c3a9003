"""Forms of the editorial office's articles: the list's filters, an article (new or changed), returning it with
a note, publishing it now or at a time, withdrawing it."""

from __future__ import annotations

import json
from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tochuc.core.forms import ActorForm, DateField, query_id

from ..choices import ArticleStatus
from ..images import MAX_BYTES
from ..selectors.articles import SCHEDULED, category_choices

ALL = [("", _("Tất cả"))]
STATUS_FILTER = [
    *ALL,
    (ArticleStatus.DRAFT, ArticleStatus.DRAFT.label),
    (ArticleStatus.REVIEW, ArticleStatus.REVIEW.label),
    (SCHEDULED, _("Hẹn giờ xuất bản")),
    (ArticleStatus.PUBLISHED, ArticleStatus.PUBLISHED.label),
    (ArticleStatus.WITHDRAWN, ArticleStatus.WITHDRAWN.label),
]


class ArticleFilterForm(forms.Form):
    """The office list's filters, read from the query string."""

    q = forms.CharField(label=_("Tiêu đề, nội dung"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=STATUS_FILTER, required=False)
    category = forms.ModelChoiceField(
        label=_("Chuyên mục"), queryset=category_choices(), required=False, empty_label=_("Tất cả")
    )
    author = forms.ChoiceField(label=_("Người viết"), required=False)

    def __init__(self, *args, writers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].choices = ALL + [(str(u.pk), str(u)) for u in writers]

    def selector_kwargs(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "status": data.get("status") or "",
            "category": data.get("category"),
            "author_id": query_id(data, "author"),
        }


class ArticleForm(ActorForm):
    """An article. The body is HTML from the editor (or typed in the text box when scripts are off); the server
    sanitizes it whatever it holds."""

    category = forms.ModelChoiceField(label=_("Chuyên mục"), queryset=category_choices(), empty_label=None)
    title = forms.CharField(label=_("Tiêu đề"), max_length=255, widget=forms.TextInput({"class": "wide"}))
    lead = forms.CharField(
        label=_("Sapo (tóm tắt)"),
        max_length=600,
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Một, hai câu in đậm dưới tiêu đề; máy tìm kiếm và mạng xã hội hiển thị đoạn này."),
    )
    body = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(
            {
                "rows": 18,
                "data-editor": "rich",
                "class": "rich-source",
                "data-image-prompt": _("Địa chỉ ảnh (bắt đầu bằng https:// hoặc /):"),
            }
        ),
        help_text=_(
            "Được giữ: tiêu đề mục, đoạn văn, chữ đậm, nghiêng, gạch chân, danh sách, trích dẫn, liên kết "
            "http(s), ảnh, bảng. Mã lệnh, kiểu trình bày và liên kết không an toàn bị loại bỏ khi lưu."
        ),
    )
    image = forms.FileField(
        label=_("Ảnh đại diện"),
        required=False,
        widget=forms.ClearableFileInput({"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPG, PNG hoặc WebP, tối đa 5 MB."),
    )
    remove_image = forms.BooleanField(label=_("Bỏ ảnh hiện có"), required=False)
    image_caption = forms.CharField(label=_("Chú thích ảnh"), max_length=255, required=False)
    byline = forms.CharField(
        label=_("Tác giả (hiển thị)"),
        max_length=150,
        required=False,
        help_text=_("Tên hiển thị trên cổng thông tin, ví dụ «Minh Anh - Ban Tổ chức Tỉnh ủy»."),
    )
    featured = forms.BooleanField(label=_("Tin nổi bật (đưa lên đầu trang chủ)"), required=False)

    def __init__(self, *args, article=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["data-table-labels"] = json.dumps(
            {
                "table-insert": _("Chèn bảng (3 × 3)"),
                "table-row": _("Thêm hàng bên dưới"),
                "table-column": _("Thêm cột bên phải"),
                "table-delete-row": _("Xóa hàng"),
                "table-delete-column": _("Xóa cột"),
                "table-delete": _("Xóa bảng"),
            },
            ensure_ascii=False,
            default=str,
        )
        self.article = article
        if article is None or not article.image:
            del self.fields["remove_image"]
        # The standard clearable widget would offer its own "clear" box and a link to the file.
        self.fields["image"].widget = forms.FileInput({"accept": "image/jpeg,image/png,image/webp"})

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and image.size > MAX_BYTES:
            raise forms.ValidationError(_("Ảnh không được lớn hơn 5 MB."))
        return image

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("remove_image", False)
        if self.article is None:
            data.pop("remove_image")
        return data


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Ý kiến gửi người viết"), max_length=255, widget=forms.Textarea({"rows": 2}), required=True
    )


class PublishForm(forms.Form):
    """Publish now, or at a date and time (Asia/Ho_Chi_Minh) when the article becomes public by itself."""

    NOW, LATER = "now", "later"
    when = forms.ChoiceField(
        label=_("Thời điểm"),
        choices=[(NOW, _("Ngay bây giờ")), (LATER, _("Hẹn giờ"))],
        widget=forms.RadioSelect,
        initial=NOW,
    )
    on = DateField(label=_("Ngày"), required=False)
    at = forms.TimeField(
        label=_("Giờ (hh:mm)"),
        required=False,
        input_formats=["%H:%M", "%Hh%M", "%H:%M:%S"],
        widget=forms.TimeInput({"placeholder": "hh:mm", "inputmode": "numeric"}, format="%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].widget.attrs["data-when"] = f"when={self.LATER}"
        self.fields["at"].widget.attrs["data-when"] = f"when={self.LATER}"

    def clean(self):
        data = super().clean()
        if data.get("when") == self.LATER:
            if not data.get("on"):
                self.add_error("on", _("Nhập ngày xuất bản."))
            if data.get("at") is None:
                self.add_error("at", _("Nhập giờ xuất bản, ví dụ 07:30."))
        return data

    def publish_at(self) -> datetime | None:
        data = self.cleaned_data
        if data.get("when") != self.LATER:
            return None
        return timezone.make_aware(datetime.combine(data["on"], data["at"]))


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("Lý do gỡ"), max_length=255, required=False)
