"""Proposals under appraisal (`Proposal` with its `Reviewer`s, `Revision`s and `Comment`s) and conferences
(`Conference`) with the recommendations raised at them (`Recommendation`).

Scope: a proposal hangs from `org`, the org whose committee appraises it (the submitting body's name is kept
as text: it may be an agency outside the party tree); a conference from its org (the orgs below also see the
conferences of the levels above, which they attend); a recommendation from `raised_by`, the locality that
raised it, so that a commune sees its own and the province sees them all.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import Area, Conclusion, ConferenceKind, ProposalStatus, RecommendationStatus, Topic


class Proposal(models.Model):
    """A proposal (đề án) submitted for appraisal."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("cơ quan thẩm định"), on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.CharField(_("tên đề án"), max_length=255)
    title_folded = models.CharField(max_length=255, db_index=True, editable=False)
    area = models.CharField(_("lĩnh vực"), max_length=14, choices=Area.choices, default=Area.ORGANIZATION)
    submitted_by = models.CharField(_("cơ quan trình"), max_length=255)
    submitting_org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("tổ chức đảng trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submitted_proposals",
    )
    document_no = models.CharField(_("số tờ trình"), max_length=50, blank=True)
    received_on = models.DateField(_("ngày nhận hồ sơ"))
    due_on = models.DateField(_("hạn thẩm định"))
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    conclusion = models.CharField(_("kết luận thẩm định"), max_length=16, choices=Conclusion.choices, blank=True)
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    conclusion_no = models.CharField(_("số văn bản thẩm định"), max_length=50, blank=True)
    conclusion_text = models.TextField(_("nội dung kết luận"), blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi kết luận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Why the appraisal was concluded while an assigned reviewer had not given their opinion.
    override_note = models.CharField(_("lý do kết luận khi chưa đủ ý kiến"), max_length=500, blank=True)
    withdrawn_on = models.DateField(_("ngày dừng"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("lý do dừng"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đề án")
        verbose_name_plural = _("đề án")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["org", "status"]),
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["received_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("received_on")), name="proposals_due_after_received"
            ),
            models.CheckConstraint(
                condition=Q(status="concluded", concluded_on__isnull=False) & ~Q(conclusion="")
                | ~Q(status="concluded") & Q(conclusion=""),
                name="proposals_concluded_has_conclusion",
            ),
            models.CheckConstraint(
                condition=Q(status="withdrawn", withdrawn_on__isnull=False) & ~Q(withdrawn_reason="")
                | ~Q(status="withdrawn") & Q(withdrawn_on__isnull=True),
                name="proposals_withdrawn_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Reviewer(models.Model):
    """An officer assigned to appraise a proposal (one leads), with their own deadline."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviewers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ thẩm định"), on_delete=models.PROTECT, related_name="+"
    )
    lead = models.BooleanField(_("chủ trì"), default=False)
    assigned_on = models.DateField(_("ngày phân công"))
    due_on = models.DateField(_("hạn góp ý"))
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    released_on = models.DateField(_("ngày thôi phân công"), null=True, blank=True)

    class Meta:
        verbose_name = _("người thẩm định")
        ordering = ["-lead", "assigned_on", "id"]
        indexes = [models.Index(fields=["user", "released_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"], condition=Q(released_on__isnull=True), name="proposals_reviewer_once"
            ),
            models.UniqueConstraint(
                fields=["proposal"], condition=Q(lead=True, released_on__isnull=True), name="proposals_one_lead"
            ),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("assigned_on")), name="proposals_reviewer_due"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Revision(models.Model):
    """A version of the proposal's text: the first submitted, then each revision after comments."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField(_("lần"))
    received_on = models.DateField(_("ngày nhận"))
    summary = models.TextField(_("nội dung tiếp thu, chỉnh sửa"), blank=True)
    # Stored under MEDIA_ROOT with a random name and served only through the scoped download view; the name
    # the officer uploaded is kept for the download.
    document = models.FileField(_("tệp dự thảo"), upload_to="proposals/%Y/", blank=True)
    document_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    # The appraising body's request to revise this version (it leads to the next revision).
    changes_requested_on = models.DateField(_("ngày đề nghị chỉnh sửa"), null=True, blank=True)
    changes_requested = models.TextField(_("nội dung đề nghị chỉnh sửa"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bản dự thảo")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="proposals_revision_once")]

    def __str__(self) -> str:
        return f"{self.proposal} – {self.number}"


class Comment(models.Model):
    """A reviewer's comment on a revision."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("ngày góp ý"))
    text = models.TextField(_("ý kiến"))
    # The reviewer's appraisal opinion, which completes their part (Reviewer.done_on).
    final = models.BooleanField(_("ý kiến thẩm định chính thức"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến thẩm định")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"


class Conference(models.Model):
    """A conference an org held, where recommendations are raised (and awards may be presented)."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("tổ chức đảng"), on_delete=models.PROTECT, related_name="conferences"
    )
    title = models.CharField(_("tên hội nghị"), max_length=255)
    title_folded = models.CharField(max_length=255, blank=True, default="", editable=False)
    kind = models.CharField(_("loại hội nghị"), max_length=10, choices=ConferenceKind.choices)
    held_on = models.DateField(_("ngày tổ chức"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hội nghị")
        verbose_name_plural = _("hội nghị")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class Recommendation(models.Model):
    """A recommendation a locality raised at a conference, assigned to a body, answered, closed."""

    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), on_delete=models.PROTECT, related_name="recommendations"
    )
    number = models.PositiveIntegerField(_("số thứ tự"))
    raised_by = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("địa phương, đơn vị kiến nghị"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    topic = models.CharField(_("lĩnh vực"), max_length=14, choices=Topic.choices)
    content = models.TextField(_("nội dung kiến nghị"))
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    assigned_to = models.CharField(_("cơ quan được giao xử lý"), max_length=255, blank=True)
    assigned_on = models.DateField(_("ngày giao"), null=True, blank=True)
    due_on = models.DateField(_("hạn trả lời"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answer_no = models.CharField(_("số văn bản trả lời"), max_length=50, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    closing_note = models.CharField(_("ghi chú kết thúc"), max_length=255, blank=True)
    # The last reopening (the answers before it are kept in the audit log).
    reopened_on = models.DateField(_("ngày mở lại"), null=True, blank=True)
    reopen_reason = models.CharField(_("lý do mở lại"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["-conference__held_on", "conference_id", "number"]
        indexes = [models.Index(fields=["raised_by", "status"]), models.Index(fields=["status", "due_on"])]
        constraints = [
            models.UniqueConstraint(fields=["conference", "number"], name="proposals_recommendation_number"),
            models.CheckConstraint(
                condition=Q(status="open") | Q(assigned_on__isnull=False, due_on__isnull=False) & ~Q(assigned_to=""),
                name="proposals_recommendation_assigned",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "assigned"]) | Q(answered_on__isnull=False) & ~Q(answer=""),
                name="proposals_recommendation_answered",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False), name="proposals_recommendation_closed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.content[:60]}"
