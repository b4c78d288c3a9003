from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from .choices import (
    ACTIVE_STATUSES,
    ETHNIC_GROUP_CHOICES,
    RELIGION_CHOICES,
    AcademicTitle,
    AwayKind,
    Education,
    Occupation,
    Qualification,
    Sex,
    StateManagementLevel,
    Status,
    TheoryLevel,
)


class MemberQuerySet(models.QuerySet):
    def active(self):
        """Counted in their org's membership (đảng số): probationary or official, not between two orgs."""
        return self.filter(status__in=ACTIVE_STATUSES, in_transit=False)

    def away(self, *, on: date | None = None, kind: str = ""):
        """Members working away from home (đi làm ăn xa): with an open `WorkAway` record, or, given `on`, one
        that covered that day (left on or before it, not back by then). Combine with `active()` to count
        the members of an org who are away; `kind` narrows to one `AwayKind`."""
        records = WorkAway.objects.filter(member=OuterRef("pk"))
        if on is None:
            records = records.filter(until__isnull=True)
        else:
            records = records.filter(Q(until__isnull=True) | Q(until__gt=on), since__lte=on)
        if kind:
            records = records.filter(kind=kind)
        return self.filter(Exists(records))


class Member(models.Model):
    """A party member. The foundation's fields; the members module adds the full dossier."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    sort_key = models.CharField(max_length=255, db_index=True, editable=False)
    # The given name (last word) folded, indexed: "hoa" finds "Nguyễn Thị Hoa" by a prefix range scan.
    given_folded = models.CharField(max_length=60, db_index=True, editable=False, default="")
    sex = models.CharField(_("giới tính"), max_length=8, choices=Sex.choices)
    birth_date = models.DateField(_("ngày sinh"))
    ethnic_group = models.CharField(_("dân tộc"), max_length=40, choices=ETHNIC_GROUP_CHOICES, default="Kinh")
    education = models.CharField(
        _("giáo dục phổ thông"), max_length=20, choices=Education.choices, default=Education.UPPER_SECONDARY
    )
    # Indexed by (org, status) below, which serves a lookup by org alone as well: one index less to write.
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("sinh hoạt tại"), on_delete=models.PROTECT, related_name="members", db_index=False
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.OFFICIAL)
    admitted_on = models.DateField(
        _("ngày vào Đảng"), null=True, blank=True, help_text=_("Ngày cấp có thẩm quyền ký quyết định kết nạp.")
    )
    official_on = models.DateField(_("ngày chính thức"), null=True, blank=True)
    # --- the dossier (lý lịch đảng viên; sổ 7-HSĐV) ---
    other_names = models.CharField(_("tên gọi khác"), max_length=150, blank=True)
    birth_place = models.CharField(_("nơi sinh"), max_length=255, blank=True)
    home_town = models.CharField(_("quê quán"), max_length=255, blank=True)
    residence = models.CharField(_("nơi thường trú"), max_length=255, blank=True)
    citizen_id = models.CharField(_("số CCCD"), max_length=12, null=True, blank=True, unique=True)
    religion = models.CharField(_("tôn giáo"), max_length=60, choices=RELIGION_CHOICES, default="Không")
    qualification = models.CharField(
        _("chuyên môn, nghiệp vụ"), max_length=20, choices=Qualification.choices, default=Qualification.NONE
    )
    qualification_field = models.CharField(_("chuyên ngành"), max_length=150, blank=True)
    academic_title = models.CharField(_("học hàm"), max_length=24, choices=AcademicTitle.choices, blank=True)
    theory_level = models.CharField(
        _("lý luận chính trị"), max_length=20, choices=TheoryLevel.choices, default=TheoryLevel.NONE
    )
    state_management = models.CharField(
        _("quản lý nhà nước"), max_length=20, choices=StateManagementLevel.choices, default=StateManagementLevel.NONE
    )
    foreign_language = models.CharField(_("ngoại ngữ"), max_length=100, blank=True)
    it_level = models.CharField(_("tin học"), max_length=100, blank=True)
    occupation = models.CharField(_("nghề nghiệp"), max_length=24, choices=Occupation.choices, default=Occupation.OTHER)
    work_unit = models.CharField(_("đơn vị công tác"), max_length=255, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    ceremony_on = models.DateField(_("ngày lễ kết nạp"), null=True, blank=True)
    card_number = models.CharField(_("số thẻ đảng viên"), max_length=20, null=True, blank=True, unique=True)
    card_issued_on = models.DateField(_("ngày cấp thẻ"), null=True, blank=True)
    dossier_number = models.CharField(_("số lý lịch"), max_length=20, blank=True)
    badge_number = models.CharField(_("số huy hiệu"), max_length=20, blank=True)
    photo = models.FileField(_("ảnh"), upload_to="members/photos/", blank=True)
    # --- derived from the events by rules.derive (kept in sync by the services) ---
    in_transit = models.BooleanField(_("đang chuyển sinh hoạt"), default=False)
    temporary_host = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("sinh hoạt tạm thời tại"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="temporary_members",
        db_index=False,  # Meta.indexes has it
    )
    exempted = models.BooleanField(_("miễn công tác và sinh hoạt"), default=False)
    lost_contact = models.BooleanField(_("mất liên lạc"), default=False)
    party_age_from = models.DateField(
        _("tuổi đảng tính từ"),
        null=True,
        blank=True,
        help_text=_("Ngày quyết định kết nạp, lùi lại bằng các thời gian gián đoạn."),
    )
    highest_badge = models.PositiveSmallIntegerField(_("huy hiệu cao nhất"), null=True, blank=True)
    ended_on = models.DateField(_("ngày thôi sinh hoạt"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("đảng viên")
        verbose_name_plural = _("đảng viên")
        ordering = ["sort_key", "id"]
        indexes = [
            models.Index(fields=["org", "status"]),
            models.Index(fields=["status", "official_on"]),
            models.Index(fields=["temporary_host"]),
            # Badges due: for each milestone, the holders of the one before whose party age reaches it.
            models.Index(fields=["highest_badge", "party_age_from"]),
            # Counting the active members of a large subtree from the index alone (the list's total).
            models.Index(fields=["status", "in_transit", "org"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class Membership(models.Model):
    """Where a member was active (sinh hoạt) over a span of dates. Counting "as of D" reads these."""

    class Reason(models.TextChoices):
        ADMITTED = "admitted", _("Kết nạp")
        REGISTERED = "registered", _("Nhập hồ sơ")
        TRANSFER = "transfer", _("Chuyển sinh hoạt")
        RESTRUCTURING = "restructuring", _("Sắp xếp tổ chức")
        ENDED = "ended", _("Thôi sinh hoạt")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    # (org, valid_from, valid_to) below serves a lookup by org alone as well.
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="memberships", db_index=False)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=16, choices=Reason.choices)

    class Meta:
        ordering = ["member", "valid_from"]
        indexes = [models.Index(fields=["org", "valid_from", "valid_to"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_range_valid",
            ),
            models.UniqueConstraint(
                fields=["member"], condition=Q(valid_to__isnull=True), name="membership_one_open_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.org_id} ({self.valid_from:%d/%m/%Y} – {self.valid_to or '…'})"


class Relative(models.Model):
    """A family row of the dossier (quan hệ gia đình)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="relatives")
    relation = models.CharField(_("quan hệ"), max_length=40)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    occupation = models.CharField(_("nghề nghiệp"), max_length=150, blank=True)
    address = models.CharField(_("nơi ở"), max_length=255, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        ordering = ["member", "id"]

    def __str__(self) -> str:
        return f"{self.relation}: {self.full_name}"


class WorkPeriod(models.Model):
    """A row of the member's working history (quá trình công tác)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="work_history")
    valid_from = models.DateField(_("từ"))
    valid_to = models.DateField(_("đến"), null=True, blank=True)
    unit = models.CharField(_("đơn vị"), max_length=255)
    position = models.CharField(_("chức vụ, công việc"), max_length=150, blank=True)

    class Meta:
        ordering = ["member", "valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from:%m/%Y} {self.unit}"


class EventKind(models.TextChoices):
    """The dated events of a member's life in the Party (DOMAIN.md §1)."""

    ADMITTED = "admitted", _("Kết nạp")
    CEREMONY = "ceremony", _("Lễ kết nạp")
    RECOGNIZED = "recognized", _("Công nhận đảng viên chính thức")
    PROBATION_REMOVED = "probation_removed", _("Xóa tên trong danh sách đảng viên dự bị")
    TRANSFER_OUT = "transfer_out", _("Chuyển sinh hoạt đi")
    TRANSFER_IN = "transfer_in", _("Tiếp nhận sinh hoạt")
    TEMPORARY_OUT = "temporary_out", _("Chuyển sinh hoạt tạm thời")
    TEMPORARY_RETURN = "temporary_return", _("Trở lại sau sinh hoạt tạm thời")
    EXEMPTED = "exempted", _("Miễn công tác và sinh hoạt")
    EXEMPTION_ENDED = "exemption_ended", _("Thôi miễn sinh hoạt")
    LOST_CONTACT = "lost_contact", _("Mất liên lạc")
    CONTACT_RESTORED = "contact_restored", _("Liên lạc lại")
    BADGE = "badge", _("Trao Huy hiệu Đảng")
    CARD = "card", _("Cấp thẻ đảng viên")
    REMOVED = "removed", _("Xóa tên")
    EXPELLED = "expelled", _("Khai trừ")
    LEFT = "left", _("Ra khỏi Đảng")
    DIED = "died", _("Từ trần")
    REINSTATED = "reinstated", _("Khôi phục")
    READMITTED = "readmitted", _("Kết nạp lại")
    CANCEL = "cancel", _("Hủy sự kiện ghi nhầm")


class MemberEvent(models.Model):
    """One dated event. Never edited or deleted: a mistake is cancelled by a correcting `cancel` event."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=20, choices=EventKind.choices)
    on = models.DateField(_("ngày"))
    org = models.ForeignKey("orgs.Org", verbose_name=_("tại tổ chức"), on_delete=models.PROTECT, related_name="+")
    # Not indexed, as `actor`: nothing looks events up by them (orgs and users are closed, never deleted), and
    # the events are the largest table, written by every import.
    other_org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("tổ chức liên quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    decision_no = models.CharField(_("số quyết định, giấy giới thiệu"), max_length=64, blank=True)
    decided_on = models.DateField(_("ngày ký"), null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    cancels = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="cancelled_by")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sự kiện của đảng viên")
        verbose_name_plural = _("sự kiện của đảng viên")
        ordering = ["member", "on", "id"]
        indexes = [models.Index(fields=["kind", "on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%d/%m/%Y}"


class Correction(models.Model):
    """A request to correct a core field of the dossier, with its basis document, decided by an approver
    (24-QĐ/TW §6.2.4: no change to the dossier without a legal basis and the competent committee's consent)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        REJECTED = "rejected", _("Không duyệt")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(_("trường"), max_length=40)
    old_value = models.CharField(_("giá trị cũ"), max_length=255, blank=True)
    new_value = models.CharField(_("giá trị mới"), max_length=255)
    basis = models.CharField(_("căn cứ (văn bản)"), max_length=255)
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("ý kiến"), max_length=255, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} -> {self.new_value}"


class WorkAway(models.Model):
    """A spell of working away from home (đi làm ăn xa): where, for whom, from when until the return.

    History, not overwrites: leaving opens a record, returning closes it (`until`), leaving again opens a new
    one; a member has at most one open record. Written only by `services.member_away_start/_end`.
    """

    Kind = AwayKind

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="work_away")
    kind = models.CharField(_("hình thức"), max_length=16, choices=AwayKind.choices)
    place = models.CharField(
        _("nơi đến"), max_length=150, help_text=_("Tỉnh, thành phố hoặc nước nơi đảng viên đến làm việc.")
    )
    employer = models.CharField(_("nơi làm việc"), max_length=255, blank=True)
    since = models.DateField(_("đi từ ngày"))
    until = models.DateField(_("trở về ngày"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đi làm ăn xa")
        verbose_name_plural = _("đi làm ăn xa")
        ordering = ["member", "since", "id"]
        indexes = [
            # The counts of a dashboard panel and the list's filters: open records by kind and place.
            models.Index(fields=["kind", "place"], condition=Q(until__isnull=True), name="work_away_open_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")), name="work_away_range_valid"
            ),
            models.UniqueConstraint(
                fields=["member"], condition=Q(until__isnull=True), name="work_away_one_open_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.place} ({self.since:%d/%m/%Y} – {self.until or '…'})"


class ReceivedPackage(models.Model):
    """The dossier package a member transferred in from another province came with (members/package.py): the
    original file kept as received, its checksum, where it came from, and the member's previous history."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="received_packages")
    file = models.FileField(_("gói hồ sơ"), upload_to="members/packages/")
    sha256 = models.CharField(max_length=64, db_index=True)
    source = models.CharField(_("nơi chuyển đi"), max_length=255)
    # The lifecycle events, transfer letter and dates kept by the sending side that our events do not hold.
    history = models.JSONField(default=dict, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("gói hồ sơ tiếp nhận")
        verbose_name_plural = _("gói hồ sơ tiếp nhận")
        ordering = ["member", "-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.source}"
