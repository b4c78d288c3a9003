from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleStatus(models.TextChoices):
    """The editorial workflow: an editor writes a draft and submits it; a chief editor (or a leader) sends it
    back with a note or publishes it, now or at a scheduled time; a published article can be withdrawn."""

    DRAFT = "draft", _("Bản nháp")
    REVIEW = "review", _("Chờ duyệt")
    PUBLISHED = "published", _("Đã xuất bản")
    WITHDRAWN = "withdrawn", _("Đã gỡ xuống")
