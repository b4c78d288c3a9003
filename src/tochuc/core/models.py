"""The audit log, the rules in force (with their legal basis), and the public-holiday table."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import DomainError


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise DomainError(_("Nhật ký kiểm tra chỉ được ghi thêm, không được sửa."))

    def delete(self):
        raise DomainError(_("Nhật ký kiểm tra chỉ được ghi thêm, không được xóa."))


class AuditEvent(models.Model):
    """Who did what, to which object, from where, with the fields before and after. Never updated."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        # PROTECT: a user who has acted is deactivated, never deleted (SET_NULL would rewrite the log).
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    action = models.CharField(_("hành động"), max_length=64, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=64)
    object_id = models.CharField(_("mã đối tượng"), max_length=64)
    object_repr = models.CharField(_("đối tượng"), max_length=255)
    # The materialized path of the org the object belongs to: audit screens are scoped like everything else.
    org_path = models.CharField(max_length=255, blank=True, db_index=True)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký kiểm tra")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise DomainError(_("Nhật ký kiểm tra chỉ được ghi thêm, không được sửa."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DomainError(_("Nhật ký kiểm tra chỉ được ghi thêm, không được xóa."))


class LegalBasis(models.Model):
    """A regulation, guidance or law that a rule parameter comes from (e.g. 294-QĐ/TW)."""

    code = models.CharField(_("số hiệu"), max_length=64, unique=True)
    title = models.CharField(_("trích yếu"), max_length=300)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    effective_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("được thay thế bởi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    source = models.CharField(_("nguồn"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class RuleParameter(models.Model):
    """One version of one threshold of the rules (an age, a day limit, a quota), valid over a date range.

    `rules_in_force(on=D)` returns exactly one version of each key; versions of a key never overlap
    (enforced by the service that adds a version, which closes the previous one).
    """

    class Kind(models.TextChoices):
        INTEGER = "int", _("Số nguyên")
        DECIMAL = "decimal", _("Số thập phân")
        LIST = "list", _("Danh sách")
        TABLE = "table", _("Bảng")
        TEXT = "text", _("Văn bản")
        CHOICE = "choice", _("Lựa chọn")

    key = models.CharField(_("tham số"), max_length=80, db_index=True)
    label = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("kiểu"), max_length=10, choices=Kind.choices, default=Kind.INTEGER)
    unit = models.CharField(_("đơn vị"), max_length=40, blank=True)
    value = models.JSONField(_("giá trị"))
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)
    legal_basis = models.ForeignKey(
        LegalBasis,
        verbose_name=_("căn cứ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parameters",
    )
    article = models.CharField(_("điều, khoản"), max_length=120, blank=True)
    confirmed = models.BooleanField(
        _("đã xác nhận"),
        default=True,
        help_text=_("Quy định chưa xác nhận chỉ cảnh báo, không chặn thao tác."),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("tham số quy định")
        verbose_name_plural = _("tham số quy định")
        ordering = ["key", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "effective_from"], name="rule_key_from_unique"),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True) | models.Q(effective_to__gt=models.F("effective_from")),
                name="rule_range_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


class Holiday(models.Model):
    """A public holiday (or compensatory day off); working-day deadlines skip these."""

    class Source(models.TextChoices):
        GENERATED = "generated", _("Tính theo Bộ luật Lao động")
        OFFICIAL = "official", _("Theo thông báo của Chính phủ")

    day = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=120)
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices, default=Source.GENERATED)

    class Meta:
        verbose_name = _("ngày nghỉ lễ")
        verbose_name_plural = _("ngày nghỉ lễ")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"
