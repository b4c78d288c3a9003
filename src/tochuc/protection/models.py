"""Verification cases (`Case`), the questions sent about the subject and their relatives with dated findings
(`Question`), and restricted notes on a person's political history (`RestrictedNote`).

Scope: every record hangs from `org`, the org whose committee asks for the verification (for a candidate, the
cell developing them; for a cadre, the unit managing them). What the verification found (findings, the
conclusion's grounds, restricted notes) is readable only with `Action.RESTRICTED`, and each such read is
audited ("protection.view").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tochuc.members.choices import Sex

from .choices import CaseStatus, Conclusion, Finding, Purpose, Relation, Scope


class Case(models.Model):
    """One verification of a person's political background, asked by an org for a purpose."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("tổ chức đề nghị"), on_delete=models.PROTECT, related_name="protection_cases"
    )
    purpose = models.CharField(_("mục đích thẩm tra"), max_length=12, choices=Purpose.choices)
    # The subject: one of the records below when the person is in the system, else the name and birth date
    # alone. The name is copied in every case so that lists need no join and a later edit is not rewritten.
    candidate = models.ForeignKey(
        "recruitment.Candidate",
        verbose_name=_("quần chúng ưu tú"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="protection_cases",
    )
    cadre = models.ForeignKey(
        "cadres.Cadre",
        verbose_name=_("cán bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="protection_cases",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("đảng viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="protection_cases",
    )
    subject_name = models.CharField(_("họ và tên người được thẩm tra"), max_length=150)
    subject_folded = models.CharField(max_length=150, db_index=True, editable=False)
    subject_sex = models.CharField(_("giới tính"), max_length=8, choices=Sex.choices, blank=True)
    subject_birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    requested_by = models.CharField(_("cấp ủy, cơ quan đề nghị"), max_length=255)
    requested_on = models.DateField(_("ngày đề nghị"))
    document_no = models.CharField(_("số công văn đề nghị"), max_length=50, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ thụ lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="protection_cases",
    )
    due_on = models.DateField(_("hạn kết luận"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    conclusion = models.CharField(_("kết luận"), max_length=16, choices=Conclusion.choices, blank=True)
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    concluded_by = models.CharField(_("cấp kết luận"), max_length=255, blank=True)
    conclusion_no = models.CharField(_("số văn bản kết luận"), max_length=50, blank=True)
    # Restricted: the grounds of the conclusion.
    conclusion_text = models.TextField(_("nội dung kết luận"), blank=True)
    withdrawn_on = models.DateField(_("ngày dừng"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("lý do dừng"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ thẩm tra chính trị")
        verbose_name_plural = _("hồ sơ thẩm tra chính trị")
        ordering = ["-requested_on", "-id"]
        indexes = [
            models.Index(fields=["org", "status"]),
            models.Index(fields=["requested_on"]),
            models.Index(fields=["status", "due_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(status="concluded", concluded_on__isnull=False) & ~Q(conclusion="")
                    | ~Q(status="concluded") & Q(conclusion="")
                ),
                name="protection_case_concluded_has_conclusion",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="withdrawn", withdrawn_on__isnull=False) & ~Q(withdrawn_reason="")
                    | ~Q(status="withdrawn") & Q(withdrawn_on__isnull=True)
                ),
                name="protection_case_withdrawn_has_reason",
            ),
            models.CheckConstraint(
                condition=(
                    Q(candidate__isnull=True, cadre__isnull=True)
                    | Q(candidate__isnull=True, member__isnull=True)
                    | Q(cadre__isnull=True, member__isnull=True)
                ),
                name="protection_case_one_subject_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} ({self.get_purpose_display()})"


class Question(models.Model):
    """One request for verification sent about the subject or one relative to the body that can answer it
    (the residence's committee, the police, the employer), with its reply. One letter asks about several
    contents at once (01-HD/TW §3.4: political history, current political situation, compliance with the law,
    and for the subject ethics and lifestyle), so `scopes` lists them.

    The reply is recorded in two steps, as the office works: whoever logs the incoming letter records its date
    and number; what it found (`finding`, `finding_text`) is entered by someone with `Action.RESTRICTED`. A
    question sent by mistake is cancelled with its reason, never deleted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="questions")
    relation = models.CharField(_("quan hệ"), max_length=16, choices=Relation.choices, default=Relation.SELF)
    person_name = models.CharField(_("họ và tên người được hỏi về"), max_length=150, blank=True)
    scopes = models.JSONField(_("nội dung thẩm tra"), default=list)
    question = models.TextField(_("câu hỏi, nội dung đề nghị xác minh"), blank=True)
    sent_to = models.CharField(_("cơ quan, cấp ủy được đề nghị xác minh"), max_length=255)
    sent_on = models.DateField(_("ngày gửi"))
    due_on = models.DateField(_("hạn trả lời"), null=True, blank=True)
    replied_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    reply_no = models.CharField(_("số văn bản trả lời"), max_length=50, blank=True)
    finding = models.CharField(_("kết quả xác minh"), max_length=14, choices=Finding.choices, blank=True)
    # Restricted: what the reply says.
    finding_text = models.TextField(_("nội dung trả lời"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("lý do hủy"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nội dung đề nghị xác minh")
        ordering = ["sent_on", "id"]
        indexes = [models.Index(fields=["sent_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(finding="", finding_text="") | Q(replied_on__isnull=False),
                name="protection_question_finding_after_reply",
            ),
        ]

    def __str__(self) -> str:
        who = f" {self.person_name}" if self.person_name else ""
        return f"{self.get_relation_display()}{who}"

    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels.get(s, s)) for s in self.scopes]


class RestrictedNote(models.Model):
    """A restricted note on a person's political history (lịch sử chính trị), kept apart from the dossier and
    readable only with `Action.RESTRICTED`. A wrong note is cancelled with its reason, never deleted."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("tổ chức quản lý"), on_delete=models.PROTECT, related_name="restricted_notes"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("đảng viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="restricted_notes",
    )
    cadre = models.ForeignKey(
        "cadres.Cadre",
        verbose_name=_("cán bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="restricted_notes",
    )
    candidate = models.ForeignKey(
        "recruitment.Candidate",
        verbose_name=_("quần chúng ưu tú"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="restricted_notes",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("hồ sơ thẩm tra"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notes",
    )
    subject_name = models.CharField(_("họ và tên"), max_length=150)
    relation = models.CharField(_("về"), max_length=16, choices=Relation.choices, default=Relation.SELF)
    scope = models.CharField(_("nội dung"), max_length=20, choices=Scope.choices)
    period = models.CharField(_("thời kỳ"), max_length=100, blank=True)
    text = models.TextField(_("nội dung ghi chép"))
    source = models.CharField(_("nguồn, căn cứ"), max_length=255, blank=True)
    recorded_on = models.DateField(_("ngày ghi"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("lý do hủy"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ghi chép mật về lịch sử chính trị")
        verbose_name_plural = _("ghi chép mật về lịch sử chính trị")
        ordering = ["-recorded_on", "-id"]
        indexes = [models.Index(fields=["org", "recorded_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | Q(cadre__isnull=False) | Q(candidate__isnull=False),
                name="protection_note_has_person",
            ),
        ]

    def __str__(self) -> str:
        # Shown wherever the note is named, the audit log included: who it is about and what it concerns stay
        # inside the note.
        return _("Ghi chép mật số %(n)s") % {"n": self.pk}
