"""Vietnamese text: folding for diacritic-blind search, and dictionary order (core.text)."""

from __future__ import annotations

import random

import pytest

from tochuc.core.text import fold, person_sort_key, sort_key


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Phường Đông Hà", "phuong dong ha"),
        ("ĐẢNG BỘ xã Lao Bảo", "dang bo xa lao bao"),
        ("  Chi bộ   thôn\tKa Tăng ", "chi bo thon ka tang"),
        ("Nguyễn Thị Ngọc Ánh", "nguyen thi ngoc anh"),
        ("Ơ Đu, Rơ Măm", "o du, ro mam"),
        ("", ""),
        (None, ""),
    ],
)
def test_it_folds_case_diacritics_and_spaces(text, folded):
    assert fold(text) == folded


def test_it_folds_decomposed_input_like_precomposed():
    # Text pasted from some word processors arrives in NFD; search must not care.
    import unicodedata

    assert fold(unicodedata.normalize("NFD", "Đông Hà")) == "dong ha"


VIETNAMESE_ORDER = [
    "A", "À", "Ả", "Ã", "Á", "Ạ", "An", "An Bình", "Anh", "Ă", "Ắ", "Â", "Ấ",
    "B", "C", "D", "Đ", "Đa", "E", "Ê", "G", "H", "I", "O", "Ô", "Ơ", "U", "Ư", "Y",
]  # fmt: skip


def test_it_sorts_in_vietnamese_dictionary_order():
    shuffled = VIETNAMESE_ORDER[:]
    random.Random(2026).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == VIETNAMESE_ORDER


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("A", "À"),  # ngang < huyền
        ("À", "Ả"),  # huyền < hỏi
        ("Ả", "Ã"),  # hỏi < ngã
        ("Ã", "Á"),  # ngã < sắc
        ("Á", "Ạ"),  # sắc < nặng
        ("Ạ", "An"),  # a shorter word before a longer one, whatever the tone
        ("An", "An Bình"),
        ("An Bình", "Anh"),
        ("Anh", "Ă"),  # a ă â are three letters
        ("Ă", "Â"),
        ("Â", "B"),
        ("D", "Đ"),  # d đ are two letters
        ("Dương", "Đào"),  # ... so every D-word comes before every Đ-word
        ("Đông Hà", "Đồng Hới"),
        ("O", "Ô"),
        ("Ô", "Ơ"),
        ("U", "Ư"),
        ("khu phố 1", "khu phố 2"),
    ],
)
def test_it_puts_each_pair_in_order(before, after):
    assert sort_key(before) < sort_key(after)


def test_it_ignores_case_and_spacing_when_sorting():
    assert sort_key("đông  hà") == sort_key("Đông Hà")
    assert sort_key("") == sort_key(None) == ""


def test_it_orders_people_by_given_name_then_whole_name():
    people = [
        "Trần Văn Bình",
        "Nguyễn Thị Hoa",
        "Lê Đức Anh",
        "Lê Thị Hoa",
        "Phạm Văn Ân",
        "Hồ Văn Đông",
        "Đặng Văn Dũng",
    ]
    assert sorted(people, key=person_sort_key) == [
        "Lê Đức Anh",  # Anh
        "Phạm Văn Ân",  # Ân (â after a)
        "Trần Văn Bình",  # Bình
        "Đặng Văn Dũng",  # Dũng (d before đ)
        "Hồ Văn Đông",  # Đông
        "Lê Thị Hoa",  # Hoa, then by the whole name: Lê < Nguyễn
        "Nguyễn Thị Hoa",
    ]


def test_it_gives_an_empty_person_key_for_no_name():
    assert person_sort_key("") == person_sort_key(None) == ""
