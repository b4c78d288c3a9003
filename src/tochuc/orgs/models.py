from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SEGMENT = 9  # each level of the path: the org's id in 8 hex digits and a dot


class OrgType(models.TextChoices):
    PROVINCE_COMMITTEE = "province_committee", _("Đảng bộ tỉnh")
    UPPER_GRASSROOTS_COMMITTEE = "upper_grassroots_committee", _("Đảng bộ trực thuộc Tỉnh ủy")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Đảng bộ cơ sở")
    GRASSROOTS_CELL = "grassroots_cell", _("Chi bộ cơ sở")
    SUB_COMMITTEE = "sub_committee", _("Đảng bộ bộ phận")
    CELL = "cell", _("Chi bộ trực thuộc")
    PARTY_GROUP = "party_group", _("Tổ đảng")


class Sector(models.TextChoices):
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    RESIDENTIAL = "residential", _("Thôn, tổ dân phố")
    PARTY_AGENCY = "party_agency", _("Cơ quan Đảng")
    STATE_AGENCY = "state_agency", _("Cơ quan nhà nước")
    MASS_ORGANIZATION = "mass_organization", _("Mặt trận, đoàn thể")
    PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp")
    POLICE = "police", _("Công an")
    MILITARY = "military", _("Quân sự")
    STATE_ENTERPRISE = "state_enterprise", _("Doanh nghiệp nhà nước")
    NON_STATE_ENTERPRISE = "non_state_enterprise", _("Doanh nghiệp ngoài nhà nước")
    FOREIGN_ENTERPRISE = "foreign_enterprise", _("Doanh nghiệp có vốn đầu tư nước ngoài")
    OTHER = "other", _("Khác")


class CloseReason(models.TextChoices):
    MERGED = "merged", _("Hợp nhất, sáp nhập")
    SPLIT = "split", _("Chia tách")
    DISSOLVED = "dissolved", _("Giải thể")


class OrgQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)

    def open_on(self, on):
        return self.filter(opened_on__lte=on).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))

    def under(self, org: Org, include_self: bool = True):
        qs = self.filter(path__under=org.path)
        return qs if include_self else qs.exclude(pk=org.pk)


class Org(models.Model):
    """A party organization. `path` is the chain of ancestor ids: "everything under X" is a prefix match."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    sort_key = models.CharField(max_length=255, db_index=True, editable=False)
    org_type = models.CharField(_("loại tổ chức"), max_length=32, choices=OrgType.choices)
    sector = models.CharField(_("lĩnh vực"), max_length=32, choices=Sector.choices, default=Sector.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    opened_on = models.DateField(_("ngày thành lập"))
    closed_on = models.DateField(_("ngày kết thúc hoạt động"), null=True, blank=True, db_index=True)
    close_reason = models.CharField(_("lý do"), max_length=16, choices=CloseReason.choices, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("tổ chức kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    admin_unit_code = models.CharField(
        _("mã đơn vị hành chính"),
        max_length=10,
        blank=True,
        help_text=_("Mã xã, phường, đặc khu theo danh mục đơn vị hành chính (từ 01/7/2025)."),
    )
    unit_name = models.CharField(
        _("cơ quan, đơn vị, doanh nghiệp"),
        max_length=255,
        blank=True,
        help_text=_("Đơn vị nơi tổ chức đảng được lập (cơ quan, trường học, doanh nghiệp...)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")
        ordering = ["path"]
        indexes = [models.Index(fields=["parent", "closed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="org_closed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("orgs:detail", args=[self.code])

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def ancestor_paths(self) -> list[str]:
        """Paths of the ancestors, root first (this org excluded)."""
        return [self.path[:i] for i in range(SEGMENT, len(self.path), SEGMENT)]


class OrgPeriod(models.Model):
    """What an org was called, what it was and where it hung, over one span of dates.

    A rename, move or retype closes the current period and opens the next; the tree as of D is made of
    the periods with valid_from <= D < valid_to.
    """

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="periods")
    name = models.CharField(max_length=255)
    org_type = models.CharField(max_length=32, choices=OrgType.choices)
    parent = models.ForeignKey(Org, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["org", "valid_from"]
        indexes = [models.Index(fields=["valid_from", "valid_to"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="orgperiod_range_valid",
            ),
            models.UniqueConstraint(
                fields=["org"], condition=Q(valid_to__isnull=True), name="orgperiod_one_open_per_org"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d/%m/%Y} – {self.valid_to or '…'})"


class OrgEvent(models.Model):
    """One restructuring act: which orgs it took (sources) and which it produced or changed (results)."""

    class Kind(models.TextChoices):
        CREATE = "create", _("Thành lập")
        RENAME = "rename", _("Đổi tên")
        MOVE = "move", _("Chuyển trực thuộc")
        MERGE = "merge", _("Hợp nhất, sáp nhập")
        SPLIT = "split", _("Chia tách")
        DISSOLVE = "dissolve", _("Giải thể")

    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    on = models.DateField(_("ngày hiệu lực"))
    decision_no = models.CharField(_("số quyết định"), max_length=64, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    sources = models.ManyToManyField(Org, related_name="events_as_source", blank=True)
    results = models.ManyToManyField(Org, related_name="events_as_result", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sự kiện sắp xếp tổ chức")
        verbose_name_plural = _("sự kiện sắp xếp tổ chức")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%d/%m/%Y}"
