"""Fixtures of commendations on the shared tree: decided yearly ratings written directly (the ratings app has its
own tests of how they are reached), a confirmed version of a rule parameter, and nominations made through the
services."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.core.rules import rules_in_force
from tochuc.core.services import rule_version_add
from tochuc.ratings.choices import Form, PeriodKind, Rating, Stage, SubjectKind
from tochuc.ratings.models import Campaign, Entry

PROPOSED_ON = date(2026, 1, 10)
REVIEWED_ON = date(2026, 1, 14)
SIGNED_ON = date(2026, 1, 20)


@pytest.fixture
def rate(db, tree):
    """rate(subject, year, level, decided_on=None, campaign_org=None) -> Entry: a decided yearly rating of a
    member or an org (the campaign of that year run by the province unless told otherwise, one per org and
    year)."""

    def _rate(subject, year: int, level: str = Rating.EXCELLENT, *, decided_on: date | None = None, campaign_org=None):
        org = campaign_org or tree.province
        campaign, _ = Campaign.objects.get_or_create(
            org=org,
            period_kind=PeriodKind.YEAR,
            year=year,
            defaults={"title": f"Đánh giá, xếp loại năm {year}", "starts_on": date(year, 11, 15)},
        )
        is_member = hasattr(subject, "full_name")
        return Entry.objects.create(
            campaign=campaign,
            kind=SubjectKind.MEMBER if is_member else SubjectKind.ORG,
            org=subject.org if is_member else subject,
            member=subject if is_member else None,
            form=Form.F2B if is_member else Form.F01,
            stage=Stage.DECIDED,
            level=level,
            decided_on=decided_on or date(year, 12, 20),
            decided_by="Ban Thường vụ",
        )

    return _rate


@pytest.fixture
def confirm(db):
    """confirm(key, on=date(2026, 1, 1)): an administrator confirms the parameter from `on` (a new version)."""

    def _confirm(key: str, on: date = date(2026, 1, 1)) -> None:
        latest = rules_in_force(on).version(key)
        rule_version_add(
            actor=None, key=key, value=latest.value, effective_from=on, legal_basis=latest.legal_basis, confirmed=True
        )

    return _confirm


@pytest.fixture
def excellent_member(tree, rate):
    """Nguyễn Văn An (44.DH.01), rated excellent in 2025."""
    member = tree.members["44.DH.01"][0]
    rate(member, 2025)
    return member
