from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import ACTIVE_STATUSES, ETHNIC_GROUP_CHOICES, Education, Sex, Status


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)


class Member(models.Model):
    """A party member. The foundation's fields; the members module adds the full dossier."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    sort_key = models.CharField(max_length=255, db_index=True, editable=False)
    sex = models.CharField(_("giới tính"), max_length=8, choices=Sex.choices)
    birth_date = models.DateField(_("ngày sinh"))
    ethnic_group = models.CharField(_("dân tộc"), max_length=40, choices=ETHNIC_GROUP_CHOICES, default="Kinh")
    education = models.CharField(
        _("giáo dục phổ thông"), max_length=20, choices=Education.choices, default=Education.UPPER_SECONDARY
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("sinh hoạt tại"), on_delete=models.PROTECT, related_name="members"
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.OFFICIAL)
    admitted_on = models.DateField(_("ngày vào Đảng"), null=True, blank=True)
    official_on = models.DateField(_("ngày chính thức"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("đảng viên")
        verbose_name_plural = _("đảng viên")
        ordering = ["sort_key", "id"]
        indexes = [models.Index(fields=["org", "status"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class Membership(models.Model):
    """Where a member was active (sinh hoạt) over a span of dates. Counting "as of D" reads these."""

    class Reason(models.TextChoices):
        ADMITTED = "admitted", _("Kết nạp")
        REGISTERED = "registered", _("Nhập hồ sơ")
        TRANSFER = "transfer", _("Chuyển sinh hoạt")
        RESTRUCTURING = "restructuring", _("Sắp xếp tổ chức")
        ENDED = "ended", _("Thôi sinh hoạt")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="memberships")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=16, choices=Reason.choices)

    class Meta:
        ordering = ["member", "valid_from"]
        indexes = [models.Index(fields=["org", "valid_from", "valid_to"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_range_valid",
            ),
            models.UniqueConstraint(
                fields=["member"], condition=Q(valid_to__isnull=True), name="membership_one_open_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.org_id} ({self.valid_from:%d/%m/%Y} – {self.valid_to or '…'})"
