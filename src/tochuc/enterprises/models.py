from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EnterpriseSector(models.TextChoices):
    """The ownership of an enterprise, as the statistics of party work in enterprises divide them."""

    STATE = "state", _("Doanh nghiệp nhà nước")
    NON_STATE = "non_state", _("Doanh nghiệp ngoài nhà nước")
    FOREIGN = "foreign", _("Doanh nghiệp có vốn đầu tư nước ngoài")


class EnterpriseQuerySet(models.QuerySet):
    def open(self):
        """Still operating (not ceased)."""
        return self.filter(closed_on__isnull=True)


class Enterprise(models.Model):
    """An enterprise in the area of a party organization (`org`, typically a commune's party committee), with
    the figures of its last survey: employees, party members working there, its party organization (when it
    has one) and its mass organizations."""

    name = models.CharField(_("tên doanh nghiệp"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    sort_key = models.CharField(max_length=255, db_index=True, editable=False)
    # 10 digits (an enterprise) or 13 (a branch: the enterprise's 10 and 3 more); unique when known.
    tax_code = models.CharField(_("mã số thuế"), max_length=13, null=True, blank=True, unique=True)
    sector = models.CharField(_("loại hình"), max_length=16, choices=EnterpriseSector.choices)
    # Indexed by (org, sector) below, which serves a lookup by org alone as well.
    org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("địa bàn (tổ chức đảng)"),
        on_delete=models.PROTECT,
        related_name="enterprises",
        db_index=False,
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    employees = models.PositiveIntegerField(_("số lao động"), default=0)
    party_org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("tổ chức đảng của doanh nghiệp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises_served",
    )
    # When the enterprise's party organization was founded: a cell later raised to a committee keeps the date.
    party_org_since = models.DateField(_("có tổ chức đảng từ ngày"), null=True, blank=True)
    party_members = models.PositiveIntegerField(_("số đảng viên"), default=0)
    has_trade_union = models.BooleanField(_("có công đoàn"), default=False)
    trade_union_members = models.PositiveIntegerField(_("số đoàn viên công đoàn"), default=0)
    has_youth_union = models.BooleanField(_("có đoàn thanh niên"), default=False)
    youth_union_members = models.PositiveIntegerField(_("số đoàn viên thanh niên"), default=0)
    surveyed_on = models.DateField(_("số liệu tính đến ngày"), null=True, blank=True)
    closed_on = models.DateField(_("ngày ngừng hoạt động"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("doanh nghiệp")
        verbose_name_plural = _("doanh nghiệp")
        ordering = ["sort_key", "id"]
        indexes = [
            models.Index(fields=["org", "sector"]),
            # Progress: the non-state enterprises whose party organization was founded in a year.
            models.Index(fields=["sector", "party_org_since"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(party_org__isnull=True, party_org_since__isnull=True)
                | Q(party_org__isnull=False, party_org_since__isnull=False),
                name="enterprise_party_org_with_date",
            ),
            models.CheckConstraint(
                condition=Q(has_trade_union=True) | Q(trade_union_members=0), name="enterprise_trade_union_members"
            ),
            models.CheckConstraint(
                condition=Q(has_youth_union=True) | Q(youth_union_members=0), name="enterprise_youth_union_members"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("enterprises:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class CellTarget(models.Model):
    """How many non-state enterprises under an org are to found a party organization in a year, set by the
    level above it (as reports.AdmissionTarget for admissions)."""

    org = models.ForeignKey("orgs.Org", verbose_name=_("tổ chức"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    count = models.PositiveIntegerField(_("chỉ tiêu thành lập tổ chức đảng"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chỉ tiêu thành lập tổ chức đảng trong doanh nghiệp ngoài nhà nước")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="cell_target_one_per_year")]

    def __str__(self) -> str:
        return f"{self.org_id}/{self.year}: {self.count}"
