"""Cadres and their posts, planning, appointments, movements, training, evaluations and surplus cases.

Every record hangs from an org (the cadre's managing org, the post's org, the course's organizer, the surplus
case's former org): scope is `org__path__under` the actor's root, as everywhere else. History is kept, never
overwritten: a tenure ends, a planning entry is removed with a reason, a step is cancelled with a reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tochuc.members.choices import (
    ETHNIC_GROUP_CHOICES,
    Qualification,
    Sex,
    StateManagementLevel,
    TheoryLevel,
)

from .choices import (
    AppointmentKind,
    AppointmentStatus,
    AttendanceResult,
    Body,
    CadreKind,
    CadreStatus,
    CourseKind,
    DisciplineKind,
    Filling,
    MovementKind,
    ProcedureStep,
    Rating,
    Source,
    SurplusPolicy,
    SurplusStatus,
    TenureEnd,
    TenureSource,
    Title,
    title_rank,
)


class CadreQuerySet(models.QuerySet):
    def working(self):
        return self.filter(status=CadreStatus.WORKING)


class Cadre(models.Model):
    """A person in cadre work: a cadre, civil servant, public employee or part-time worker, a party member or
    not (`member` links the member record when they are)."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    sort_key = models.CharField(max_length=255, editable=False)
    sex = models.CharField(_("giới tính"), max_length=8, choices=Sex.choices)
    birth_date = models.DateField(_("ngày sinh"))
    citizen_id = models.CharField(_("số CCCD"), max_length=12, null=True, blank=True, unique=True)
    ethnic_group = models.CharField(_("dân tộc"), max_length=40, choices=ETHNIC_GROUP_CHOICES, default="Kinh")
    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("hồ sơ đảng viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cadre",
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("đơn vị quản lý"), on_delete=models.PROTECT, related_name="cadres"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=CadreKind.choices, default=CadreKind.CADRE)
    status = models.CharField(_("tình trạng"), max_length=12, choices=CadreStatus.choices, default=CadreStatus.WORKING)
    work_unit = models.CharField(_("cơ quan, đơn vị công tác"), max_length=255, blank=True)
    qualification = models.CharField(
        _("chuyên môn, nghiệp vụ"), max_length=20, choices=Qualification.choices, default=Qualification.NONE
    )
    qualification_field = models.CharField(_("chuyên ngành"), max_length=150, blank=True)
    theory_level = models.CharField(
        _("lý luận chính trị"), max_length=20, choices=TheoryLevel.choices, default=TheoryLevel.NONE
    )
    state_management = models.CharField(
        _("quản lý nhà nước"), max_length=20, choices=StateManagementLevel.choices, default=StateManagementLevel.NONE
    )
    dossier_verified_on = models.DateField(_("ngày xác minh hồ sơ cán bộ"), null=True, blank=True)
    assets_declared_on = models.DateField(_("ngày kê khai tài sản, thu nhập gần nhất"), null=True, blank=True)
    ended_on = models.DateField(_("ngày thôi công tác"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CadreQuerySet.as_manager()

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["sort_key", "id"]
        indexes = [models.Index(fields=["org", "status"])]

    def __str__(self) -> str:
        return self.full_name


class Post(models.Model):
    """A post at an org (Bí thư Đảng ủy xã, Chủ tịch UBND xã ...), with its seats and current term."""

    org = models.ForeignKey("orgs.Org", verbose_name=_("tổ chức"), on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(_("chức danh"), max_length=24, choices=Title.choices)
    body = models.CharField(_("khối"), max_length=12, choices=Body.choices, editable=False)
    name = models.CharField(_("tên chức vụ"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, default="")
    seats = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    filling = models.CharField(_("hình thức"), max_length=10, choices=Filling.choices, default=Filling.ELECTED)
    term_start = models.DateField(_("nhiệm kỳ từ"), null=True, blank=True)
    term_end = models.DateField(_("nhiệm kỳ đến"), null=True, blank=True)
    closed_on = models.DateField(_("ngày bãi bỏ"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["org__path", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def rank(self) -> int:
        return title_rank(self.title)


class Tenure(models.Model):
    """A person holding a post from one day to another (open while `ended_on` is empty). Several open tenures
    of one person are concurrent posts (kiêm nhiệm)."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="tenures")
    post = models.ForeignKey(Post, verbose_name=_("chức vụ"), on_delete=models.PROTECT, related_name="tenures")
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    source = models.CharField(_("hình thức"), max_length=12, choices=TenureSource.choices)
    decision_no = models.CharField(_("số quyết định"), max_length=64, blank=True)
    term_end = models.DateField(_("hết thời hạn giữ chức vụ"), null=True, blank=True)
    end_reason = models.CharField(_("lý do thôi giữ"), max_length=14, choices=TenureEnd.choices, blank=True)
    appointment = models.OneToOneField(
        "Appointment", null=True, blank=True, on_delete=models.PROTECT, related_name="tenure"
    )
    movement = models.OneToOneField("Movement", null=True, blank=True, on_delete=models.PROTECT, related_name="tenure")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quá trình giữ chức vụ")
        verbose_name_plural = _("quá trình giữ chức vụ")
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["post", "ended_on"]), models.Index(fields=["cadre", "ended_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "post"], condition=Q(ended_on__isnull=True), name="cadres_one_open_tenure_per_post"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="cadres_tenure_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} – {self.post}"


class Discipline(models.Model):
    """A disciplinary measure on a cadre: it delays an appointment to a higher post (377-QĐ/TW, DOMAIN §5.4)."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="disciplines")
    kind = models.CharField(_("hình thức kỷ luật"), max_length=20, choices=DisciplineKind.choices)
    on = models.DateField(_("ngày quyết định"))
    decision_no = models.CharField(_("số quyết định"), max_length=64, blank=True)
    authority = models.CharField(_("cấp quyết định"), max_length=200, blank=True)
    note = models.TextField(_("nội dung"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%d/%m/%Y}"


class PlanningEntry(models.Model):
    """A name on the planning list (quy hoạch) of a post for a term ("2025-2030"). Removed at a yearly
    review with its reason, never deleted."""

    post = models.ForeignKey(Post, verbose_name=_("chức vụ"), on_delete=models.PROTECT, related_name="planning")
    cadre = models.ForeignKey(Cadre, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="planning")
    term = models.CharField(_("nhiệm kỳ quy hoạch"), max_length=9)
    added_on = models.DateField(_("ngày đưa vào quy hoạch"))
    decision_no = models.CharField(_("số quyết định"), max_length=64, blank=True)
    removed_on = models.DateField(_("ngày đưa ra khỏi quy hoạch"), null=True, blank=True)
    removed_reason = models.CharField(_("lý do đưa ra"), max_length=255, blank=True)
    removed_decision_no = models.CharField(_("số quyết định đưa ra"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quy hoạch")
        verbose_name_plural = _("quy hoạch")
        ordering = ["post_id", "term", "added_on", "id"]
        indexes = [models.Index(fields=["term", "removed_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "term", "cadre"],
                condition=Q(removed_on__isnull=True),
                name="cadres_planned_once_per_post_term",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cadre} – {self.post} ({self.term})"


class Appointment(models.Model):
    """An appointment or re-appointment procedure: the dossier received, the steps voted, the decision."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="appointments")
    post = models.ForeignKey(Post, verbose_name=_("chức vụ"), on_delete=models.PROTECT, related_name="appointments")
    kind = models.CharField(_("loại"), max_length=14, choices=AppointmentKind.choices)
    source = models.CharField(_("nguồn nhân sự"), max_length=8, choices=Source.choices)
    received_on = models.DateField(_("ngày nhận hồ sơ"))
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=AppointmentStatus.choices, default=AppointmentStatus.IN_PROGRESS
    )
    decision_no = models.CharField(_("số quyết định"), max_length=64, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    effective_on = models.DateField(_("ngày hiệu lực"), null=True, blank=True)
    term_end = models.DateField(_("thời hạn giữ chức vụ đến"), null=True, blank=True)
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    closing_reason = models.TextField(_("lý do không bổ nhiệm, dừng"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bổ nhiệm")
        verbose_name_plural = _("bổ nhiệm")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "post"],
                condition=Q(status="in_progress"),
                name="cadres_one_open_appointment_per_post",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.cadre} – {self.post}"


class AppointmentStep(models.Model):
    """One step of the procedure, with its vote when it is a vote. A wrong one is cancelled, not deleted."""

    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT, related_name="steps")
    step = models.CharField(_("bước"), max_length=24, choices=ProcedureStep.choices)
    held_on = models.DateField(_("ngày thực hiện"))
    body = models.CharField(_("hội nghị, tập thể"), max_length=200, blank=True)
    attendees = models.PositiveSmallIntegerField(_("số thành viên được triệu tập"), null=True, blank=True)
    ballots_issued = models.PositiveSmallIntegerField(_("số phiếu phát ra"), null=True, blank=True)
    ballots_valid = models.PositiveSmallIntegerField(_("số phiếu hợp lệ"), null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("số phiếu tán thành"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("lý do hủy"), max_length=255, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bước quy trình bổ nhiệm")
        verbose_name_plural = _("bước quy trình bổ nhiệm")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return self.get_step_display()


class Movement(models.Model):
    """Rotation, transfer or secondment of a cadre to another org for a period, and the return."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("hình thức"), max_length=12, choices=MovementKind.choices)
    from_org = models.ForeignKey("orgs.Org", verbose_name=_("từ đơn vị"), on_delete=models.PROTECT, related_name="+")
    to_org = models.ForeignKey("orgs.Org", verbose_name=_("đến đơn vị"), on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("từ ngày"))
    due_back_on = models.DateField(_("thời hạn đến"), null=True, blank=True)
    returned_on = models.DateField(_("ngày trở về, kết thúc"), null=True, blank=True)
    decision_no = models.CharField(_("số quyết định"), max_length=64, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("luân chuyển, điều động, biệt phái")
        verbose_name_plural = _("luân chuyển, điều động, biệt phái")
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.cadre}"


class Course(models.Model):
    """A training course (political theory, state management, professional) organized by an org."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("đơn vị tổ chức, cử học"), on_delete=models.PROTECT, related_name="courses"
    )
    name = models.CharField(_("tên lớp"), max_length=255)
    kind = models.CharField(_("loại"), max_length=20, choices=CourseKind.choices)
    level = models.CharField(_("trình độ đào tạo"), max_length=20, blank=True)
    provider = models.CharField(_("cơ sở đào tạo"), max_length=255, blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lớp đào tạo, bồi dưỡng")
        verbose_name_plural = _("lớp đào tạo, bồi dưỡng")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.name


class Attendance(models.Model):
    course = models.ForeignKey(Course, verbose_name=_("lớp"), on_delete=models.PROTECT, related_name="attendances")
    cadre = models.ForeignKey(Cadre, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="attendances")
    result = models.CharField(
        _("kết quả"), max_length=10, choices=AttendanceResult.choices, default=AttendanceResult.ENROLLED
    )
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    certificate_no = models.CharField(_("số văn bằng, chứng chỉ"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("học viên")
        verbose_name_plural = _("học viên")
        constraints = [models.UniqueConstraint(fields=["course", "cadre"], name="cadres_attend_once")]

    def __str__(self) -> str:
        return f"{self.cadre} – {self.course}"


class Evaluation(models.Model):
    """The yearly evaluation of a cadre at one of the four levels."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("mức xếp loại"), max_length=14, choices=Rating.choices)
    evaluated_on = models.DateField(_("ngày đánh giá"))
    authority = models.CharField(_("cấp đánh giá"), max_length=200, blank=True)
    note = models.TextField(_("nhận xét"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đánh giá, xếp loại cán bộ")
        verbose_name_plural = _("đánh giá, xếp loại cán bộ")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["cadre", "year"], name="cadres_one_evaluation_a_year")]

    def __str__(self) -> str:
        return f"{self.cadre} {self.year}: {self.get_rating_display()}"


class SurplusCase(models.Model):
    """A person made surplus by a restructuring (the org event that closed their post), and the policy chosen."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="surplus_cases")
    event = models.ForeignKey(
        "orgs.OrgEvent",
        verbose_name=_("sự kiện sắp xếp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surplus_cases",
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("đơn vị trước sắp xếp"), on_delete=models.PROTECT, related_name="surplus_cases"
    )
    tenure = models.ForeignKey(
        Tenure,
        verbose_name=_("chức vụ trước sắp xếp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    identified_on = models.DateField(_("ngày dôi dư"))
    policy = models.CharField(_("chính sách"), max_length=20, choices=SurplusPolicy.choices, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=SurplusStatus.choices, default=SurplusStatus.PENDING
    )
    policy_on = models.DateField(_("ngày thực hiện"), null=True, blank=True)
    decision_no = models.CharField(_("số quyết định"), max_length=64, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cán bộ dôi dư")
        verbose_name_plural = _("cán bộ dôi dư")
        ordering = ["status", "-identified_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "event"], name="cadres_surplus_once_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} ({self.get_status_display()})"
