"""A rating campaign (`Campaign`) run by an org for a period, and one `Entry` per org or member rated in it,
carrying the self-assessment, the appraisal and the decision of the level above.

Scope: a campaign hangs from its org; an entry from `org`, the org it is rated in (for a member, the org they
were active in when the entry was made; for an org, itself). A campaign is seen from inside its subtree and
from above it, its entries only inside the viewer's scope. The quota on "excellent" is counted per campaign,
kind and `group` within the grassroots organisation (members) or among the orgs of one parent (orgs).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import CampaignStatus, Disqualifier, Form, PeriodKind, Rating, Stage, SubjectKind


class Campaign(models.Model):
    """The review of a period under an org: every org and member of its subtree that it lists."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("tổ chức chủ trì"), on_delete=models.PROTECT, related_name="rating_campaigns"
    )
    title = models.CharField(_("tên đợt đánh giá"), max_length=255)
    basis = models.CharField(_("căn cứ (kế hoạch, hướng dẫn)"), max_length=255, blank=True)
    period_kind = models.CharField(_("kỳ đánh giá"), max_length=8, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"), null=True, blank=True)
    term = models.CharField(_("nhiệm kỳ"), max_length=9, blank=True)
    starts_on = models.DateField(_("ngày bắt đầu"))
    self_due_on = models.DateField(_("hạn tự đánh giá"), null=True, blank=True)
    decision_due_on = models.DateField(_("hạn quyết định xếp loại"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    # Why a campaign was closed with entries still undecided (a forced close), shown on its page.
    close_note = models.TextField(_("lý do kết thúc khi chưa xếp loại xong"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đợt đánh giá, xếp loại")
        verbose_name_plural = _("đợt đánh giá, xếp loại")
        ordering = ["-year", "-quarter", "-id"]
        indexes = [models.Index(fields=["org", "year"]), models.Index(fields=["year", "period_kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_kind="quarter", quarter__gte=1, quarter__lte=4)
                | ~Q(period_kind="quarter") & Q(quarter__isnull=True),
                name="ratings_campaign_quarter_iff_quarterly",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Entry(models.Model):
    """The rating of one org or one member in a campaign: self-assessment, appraisal, decision."""

    # Indexed by (campaign, org, kind) below, which serves a lookup by campaign alone as well: one index less
    # to write for each of the province's hundred thousand entries a year.
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("đợt đánh giá"), on_delete=models.PROTECT, related_name="entries", db_index=False
    )
    kind = models.CharField(_("đối tượng"), max_length=8, choices=SubjectKind.choices)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("tổ chức đảng"), on_delete=models.PROTECT, related_name="rating_entries"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("đảng viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rating_entries",
        db_index=False,  # the unique (member, campaign) below serves it
    )
    # The peer group the "excellent" quota is counted in (e.g. "Cán bộ lãnh đạo, quản lý"); blank: the org's
    # whole list of this kind.
    group = models.CharField(_("nhóm so sánh"), max_length=100, blank=True)
    form = models.CharField(_("mẫu kiểm điểm"), max_length=2, choices=Form.choices)
    stage = models.CharField(_("bước"), max_length=10, choices=Stage.choices, default=Stage.PENDING)
    # The task figures and the conditions the level depends on (366-QĐ/TW Art. 11).
    tasks_total = models.PositiveIntegerField(_("số nhiệm vụ được giao"), null=True, blank=True)
    tasks_done = models.PositiveIntegerField(_("số nhiệm vụ hoàn thành"), null=True, blank=True)
    tasks_on_time = models.PositiveIntegerField(
        _("số nhiệm vụ hoàn thành đúng hạn, bảo đảm chất lượng"), null=True, blank=True
    )
    tasks_exceeded = models.PositiveIntegerField(_("số nhiệm vụ vượt yêu cầu"), null=True, blank=True)
    subordinate_disciplined = models.BooleanField(
        _("có tổ chức trực thuộc hoặc thành viên tập thể lãnh đạo bị kỷ luật"), default=False
    )
    shortcomings_fixed = models.BooleanField(_("đã khắc phục hết hạn chế, khuyết điểm đã chỉ ra"), default=True)
    disqualifier = models.CharField(
        _("trường hợp xếp loại không hoàn thành nhiệm vụ"), max_length=12, choices=Disqualifier.choices, blank=True
    )
    # Step 1: self-assessment.
    self_score = models.DecimalField(_("điểm tự chấm"), max_digits=5, decimal_places=2, null=True, blank=True)
    self_level = models.CharField(_("tự xếp loại"), max_length=14, choices=Rating.choices, blank=True)
    self_on = models.DateField(_("ngày tự đánh giá"), null=True, blank=True)
    self_note = models.TextField(_("tự nhận xét"), blank=True)
    # Step 2: appraisal by the body that reviews (the committee, the cell) and its proposed level.
    appraisal_score = models.DecimalField(_("điểm thẩm định"), max_digits=5, decimal_places=2, null=True, blank=True)
    appraisal_level = models.CharField(_("mức đề xuất"), max_length=14, choices=Rating.choices, blank=True)
    appraised_on = models.DateField(_("ngày thẩm định"), null=True, blank=True)
    appraisal_note = models.TextField(_("ý kiến thẩm định"), blank=True)
    # Step 3: the decision of the level above (for an org, the standing committee of the directly higher level).
    level = models.CharField(_("mức xếp loại"), max_length=14, choices=Rating.choices, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decided_by = models.CharField(_("cấp quyết định"), max_length=255, blank=True)
    decision_no = models.CharField(_("số quyết định, thông báo"), max_length=50, blank=True)
    decision_note = models.TextField(_("ghi chú"), blank=True)
    # Who wrote the last step (the audit log has every step). Not indexed: users are deactivated, never
    # deleted, so nothing looks entries up by it.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kết quả đánh giá, xếp loại")
        verbose_name_plural = _("kết quả đánh giá, xếp loại")
        ordering = ["campaign_id", "id"]
        indexes = [models.Index(fields=["campaign", "org", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="member", member__isnull=False) | Q(kind="org", member__isnull=True),
                name="ratings_entry_member_iff_member_kind",
            ),
            # Member first: it is also the index of a member's history (every campaign they were rated in).
            models.UniqueConstraint(
                fields=["member", "campaign"], condition=Q(member__isnull=False), name="ratings_member_once"
            ),
            models.UniqueConstraint(fields=["campaign", "org"], condition=Q(kind="org"), name="ratings_org_once"),
            models.CheckConstraint(
                condition=Q(stage="decided", decided_on__isnull=False) & ~Q(level="")
                | ~Q(stage="decided") & Q(level=""),
                name="ratings_entry_decided_has_level",
            ),
        ]

    def __str__(self) -> str:
        who = self.member if self.member_id else self.org
        return f"{who} – {self.campaign}"
