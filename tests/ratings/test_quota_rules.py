"""The quota on "excellent": at most 20% of the number rated "good" in the quota group (DOMAIN.md §2), warning
or blocking as the rule table says, with its boundaries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tochuc.ratings.choices import QuotaMode
from tochuc.ratings.rules import quota_check

RATIO = Decimal("0.20")


@pytest.mark.parametrize("mode", [QuotaMode.WARN, QuotaMode.BLOCK])
@pytest.mark.parametrize(
    ("excellent", "good", "ok"),
    [(2, 10, True), (3, 10, False), (1, 0, False), (0, 0, True), (1, 5, True), (2, 9, False), (0, 10, True)],
)
def test_the_quota_boundaries_in_both_modes(mode, excellent, good, ok):
    check = quota_check(excellent, good, ratio=RATIO, mode=mode)
    assert check.ok is ok
    assert check.blocking is (mode == QuotaMode.BLOCK)


def test_three_of_ten_is_thirty_percent_and_a_warning():
    check = quota_check(3, 10, ratio=RATIO, mode=QuotaMode.WARN)
    assert not check.ok and not check.blocking
    assert check.reason == "3 hoàn thành xuất sắc nhiệm vụ so với 10 hoàn thành tốt nhiệm vụ (30%), vượt tỷ lệ 20%"


def test_the_ratio_comes_from_the_parameter():
    assert quota_check(3, 10, ratio=Decimal("0.30"), mode=QuotaMode.BLOCK).ok
    assert not quota_check(3, 10, ratio=Decimal("0.25"), mode=QuotaMode.BLOCK).ok
