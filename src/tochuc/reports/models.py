from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class AdmissionTarget(models.Model):
    """The number of new members an org is to admit in a year, set by the level above it (the development
    report compares the admissions with it)."""

    org = models.ForeignKey("orgs.Org", verbose_name=_("tổ chức"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    count = models.PositiveIntegerField(_("chỉ tiêu kết nạp"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chỉ tiêu kết nạp đảng viên")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="admission_target_one_per_year")]

    def __str__(self) -> str:
        return f"{self.org_id}/{self.year}: {self.count}"
