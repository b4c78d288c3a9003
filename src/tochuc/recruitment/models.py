from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tochuc.members.choices import ETHNIC_GROUP_CHOICES, RELIGION_CHOICES, AwayKind, Education, Occupation, Sex


class Stage(models.TextChoices):
    DEVELOPING = "developing", _("Đang bồi dưỡng")
    ADMITTED = "admitted", _("Đã kết nạp")
    DROPPED = "dropped", _("Dừng theo dõi")


class DropReason(models.TextChoices):
    MIGRATION = "migration", _("Đi làm ăn xa, không còn ở địa phương")
    NOT_QUALIFIED = "not_qualified", _("Không đủ tiêu chuẩn, điều kiện")
    WITHDREW = "withdrew", _("Không còn nguyện vọng vào Đảng")
    MOVED = "moved", _("Chuyển nơi cư trú, nơi công tác")
    OTHER = "other", _("Lý do khác")


class Step(models.TextChoices):
    """The admission dossier in the order 12-HD/BTCTW (2022) §II.1.1 lists it (DOMAIN.md §1.1): what comes
    before the cell votes, the cell's resolution, the grassroots committee's. The introductions are kept
    apart (`Introducer`); the admission decision is the candidate's last step (`Candidate.member`)."""

    COURSE = "course", _("Lớp bồi dưỡng nhận thức về Đảng")
    APPLICATION = "application", _("Đơn xin vào Đảng (mẫu 1-KNĐ)")
    HISTORY = "history", _("Lý lịch người xin vào Đảng (mẫu 2-KNĐ)")
    VERIFICATION = "verification", _("Thẩm tra lý lịch")
    COMMENTS = "comments", _("Tổng hợp ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú")
    CELL_RESOLUTION = "cell_resolution", _("Nghị quyết chi bộ đề nghị kết nạp")
    COMMITTEE_RESOLUTION = "committee_resolution", _("Nghị quyết đảng ủy cơ sở (mẫu 8-KNĐ)")


class Reached(models.TextChoices):
    """How far a candidate's dossier has come: the pipeline's columns (kept by the services)."""

    LISTED = "listed", _("Mới đưa vào danh sách")
    COURSE = "course", _("Đã học lớp nhận thức về Đảng")
    DOSSIER = "dossier", _("Đã có đơn, lý lịch, người giới thiệu")
    VERIFIED = "verified", _("Đã thẩm tra lý lịch")
    CELL = "cell", _("Chi bộ đã đề nghị kết nạp")
    COMMITTEE = "committee", _("Chờ quyết định kết nạp")
    ADMITTED = "admitted", _("Đã kết nạp")


class Result(models.TextChoices):
    """The outcome a step records: the verification's conclusion (DOMAIN.md §7), a vote's."""

    CLEAR = "clear", _("Không có vấn đề gì")
    ISSUE = "issue", _("Có vấn đề, cấp ủy xem xét")
    NOT_ADMISSIBLE = "not_admissible", _("Không đủ điều kiện kết nạp")
    PASSED = "passed", _("Đạt (tán thành từ hai phần ba trở lên)")
    FAILED = "failed", _("Không đạt")


class CandidateQuerySet(models.QuerySet):
    def developing(self):
        return self.filter(stage=Stage.DEVELOPING)

    def away(self):
        return self.exclude(away_kind="")


