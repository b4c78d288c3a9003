from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Đã tiếp nhận")
    IN_REVIEW = "in_review", _("Đang thẩm định")
    REVISING = "revising", _("Chờ cơ quan soạn thảo chỉnh sửa")
    CONCLUDED = "concluded", _("Đã có kết luận thẩm định")
    WITHDRAWN = "withdrawn", _("Rút, dừng thẩm định")


class Conclusion(models.TextChoices):
    APPROVE = "approve", _("Đủ điều kiện trình")
    APPROVE_WITH_CHANGES = "approve_changes", _("Đủ điều kiện trình sau khi tiếp thu, chỉnh sửa")
    NOT_APPROVED = "not_approved", _("Chưa đủ điều kiện trình")


class Area(models.TextChoices):
    """What a proposal is about, within party organization work."""

    ORGANIZATION = "organization", _("Tổ chức bộ máy, sắp xếp tổ chức đảng")
    CADRES = "cadres", _("Công tác cán bộ")
    MEMBERS = "members", _("Đảng viên, phát triển đảng viên")
    PROTECTION = "protection", _("Bảo vệ chính trị nội bộ")
    OTHER = "other", _("Khác")


class ConferenceKind(models.TextChoices):
    REVIEW = "review", _("Hội nghị sơ kết, tổng kết")
    DIALOGUE = "dialogue", _("Hội nghị đối thoại, lắng nghe cơ sở")
    TRAINING = "training", _("Hội nghị tập huấn")
    OTHER = "other", _("Hội nghị khác")


class Topic(models.TextChoices):
    """The subjects localities raise most after the 2025 restructuring."""

    POLICE = "police", _("Bố trí công an chính quy về xã")
    PART_TIME = "part_time", _("Chế độ cho người hoạt động không chuyên trách")
    SURPLUS = "surplus", _("Chính sách cho cán bộ dôi dư sau sắp xếp")
    RECRUITMENT = "recruitment", _("Phát triển đảng viên, lao động đi làm ăn xa")
    ORGANIZATION = "organization", _("Tổ chức bộ máy, chức năng, nhiệm vụ")
    FACILITIES = "facilities", _("Cơ sở vật chất, kinh phí hoạt động")
    OTHER = "other", _("Nội dung khác")


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Chưa giao xử lý")
    ASSIGNED = "assigned", _("Đang xử lý")
    ANSWERED = "answered", _("Đã trả lời")
    CLOSED = "closed", _("Đã kết thúc theo dõi")
