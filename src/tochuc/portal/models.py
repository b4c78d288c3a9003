"""Categories and articles (`Category`, `Article`), the featured-events block (`FeaturedEvent`), polls
(`Poll`, `Option`, `Vote`) and the visitor counters (`DailyVisits`).

An article is public when it is published and its `publish_at` has come; everything else is the editorial
office's. Bodies are stored already sanitized (`portal.sanitize`); `body_text` and the folded copies serve
the diacritics-insensitive search.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import ArticleStatus


class Category(models.Model):
    name = models.CharField(_("tên chuyên mục"), max_length=150)
    slug = models.SlugField(_("đường dẫn"), max_length=160, unique=True)
    description = models.CharField(_("mô tả"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang hiển thị"), default=True)

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("cơ quan đăng tin"), on_delete=models.PROTECT, related_name="articles"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("chuyên mục"), on_delete=models.PROTECT, related_name="articles"
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=160, unique=True)
    lead = models.TextField(_("sapo, tóm tắt"), blank=True)
    body = models.TextField(_("nội dung"))
    body_text = models.TextField(editable=False, default="")
    search_folded = models.TextField(editable=False, default="")
    image = models.ImageField(_("ảnh đại diện"), upload_to="portal/%Y/%m/", blank=True)
    image_caption = models.CharField(_("chú thích ảnh"), max_length=255, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người viết"), on_delete=models.PROTECT, related_name="articles"
    )
    byline = models.CharField(_("tác giả (hiển thị)"), max_length=150, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    publish_at = models.DateTimeField(_("thời điểm xuất bản"), null=True, blank=True)
    featured = models.BooleanField(_("tin nổi bật"), default=False)
    review_note = models.CharField(_("ý kiến duyệt"), max_length=255, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    view_count = models.PositiveBigIntegerField(_("lượt xem"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")
        ordering = ["-publish_at", "-id"]
        indexes = [
            models.Index(fields=["status", "publish_at"]),
            models.Index(fields=["category", "status", "publish_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="portal_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class FeaturedEvent(models.Model):
    """One entry of the curated "Sự kiện nổi bật" block: an article or an event with its dates."""

    title = models.CharField(_("tên sự kiện"), max_length=255)
    article = models.ForeignKey(
        Article, verbose_name=_("tin bài"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    url = models.URLField(_("liên kết"), blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang hiển thị"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sự kiện nổi bật")
        verbose_name_plural = _("sự kiện nổi bật")
        ordering = ["position", "-starts_on", "id"]

    def __str__(self) -> str:
        return self.title


class Poll(models.Model):
    question = models.CharField(_("câu hỏi"), max_length=255)
    opens_at = models.DateTimeField(_("mở từ"))
    closes_at = models.DateTimeField(_("đóng lúc"))
    is_active = models.BooleanField(_("cho phép hiển thị"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bình chọn")
        verbose_name_plural = _("bình chọn")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="portal_poll_closes_after")
        ]

    def __str__(self) -> str:
        return self.question


class Option(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("phương án"), max_length=255)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    votes = models.PositiveIntegerField(_("số phiếu"), default=0)

    class Meta:
        verbose_name = _("phương án bình chọn")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Vote(models.Model):
    """One visitor's vote: `voter` is a hash of the visitor's cookie; `user` when logged in."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="+")
    voter = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiếu bình chọn")
        indexes = [models.Index(fields=["poll", "ip", "created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["poll", "voter"], name="portal_one_vote_per_visitor"),
            models.UniqueConstraint(
                fields=["poll", "user"], condition=Q(user__isnull=False), name="portal_one_vote_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.option_id}"


class DailyVisits(models.Model):
    """Visits of one day, incremented atomically (an UPDATE ... SET visits = visits + n); with Redis the
    live counter is there and these rows are the durable record."""

    day = models.DateField(_("ngày"), unique=True)
    visits = models.PositiveBigIntegerField(_("lượt truy cập"), default=0)

    class Meta:
        verbose_name = _("lượt truy cập trong ngày")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.visits}"


class Visitor(models.Model):
    """Who was seen on the public site lately, for "Người trực tuyến" over a sliding window when there is no
    Redis: one row per visitor cookie, its last request and whether a logged-in user made it."""

    key = models.CharField(max_length=64, unique=True)
    is_member = models.BooleanField(default=False)
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("khách truy cập")

    def __str__(self) -> str:
        return self.key


class CacheGeneration(models.Model):
    """The public pages' cache generation (`portal.cache`), one row shared by every app process: `counter`
    grows and `token` is drawn afresh at every change of public content; `next_due` is the next moment the
    pages change by themselves (a scheduled article comes out, a poll opens or closes, a new day begins)."""

    counter = models.PositiveBigIntegerField(default=0)
    token = models.CharField(max_length=32, default="")
    next_due = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thế hệ bộ nhớ đệm trang công khai")

    def __str__(self) -> str:
        return f"{self.counter}-{self.token}"
