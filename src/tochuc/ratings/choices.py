from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tochuc.cadres.choices import RATING_ORDER, Rating

__all__ = [
    "RATING_ORDER",
    "CampaignStatus",
    "Disqualifier",
    "Form",
    "PeriodKind",
    "QuotaMode",
    "Rating",
    "Stage",
    "SubjectKind",
]


class PeriodKind(models.TextChoices):
    """366-QĐ/TW reviews per term, yearly, quarterly or on occasion (DOMAIN.md §2)."""

    YEAR = "year", _("Hằng năm")
    TERM = "term", _("Nhiệm kỳ")
    QUARTER = "quarter", _("Hằng quý")
    ADHOC = "adhoc", _("Đột xuất, theo vụ việc")


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("Đang đánh giá")
    CLOSED = "closed", _("Đã kết thúc")


class SubjectKind(models.TextChoices):
    ORG = "org", _("Tổ chức đảng")
    MEMBER = "member", _("Đảng viên")


class Form(models.TextChoices):
    """The forms of 43-HD/BTCTW (appendix, "Mẫu ...-HD KĐ.ĐG 2025"): 01 for a collective's report, 2A/2B/2C
    for individuals: leaders and managers, members working in the political system, members outside it."""

    F01 = "01", _("Mẫu 01: báo cáo kiểm điểm tập thể")
    F2A = "2A", _("Mẫu 2A: cá nhân là cán bộ lãnh đạo, quản lý")
    F2B = "2B", _("Mẫu 2B: đảng viên là cán bộ, công chức, viên chức trong hệ thống chính trị")
    F2C = "2C", _("Mẫu 2C: đảng viên không làm việc trong hệ thống chính trị (hưu trí, nông dân, doanh nghiệp ...)")


class Stage(models.TextChoices):
    """The steps of a review (124-QĐ/TW's order, kept by 43-HD/BTCTW: DOMAIN.md §2)."""

    PENDING = "pending", _("Chưa tự đánh giá")
    SELF = "self", _("Đã tự đánh giá")
    APPRAISED = "appraised", _("Đã thẩm định, đề xuất")
    DECIDED = "decided", _("Cấp trên đã quyết định")


class Disqualifier(models.TextChoices):
    """The conditions that make the rating "not completed" whatever the score (366-QĐ/TW Art. 11)."""

    NONE = "", _("Không")
    DEGRADATION = "degradation", _("Suy thoái tư tưởng chính trị, đạo đức, lối sống, tự diễn biến, tự chuyển hóa")
    FORBIDDEN = "forbidden", _("Vi phạm những điều đảng viên không được làm")
    EXAMPLE = "example", _("Vi phạm trách nhiệm nêu gương")
    DISCIPLINED = "disciplined", _("Bị xử lý kỷ luật trong năm")
    CORRUPTION = "corruption", _("Để xảy ra tham nhũng, lãng phí, tiêu cực trong đơn vị phụ trách")
    OTHER = "other", _("Trường hợp khác theo quy định")


class QuotaMode(models.TextChoices):
    """What the quota on "excellent" does when exceeded (rule `rating.excellent_quota_mode`, DOMAIN.md §2)."""

    WARN = "warn", _("Cảnh báo")
    BLOCK = "block", _("Chặn")
