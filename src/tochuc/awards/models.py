"""A commendation proposed for one collective or person (`Nominee`) and the decision that awards a list of
them (`Decision`).

Scope: a nominee hangs from `proposing_org`, the org that proposes it (the recipient is inside that org's
subtree); a decision from `org`, the org whose committee decides. A proposer sees their own nominees and, once
decided, the decision number and date on them; the deciding level reviews every nominee under it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import AwardForm, NomineeStatus, PeriodType, RecipientKind


class Decision(models.Model):
    """A commendation decision (quyết định khen thưởng): number, date, signer, and the nominees it awards."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("cấp quyết định"), on_delete=models.PROTECT, related_name="award_decisions"
    )
    number = models.CharField(_("số quyết định"), max_length=50)
    signed_on = models.DateField(_("ngày ký"))
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150)
    form = models.CharField(_("hình thức khen thưởng"), max_length=12, choices=AwardForm.choices)
    period_type = models.CharField(_("loại khen thưởng"), max_length=10, choices=PeriodType.choices)
    title = models.CharField(_("trích yếu"), max_length=255)
    year_from = models.PositiveSmallIntegerField(_("từ năm"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True)
    conference = models.ForeignKey(
        "proposals.Conference",
        verbose_name=_("trao tại hội nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_decisions",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-signed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "number"], name="awards_decision_number_once")]

    def __str__(self) -> str:
        return f"{self.number} ({self.signed_on:%d/%m/%Y})"


class Nominee(models.Model):
    """One collective or person proposed for a commendation, reviewed, then awarded by a decision."""

    proposing_org = models.ForeignKey(
        "orgs.Org", verbose_name=_("tổ chức đề nghị"), on_delete=models.PROTECT, related_name="award_proposals"
    )
    kind = models.CharField(_("đối tượng"), max_length=8, choices=RecipientKind.choices)
    recipient_org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("tập thể được khen"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("đảng viên được khen"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    # Copied when proposed: the name and unit printed on the decision's list stay as they were that day.
    recipient_name = models.CharField(_("tên tập thể, cá nhân"), max_length=255)
    recipient_folded = models.CharField(max_length=255, db_index=True, editable=False, default="")
    recipient_unit = models.CharField(_("đơn vị"), max_length=255, blank=True)
    form = models.CharField(_("hình thức khen thưởng"), max_length=12, choices=AwardForm.choices)
    period_type = models.CharField(_("loại khen thưởng"), max_length=10, choices=PeriodType.choices)
    # Every nomination names its years: the rated year of an annual award (from = to), the five rated years of
    # a five-year one, the year of the feat (ad hoc) or the span of the campaign (thematic).
    year_from = models.PositiveSmallIntegerField(_("từ năm"))
    year_to = models.PositiveSmallIntegerField(_("đến năm"))
    achievement = models.TextField(_("thành tích"), blank=True)
    proposed_on = models.DateField(_("ngày đề nghị"))
    document_no = models.CharField(_("số tờ trình đề nghị"), max_length=50, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=NomineeStatus.choices, default=NomineeStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_on = models.DateField(_("ngày xét"), null=True, blank=True)
    review_note = models.CharField(_("ý kiến xét duyệt"), max_length=255, blank=True)
    withdrawn_on = models.DateField(_("ngày rút đề nghị"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("lý do rút đề nghị"), max_length=255, blank=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("quyết định khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominees",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-proposed_on", "-id"]
        indexes = [models.Index(fields=["proposing_org", "status"]), models.Index(fields=["status", "year_to"])]
        constraints = [
            # One live nomination (proposed, accepted or awarded) per recipient, form, kind and years: the
            # service refuses a second one by name; these hold under a race.
            models.UniqueConstraint(
                fields=["member", "form", "period_type", "year_from", "year_to"],
                condition=Q(member__isnull=False, status__in=["proposed", "accepted", "awarded"]),
                name="awards_member_nominated_once",
            ),
            models.UniqueConstraint(
                fields=["recipient_org", "form", "period_type", "year_from", "year_to"],
                condition=Q(recipient_org__isnull=False, status__in=["proposed", "accepted", "awarded"]),
                name="awards_org_nominated_once",
            ),
            models.CheckConstraint(
                condition=Q(year_from__lte=models.F("year_to")), name="awards_nominee_years_in_order"
            ),
            models.CheckConstraint(
                condition=Q(kind="member", member__isnull=False, recipient_org__isnull=True)
                | Q(kind="org", member__isnull=True, recipient_org__isnull=False),
                name="awards_nominee_one_recipient",
            ),
            models.CheckConstraint(
                condition=Q(status="awarded", decision__isnull=False) | ~Q(status="awarded") & Q(decision__isnull=True),
                name="awards_awarded_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} – {self.get_form_display()}"
