"""Synthetic Vietnamese names for the demo: people, villages, schools, enterprises.

Every name is drawn from the lists below with a caller's `random.Random`, so a seed gives the same names.
The people are invented; the frequencies only roughly follow the central provinces (many Nguyễn, Lê,
Trần, Võ, Hồ).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import accumulate


class Weighted:
    """A list of choices with weights, drawn in O(log n) with precomputed cumulative weights."""

    def __init__(self, pairs: Sequence[tuple[str, float]]):
        self.values = [v for v, _w in pairs]
        self.cum = list(accumulate(w for _v, w in pairs))

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.values, cum_weights=self.cum)[0]


SURNAMES = Weighted(
    [
        ("Nguyễn", 35), ("Trần", 9.5), ("Lê", 9), ("Phạm", 5), ("Hoàng", 4), ("Võ", 5), ("Phan", 4),
        ("Trương", 2), ("Hồ", 3), ("Ngô", 1.5), ("Đặng", 1.8), ("Bùi", 1.6), ("Đỗ", 1.3), ("Dương", 1),
        ("Lý", 0.5), ("Đinh", 1.2), ("Cao", 1), ("Mai", 0.9), ("Đoàn", 0.9), ("Lương", 0.6), ("Hà", 0.6),
        ("Thái", 0.5), ("Văn", 0.4), ("Trịnh", 0.5), ("Lưu", 0.3), ("Tạ", 0.3), ("Châu", 0.3),
    ]
)  # fmt: skip

# Older generations used Văn and Thị far more: the share of these two falls with the birth year.
MALE_MIDDLE = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Xuân", "Thanh", "Ngọc", "Tiến", "Trọng",
               "Anh", "Duy", "Quốc", "Thành", "Đình", "Viết", "Bá", "Đăng", "Hồng"]  # fmt: skip
FEMALE_MIDDLE = ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Minh", "Phương", "Thùy", "Kim", "Mai", "Diệu",
                 "Bảo", "Khánh", "Hoài", "Quỳnh", "Bích"]  # fmt: skip
MALE_GIVEN = [
    "Anh", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Hưng", "Huy", "Khánh", "Khoa", "Long", "Minh",
    "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành", "Thanh", "Thịnh",
    "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Hòa", "Lợi", "Lực", "Hiếu", "Hoàng", "Kiên",
    "Lâm", "Tâm", "Chiến", "Thuận", "Bảo", "Hậu", "Lộc", "Tiến", "Đạt", "Hiệp", "Nhân", "Quý", "Sỹ",
    "Thái", "Tú", "Trí", "Phước", "Lịch", "Thọ", "Kỳ", "Định", "Tín", "Hạnh", "Châu", "Đông", "Hà",
]  # fmt: skip
MALE_GIVEN_OLD = ["Sáu", "Tư", "Năm", "Bảy", "Tám", "Chín", "Lự", "Thìn", "Dần", "Cầu", "Đồng", "Khoái",
                  "Lụa", "Xuân", "Hường", "Hợi", "Mão", "Tý", "Thiệp", "Ngọ"]  # fmt: skip
FEMALE_GIVEN = [
    "Anh", "Bích", "Châu", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hòa", "Hồng",
    "Huệ", "Hương", "Hường", "Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngân", "Nguyệt", "Nhung",
    "Oanh", "Phương", "Quỳnh", "Sương", "Tâm", "Thảo", "Thắm", "Thủy", "Thúy", "Trang", "Tuyết", "Vân",
    "Xuân", "Yến", "Lài", "Cúc", "Huyền", "Lệ", "Ly", "Nhàn", "Phượng", "Thơm", "Thư", "Trinh", "Vy",
    "Duyên", "Hậu", "Lý", "My", "Nhi", "Thương", "Uyên", "Diệp", "Ánh", "Hoài",
]  # fmt: skip
FEMALE_GIVEN_OLD = ["Sen", "Lựu", "Gái", "Tý", "Đào", "Mận", "Lành", "Nhiều", "Thơ", "Lợi", "Hoè", "Tuất"]

# Ethnic minorities of the western mountains. Many Bru - Vân Kiều, Tà Ôi (Pa Kô) and Chứt families carry
# the surname Hồ; others keep a clan name (Kray, Arất, Pả, Căn...). Given names are short, often one syllable.
MINORITY_SURNAMES = {
    "Bru - Vân Kiều": Weighted(
        [("Hồ", 55), ("Lê", 6), ("Kray", 5), ("Arất", 4), ("Pả", 4), ("Ăm", 3), ("Côn", 3), ("Quàng", 3),
         ("Ka", 2), ("Ra Lan", 2), ("Rơ Châm", 1), ("Nguyễn", 4), ("Trần", 2)]
    ),
    "Tà Ôi": Weighted(
        [("Hồ", 45), ("Căn", 8), ("Kăn", 6), ("Pả", 6), ("A Vô", 4), ("Lê", 6), ("Nguyễn", 4),
         ("Quỳnh", 3), ("Vỗ", 3)]
    ),
    "Chứt": Weighted([("Hồ", 35), ("Đinh", 20), ("Cao", 15), ("Trương", 8), ("Nguyễn", 8), ("Phạm", 6), ("Lê", 6)]),
}  # fmt: skip
MINORITY_GIVEN_MALE = ["Lai", "Kôn", "Thoong", "Blúi", "Chắt", "Phiên", "Xôm", "Triều", "Kiêng", "Chiêng",
                       "Khiên", "Pơ", "Nhan", "Bốc", "Đoi", "Kiên", "Dốc", "Thăn", "Ven", "Xiêng", "Tôn",
                       "Cu", "A Lăng", "Hơi", "Lun", "Tuất", "Păng", "Ky"]  # fmt: skip
MINORITY_GIVEN_FEMALE = ["Xoan", "Lương", "Bốt", "Nhâm", "Piêu", "Thiêm", "Chim", "Dinh", "Ngoan", "Pỏ",
                         "Sen", "Lả", "Rươn", "Hơn", "Cút", "Loan", "Mây", "Thơm", "Tươi", "Ước"]  # fmt: skip


def person_name(rng: random.Random, *, sex: str, birth_year: int, ethnic_group: str = "Kinh") -> str:
    """A plausible full name: surname, middle name(s) by sex and generation, given name."""
    male = sex == "male"
    old = birth_year < 1965
    minority = MINORITY_SURNAMES.get(ethnic_group)
    if minority is not None:
        surname = minority.pick(rng)
        roll = rng.random()
        if roll < 0.45:  # "Hồ Văn Lai", "Hồ Thị Xoan": a Kinh-style middle name and a local given name
            middle = "Văn" if male else "Thị"
            given = rng.choice(MINORITY_GIVEN_MALE if male else MINORITY_GIVEN_FEMALE)
            return f"{surname} {middle} {given}"
        if roll < 0.7:  # no middle name: "Kray Sơn", "Căn Pỏ"
            given = rng.choice(MINORITY_GIVEN_MALE if male else MINORITY_GIVEN_FEMALE)
            return f"{surname} {given}"
        surname_kinh = surname
    else:
        surname_kinh = SURNAMES.pick(rng)
    plain = 0.7 if old else (0.5 if birth_year < 1985 else 0.3)  # share of Văn / Thị by generation
    if male:
        middle = "Văn" if rng.random() < plain else rng.choice(MALE_MIDDLE[1:])
        pool = MALE_GIVEN_OLD if old and rng.random() < 0.15 else MALE_GIVEN
    else:
        middle = "Thị" if rng.random() < plain + 0.15 else rng.choice(FEMALE_MIDDLE[1:])
        pool = FEMALE_GIVEN_OLD if old and rng.random() < 0.15 else FEMALE_GIVEN
    given = rng.choice(pool)
    if middle == given:
        middle = "Văn" if male else "Thị"
    # Some younger women carry Thị before a second middle name: "Nguyễn Thị Thu Hà".
    if middle == "Thị" and not old and rng.random() < 0.25:
        second = rng.choice(FEMALE_MIDDLE[1:])
        if second != given:
            middle = f"Thị {second}"
    return f"{surname_kinh} {middle} {given}"


# Place names of villages (thôn) and residential quarters (khu phố), Hán-Việt as in the central provinces.
VILLAGE_NAMES = [
    "An Lạc", "An Phú", "An Thịnh", "An Hòa", "An Mỹ", "Bình An", "Bình Minh", "Cổ Thành", "Đại Hòa",
    "Đông Lai", "Đông Lương", "Đông Thanh", "Hà Trung", "Hà Thanh", "Hòa Bình", "Hòa Thuận", "Hưng Nhơn",
    "Lạc Thiện", "Long Hưng", "Long Quang", "Mỹ Lộc", "Mỹ Chánh", "Nam Phước", "Nam Sơn", "Phú Hậu",
    "Phú Long", "Phú Ninh", "Phước Lý", "Phước Mỹ", "Quảng Xá", "Quy Thiện", "Tân Định", "Tân Hiệp",
    "Tân Mỹ", "Tân Sơn", "Tân Thuận", "Thượng Phước", "Trung Chỉ", "Trung Hòa", "Vĩnh Phước", "Vĩnh An",
    "Xuân Mỹ", "Xuân Lộc", "Cam Thủy", "Thanh Lê", "Phú Xuân", "Hòa Lạc", "Đại An", "Lương Điền",
    "Nhan Biều", "Đồng Bào", "Thiết Tràng", "Kim Long", "Văn Quỹ", "Diên Khánh", "Ba Du", "Đức Phổ",
    "Gia Đẳng", "Nại Cửu", "Bích La", "Phương Lang", "Thạch Hãn", "Hải Chữ", "Trà Liên", "Mai Xá",
    "Lan Đình", "Thủy Ba", "Hiền Lương", "Tân Trại", "Cát Sơn", "Đông Hồ", "Lý Hòa", "Trung Bính",
    "Phú Định", "Văn La", "Xuân Hòa", "Thanh Khê", "Cao Lao", "Hạ Trạch", "Thuận Đức", "Phong Xuân",
    "Tây Trì", "Bắc Phú", "Nam Hải", "Hà Cát", "Đức Trạch", "Minh Lệ", "Quảng Hòa", "Tiên Mỹ",
]  # fmt: skip
MOUNTAIN_VILLAGE_NAMES = [
    "A Xóc", "Ka Tăng", "Xi Pa", "Ra Man", "Pa Lọ", "Tà Rùng", "Cu Pua", "Húc Nghì", "A Vao", "Tà Lang",
    "Pa Nho", "Ra Ró", "A Bung", "Cà Roòng", "Ho Rum", "Ka Ói", "Kreng", "Xà Khía", "Ra Mát", "Bãi Dinh",
    "Khe Ngát", "Cha Cáp", "Tà Vờng", "Pa Tầng", "Trằm", "Cheng", "Xa Rỏ", "Ruộng", "Dốc Mây", "Cồn Roàng",
    "Hồ Đá", "Ka Rôn", "Ta Lao", "Pin", "Làng Vây", "Tà Puồng", "A Sò", "Ra Lu", "Chân Rò", "Xy La",
    "Ka Chăm", "Bù Nhự", "Sen Bụt", "Ông Tấn", "Ka Lu", "Mò Ó", "La Hót", "Pa Tâng", "Tăng Ký", "Hà Lệt",
]  # fmt: skip
# Streets and people that schools are named after.
PATRONS = [
    "Nguyễn Trãi", "Lê Lợi", "Trần Hưng Đạo", "Lê Quý Đôn", "Phan Bội Châu", "Hàm Nghi", "Nguyễn Huệ",
    "Lý Tự Trọng", "Kim Đồng", "Võ Thị Sáu", "Hoàng Diệu", "Nguyễn Du", "Chu Văn An", "Lê Thế Hiếu",
    "Phan Châu Trinh", "Nguyễn Bỉnh Khiêm", "Trần Phú", "Nguyễn Tri Phương", "Hải Thượng Lãn Ông",
    "Lương Thế Vinh", "Nguyễn Hàm Ninh", "Đào Duy Từ", "Hoàng Hoa Thám", "Lê Văn Tám", "Mạc Đĩnh Chi",
]  # fmt: skip
KINDERGARTENS = ["Hoa Sen", "Hoa Hồng", "Sơn Ca", "Họa Mi", "Bình Minh", "Hoa Mai", "Vành Khuyên",
                 "Tuổi Thơ", "Hướng Dương", "Hoa Phượng", "Sao Mai", "Thỏ Ngọc"]  # fmt: skip

ENTERPRISE_TRADES = [
    "Xây dựng", "Thương mại và Dịch vụ", "Đầu tư và Phát triển", "Vật liệu xây dựng", "Chế biến gỗ",
    "Thủy sản", "Vận tải", "Du lịch", "Chế biến nông sản", "Cà phê", "Cấp thoát nước", "Môi trường đô thị",
    "Tư vấn xây dựng", "Xăng dầu", "Giống cây trồng", "Cao su",
]  # fmt: skip
ENTERPRISE_BRANDS = ["Trường Sơn", "Hiền Lương", "Thành Cổ", "Cửa Việt", "Nhật Lệ", "Sông Gianh", "Hoành Sơn",
                     "Phong Nha", "Bến Hải", "Miền Trung", "Thạch Hãn", "Hải Vân", "Cồn Tiên", "Đèo Ngang",
                     "Lệ Ninh", "Quảng Phát", "Hưng Thịnh", "Minh Phát", "Tân Thành", "Đại Phong"]  # fmt: skip
FOREIGN_ENTERPRISES = [
    "Công ty TNHH May mặc Haesung Việt Nam", "Công ty TNHH Dệt may Hanvina", "Công ty TNHH Linh kiện Kosei Việt Nam",
    "Công ty TNHH Gỗ Sunglim Vina", "Công ty TNHH Năng lượng gió Laos-Viet", "Công ty TNHH Chế biến Tinh bột sắn Sepon",
    "Công ty TNHH Điện gió Daeha Việt Nam", "Công ty TNHH Thực phẩm Tân Á Việt Nam",
]  # fmt: skip
ENTERPRISE_CELLS = ["Chi bộ Văn phòng Công ty", "Chi bộ Phân xưởng Sản xuất số 1", "Chi bộ Phân xưởng Sản xuất số 2",
                    "Chi bộ Đội Thi công", "Chi bộ Phòng Kế hoạch - Kinh doanh", "Chi bộ Xưởng Chế biến",
                    "Chi bộ Đội Vận hành", "Chi bộ Phòng Kỹ thuật"]  # fmt: skip
