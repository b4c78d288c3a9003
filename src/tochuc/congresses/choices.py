"""The vocabularies of congresses and elections (DOMAIN.md §3, §4; glossary: Congress, term, delegate,
presidium, credentials_committee, counting_board, election, ballot, surplus, elected, approval)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CongressKind(models.TextChoices):
    MEMBERS = "members", _("Đại hội đảng viên")
    DELEGATES = "delegates", _("Đại hội đại biểu")


class CongressStatus(models.TextChoices):
    """The stages of a congress, in order (a progress board counts each)."""

    PLANNED = "planned", _("Đã lên kế hoạch")
    DOCUMENTS_READY = "documents_ready", _("Đã chuẩn bị văn kiện")
    PERSONNEL_APPROVED = "personnel_approved", _("Đề án nhân sự đã được phê duyệt")
    HELD = "held", _("Đã tổ chức đại hội")
    RESULTS_APPROVED = "results_approved", _("Kết quả bầu cử đã được chuẩn y")


STATUS_ORDER = [s.value for s in CongressStatus]


class Body(models.TextChoices):
    """What an election fills (DOMAIN.md §3.2: all by secret ballot)."""

    COMMITTEE = "committee", _("Ban Chấp hành (cấp ủy)")
    STANDING = "standing", _("Ban Thường vụ")
    SECRETARY = "secretary", _("Bí thư")
    DEPUTY_SECRETARY = "deputy_secretary", _("Phó Bí thư")
    INSPECTION = "inspection", _("Ủy ban Kiểm tra")
    INSPECTION_CHAIR = "inspection_chair", _("Chủ nhiệm Ủy ban Kiểm tra")
    DELEGATES = "delegates", _("Đại biểu dự đại hội cấp trên")


class Origin(models.TextChoices):
    """How someone came onto a committee (DOMAIN.md §4.2: the merged provinces' committees were appointed)."""

    ELECTED = "elected", _("Bầu tại đại hội")
    APPOINTED = "appointed", _("Chỉ định")
    BY_ELECTION = "by_election", _("Bầu bổ sung")
    DESIGNATED = "designated", _("Chỉ định bổ sung")


class DelegateKind(models.TextChoices):
    ELECTED = "elected", _("Được bầu")
    EX_OFFICIO = "ex_officio", _("Đương nhiên (cấp ủy viên cấp triệu tập)")
    APPOINTED = "appointed", _("Được chỉ định")


class Credentials(models.TextChoices):
    PENDING = "pending", _("Chưa thẩm tra")
    ACCEPTED = "accepted", _("Đủ tư cách")
    REFUSED = "refused", _("Không đủ tư cách")


class NominationSource(models.TextChoices):
    CONVENING = "convening", _("Cấp ủy triệu tập giới thiệu")
    FLOOR = "floor", _("Đại hội giới thiệu")
    SELF = "self", _("Tự ứng cử")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    UPPER_OPINION = "upper_opinion", _("Đã xin ý kiến cấp trên")
    APPROVED = "approved", _("Đã được phê duyệt")


class EntryMode(models.TextChoices):
    BALLOTS = "ballots", _("Nhập từng phiếu")
    TOTALS = "totals", _("Nhập tổng số đã kiểm")


class ElectionStatus(models.TextChoices):
    OPEN = "open", _("Đang kiểm phiếu")
    COUNTED = "counted", _("Đã kiểm phiếu")
    APPROVED = "approved", _("Đã chuẩn y")
