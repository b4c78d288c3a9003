from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardForm(models.TextChoices):
    """The forms of commendation in use (DOMAIN.md §10)."""

    CERTIFICATE_OF_COMMENDATION = "commendation", _("Giấy khen")
    CERTIFICATE_OF_MERIT = "merit", _("Bằng khen")
    FLAG = "flag", _("Cờ thi đua")
    OTHER = "other", _("Hình thức khác")


class PeriodType(models.TextChoices):
    ANNUAL = "annual", _("Hằng năm")
    FIVE_YEAR = "five_year", _("5 năm liên tục")
    ADHOC = "adhoc", _("Đột xuất")
    THEMATIC = "thematic", _("Theo chuyên đề")


class RecipientKind(models.TextChoices):
    ORG = "org", _("Tập thể")
    MEMBER = "member", _("Cá nhân")


class NomineeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đã đề nghị")
    ACCEPTED = "accepted", _("Đủ điều kiện, trình quyết định")
    REJECTED = "rejected", _("Không đủ điều kiện")
    AWARDED = "awarded", _("Đã khen thưởng")
    WITHDRAWN = "withdrawn", _("Rút đề nghị")


# A nomination that still stands: a second one for the same recipient, form, kind and years is refused.
LIVE_STATUSES = (NomineeStatus.PROPOSED, NomineeStatus.ACCEPTED, NomineeStatus.AWARDED)
# A nomination not yet decided: it may be reviewed (again) or withdrawn.
OPEN_STATUSES = (NomineeStatus.PROPOSED, NomineeStatus.ACCEPTED)
