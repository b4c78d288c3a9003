"""The demo province: Đảng bộ tỉnh Quảng Trị after the 1/7/2025 merger, with synthetic members.

`plan_province` is pure: from a seed it lays out the tree (the 78 real communes, wards and the special
zone from `vietnam-provinces`, the four provincial bloc committees, invented cells below them) and the
members. The same seed gives the same tree and names; member dates are relative to `today`.
`seed_province` writes a plan through the services (orgs one by one through the audited `org_create`,
members in bulk through `members_bulk_register`), restructures a few cells, and creates the demo logins.
The builders of the tree take a `ProvinceNames` (Quảng Trị's by default): `demo.national` lays out every
province of the country with them.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from vietnam_provinces import ProvinceCode, Ward

from tochuc.accounts.services import user_save
from tochuc.core.bulk import analyze
from tochuc.core.dates import add_months
from tochuc.members.choices import Education, Sex, Status
from tochuc.members.models import Member, MemberEvent, Membership, WorkPeriod
from tochuc.members.services import MemberRow, members_bulk_register
from tochuc.orgs.models import Org, OrgPeriod, OrgType, Sector
from tochuc.orgs.services import NewOrg, org_create, org_merge, org_rename

from . import names

ROOT_CODE = "44"
ROOT_NAME = "Đảng bộ tỉnh Quảng Trị"
MERGED_ON = date(2025, 7, 1)  # the merged province (old Quảng Bình + old Quảng Trị) and its new communes
DEFAULT_MEMBERS = 20_000
DEMO_PASSWORD = "tochuc-demo-2026"
DEMO_URL = "http://127.0.0.1:8000"

# The restructurings that give the demo some history, in Phường Đông Hà where the `xa` login works.
DONG_HA = "19333"
MERGE_ON = date(2026, 3, 16)
RENAME_ON = date(2026, 6, 1)

# (username, role, org code, full name): one login per role.
DEMO_USERS: list[tuple[str, str, str, str]] = [
    ("admin", "admin", ROOT_CODE, "Trần Quốc Việt"),
    ("tinh", "officer", ROOT_CODE, "Nguyễn Thị Thu Hà"),
    ("lanhdao", "leader", ROOT_CODE, "Lê Văn Quang"),
    ("xa", "officer", f"{ROOT_CODE}.{DONG_HA}", "Phan Thị Hồng Nhung"),
    ("bithu", "secretary", f"{ROOT_CODE}.{DONG_HA}.01", "Hoàng Văn Dũng"),
    ("xem", "viewer", ROOT_CODE, "Võ Minh Tuấn"),
    ("baove", "protection", ROOT_CODE, "Đinh Thị Phương Thảo"),
    ("bientap", "editor", ROOT_CODE, "Lê Minh Anh"),
    ("tongbientap", "chief_editor", ROOT_CODE, "Nguyễn Hữu Phước"),
]

T, S = OrgType, Sector

# The ethnic mix of a commune's members: the share from ethnic minorities, and which groups (with weights).
Mix = tuple[float, tuple[tuple[str, float], ...]]

# Western mountain communes: share of members from ethnic minorities, and which groups.
BRU, TA_OI, CHUT = "Bru - Vân Kiều", "Tà Ôi", "Chứt"
MOUNTAIN: dict[str, Mix] = {
    "Hướng": (0.75, ((BRU, 1.0),)),
    "Lìa": (0.75, ((BRU, 0.6), (TA_OI, 0.4))),
    "A Dơi": (0.8, ((BRU, 0.5), (TA_OI, 0.5))),
    "La Lay": (0.85, ((TA_OI, 0.8), (BRU, 0.2))),
    "Tà Rụt": (0.85, ((TA_OI, 0.75), (BRU, 0.25))),
    "Đakrông": (0.7, ((BRU, 0.7), (TA_OI, 0.3))),
    "Ba Lòng": (0.45, ((BRU, 0.8), (TA_OI, 0.2))),
    "Khe Sanh": (0.35, ((BRU, 1.0),)),
    "Lao Bảo": (0.35, ((BRU, 0.9), (TA_OI, 0.1))),
    "Tân Lập": (0.55, ((BRU, 1.0),)),
    "Dân Hóa": (0.8, ((BRU, 0.6), (CHUT, 0.4))),
    "Kim Điền": (0.5, ((CHUT, 0.8), (BRU, 0.2))),
    "Kim Phú": (0.5, ((CHUT, 0.8), (BRU, 0.2))),
    "Thượng Trạch": (0.85, ((BRU, 0.85), (CHUT, 0.15))),
    "Trường Sơn": (0.6, ((BRU, 0.8), (CHUT, 0.2))),
    "Kim Ngân": (0.4, ((BRU, 1.0),)),
}


def _mountain(place: str) -> Mix | None:
    for key, mix in MOUNTAIN.items():
        if key in place:
            return mix
    return None


@dataclass(frozen=True)
class ProvinceNames:
    """How a province and its own bodies are named, and where its minorities live. The demo's Quảng Trị
    has its real landmarks; the national generator (`demo.national`) makes one for every province."""

    code: str  # the province's code, which is also its party committee's code: "44"
    name: str  # "Quảng Trị"
    city: bool  # a centrally-run city: "thành phố", "Thành ủy", "Thành đoàn"
    capitals: tuple[str, ...]  # the places whose wards host the large companies
    political_school: str
    gifted_schools: tuple[str, str]  # the specialized upper-secondary schools (THPT chuyên)
    second_hospital: str
    university: str
    nature_reserve: str
    forestry_company: str
    regiment: str
    defence_zones: tuple[str, ...]  # the places named after "Ban Chỉ huy Phòng thủ khu vực n - "
    # (ward code, place name) -> the commune's ethnic mix, or None where the members are Kinh.
    ethnic_mix: Callable[[str, str], Mix | None] | None = None

    @property
    def level(self) -> str:
        return "thành phố" if self.city else "tỉnh"

    @property
    def committee(self) -> str:
        """The provincial committee as an organ, in the names of its boards: Tỉnh ủy, Thành ủy."""
        return "Thành ủy" if self.city else "Tỉnh ủy"

    @property
    def label(self) -> str:
        """As in an address: "tỉnh Quảng Trị", "thành phố Huế"."""
        return f"{self.level} {self.name}"


QUANG_TRI = ProvinceNames(
    code=ROOT_CODE,
    name="Quảng Trị",
    city=False,
    capitals=("Đông Hà", "Đồng Hới"),
    political_school="Trường Chính trị Lê Duẩn",
    gifted_schools=("Trường THPT chuyên Lê Quý Đôn", "Trường THPT chuyên Võ Nguyên Giáp"),
    second_hospital="Bệnh viện Hữu nghị Việt Nam - Cu Ba Đồng Hới",
    university="Trường Đại học Quảng Bình",
    nature_reserve="Ban Quản lý Vườn quốc gia Phong Nha - Kẻ Bàng",
    forestry_company="Công ty TNHH MTV Lâm nghiệp Bến Hải",
    regiment="Trung đoàn 842",
    defence_zones=("Đồng Hới", "Ba Đồn", "Đông Hà", "Khe Sanh"),
    ethnic_mix=lambda _code, place: _mountain(place),
)


@dataclass(frozen=True)
class Profile:
    """Who sits in a kind of cell: its plausible size, ages, share of men, schooling."""

    size: tuple[int, int]
    ages: str  # "resident", "worker", "teacher", "uniform"
    male: float
    minority_factor: float = 1.0  # how much of the commune's minority share this kind of cell takes


PROFILES: dict[str, Profile] = {
    "village": Profile((15, 60), "resident", 0.66),
    "quarter": Profile((20, 60), "resident", 0.6),
    "mountain_village": Profile((10, 35), "resident", 0.62),
    "commune_party": Profile((12, 30), "worker", 0.55, 0.6),
    "commune_gov": Profile((12, 35), "worker", 0.6, 0.5),
    "police": Profile((10, 25), "uniform", 0.88, 0.3),
    "military": Profile((5, 12), "uniform", 0.95, 0.4),
    "school_thpt": Profile((10, 30), "teacher", 0.4, 0.2),
    "school_thcs": Profile((8, 22), "teacher", 0.3, 0.3),
    "school_th": Profile((6, 16), "teacher", 0.18, 0.3),
    "school_mn": Profile((3, 12), "teacher", 0.03, 0.4),
    "health": Profile((4, 12), "worker", 0.4, 0.4),
    "enterprise": Profile((5, 25), "worker", 0.62, 0.3),
    "agency": Profile((10, 40), "worker", 0.55, 0.05),
    "hospital": Profile((10, 40), "worker", 0.42, 0.05),
    "university": Profile((10, 30), "teacher", 0.45, 0.05),
    "bloc_police": Profile((15, 45), "uniform", 0.88, 0.05),
    "bloc_military": Profile((10, 35), "uniform", 0.95, 0.05),
}


@dataclass
class OrgSpec:
    code: str
    name: str
    org_type: str
    sector: str
    parent: str | None  # the parent's code
    unit_name: str = ""
    admin_unit_code: str = ""
    address: str = ""
    opened_on: date = MERGED_ON
    kind: str = ""  # a key of PROFILES for orgs that hold members directly; "" for committees
    weight: int = 0  # plausible size, drawn from the profile: members are shared in proportion
    minority_share: float = 0.0
    minority_groups: tuple[tuple[str, float], ...] = ()
    members_by: date | None = None  # members must have started before this day (a merge takes them then)


@dataclass
class MemberSpec:
    org_code: str
    full_name: str
    sex: str
    birth_date: date
    ethnic_group: str
    education: str
    status: str
    admitted_on: date
    official_on: date | None
    ceremony_on: date | None = None
    card_number: str | None = None
    card_issued_on: date | None = None
    badges: tuple[tuple[int, date], ...] = ()
    dossier: dict = field(default_factory=dict)


@dataclass
class Restructuring:
    merge_sources: list[str]
    merge_new: OrgSpec
    merge_on: date
    merge_decision: str
    rename_code: str
    rename_to: str
    rename_on: date
    rename_decision: str


@dataclass
class Plan:
    orgs: list[OrgSpec]
    members: list[MemberSpec]
    restructuring: Restructuring
    communes: int = 0


# --- The tree ---------------------------------------------------------------------------------------


class _Tree:
    """Collects specs in creation order (parents first) and numbers children under each parent."""

    def __init__(self) -> None:
        self.orgs: list[OrgSpec] = []
        self._children: dict[str, int] = {}

    def next_code(self, parent: str) -> str:
        n = self._children.get(parent, 0) + 1
        self._children[parent] = n
        return f"{parent}.{n:02d}"

    def add(self, parent: str | None, *, code: str | None = None, **kw) -> OrgSpec:
        spec = OrgSpec(code=code or self.next_code(parent), parent=parent, **kw)
        self.orgs.append(spec)
        return spec

    def leaf(self, rng: random.Random, parent: str, kind: str, **kw) -> OrgSpec:
        lo, hi = PROFILES[kind].size
        return self.add(parent, kind=kind, weight=rng.randint(lo, hi), **kw)


def _bloc(
    tree: _Tree,
    rng: random.Random,
    code: str,
    name: str,
    unit: str,
    sector: str,
    kind: str,
    units: list[tuple],
    root: str = ROOT_CODE,
) -> None:
    """A provincial bloc committee under `root`; `units` are (name, sector or None, [cells]) where a cell is a
    name or (sub-committee name, [cell names])."""
    tree.add(root, code=code, name=name, org_type=T.UPPER_GRASSROOTS_COMMITTEE, sector=sector, unit_name=unit)
    for unit_name, unit_sector, cells, *rest in units:
        unit_kind = rest[0] if rest else kind
        sec = unit_sector or sector
        if not cells:
            tree.leaf(
                rng,
                code,
                unit_kind,
                name=f"Chi bộ {unit_name}",
                org_type=T.GRASSROOTS_CELL,
                sector=sec,
                unit_name=unit_name,
            )
            continue
        gc = tree.add(
            code, name=f"Đảng bộ {unit_name}", org_type=T.GRASSROOTS_COMMITTEE, sector=sec, unit_name=unit_name
        )
        for cell in cells:
            if isinstance(cell, tuple):
                sub_name, sub_cells = cell
                sub = tree.add(
                    gc.code,
                    name=f"Đảng bộ bộ phận {sub_name}",
                    org_type=T.SUB_COMMITTEE,
                    sector=sec,
                    unit_name=f"{sub_name}, {unit_name}",
                )
                for c in sub_cells:
                    tree.leaf(
                        rng,
                        sub.code,
                        unit_kind,
                        name=f"Chi bộ {c}",
                        org_type=T.CELL,
                        sector=sec,
                        unit_name=f"{c}, {sub_name}",
                    )
            else:
                tree.leaf(
                    rng,
                    gc.code,
                    unit_kind,
                    name=f"Chi bộ {cell}",
                    org_type=T.CELL,
                    sector=sec,
                    unit_name=f"{cell}, {unit_name}",
                )


def _blocs(tree: _Tree, rng: random.Random, prov: ProvinceNames = QUANG_TRI) -> None:
    lv, cm = prov.level, prov.committee
    youth = "Thành đoàn" if prov.city else "Tỉnh đoàn"
    _bloc(
        tree,
        rng,
        f"{prov.code}.CQD",
        f"Đảng bộ các cơ quan Đảng {lv}",
        f"Các cơ quan Đảng {prov.label}",
        S.PARTY_AGENCY,
        "agency",
        [
            (f"Ban Tổ chức {cm}", None, []),
            (f"Ủy ban Kiểm tra {cm}", None, []),
            (f"Ban Tuyên giáo và Dân vận {cm}", None, []),
            (f"Ban Nội chính {cm}", None, []),
            (f"Ban Chính sách, chiến lược {cm}", None, []),
            (f"Cơ quan Đảng ủy các cơ quan Đảng {lv}", None, []),
            (f"Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân {lv}", S.STATE_AGENCY, []),
            (
                f"Văn phòng {cm}",
                None,
                ["Phòng Tổng hợp", "Phòng Hành chính - Lưu trữ", "Phòng Quản trị - Tài vụ", f"Nhà khách {cm}"],
            ),
            (
                f"Báo và Phát thanh, Truyền hình {prov.name}",
                S.PUBLIC_SERVICE,
                ["Ban Thời sự", "Ban Biên tập", "Ban Chuyên đề", "Phòng Kỹ thuật - Công nghệ"],
            ),
            (
                prov.political_school,
                S.PUBLIC_SERVICE,
                ["Khoa Xây dựng Đảng", "Khoa Lý luận cơ sở", "Khoa Nhà nước và pháp luật",
                 "Phòng Tổ chức - Hành chính"],
                "university",
            ),
            (
                f"Cơ quan Ủy ban Mặt trận Tổ quốc Việt Nam {lv}",
                S.MASS_ORGANIZATION,
                [
                    "Ban Phong trào",
                    "Ban Công tác Mặt trận",
                    f"Cơ quan {youth}",
                    f"Hội Liên hiệp Phụ nữ {lv}",
                    f"Hội Nông dân {lv}",
                    f"Hội Cựu chiến binh {lv}",
                    f"Liên đoàn Lao động {lv}",
                ],
            ),
            (
                f"Tòa án nhân dân {lv}",
                S.STATE_AGENCY,
                ["Văn phòng Tòa án", "Tòa Hình sự", "Tòa Dân sự", "Tòa án nhân dân khu vực 1",
                 "Tòa án nhân dân khu vực 2"],
            ),
            (
                f"Viện Kiểm sát nhân dân {lv}",
                S.STATE_AGENCY,
                ["Văn phòng Viện", "Phòng Thực hành quyền công tố", "Viện Kiểm sát nhân dân khu vực 1",
                 "Viện Kiểm sát nhân dân khu vực 2"],
            ),
        ],
        root=prov.code,
    )  # fmt: skip
    _bloc(
        tree,
        rng,
        f"{prov.code}.UBND",
        f"Đảng bộ Ủy ban nhân dân {lv}",
        f"Ủy ban nhân dân {prov.label}",
        S.STATE_AGENCY,
        "agency",
        [
            (f"Văn phòng Ủy ban nhân dân {lv}", None,
             ["Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Hành chính - Tổ chức", "Trung tâm Phục vụ hành chính công"]),
            ("Sở Y tế", None,
             ["Văn phòng Sở Y tế", "Phòng Nghiệp vụ Y - Dược", "Chi cục Dân số", f"Trung tâm Kiểm soát bệnh tật {lv}"]),
            ("Sở Giáo dục và Đào tạo", None,
             ["Văn phòng Sở Giáo dục và Đào tạo", "Phòng Giáo dục phổ thông", *prov.gifted_schools]),
            ("Sở Tài chính", None,
             ["Văn phòng Sở Tài chính", "Phòng Quản lý ngân sách", "Phòng Quản lý đầu tư",
              "Phòng Tài chính doanh nghiệp"]),
            ("Sở Nông nghiệp và Môi trường", None,
             ["Văn phòng Sở Nông nghiệp và Môi trường", "Chi cục Kiểm lâm", "Chi cục Thủy lợi",
              "Chi cục Trồng trọt và Bảo vệ thực vật", "Phòng Đất đai"]),
            (f"Bệnh viện đa khoa {prov.label}", S.PUBLIC_SERVICE,
             ["Khoa Khám bệnh", "Khoa Nội tổng hợp", "Khoa Ngoại tổng hợp", "Khoa Hồi sức tích cực - Chống độc",
              "Khoa Phụ sản", "Phòng Kế hoạch tổng hợp"], "hospital"),
            (prov.second_hospital, S.PUBLIC_SERVICE,
             ["Khoa Khám bệnh", "Khoa Tim mạch", "Khoa Ngoại chấn thương", "Khoa Nhi", "Phòng Điều dưỡng"], "hospital"),
            (prov.university, S.PUBLIC_SERVICE,
             ["Khoa Sư phạm", "Khoa Kinh tế - Du lịch", "Khoa Kỹ thuật - Công nghệ thông tin", "Phòng Đào tạo"],
             "university"),
            (prov.nature_reserve, S.PUBLIC_SERVICE,
             ["Văn phòng Ban Quản lý", "Hạt Kiểm lâm", "Trung tâm Du lịch văn hóa và Sinh thái",
              "Trung tâm Cứu hộ, bảo tồn và phát triển sinh vật"]),
            (prov.forestry_company, S.STATE_ENTERPRISE,
             ["Văn phòng Công ty", "Đội Lâm nghiệp số 1", "Đội Lâm nghiệp số 2"], "enterprise"),
            ("Sở Tư pháp", None, []),
            ("Sở Nội vụ", None, []),
            ("Sở Xây dựng", None, []),
            ("Sở Công Thương", None, []),
            ("Sở Khoa học và Công nghệ", None, []),
            ("Sở Văn hóa, Thể thao và Du lịch", None, []),
            ("Sở Dân tộc và Tôn giáo", None, []),
            ("Sở Ngoại vụ", None, []),
            (f"Thanh tra {lv}", None, []),
        ],
        root=prov.code,
    )  # fmt: skip
    _bloc(
        tree,
        rng,
        f"{prov.code}.CA",
        f"Đảng bộ Công an {lv}",
        f"Công an {prov.label}",
        S.POLICE,
        "bloc_police",
        [
            ("Phòng Tham mưu", None, ["Đội Tổng hợp", "Đội Thông tin - Cơ yếu", "Đội Quản lý khoa học"]),
            ("Phòng Cảnh sát hình sự", None, ["Đội Trọng án", "Đội Điều tra tội phạm về trật tự xã hội",
                                               "Đội Trinh sát đặc nhiệm"]),
            ("Phòng Cảnh sát giao thông", None, ["Đội Tuần tra kiểm soát số 1", "Đội Tuần tra kiểm soát số 2",
                                                  "Đội Đăng ký xe"]),
            ("Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ", None,
             ["Đội Chữa cháy và cứu nạn, cứu hộ khu vực 1", "Đội Chữa cháy và cứu nạn, cứu hộ khu vực 2",
              "Đội Nghiệp vụ"]),
            (f"Trại tạm giam Công an {lv}", None, ["Đội Quản giáo", "Đội Cảnh sát bảo vệ", "Đội Hậu cần"]),
            ("Phòng An ninh chính trị nội bộ", None, []),
            ("Phòng An ninh đối ngoại", None, []),
            ("Phòng An ninh kinh tế", None, []),
            ("Phòng Cảnh sát kinh tế", None, []),
            ("Phòng Cảnh sát quản lý hành chính về trật tự xã hội", None, []),
            ("Phòng Xây dựng phong trào bảo vệ an ninh Tổ quốc", None, []),
            ("Phòng Hậu cần", None, []),
            ("Phòng Công nghệ thông tin", None, []),
        ],
        root=prov.code,
    )  # fmt: skip
    _bloc(
        tree,
        rng,
        f"{prov.code}.QS",
        f"Đảng bộ Quân sự {lv}",
        f"Bộ Chỉ huy Quân sự {prov.label}",
        S.MILITARY,
        "bloc_military",
        [
            (f"Cơ quan Bộ Chỉ huy Quân sự {lv}", None,
             [("Phòng Tham mưu", ["Ban Tác huấn", "Ban Quân lực", "Ban Thông tin"]),
              ("Phòng Chính trị", ["Ban Tổ chức", "Ban Tuyên huấn"]),
              "Phòng Hậu cần - Kỹ thuật"]),
            (prov.regiment, None,
             [("Tiểu đoàn 1", ["Đại đội 1", "Đại đội 2", "Đại đội 3"]),
              ("Tiểu đoàn 2", ["Đại đội 5", "Đại đội 6", "Đại đội 7"]),
              "Cơ quan Trung đoàn", "Đại đội Trinh sát"]),
            *((f"Ban Chỉ huy Phòng thủ khu vực {i} - {place}", None, ["Ban Tham mưu", "Ban Chính trị - Hậu cần"])
              for i, place in enumerate(prov.defence_zones, start=1)),
            (f"Trường Quân sự {lv}", None, []),
            ("Đại đội Công binh", None, []),
        ],
        root=prov.code,
    )  # fmt: skip


def _division(ward_name: str) -> tuple[str, str]:
    """("xã", "Lao Bảo") from "Xã Lao Bảo"; the division word lowercased, as in "Đảng bộ xã Lao Bảo"."""
    for word in ("Đặc khu", "Phường", "Xã"):
        if ward_name.startswith(word + " "):
            return word.lower(), ward_name[len(word) + 1 :]
    raise ValueError(ward_name)


def _later_opening(rng: random.Random, today: date) -> date:
    """Some enterprise organizations were founded after the merger."""
    if rng.random() < 0.6:
        return MERGED_ON
    span = (min(today, date(2026, 9, 30)) - date(2025, 8, 1)).days
    return min(today, date(2025, 8, 1) + timedelta(days=rng.randint(0, max(span, 0))))


def _enterprise(
    tree: _Tree,
    rng: random.Random,
    parent: str,
    division: str,
    place: str,
    used: set[str],
    today: date,
    *,
    large: bool = False,
    prov: ProvinceNames = QUANG_TRI,
) -> None:
    roll = rng.random()
    if roll < 0.2:
        sector = S.FOREIGN_ENTERPRISE
        unit = rng.choice(names.FOREIGN_ENTERPRISES)
    elif roll < 0.4:
        sector = S.STATE_ENTERPRISE
        unit = f"Công ty TNHH MTV {rng.choice(['Lâm nghiệp', 'Thủy lợi', 'Môi trường và Công trình đô thị'])} {place}"
    else:
        sector = S.NON_STATE_ENTERPRISE
        form = rng.choice(["Công ty Cổ phần", "Công ty Cổ phần", "Công ty TNHH"])
        unit = f"{form} {rng.choice(names.ENTERPRISE_TRADES)} {rng.choice(names.ENTERPRISE_BRANDS)}"
    if unit in used:
        unit = f"{unit} {place}"
    if unit in used:
        return
    used.add(unit)
    opened = _later_opening(rng, today)
    address = f"{division} {place}, {prov.label}"
    if not large and rng.random() < 0.3:  # a small enterprise: one grassroots cell
        tree.leaf(
            rng,
            parent,
            "enterprise",
            name=f"Chi bộ {unit}",
            org_type=T.GRASSROOTS_CELL,
            sector=sector,
            unit_name=unit,
            address=address,
            opened_on=opened,
        )
        return
    gc = tree.add(
        parent,
        name=f"Đảng bộ {unit}",
        org_type=T.GRASSROOTS_COMMITTEE,
        sector=sector,
        unit_name=unit,
        address=address,
        opened_on=opened,
    )
    cells = rng.sample(names.ENTERPRISE_CELLS, rng.randint(2, 4))
    if sector == S.STATE_ENTERPRISE and rng.random() < 0.6:
        sub = tree.add(
            gc.code,
            name="Đảng bộ bộ phận Nhà máy Chế biến",
            org_type=T.SUB_COMMITTEE,
            sector=sector,
            unit_name=f"Nhà máy Chế biến, {unit}",
            opened_on=opened,
        )
        for c in ("Chi bộ Tổ Sản xuất số 1", "Chi bộ Tổ Sản xuất số 2"):
            tree.leaf(
                rng, sub.code, "enterprise", name=c, org_type=T.CELL, sector=sector, unit_name=unit, opened_on=opened
            )
    for c in cells:
        tree.leaf(rng, gc.code, "enterprise", name=c, org_type=T.CELL, sector=sector, unit_name=unit, opened_on=opened)


def _commune(tree: _Tree, seed: int, ward: Ward, used: set[str], today: date, prov: ProvinceNames = QUANG_TRI) -> None:
    code = str(int(ward.code))
    rng = random.Random(f"tochuc-demo:{seed}:commune:{code}")
    division, place = _division(ward.name)
    mountain = prov.ethnic_mix(code, place) if prov.ethnic_mix else None
    share, groups = mountain if mountain else (0.0, ())
    here = f"{division} {place}"
    address = f"{here}, {prov.label}"
    committee = tree.add(
        prov.code,
        code=f"{prov.code}.{code}",
        name=f"Đảng bộ {here}",
        org_type=T.UPPER_GRASSROOTS_COMMITTEE,
        sector=S.COMMUNE,
        unit_name=ward.name,
        admin_unit_code=code,
        address=address,
    )
    parent = committee.code

    def cell(kind: str, name: str, unit: str, sector: str, **kw) -> OrgSpec:
        factor = PROFILES[kind].minority_factor
        return tree.leaf(
            rng,
            parent,
            kind,
            name=name,
            org_type=T.GRASSROOTS_CELL,
            sector=sector,
            unit_name=unit,
            address=address,
            minority_share=min(0.95, share * factor * rng.uniform(0.8, 1.2)),
            minority_groups=groups,
            **kw,
        )

    # Villages (thôn, bản) or residential quarters (khu phố), numbered first so that ".01" is one of them.
    if division == "đặc khu":
        settlements = [("khu dân cư", "số 1"), ("khu dân cư", "số 2")]
    else:
        word = "khu phố" if division == "phường" else "thôn"
        count = rng.randint(8, 16) if division == "phường" or mountain else rng.randint(10, 20)
        pool = names.MOUNTAIN_VILLAGE_NAMES if mountain else names.VILLAGE_NAMES
        named = rng.sample(pool, min(len(pool), count))
        settlements = []
        numbered = 1
        for i in range(count):
            w = (
                "bản"
                if mountain and place in ("Dân Hóa", "Thượng Trạch", "Trường Sơn") and rng.random() < 0.6
                else word
            )
            if rng.random() < (0.5 if division == "phường" else 0.3):
                settlements.append((w, str(numbered)))
                numbered += 1
            else:
                settlements.append((w, named[i]))
    kind = "quarter" if division != "xã" else ("mountain_village" if mountain else "village")
    for w, n in settlements:
        cell(kind, f"Chi bộ {w} {n}", f"{w.capitalize()} {n}, {here}", S.RESIDENTIAL)

    cell("commune_party", f"Chi bộ Cơ quan Đảng - Đoàn thể {here}", f"Các cơ quan Đảng, Mặt trận và đoàn thể {here}",
         S.PARTY_AGENCY)  # fmt: skip
    cell("commune_gov", f"Chi bộ Ủy ban nhân dân {here}", f"Ủy ban nhân dân {here}", S.STATE_AGENCY)
    cell("police", f"Chi bộ Công an {here}", f"Công an {here}", S.POLICE)
    cell("military", f"Chi bộ Quân sự {here}", f"Ban Chỉ huy quân sự {here}", S.MILITARY)

    # Schools, named after the place, a number or a patron.
    patrons = iter(rng.sample(names.PATRONS, 10))
    if division == "đặc khu":
        schools = [("school_thcs", f"Trường Tiểu học và THCS {place}")]
    elif division == "phường":
        schools = [("school_thpt", f"Trường THPT {next(patrons)}") for _ in range(rng.randint(1, 2))]
        schools += [("school_thcs", f"Trường THCS {next(patrons)}") for _ in range(rng.randint(2, 3))]
        schools += [("school_th", f"Trường Tiểu học {next(patrons)}") for _ in range(rng.randint(2, 3))]
        schools += [("school_mn", f"Trường Mầm non {k}") for k in rng.sample(names.KINDERGARTENS, rng.randint(2, 3))]
    elif mountain:
        schools = [
            ("school_thcs", f"Trường Phổ thông dân tộc bán trú Tiểu học và THCS {place}"),
            ("school_th", f"Trường Tiểu học {place}"),
            ("school_mn", f"Trường Mầm non {place}"),
        ]
        if rng.random() < 0.3:
            schools.insert(0, ("school_thpt", f"Trường THPT {place}"))
    else:
        schools = [("school_thcs", f"Trường THCS {place}")]
        if rng.random() < 0.5:
            schools.append(("school_thcs", f"Trường THCS {next(patrons)}"))
        schools.append(("school_th", f"Trường Tiểu học số 1 {place}"))
        if rng.random() < 0.6:
            schools.append(("school_th", f"Trường Tiểu học số 2 {place}"))
        schools.append(("school_mn", f"Trường Mầm non {place}"))
        if rng.random() < 0.5:
            schools.append(("school_mn", f"Trường Mầm non {rng.choice(names.KINDERGARTENS)}"))
        if rng.random() < 0.35:
            schools.insert(0, ("school_thpt", f"Trường THPT {next(patrons)}"))
    for kind_, school in schools:
        cell(kind_, f"Chi bộ {school}", school, S.PUBLIC_SERVICE)

    health = "Trung tâm Y tế đặc khu" if division == "đặc khu" else f"Trạm Y tế {here}"
    cell("health", f"Chi bộ {health}", health, S.PUBLIC_SERVICE)

    # Enterprises: more in the wards, some in the communes.
    if place in prov.capitals:
        # The capitals (in Quảng Trị, the two old provincial ones) host the large companies: committees with cells.
        for _ in range(2):
            _enterprise(tree, rng, parent, division, place, used, today, large=True, prov=prov)
    elif division != "đặc khu":
        chance = 0.6 if division == "phường" else 0.25
        if mountain and "Hướng" in place:
            chance = 0.5  # wind farms on the western hills
        if rng.random() < chance:
            _enterprise(tree, rng, parent, division, place, used, today, prov=prov)
            if division == "phường" and rng.random() < 0.4:
                _enterprise(tree, rng, parent, division, place, used, today, prov=prov)


def _restructuring(tree: _Tree, today: date) -> Restructuring:
    """Two quarters of Phường Đông Hà merged into a new one (2026), another one renamed."""
    parent = f"{ROOT_CODE}.{DONG_HA}"
    quarters = [o for o in tree.orgs if o.parent == parent and o.sector == S.RESIDENTIAL]
    taken = {o.name for o in tree.orgs if o.parent == parent}
    fresh = [n for n in ("Đông Lương", "Tân Vĩnh", "Điếu Ngao", "Khóa Bảo") if f"Chi bộ khu phố {n}" not in taken]
    a, b = quarters[-2], quarters[-1]
    merge_on = max(MERGED_ON, min(MERGE_ON, today))
    rename_on = max(merge_on, min(RENAME_ON, today))
    for src in (a, b):
        src.members_by = merge_on
    new_code = tree.next_code(parent)
    new = OrgSpec(
        code=new_code,
        name=f"Chi bộ khu phố {fresh[0]}",
        org_type=T.GRASSROOTS_CELL,
        sector=S.RESIDENTIAL,
        parent=parent,
        unit_name=f"Khu phố {fresh[0]}, phường Đông Hà",
        address="phường Đông Hà, tỉnh Quảng Trị",
        opened_on=merge_on,
    )
    return Restructuring(
        merge_sources=[a.code, b.code],
        merge_new=new,
        merge_on=merge_on,
        merge_decision="152-QĐ/ĐU",
        rename_code=quarters[1].code,
        rename_to=f"Chi bộ khu phố {fresh[1]}",
        rename_on=rename_on,
        rename_decision="208-QĐ/ĐU",
    )


# --- The members ------------------------------------------------------------------------------------


def _allocate(total: int, weights: list[int]) -> list[int]:
    """Share `total` in proportion to `weights` (largest remainders), so that the parts sum exactly."""
    whole = sum(weights)
    if not whole:
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    rest = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:rest]:
        parts[i] += 1
    return parts


def _age(rng: random.Random, profile: str, female: bool) -> float:
    if profile == "resident":  # villages keep their veterans: many members past 60
        r = rng.random()
        if r < 0.22:
            return rng.uniform(22, 40)
        if r < 0.5:
            return rng.uniform(40, 60)
        if r < 0.9:
            return rng.uniform(60, 80)
        return rng.uniform(80, 90)
    if profile == "uniform":
        return rng.triangular(22, 55, 32)
    top = 58 if female else 60  # serving staff: below the retirement age
    return rng.triangular(24, top, 38)


def _education(rng: random.Random, birth_year: int, profile: str, minority: bool) -> str:
    if profile != "resident":
        return Education.UPPER_SECONDARY
    r = rng.random() + (0.15 if minority else 0.0)
    if birth_year < 1960:
        return Education.PRIMARY if r > 0.8 else Education.LOWER_SECONDARY if r > 0.4 else Education.UPPER_SECONDARY
    if birth_year < 1976:
        return Education.PRIMARY if r > 0.95 else Education.LOWER_SECONDARY if r > 0.72 else Education.UPPER_SECONDARY
    return Education.LOWER_SECONDARY if r > 0.93 else Education.UPPER_SECONDARY


def _years_after(d: date, years: float) -> date:
    return d + timedelta(days=int(years * 365.25))


def _who(rng: random.Random, spec: OrgSpec) -> tuple[bool, str, bool, str]:
    """(male, sex, from a minority, ethnic group) of a member of the cell `spec`."""
    male = rng.random() < PROFILES[spec.kind].male
    sex = Sex.MALE if male else Sex.FEMALE
    minority = rng.random() < spec.minority_share
    if minority:
        groups, weights = zip(*spec.minority_groups, strict=True)
        ethnic = rng.choices(groups, weights)[0]
    else:
        ethnic = "Kinh"
    return male, sex, minority, ethnic


def _member(rng: random.Random, spec: OrgSpec, today: date, home: str = QUANG_TRI.label) -> MemberSpec:
    """A member of the cell `spec` on `today`: official, or (1 in 20) probationary; `home` is the province
    named in the dossier where the cell has no address of its own."""
    profile = PROFILES[spec.kind]
    male, sex, minority, ethnic = _who(rng, spec)
    # Members must have joined this cell by `members_by` (when a merge takes them) and by the day the
    # cell opened is fine: the membership then starts on the opening day.
    latest = today if spec.members_by is None else min(today, spec.members_by - timedelta(days=1))
    probationary = rng.random() < 0.05
    for _attempt in range(20):
        if probationary:  # admitted within the last 13 months, at 20 to 45
            birth = today - timedelta(days=int(rng.uniform(20.2, 45) * 365.25))
            # within the last 13 months: a few have finished their 12 months and wait for the cell's review
            lo = max(_years_after(birth, 20), today - timedelta(days=395))
            hi = min(latest, _years_after(birth, 45))
        else:  # official: admitted at 20 to 45, at least 12 months ago
            age = max(21.5, _age(rng, profile.ages, not male))
            birth = today - timedelta(days=int(age * 365.25))
            lo = _years_after(birth, 20)
            hi = min(_years_after(birth, 45), add_months(latest, -12))
        if lo <= hi:
            break
        probationary = False
    else:  # pragma: no cover - the windows above are never all empty
        raise RuntimeError("no admission date")
    # Most members join young: skew the admission towards the start of the window.
    admitted = lo + timedelta(days=int((hi - lo).days * rng.triangular(0, 1, 0.05)))
    # The ceremony follows the decision within 30 working days; probation runs 12 months from it.
    ceremony = min(admitted + timedelta(days=rng.randint(7, 30)), latest, today)
    official = None if probationary else add_months(ceremony, 12)
    if official is not None and official > min(latest, today):
        official, ceremony = add_months(admitted, 12), admitted
    return MemberSpec(
        org_code=spec.code,
        full_name=names.person_name(rng, sex=sex, birth_year=birth.year, ethnic_group=ethnic),
        sex=sex,
        birth_date=birth,
        ethnic_group=ethnic,
        education=_education(rng, birth.year, profile.ages, minority),
        status=Status.PROBATIONARY if probationary else Status.OFFICIAL,
        admitted_on=admitted,
        official_on=official,
        ceremony_on=ceremony,
        dossier=_dossier(rng, spec, birth.year, home),
    )


# Where the profile's members work and what training they have: plausible spreads, not statistics.
_OCCUPATION = {
    "resident": [("retired", 0.45), ("farmer", 0.3), ("self_employed", 0.15), ("other", 0.1)],
    "worker": [("civil_servant", 0.7), ("public_employee", 0.3)],
    "teacher": [("public_employee", 1.0)],
    "uniform": [("armed_forces", 1.0)],
}
_THEORY = {
    "resident": [("none", 0.35), ("elementary", 0.6), ("intermediate", 0.05)],
    "worker": [("elementary", 0.3), ("intermediate", 0.5), ("advanced", 0.18), ("bachelor", 0.02)],
    "teacher": [("elementary", 0.6), ("intermediate", 0.4)],
    "uniform": [("elementary", 0.3), ("intermediate", 0.55), ("advanced", 0.15)],
}
_QUALIFICATION = {
    "resident": [("none", 0.55), ("elementary", 0.2), ("intermediate", 0.15), ("bachelor", 0.1)],
    "worker": [("intermediate", 0.1), ("college", 0.05), ("bachelor", 0.7), ("master", 0.14), ("doctor", 0.01)],
    "teacher": [("college", 0.15), ("bachelor", 0.75), ("master", 0.1)],
    "uniform": [("intermediate", 0.3), ("bachelor", 0.6), ("master", 0.1)],
}


def _pick(rng: random.Random, spread: list[tuple[str, float]]) -> str:
    values, weights = zip(*spread, strict=True)
    return rng.choices(values, weights)[0]


def _dossier(rng: random.Random, spec: OrgSpec, birth_year: int, home: str = QUANG_TRI.label) -> dict:
    group = PROFILES[spec.kind].ages
    occupation = _pick(rng, _OCCUPATION[group])
    if spec.kind == "enterprise":
        occupation = "state_enterprise" if spec.sector == S.STATE_ENTERPRISE else "non_state_enterprise"
    if group == "resident" and birth_year > 1966 and occupation == "retired":
        occupation = "farmer"
    place = spec.address or home
    return {
        "birth_place": place,
        "home_town": place,
        "residence": place,
        "occupation": occupation,
        "theory_level": _pick(rng, _THEORY[group]),
        "qualification": _pick(rng, _QUALIFICATION[group]),
        "work_unit": spec.unit_name if group != "resident" else "",
    }


BADGE_MILESTONES = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
BADGE_OCCASIONS = ((2, 3), (5, 19), (9, 2), (11, 7))


def _occasion_on_or_after(d: date) -> date:
    days = [date(y, m, dd) for y in (d.year, d.year + 1) for m, dd in BADGE_OCCASIONS]
    return min(x for x in days if x >= d)


def _records(seed: int, people: list[MemberSpec], today: date) -> None:
    """Citizen IDs, party cards and the badges already awarded: unique numbers, deterministic by seed.

    A few records are left incomplete on purpose (no citizen ID, no card), as in real data before the
    clean-up, so that the data-quality screen has something to find.
    """
    rng = random.Random(f"tochuc-demo:{seed}:records")
    serials = rng.sample(range(100000, 999999), len(people))
    cards = rng.sample(range(1000000, 9999999), len(people))
    for m, serial, card in zip(people, serials, cards, strict=True):
        if rng.random() < 0.97:
            province = rng.choices(["045", "044", "040", "042", "046"], [0.55, 0.35, 0.04, 0.03, 0.03])[0]
            century = (m.birth_date.year - 1900) // 100
            code = 2 * century + (0 if m.sex == Sex.MALE else 1)
            m.dossier["citizen_id"] = f"{province}{code}{m.birth_date.year % 100:02d}{serial:06d}"
        m.dossier["dossier_number"] = f"QT-{serial:06d}"
        if m.official_on is not None and rng.random() < 0.96:
            m.card_number = f"44{card:07d}"
            # the new card model of 2025: handed out from 18/8/2025 (Secretariat directive of 8/8/2025)
            exchange = date(2025, 8, 18) + timedelta(days=rng.randint(0, 14))
            m.card_issued_on = min(today, max(exchange, m.official_on + timedelta(days=rng.randint(20, 60))))
            if m.card_issued_on < m.official_on:
                m.card_issued_on = m.official_on
        if m.official_on is None:
            continue
        awarded = []
        for milestone in BADGE_MILESTONES:
            ceremony = _occasion_on_or_after(add_months(m.admitted_on, 12 * milestone))
            # the latest milestone is sometimes still pending: that is what the badge list is for
            if ceremony <= today and (ceremony < add_months(today, -6) or rng.random() < 0.5):
                awarded.append((milestone, ceremony))
        m.badges = tuple(awarded)


def plan_province(*, seed: int = 1, members: int = DEFAULT_MEMBERS, today: date) -> Plan:
    """The whole demo province as plain data. The tree and the names depend only on the seed (and the
    number of members); the member dates are placed relative to `today`."""
    if members < 0:
        raise ValueError("members must be >= 0")
    tree = _Tree()
    tree.add(None, code=ROOT_CODE, name=ROOT_NAME, org_type=T.PROVINCE_COMMITTEE, sector=S.OTHER,
             unit_name="Tỉnh Quảng Trị", address="Tỉnh Quảng Trị")  # fmt: skip
    _blocs(tree, random.Random(f"tochuc-demo:{seed}:blocs"))
    wards = sorted(Ward.iter_by_province(ProvinceCode.P_44), key=lambda w: int(w.code))
    used: set[str] = set()
    for ward in wards:
        _commune(tree, seed, ward, used, today)
    restructuring = _restructuring(tree, today)

    leaves = [o for o in tree.orgs if o.kind]
    quotas = _allocate(members, [o.weight for o in leaves])
    rng = random.Random(f"tochuc-demo:{seed}:members:{members}")
    people = [_member(rng, spec, today) for spec, n in zip(leaves, quotas, strict=True) for _ in range(n)]
    _records(seed, people, today)
    return Plan(
        orgs=tree.orgs,
        members=people,
        restructuring=restructuring,
        communes=len(wards),
    )


# --- Writing it -------------------------------------------------------------------------------------


def fmt_int(n: int) -> str:
    """20000 -> "20.000", the Vietnamese thousands separator."""
    return f"{n:,}".replace(",", ".")


def seed_province(*, plan: Plan, progress: Callable[[str], None] = lambda _msg: None) -> dict:
    """Write `plan` through the services, in one transaction. Returns what was created."""
    started = time.monotonic()

    def step(msg: str) -> None:
        progress(f"[{time.monotonic() - started:5.1f}s] {msg}")

    with transaction.atomic():
        by_code: dict[str, Org] = {}
        for i, spec in enumerate(plan.orgs, start=1):
            by_code[spec.code] = org_create(
                actor=None,
                code=spec.code,
                name=spec.name,
                org_type=spec.org_type,
                parent=by_code[spec.parent] if spec.parent else None,
                opened_on=spec.opened_on,
                sector=spec.sector,
                address=spec.address,
                admin_unit_code=spec.admin_unit_code,
                unit_name=spec.unit_name,
            )
            if i % 500 == 0:
                step(f"Tổ chức đảng: {fmt_int(i)}/{fmt_int(len(plan.orgs))}")
        root = by_code[ROOT_CODE]
        step(f"Đã lập {fmt_int(len(plan.orgs))} tổ chức đảng ({plan.communes} xã, phường, đặc khu).")

        rows = [
            MemberRow(
                full_name=m.full_name,
                sex=m.sex,
                birth_date=m.birth_date,
                org=by_code[m.org_code],
                ethnic_group=m.ethnic_group,
                education=m.education,
                status=m.status,
                admitted_on=m.admitted_on,
                official_on=m.official_on,
                ceremony_on=m.ceremony_on,
                card_number=m.card_number,
                card_issued_on=m.card_issued_on,
                badges=m.badges,
                dossier=m.dossier,
            )
            for m in plan.members
        ]
        members_bulk_register(
            actor=None,
            root=root,
            rows=rows,
            action="demo.seed",
            changes={"orgs": {"before": None, "after": len(plan.orgs)}},
        )
        step(f"Đã nhập {fmt_int(len(rows))} đảng viên.")
        # Everything after this (the merge, every later seeder) queries the tables just filled.
        analyze(Org, OrgPeriod, Member, Membership, MemberEvent, WorkPeriod)

        r = plan.restructuring
        new = r.merge_new
        merged = org_merge(
            actor=None,
            sources=[by_code[c] for c in r.merge_sources],
            on=r.merge_on,
            new=NewOrg(
                code=new.code,
                name=new.name,
                org_type=new.org_type,
                sector=new.sector,
                parent=by_code[new.parent],
                address=new.address,
                unit_name=new.unit_name,
            ),
            decision_no=r.merge_decision,
        )
        renamed = by_code[r.rename_code]
        old_name = renamed.name
        org_rename(actor=None, org=renamed, name=r.rename_to, on=r.rename_on, decision_no=r.rename_decision)
        step(
            f"Sắp xếp tổ chức: sáp nhập {len(r.merge_sources)} chi bộ thành «{merged.name}» "
            f"({r.merge_on:%d/%m/%Y}); đổi tên «{old_name}» thành «{r.rename_to}» ({r.rename_on:%d/%m/%Y})."
        )

        users = []
        for username, role, code, full_name in DEMO_USERS:
            user, _created = user_save(
                actor=None,
                username=username,
                role=role,
                org=Org.objects.get(code=code),
                password=DEMO_PASSWORD,
                full_name=full_name,
            )
            users.append(user)
        step(f"Đã tạo {len(users)} tài khoản dùng thử.")
    return {"root": root, "orgs": len(plan.orgs) + 1, "members": len(plan.members), "users": users}
