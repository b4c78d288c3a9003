from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    """Why a person's political background is verified (58-QĐ/TW: admission, placement of cadres)."""

    ADMISSION = "admission", _("Kết nạp đảng viên")
    APPOINTMENT = "appointment", _("Bổ nhiệm, giới thiệu ứng cử")
    PLANNING = "planning", _("Quy hoạch cán bộ")
    OTHER = "other", _("Trường hợp khác")


class Relation(models.TextChoices):
    """Whose background a question is about (01-HD/TW §3.4: the applicant and their "người thân")."""

    SELF = "self", _("Bản thân")
    FATHER = "father", _("Cha đẻ")
    MOTHER = "mother", _("Mẹ đẻ")
    FATHER_IN_LAW = "father_in_law", _("Cha vợ (chồng)")
    MOTHER_IN_LAW = "mother_in_law", _("Mẹ vợ (chồng)")
    GUARDIAN = "guardian", _("Người nuôi dưỡng")
    SPOUSE = "spouse", _("Vợ (chồng)")
    CHILD = "child", _("Con đẻ")
    OTHER = "other", _("Người thân khác")


class Scope(models.TextChoices):
    """What a question asks (DOMAIN.md §7)."""

    POLITICAL_HISTORY = "political_history", _("Lịch sử chính trị")
    CURRENT_POLITICAL = "current_political", _("Chính trị hiện nay")
    LAW_COMPLIANCE = "law_compliance", _("Chấp hành chủ trương, chính sách, pháp luật")
    ETHICS = "ethics", _("Phẩm chất chính trị, đạo đức, lối sống")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Đang thẩm tra")
    CONCLUDED = "concluded", _("Đã kết luận")
    WITHDRAWN = "withdrawn", _("Dừng thẩm tra")


class Conclusion(models.TextChoices):
    """The verification's conclusion (DOMAIN.md §7). The disqualifying situations of 58-QĐ/TW are not encoded
    as rules: a person concludes."""

    CLEAR = "clear", _("Không có vấn đề gì")
    ISSUE = "issue", _("Có vấn đề, cấp ủy xem xét")
    NOT_ADMISSIBLE = "not_admissible", _("Không đủ tiêu chuẩn chính trị")


class Finding(models.TextChoices):
    """What the reply to one question found."""

    CLEAR = "clear", _("Không có vấn đề")
    ISSUE = "issue", _("Có vấn đề cần xem xét")
    UNVERIFIABLE = "unverifiable", _("Không xác minh được")
