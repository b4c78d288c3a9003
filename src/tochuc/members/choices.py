"""Official lists used by member records."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The 54 ethnic groups of Viet Nam (Tổng cục Thống kê, QĐ 121-TCTK/PPCĐ), in the official order.
ETHNIC_GROUPS = [
    "Kinh", "Tày", "Thái", "Hoa", "Khmer", "Mường", "Nùng", "Mông", "Dao", "Gia Rai", "Ngái", "Ê Đê",
    "Ba Na", "Xơ Đăng", "Sán Chay", "Cơ Ho", "Chăm", "Sán Dìu", "Hrê", "Mnông", "Ra Glai", "Xtiêng",
    "Bru - Vân Kiều", "Thổ", "Giáy", "Cơ Tu", "Gié Triêng", "Mạ", "Khơ Mú", "Co", "Tà Ôi", "Chơ Ro",
    "Kháng", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "La Chí", "La Ha", "Phù Lá", "La Hủ", "Lự", "Lô Lô",
    "Chứt", "Mảng", "Pà Thẻn", "Cơ Lao", "Cống", "Bố Y", "Si La", "Pu Péo", "Brâu", "Ơ Đu", "Rơ Măm",
]  # fmt: skip
ETHNIC_GROUP_CHOICES = [(name, name) for name in ETHNIC_GROUPS] + [("Khác", "Khác")]


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class Education(models.TextChoices):
    """Trình độ giáo dục phổ thông (the highest level completed)."""

    PRIMARY = "primary", _("Tiểu học")
    LOWER_SECONDARY = "lower_secondary", _("Trung học cơ sở")
    UPPER_SECONDARY = "upper_secondary", _("Trung học phổ thông")


class Status(models.TextChoices):
    PROBATIONARY = "probationary", _("Dự bị")
    OFFICIAL = "official", _("Chính thức")
    TRANSFERRED_OUT = "transferred_out", _("Đã chuyển đi")
    REMOVED = "removed", _("Xóa tên")
    EXPELLED = "expelled", _("Khai trừ")
    LEFT = "left", _("Ra khỏi Đảng")
    DECEASED = "deceased", _("Từ trần")


ACTIVE_STATUSES = (Status.PROBATIONARY, Status.OFFICIAL)
ENDED_STATUSES = (Status.TRANSFERRED_OUT, Status.REMOVED, Status.EXPELLED, Status.LEFT, Status.DECEASED)

# The religions recognized in Viet Nam (Ban Tôn giáo Chính phủ), with "none" first.
RELIGIONS = [
    "Không", "Phật giáo", "Công giáo", "Tin lành", "Cao Đài", "Phật giáo Hòa Hảo", "Hồi giáo", "Tôn giáo Baha'i",
    "Tịnh độ Cư sỹ Phật hội Việt Nam", "Cơ đốc Phục lâm", "Phật giáo Tứ Ân Hiếu nghĩa", "Minh Sư đạo",
    "Minh Lý đạo", "Bà-la-môn", "Mặc môn", "Phật giáo Hiếu Nghĩa Tà Lơn", "Bửu Sơn Kỳ Hương", "Khác",
]  # fmt: skip
RELIGION_CHOICES = [(name, name) for name in RELIGIONS]


class Qualification(models.TextChoices):
    """Trình độ chuyên môn: the highest one (11-HD/BTCTW counts only the highest)."""

    NONE = "none", _("Chưa qua đào tạo")
    ELEMENTARY = "elementary", _("Sơ cấp, công nhân kỹ thuật")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    COLLEGE = "college", _("Cao đẳng")
    BACHELOR = "bachelor", _("Đại học")
    MASTER = "master", _("Thạc sĩ")
    DOCTOR = "doctor", _("Tiến sĩ")


class AcademicTitle(models.TextChoices):
    NONE = "", _("Không")
    ASSOCIATE_PROFESSOR = "associate_professor", _("Phó Giáo sư")
    PROFESSOR = "professor", _("Giáo sư")


class TheoryLevel(models.TextChoices):
    """Lý luận chính trị."""

    NONE = "none", _("Chưa qua đào tạo")
    ELEMENTARY = "elementary", _("Sơ cấp")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    ADVANCED = "advanced", _("Cao cấp")
    BACHELOR = "bachelor", _("Cử nhân")


class StateManagementLevel(models.TextChoices):
    """Quản lý nhà nước."""

    NONE = "none", _("Chưa qua bồi dưỡng")
    SPECIALIST = "specialist", _("Chuyên viên")
    PRINCIPAL = "principal", _("Chuyên viên chính")
    SENIOR = "senior", _("Chuyên viên cao cấp")


class Occupation(models.TextChoices):
    """Nghề nghiệp hiện nay, as the statistical forms group them."""

    CIVIL_SERVANT = "civil_servant", _("Cán bộ, công chức")
    PUBLIC_EMPLOYEE = "public_employee", _("Viên chức")
    ARMED_FORCES = "armed_forces", _("Lực lượng vũ trang")
    STATE_ENTERPRISE = "state_enterprise", _("Làm việc trong doanh nghiệp nhà nước")
    NON_STATE_ENTERPRISE = "non_state_enterprise", _("Làm việc trong doanh nghiệp ngoài nhà nước")
    FARMER = "farmer", _("Nông, lâm, ngư nghiệp")
    SELF_EMPLOYED = "self_employed", _("Kinh doanh, dịch vụ tự do")
    STUDENT = "student", _("Học sinh, sinh viên")
    RETIRED = "retired", _("Nghỉ hưu, mất sức")
    OTHER = "other", _("Khác")


class AwayKind(models.TextChoices):
    """Where a member (or a candidate) works away from home (đi làm ăn xa). Shared with recruitment."""

    OTHER_COMMUNE = "other_commune", _("Nơi khác trong tỉnh")
    OTHER_PROVINCE = "other_province", _("Làm ăn ở tỉnh, thành phố khác")
    ABROAD = "abroad", _("Đi làm việc, lao động ở nước ngoài")
