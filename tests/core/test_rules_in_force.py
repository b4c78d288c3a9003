"""The versioned rule table: exactly one version of each threshold on any date, with its legal basis;
an administrator adds a version when a regulation changes (DOMAIN.md, "How to encode a rule")."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.core.errors import DomainError
from tochuc.core.models import LegalBasis, RuleParameter
from tochuc.core.rules import rules_in_force
from tochuc.core.rules_catalog import PARAMETERS
from tochuc.core.services import rule_version_add

pytestmark = pytest.mark.django_db

ON = date(2026, 6, 1)


def test_it_returns_exactly_one_version_of_every_parameter():
    rules = rules_in_force(ON)
    assert sorted(rules) == sorted({p[0] for p in PARAMETERS})
    assert len(rules) == RuleParameter.objects.values("key").distinct().count()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("admission.min_age_months", 216),  # §1.1: 18 years, counted in months
        ("admission.max_age_months", 720),
        ("admission.decision_working_days", 60),
        ("admission.vote_threshold", "2/3"),
        ("probation.months", 12),  # §1.2
        ("probation.review_working_days", 30),
        ("readmission.wait_months", 36),  # §1.4
        ("transfer.start_working_days", 60),  # §1.5
        ("transfer.present_working_days", 30),
        ("badge.milestones_years", [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]),  # §1.8
        ("badge.early_months_up_to_65", 12),
        ("badge.early_months_from_70", 24),
        ("rating.excellent_min_score", 90),  # §2
        ("rating.good_min_score", 70),
        ("rating.completed_min_score", 50),
        ("rating.max_excellent_ratio_of_good", "0.20"),
        ("election.max_surplus_ratio", "0.30"),  # §3.3
        ("election.floor_nominee_min_support", "0.30"),
        ("org.founding_min_official_members", 3),  # §8.1
    ],
)
def test_it_holds_the_values_of_the_domain(key, value):
    assert rules_in_force(ON)[key] == value


def test_it_names_the_legal_basis():
    rules = rules_in_force(ON)
    assert rules.basis("admission.min_age_months") == "294-QĐ/TW, §3 (18 tuổi tròn, tính theo tháng)"
    assert rules.basis("election.max_surplus_ratio") == "190-QĐ/TW, Điều 14"
    assert rules.version("probation.months").legal_basis.code == "Điều lệ Đảng 2011"
    # An UNCONFIRMED rule is marked so: it warns, it does not block.
    assert rules.version("rating.max_excellent_ratio_of_good").confirmed is False
    assert rules.version("rating.excellent_min_score").confirmed is True


def test_a_parameter_is_absent_before_its_effective_date():
    before = rules_in_force(date(2016, 7, 24))  # before 29-QĐ/TW, the oldest regulation in the table
    assert "admission.min_age_months" not in before
    with pytest.raises(KeyError, match=r"admission\.min_age_months"):
        before["admission.min_age_months"]
    eve = rules_in_force(date(2025, 6, 30))  # 294-QĐ/TW is in force from 01/07/2025
    assert eve["election.max_surplus_ratio"] == "0.30"  # 190-QĐ/TW, from 10/10/2024
    assert "rating.excellent_min_score" not in eve  # 366-QĐ/TW, from 30/08/2025


def test_events_before_294_are_judged_by_the_regulation_of_their_day():
    eve, day = rules_in_force(date(2025, 6, 30)), rules_in_force(date(2025, 7, 1))
    assert eve["admission.min_age_months"] == day["admission.min_age_months"] == 216
    assert eve.version("admission.min_age_months").legal_basis.code == "29-QĐ/TW"
    assert day.version("admission.min_age_months").legal_basis.code == "294-QĐ/TW"
    assert eve.version("admission.min_age_months").effective_to == date(2025, 7, 1)
    assert not eve.version("transfer.present_working_days").confirmed  # assumed unchanged, flagged as such


@pytest.fixture
def basis_366():
    return LegalBasis.objects.get(code="366-QĐ/TW")


def test_a_new_version_takes_over_from_its_start_date(admin_user, basis_366, audit_watch):
    key = "rating.max_excellent_ratio_of_good"
    old = RuleParameter.objects.get(key=key)
    watch = audit_watch()
    row = rule_version_add(
        actor=admin_user,
        key=key,
        value="0.25",
        effective_from=date(2027, 1, 1),
        legal_basis=basis_366,
        article="Điều 12",
    )
    old.refresh_from_db()
    assert old.effective_to == date(2027, 1, 1)
    assert (row.kind, row.label, row.effective_to) == (old.kind, old.label, None)
    assert rules_in_force(date(2026, 12, 31))[key] == "0.20"
    assert rules_in_force(date(2027, 1, 1))[key] == "0.25"
    assert rules_in_force(date(2027, 1, 1)).basis(key) == "366-QĐ/TW, Điều 12"
    for day in (date(2026, 12, 31), date(2027, 1, 1)):
        assert len(rules_in_force(day)) == len({p[0] for p in PARAMETERS})  # still one version of each

    [event] = watch.events()
    assert (event.action, event.actor, event.object_id) == ("rule.add_version", admin_user, str(row.pk))
    assert event.changes["value"] == {"before": "0.20", "after": "0.25"}
    assert event.changes["effective_from"] == {"before": "2025-08-30", "after": "2027-01-01"}


def test_it_refuses_a_start_date_not_after_the_current_version(admin_user, basis_366, refused):
    for start in (date(2025, 8, 30), date(2025, 8, 1)):
        with refused(field="effective_from"):
            rule_version_add(
                actor=admin_user, key="rating.good_min_score", value=75, effective_from=start, legal_basis=basis_366
            )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("rating.good_min_score", "75"),  # an integer given as text
        ("rating.good_min_score", 75.5),
        ("rating.good_min_score", True),
        ("rating.max_excellent_ratio_of_good", 0.25),  # ratios are exact text ("0.25", "2/3")
        ("rating.max_excellent_ratio_of_good", "một phần tư"),
        ("badge.milestones_years", 30),
        ("retirement.schedule", [60, 62]),
    ],
)
def test_it_refuses_a_value_of_the_wrong_kind(admin_user, basis_366, refused, key, value):
    with refused(field="value"):
        rule_version_add(actor=admin_user, key=key, value=value, effective_from=date(2027, 1, 1), legal_basis=basis_366)


def test_it_refuses_an_unknown_parameter(admin_user, basis_366, refused):
    with refused(field="key"):
        rule_version_add(
            actor=admin_user, key="rating.no_such_key", value=1, effective_from=date(2027, 1, 1), legal_basis=basis_366
        )


@pytest.mark.parametrize("persona", ["province_officer", "leader", "commune_officer", "cell_secretary", "viewer"])
def test_it_refuses_anyone_but_an_administrator(request, persona, basis_366, nothing_written):
    actor = request.getfixturevalue(persona)
    with nothing_written(), pytest.raises(DomainError, match="quản trị"):
        rule_version_add(
            actor=actor, key="rating.good_min_score", value=75, effective_from=date(2027, 1, 1), legal_basis=basis_366
        )


def test_a_commune_administrator_cannot_change_the_province_wide_rules(tree, make_user, client):
    from django.urls import reverse

    from tochuc.core.services import holiday_set

    commune_admin = make_user("qt.xa", "admin", tree.dh)
    with pytest.raises(DomainError, match="cấp tỉnh"):
        rule_version_add(
            actor=commune_admin, key="probation.months", value=13, effective_from=date(2027, 1, 1), legal_basis=None
        )
    with pytest.raises(DomainError, match="cấp tỉnh"):
        holiday_set(actor=commune_admin, day=date(2027, 1, 2), name="Nghỉ bù")
    client.force_login(commune_admin)
    assert client.get(reverse("core:rules")).context["form"] is None
    assert client.post(reverse("core:holidays"), {"day": "02/01/2027", "name": "x"}).status_code == 403
