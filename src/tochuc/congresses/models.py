"""Congresses of a term, delegates and their apportionment, personnel plans and nominations, elections with
their ballots, and the committee memberships that result.

Every record hangs from an org (the congress's org; the sub-org a delegate or seat allocation comes from):
scope is `org__path__under` the actor's root. Members are `members.Member`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import (
    Body,
    CongressKind,
    CongressStatus,
    Credentials,
    DelegateKind,
    ElectionStatus,
    EntryMode,
    NominationSource,
    Origin,
    PlanStatus,
)


class Congress(models.Model):
    """The congress of one org for one term ("2025-2030"), with its number (06-HD/TW: the sequence continues
    through merges and splits; a newly founded org starts at I)."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("tổ chức đảng"), on_delete=models.PROTECT, related_name="congresses"
    )
    term = models.CharField(_("nhiệm kỳ"), max_length=9)
    number = models.PositiveSmallIntegerField(_("lần thứ"))
    kind = models.CharField(_("hình thức"), max_length=10, choices=CongressKind.choices)
    pilot = models.BooleanField(_("đại hội điểm"), default=False)
    status = models.CharField(
        _("tiến độ"), max_length=20, choices=CongressStatus.choices, default=CongressStatus.PLANNED
    )
    planned_from = models.DateField(_("dự kiến từ ngày"))
    planned_to = models.DateField(_("dự kiến đến ngày"), null=True, blank=True)
    held_from = models.DateField(_("tổ chức từ ngày"), null=True, blank=True)
    held_to = models.DateField(_("tổ chức đến ngày"), null=True, blank=True)
    reference_date = models.DateField(_("mốc tính tuổi"), null=True, blank=True)
    upper = models.ForeignKey(
        "self",
        verbose_name=_("đại hội cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lower_congresses",
    )
    delegate_seats = models.PositiveIntegerField(_("số đại biểu triệu tập"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đại hội")
        verbose_name_plural = _("đại hội")
        ordering = ["term", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "term"], name="congresses_one_per_org_term")]

    def __str__(self) -> str:
        return f"{self.org} {self.term}"


class SeatAllocation(models.Model):
    """The seats of an upper congress given to one sub-org (DOMAIN.md §4.3), with its ex-officio delegates."""

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="allocations")
    org = models.ForeignKey("orgs.Org", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    members = models.PositiveIntegerField(_("số đảng viên"))
    seats = models.PositiveIntegerField(_("số đại biểu được bầu"))
    ex_officio = models.PositiveIntegerField(_("đại biểu đương nhiên"), default=0)

    class Meta:
        verbose_name = _("phân bổ đại biểu")
        verbose_name_plural = _("phân bổ đại biểu")
        ordering = ["congress", "org__path"]
        constraints = [models.UniqueConstraint(fields=["congress", "org"], name="congresses_one_allocation_per_org")]

    def __str__(self) -> str:
        return f"{self.org}: {self.seats}"


class Delegate(models.Model):
    """A delegate to a congress: elected by a sub-org's congress, ex officio, or appointed; their credentials
    and attendance."""

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="delegates")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("đảng viên"), on_delete=models.PROTECT, related_name="+"
    )
    from_org = models.ForeignKey(
        "orgs.Org", verbose_name=_("đoàn đại biểu"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=12, choices=DelegateKind.choices, default=DelegateKind.ELECTED)
    alternate = models.BooleanField(_("dự khuyết"), default=False)
    credentials = models.CharField(
        _("tư cách"), max_length=10, choices=Credentials.choices, default=Credentials.PENDING
    )
    credentials_note = models.CharField(_("lý do"), max_length=255, blank=True)
    absent = models.BooleanField(_("vắng mặt cả đại hội"), default=False)
    absence_excused = models.BooleanField(_("vắng có lý do được chấp thuận"), default=False)
    absence_reason = models.CharField(_("lý do vắng"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đại biểu")
        verbose_name_plural = _("đại biểu")
        ordering = ["congress", "from_org__path", "id"]
        constraints = [models.UniqueConstraint(fields=["congress", "member"], name="congresses_delegate_once")]

    def __str__(self) -> str:
        return str(self.member)


class PersonnelPlan(models.Model):
    """The convening committee's personnel plan (đề án nhân sự, DOMAIN.md §4.4) for the new committee."""

    congress = models.OneToOneField(Congress, on_delete=models.PROTECT, related_name="plan")
    committee_seats = models.PositiveSmallIntegerField(_("số lượng cấp ủy viên"))
    standing_seats = models.PositiveSmallIntegerField(_("số lượng ủy viên Ban Thường vụ"), default=0)
    deputy_secretaries = models.PositiveSmallIntegerField(_("số Phó Bí thư"), default=1)
    inspection_seats = models.PositiveSmallIntegerField(_("số ủy viên Ủy ban Kiểm tra"), default=0)
    women_target = models.PositiveSmallIntegerField(_("tỷ lệ nữ (%)"), default=0)
    young_target = models.PositiveSmallIntegerField(_("tỷ lệ trẻ (%)"), default=0)
    minority_target = models.PositiveSmallIntegerField(_("tỷ lệ dân tộc thiểu số (%)"), default=0)
    status = models.CharField(_("tình trạng"), max_length=14, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    approved_on = models.DateField(_("ngày phê duyệt"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đề án nhân sự")
        verbose_name_plural = _("đề án nhân sự")

    def __str__(self) -> str:
        return str(self.congress)


class Nomination(models.Model):
    """A name on the candidate list of one body, from the convening committee, the floor or self-nominated;
    withdrawn names stay with their reason."""

    plan = models.ForeignKey(PersonnelPlan, on_delete=models.PROTECT, related_name="nominations")
    body = models.CharField(_("bầu vào"), max_length=20, choices=Body.choices)
    member = models.ForeignKey(
        "members.Member", verbose_name=_("đảng viên"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("nguồn giới thiệu"), max_length=10, choices=NominationSource.choices)
    re_election = models.BooleanField(_("tái cử"), default=False)
    support = models.PositiveIntegerField(_("số đại biểu tán thành"), null=True, blank=True)
    present = models.PositiveIntegerField(_("số đại biểu có mặt"), null=True, blank=True)
    withdrawn_on = models.DateField(_("ngày rút"), null=True, blank=True)
    withdraw_reason = models.CharField(_("lý do rút"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("người được giới thiệu")
        verbose_name_plural = _("người được giới thiệu")
        ordering = ["plan", "body", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "body", "member"],
                condition=Q(withdrawn_on__isnull=True),
                name="congresses_nominated_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.get_body_display()})"


class Election(models.Model):
    """One round of one election at a congress, counted by the vote-counting board."""

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="elections")
    body = models.CharField(_("bầu"), max_length=20, choices=Body.choices)
    round = models.PositiveSmallIntegerField(_("lần bầu"), default=1)
    held_on = models.DateField(_("ngày bầu"))
    seats = models.PositiveSmallIntegerField(_("số lượng cần bầu"))
    summoned = models.PositiveIntegerField(_("số đảng viên, đại biểu được triệu tập"))
    absent_excused = models.PositiveIntegerField(_("vắng cả đại hội có lý do được chấp thuận"), default=0)
    ballots_issued = models.PositiveIntegerField(_("số phiếu phát ra"), default=0)
    entry_mode = models.CharField(_("cách nhập"), max_length=8, choices=EntryMode.choices, default=EntryMode.BALLOTS)
    collected = models.PositiveIntegerField(_("số phiếu thu vào"), null=True, blank=True)
    invalid = models.PositiveIntegerField(_("số phiếu không hợp lệ"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=ElectionStatus.choices, default=ElectionStatus.OPEN
    )
    result = models.JSONField(_("kết quả kiểm phiếu"), null=True, blank=True)
    counted_at = models.DateTimeField(null=True, blank=True)
    approved_on = models.DateField(_("ngày chuẩn y"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cuộc bầu cử")
        verbose_name_plural = _("cuộc bầu cử")
        ordering = ["congress", "held_on", "body", "round"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "body", "round"], name="congresses_one_round_per_body")
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()} ({self.round})"


class Candidate(models.Model):
    """A name on an election's ballot, in the ballot's order; `votes` is the total entered in totals mode."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="candidates")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("đảng viên"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    votes = models.PositiveIntegerField(_("số phiếu bầu"), null=True, blank=True)

    class Meta:
        verbose_name = _("người ứng cử")
        verbose_name_plural = _("người ứng cử")
        ordering = ["election", "position"]
        constraints = [
            models.UniqueConstraint(fields=["election", "member"], name="congresses_candidate_once"),
            models.UniqueConstraint(fields=["election", "position"], name="congresses_candidate_position"),
        ]

    def __str__(self) -> str:
        return str(self.member)


class BallotRecord(models.Model):
    """One ballot as the counting board read it: the candidates it kept (the others were struck out), or why
    it is invalid."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="ballots")
    number = models.PositiveIntegerField(_("số phiếu"))
    kept = models.ManyToManyField(Candidate, related_name="+", blank=True)
    invalid_reason = models.CharField(_("lý do không hợp lệ"), max_length=255, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiếu bầu")
        verbose_name_plural = _("phiếu bầu")
        ordering = ["election", "number"]
        constraints = [models.UniqueConstraint(fields=["election", "number"], name="congresses_ballot_number")]

    def __str__(self) -> str:
        return f"{self.election} #{self.number}"


class CommitteeMembership(models.Model):
    """A seat on a committee for a term, with its origin (elected, appointed, by-election, designated), from
    an election when there was one."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("tổ chức đảng"), on_delete=models.PROTECT, related_name="committee_memberships"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("đảng viên"), on_delete=models.PROTECT, related_name="committee_memberships"
    )
    body = models.CharField(_("thuộc"), max_length=20, choices=Body.choices)
    term = models.CharField(_("nhiệm kỳ"), max_length=9)
    origin = models.CharField(_("hình thức"), max_length=12, choices=Origin.choices)
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    election = models.ForeignKey(Election, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships")
    decision_no = models.CharField(_("số quyết định chỉ định, chuẩn y"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cấp ủy viên")
        verbose_name_plural = _("cấp ủy viên")
        ordering = ["org__path", "term", "body", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "member", "body", "term"],
                condition=Q(ended_on__isnull=True),
                name="congresses_one_open_seat",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.get_body_display()} {self.term}"