class Candidate(models.Model):
    """A person the party organization is developing for admission (quần chúng ưu tú, cảm tình Đảng)."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("chi bộ, tổ chức đảng"), on_delete=models.PROTECT, related_name="candidates"
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    sort_key = models.CharField(max_length=255, editable=False)
    sex = models.CharField(_("giới tính"), max_length=8, choices=Sex.choices)
    birth_date = models.DateField(_("ngày sinh"))
    citizen_id = models.CharField(_("số CCCD"), max_length=12, blank=True, db_index=True)
    ethnic_group = models.CharField(_("dân tộc"), max_length=40, choices=ETHNIC_GROUP_CHOICES, default="Kinh")
    religion = models.CharField(_("tôn giáo"), max_length=60, choices=RELIGION_CHOICES, default="Không")
    education = models.CharField(
        _("giáo dục phổ thông"), max_length=20, choices=Education.choices, default=Education.UPPER_SECONDARY
    )
    education_exception = models.CharField(
        _("căn cứ trường hợp đặc biệt về học vấn"),
        max_length=255,
        blank=True,
        help_text=_("Văn bản cho phép kết nạp người chưa tốt nghiệp THCS (vùng cao, hải đảo, đồng bào dân tộc)."),
    )
    occupation = models.CharField(_("nghề nghiệp"), max_length=24, choices=Occupation.choices, default=Occupation.OTHER)
    work_unit = models.CharField(_("nơi làm việc"), max_length=255, blank=True)
    residence = models.CharField(_("nơi cư trú"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    youth_union_member = models.BooleanField(_("đoàn viên thanh niên"), default=False)
    trade_union_member = models.BooleanField(_("đoàn viên công đoàn"), default=False)
    listed_on = models.DateField(_("ngày đưa vào danh sách"))
    stage = models.CharField(_("tình trạng"), max_length=12, choices=Stage.choices, default=Stage.DEVELOPING)
    reached = models.CharField(_("tiến độ hồ sơ"), max_length=12, choices=Reached.choices, default=Reached.LISTED)
    # Working away from home (labour migration): where and since when; empty when at home.
    away_kind = models.CharField(_("đi làm ăn xa"), max_length=16, choices=AwayKind.choices, blank=True)
    away_place = models.CharField(_("nơi đến"), max_length=150, blank=True)
    away_since = models.DateField(_("đi từ ngày"), null=True, blank=True)
    dropped_on = models.DateField(_("ngày dừng theo dõi"), null=True, blank=True)
    drop_reason = models.CharField(_("lý do dừng"), max_length=16, choices=DropReason.choices, blank=True)
    drop_note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("đảng viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidate",
    )
    admitted_on = models.DateField(_("ngày quyết định kết nạp"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("quần chúng ưu tú")
        verbose_name_plural = _("quần chúng ưu tú")
        ordering = ["sort_key", "id"]
        indexes = [models.Index(fields=["org", "stage"]), models.Index(fields=["stage", "reached"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage="admitted", member__isnull=False) | (~Q(stage="admitted") & Q(member__isnull=True)),
                name="candidate_admitted_has_member",
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class Introducer(models.Model):
    """Who introduces a candidate (Charter Art. 4; DOMAIN.md §1.1): an official member who has worked with
    them for at least a year, or the grassroots Youth Union / trade union committee."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Đảng viên chính thức")
        YOUTH_UNION = "youth_union", _("Ban chấp hành Đoàn cơ sở")
        TRADE_UNION = "trade_union", _("Ban chấp hành Công đoàn cơ sở")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="introducers")
    kind = models.CharField(_("người, tổ chức giới thiệu"), max_length=12, choices=Kind.choices)
    member = models.ForeignKey(
        "members.Member", verbose_name=_("đảng viên giới thiệu"), null=True, blank=True, on_delete=models.PROTECT
    )
    body = models.CharField(_("tên tổ chức giới thiệu"), max_length=255, blank=True)
    together_since = models.DateField(_("cùng công tác, sinh hoạt từ"), null=True, blank=True)
    on = models.DateField(_("ngày giới thiệu"))
    document_no = models.CharField(_("số nghị quyết, giấy giới thiệu"), max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("người giới thiệu")
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="member", member__isnull=False) | (~Q(kind="member") & Q(member__isnull=True))),
                name="introducer_member_iff_kind_member",
            ),
            models.UniqueConstraint(
                fields=["candidate", "member"], condition=Q(member__isnull=False), name="introducer_member_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.member) if self.member_id else self.body or self.get_kind_display()


class CandidateStep(models.Model):
    """One dated step of a candidate's dossier. A step may be recorded again (a failed vote is followed by
    another); a wrong record is cancelled with its reason, never deleted."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("bước"), max_length=24, choices=Step.choices)
    on = models.DateField(_("ngày"))
    document_no = models.CharField(_("số văn bản, giấy chứng nhận"), max_length=50, blank=True)
    result = models.CharField(_("kết quả"), max_length=16, choices=Result.choices, blank=True)
    official_members = models.PositiveIntegerField(_("số đảng viên chính thức"), null=True, blank=True)
    in_favour = models.PositiveIntegerField(_("số tán thành"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("lý do hủy"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("bước hồ sơ kết nạp")
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["candidate", "step"])]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.on:%d/%m/%Y}"
