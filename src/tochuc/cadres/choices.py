"""The vocabularies of cadre work (DOMAIN.md glossary: Cadre, Post, planning, appointment, rotation,
transfer_of_post, secondment, surplus_staff, part_time_worker)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CadreKind(models.TextChoices):
    CADRE = "cadre", _("Cán bộ")
    CIVIL_SERVANT = "civil_servant", _("Công chức")
    PUBLIC_EMPLOYEE = "public_employee", _("Viên chức")
    PART_TIME = "part_time_worker", _("Người hoạt động không chuyên trách")


class CadreStatus(models.TextChoices):
    WORKING = "working", _("Đang công tác")
    RETIRED = "retired", _("Đã nghỉ hưu")
    LEFT = "left", _("Đã thôi việc, chuyển ngành")
    DECEASED = "deceased", _("Từ trần")


class Body(models.TextChoices):
    """Where a post sits in the political system of a locality or agency."""

    PARTY = "party", _("Cấp ủy đảng")
    COUNCIL = "council", _("Hội đồng nhân dân")
    GOVERNMENT = "government", _("Ủy ban nhân dân")
    FRONT = "front", _("Mặt trận Tổ quốc")
    MASS_ORG = "mass_org", _("Đoàn thể chính trị - xã hội")
    AGENCY = "agency", _("Cơ quan, đơn vị")


class Title(models.TextChoices):
    """The kind of a post (chức danh). `TITLES` gives each its body and rank; a post names itself freely
    ("Chủ tịch Hội Liên hiệp Phụ nữ xã") and is classed by one of these."""

    SECRETARY = "secretary", _("Bí thư")
    DEPUTY_SECRETARY = "deputy_secretary", _("Phó Bí thư")
    STANDING_MEMBER = "standing_member", _("Ủy viên Ban Thường vụ")
    COMMITTEE_MEMBER = "committee_member", _("Cấp ủy viên")
    COUNCIL_CHAIR = "council_chair", _("Chủ tịch HĐND")
    COUNCIL_VICE_CHAIR = "council_vice_chair", _("Phó Chủ tịch HĐND")
    GOVERNMENT_CHAIR = "government_chair", _("Chủ tịch UBND")
    GOVERNMENT_VICE_CHAIR = "government_vice_chair", _("Phó Chủ tịch UBND")
    FRONT_CHAIR = "front_chair", _("Chủ tịch Ủy ban MTTQ")
    FRONT_VICE_CHAIR = "front_vice_chair", _("Phó Chủ tịch Ủy ban MTTQ")
    MASS_ORG_HEAD = "mass_org_head", _("Người đứng đầu đoàn thể")
    MASS_ORG_DEPUTY = "mass_org_deputy", _("Cấp phó đoàn thể")
    AGENCY_HEAD = "agency_head", _("Trưởng cơ quan, đơn vị")
    AGENCY_DEPUTY = "agency_deputy", _("Cấp phó cơ quan, đơn vị")
    STAFF = "staff", _("Công chức, nhân viên chuyên môn")


# title -> (body, rank). A higher rank is a higher post; equal ranks are equivalent posts (377-QĐ/TW: an
# appointment from outside needs planning for "an equivalent or higher post"). Ranks compare posts of one
# level (one org); across levels the competent body judges.
TITLES: dict[str, tuple[str, int]] = {
    Title.SECRETARY: (Body.PARTY, 100),
    Title.DEPUTY_SECRETARY: (Body.PARTY, 90),
    Title.COUNCIL_CHAIR: (Body.COUNCIL, 90),
    Title.GOVERNMENT_CHAIR: (Body.GOVERNMENT, 90),
    Title.STANDING_MEMBER: (Body.PARTY, 80),
    Title.COUNCIL_VICE_CHAIR: (Body.COUNCIL, 70),
    Title.GOVERNMENT_VICE_CHAIR: (Body.GOVERNMENT, 70),
    Title.FRONT_CHAIR: (Body.FRONT, 70),
    Title.COMMITTEE_MEMBER: (Body.PARTY, 60),
    Title.FRONT_VICE_CHAIR: (Body.FRONT, 50),
    Title.MASS_ORG_HEAD: (Body.MASS_ORG, 50),
    Title.AGENCY_HEAD: (Body.AGENCY, 50),
    Title.MASS_ORG_DEPUTY: (Body.MASS_ORG, 40),
    Title.AGENCY_DEPUTY: (Body.AGENCY, 40),
    Title.STAFF: (Body.AGENCY, 0),
}


def title_rank(title: str) -> int:
    return TITLES.get(title, ("", 0))[1]


def title_body(title: str) -> str:
    return TITLES.get(title, (Body.AGENCY, 0))[0]


class Filling(models.TextChoices):
    """How a post is filled: by a vote (committees, councils, the Front and mass organizations elect) or by an
    appointment decision (heads of agencies)."""

    ELECTED = "elected", _("Bầu cử")
    APPOINTED = "appointed", _("Bổ nhiệm")


class TenureSource(models.TextChoices):
    ELECTED = "elected", _("Được bầu")
    APPOINTED = "appointed", _("Bổ nhiệm")
    REAPPOINTED = "reappointed", _("Bổ nhiệm lại")
    DESIGNATED = "designated", _("Chỉ định")
    ROTATION = "rotation", _("Luân chuyển")
    TRANSFER = "transfer", _("Điều động")
    SECONDMENT = "secondment", _("Biệt phái")
    REASSIGNED = "reassigned", _("Bố trí sau sắp xếp tổ chức")


class TenureEnd(models.TextChoices):
    TERM_ENDED = "term_ended", _("Hết nhiệm kỳ, hết thời hạn")
    MOVED = "moved", _("Chuyển công tác, nhận nhiệm vụ khác")
    RETURNED = "returned", _("Hết thời hạn luân chuyển, biệt phái")
    RESTRUCTURED = "restructured", _("Sắp xếp tổ chức bộ máy")
    RETIRED = "retired", _("Nghỉ hưu")
    RESIGNED = "resigned", _("Từ chức, xin thôi giữ chức vụ")
    DISMISSED = "dismissed", _("Miễn nhiệm, cách chức")
    DECEASED = "deceased", _("Từ trần")
    OTHER = "other", _("Lý do khác")


class AppointmentKind(models.TextChoices):
    APPOINTMENT = "appointment", _("Bổ nhiệm")
    REAPPOINTMENT = "reappointment", _("Bổ nhiệm lại")


class Source(models.TextChoices):
    """Where the person proposed comes from (377-QĐ/TW: nguồn nhân sự tại chỗ / từ nơi khác)."""

    INSIDE = "inside", _("Nhân sự tại chỗ")
    OUTSIDE = "outside", _("Nhân sự từ nơi khác")


class AppointmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Đang thực hiện quy trình")
    APPOINTED = "appointed", _("Đã quyết định bổ nhiệm")
    REFUSED = "refused", _("Không bổ nhiệm")
    WITHDRAWN = "withdrawn", _("Dừng quy trình")


class ProcedureStep(models.TextChoices):
    """The steps of the appointment procedures (DOMAIN.md §5.3, UNCONFIRMED against 377-QĐ/TW).
    `rules.PROCEDURES` orders them per kind of appointment and source of the person."""

    PROPOSAL = "proposal", _("Tập thể lãnh đạo thảo luận, đề xuất chủ trương, cơ cấu, quy trình")
    LEADERS_NOMINATION = "leaders_nomination", _("Hội nghị lãnh đạo chủ chốt giới thiệu nhân sự (phiếu kín)")
    COLLECTIVE_NOMINATION = "collective_nomination", _("Tập thể lãnh đạo thảo luận, giới thiệu nhân sự (phiếu kín)")
    KEY_CADRE_OPINIONS = "key_cadre_opinions", _("Hội nghị cán bộ chủ chốt lấy ý kiến (phiếu kín)")
    HOST_OPINIONS = "host_opinions", _("Gặp nhân sự, lấy ý kiến nơi nhân sự đang công tác")
    COLLECTIVE_VOTE = "collective_vote", _("Tập thể lãnh đạo biểu quyết nhân sự (phiếu kín)")


class DisciplineKind(models.TextChoices):
    REPRIMAND = "reprimand", _("Khiển trách")
    WARNING = "warning", _("Cảnh cáo")
    REMOVAL_FROM_POST = "removal_from_post", _("Cách chức")


class MovementKind(models.TextChoices):
    ROTATION = "rotation", _("Luân chuyển")
    TRANSFER = "transfer", _("Điều động")
    SECONDMENT = "secondment", _("Biệt phái")


class CourseKind(models.TextChoices):
    THEORY = "theory", _("Lý luận chính trị")
    STATE_MANAGEMENT = "state_management", _("Quản lý nhà nước")
    PROFESSIONAL = "professional", _("Chuyên môn, nghiệp vụ")
    OTHER = "other", _("Bồi dưỡng khác")


class AttendanceResult(models.TextChoices):
    ENROLLED = "enrolled", _("Đang học")
    PASSED = "passed", _("Hoàn thành, đạt")
    FAILED = "failed", _("Không đạt")
    WITHDREW = "withdrew", _("Bỏ học, thôi học")


class Rating(models.TextChoices):
    """The four levels of the yearly evaluation (DOMAIN.md §2, glossary `rating`)."""

    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "completed", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành nhiệm vụ")


RATING_ORDER = [Rating.NOT_COMPLETED, Rating.COMPLETED, Rating.GOOD, Rating.EXCELLENT]


class SurplusPolicy(models.TextChoices):
    """What is done for a person made surplus by a restructuring (Nghị định 178/2024/NĐ-CP and 154/2025)."""

    UNDECIDED = "", _("Chưa quyết định")
    EARLY_RETIREMENT = "early_retirement", _("Nghỉ hưu trước tuổi")
    RESIGNATION = "severance", _("Nghỉ thôi việc, hưởng trợ cấp")
    TRANSFER = "transfer", _("Chuyển công tác nơi khác")
    REASSIGNMENT = "reassignment", _("Bố trí công tác khác tại đơn vị mới")
    RETIREMENT = "retirement", _("Nghỉ hưu đúng tuổi")


class SurplusStatus(models.TextChoices):
    PENDING = "pending", _("Chưa giải quyết")
    IN_PROGRESS = "in_progress", _("Đang giải quyết")
    RESOLVED = "resolved", _("Đã giải quyết")
