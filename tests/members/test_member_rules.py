"""members/rules.py with the cases DOMAIN.md §1 gives (boundary days especially)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tochuc.core.dates import default_holidays
from tochuc.members import rules
from tochuc.members.rules import Ev, Gap

ADULT, SIXTY = 216, 720


def _holidays(*years):
    return {d for y in years for d, _name in default_holidays(y)}


class TestAdmissionAge:
    def test_it_refuses_the_day_before_the_eighteenth_birthday(self):
        d = rules.admission_age(date(2008, 3, 15), date(2026, 3, 14), min_months=ADULT, max_months=SIXTY)
        assert not d.ok and "chưa đủ 18 tuổi" in d.reason and "còn thiếu 1 tháng" in d.reason

    def test_it_accepts_on_the_eighteenth_birthday(self):
        assert rules.admission_age(date(2008, 3, 15), date(2026, 3, 15), min_months=ADULT, max_months=SIXTY).ok

    def test_over_sixty_is_flagged_for_the_provincial_committee_not_refused(self):
        d = rules.admission_age(date(1960, 1, 10), date(2020, 2, 10), min_months=ADULT, max_months=SIXTY)
        assert d.ok and d.flags == ("requires_provincial_approval",)

    def test_exactly_sixty_in_completed_months_is_not_flagged(self):
        d = rules.admission_age(date(1960, 1, 10), date(2020, 2, 9), min_months=ADULT, max_months=SIXTY)
        assert d.ok and d.flags == ()


class TestProbation:
    def test_probation_ends_twelve_months_after_the_ceremony(self):
        assert rules.probation_end(date(2025, 5, 19), months=12) == date(2026, 5, 19)

    def test_across_a_leap_day(self):
        assert rules.probation_end(date(2024, 2, 29), months=12) == date(2025, 2, 28)
        assert rules.probation_end(date(2027, 2, 28), months=12) == date(2028, 2, 28)

    def test_the_review_is_due_thirty_working_days_after(self):
        due = rules.recognition_review_due(date(2025, 5, 19), months=12, working_days=30, holidays=_holidays(2026))
        # 19/05/2026 (Tue) + 30 working days: no public holiday in between -> 30/06/2026
        assert due == date(2026, 6, 30)

    def test_a_late_approval_is_dated_to_the_end_of_probation(self):
        decision, official_on = rules.recognition(date(2025, 5, 19), date(2026, 8, 1), months=12)
        assert decision.ok and official_on == date(2026, 5, 19)

    def test_it_refuses_recognition_before_probation_ends(self):
        decision, _ = rules.recognition(date(2025, 5, 19), date(2026, 5, 18), months=12)
        assert not decision.ok and "19/05/2026" in decision.reason


class TestPartyAge:
    def test_it_runs_from_the_admission_decision(self):
        # admitted 26/7/2015, official 26/7/2016: party age runs from 26/7/2015 (DOMAIN.md §1.3)
        assert rules.party_age_months(date(2015, 7, 26), True, [], date(2016, 7, 26)) == 12

    def test_it_does_not_count_before_the_member_is_official(self):
        assert rules.party_age_months(date(2015, 7, 26), False, [], date(2016, 1, 1)) is None

    def test_gaps_are_subtracted(self):
        gaps = [Gap("transfer_gap", date(2000, 1, 1), date(2001, 1, 1))]
        assert rules.party_age_start(date(1990, 1, 1), gaps, date(2020, 1, 1)) == date(1991, 1, 1)

    def test_overlapping_gaps_count_once(self):
        gaps = [
            Gap("removed", date(2000, 1, 1), date(2000, 7, 1)),
            Gap("lost_contact", date(2000, 3, 1), date(2000, 9, 1)),
        ]
        assert rules.gap_days(gaps, date(2020, 1, 1)) == (date(2000, 9, 1) - date(2000, 1, 1)).days

    def test_an_open_gap_runs_until_the_day_asked(self):
        gaps = [Gap("lost_contact", date(2020, 1, 1), None)]
        assert rules.gap_days(gaps, date(2020, 1, 11)) == 10


class TestBadges:
    MILESTONES = [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]

    def test_eligible_at_exactly_thirty_years(self):
        start = date(1996, 5, 19)
        kw = {"milestones": self.MILESTONES, "awarded": []}
        assert rules.eligible_badge(start, date(2026, 5, 18), **kw) is None
        assert rules.eligible_badge(start, date(2026, 5, 19), **kw) == 30

    def test_the_highest_milestone_not_yet_awarded(self):
        start = date(1970, 1, 1)
        assert rules.eligible_badge(start, date(2020, 6, 1), milestones=self.MILESTONES, awarded=[30, 40, 45]) == 50
        assert rules.eligible_badge(start, date(2020, 6, 1), milestones=self.MILESTONES, awarded=[50]) == 45

    def test_a_transfer_gap_of_one_year_pushes_the_badge_back_a_year(self):
        start = rules.party_age_start(
            date(1990, 1, 1), [Gap("transfer_gap", date(2000, 1, 1), date(2001, 1, 1))], date(2021, 1, 1)
        )
        kw = {"milestones": self.MILESTONES, "awarded": []}
        assert rules.eligible_badge(start, date(2020, 1, 1), **kw) is None
        assert rules.eligible_badge(start, date(2021, 1, 1), **kw) == 30

    def test_serious_illness_brings_it_forward_by_twelve_or_twenty_four_months(self):
        kw = {"seriously_ill": True, "early_up_to_65": 12, "early_from_70": 24}
        assert rules.badge_due_on(date(1960, 3, 1), 65, **kw) == date(2024, 3, 1)
        assert rules.badge_due_on(date(1950, 3, 1), 70, **kw) == date(2018, 3, 1)
        assert rules.badge_due_on(
            date(1950, 3, 1), 70, seriously_ill=False, early_up_to_65=12, early_from_70=24
        ) == date(2020, 3, 1)

    def test_the_next_ceremony(self):
        occasions = ["03/02", "19/05", "02/09", "07/11"]
        assert rules.next_occasion(date(2026, 11, 29), occasions) == date(2027, 2, 3)
        assert rules.next_occasion(date(2026, 5, 19), occasions) == date(2026, 5, 19)


class TestCitizenId:
    def test_a_valid_one(self):
        assert rules.citizen_id_problem("045085000123", date(1985, 6, 1), "male") is None
        assert rules.citizen_id_problem("045305000123", date(2005, 6, 1), "female") is None

    @pytest.mark.parametrize(
        ("cid", "words"),
        [
            ("04508500012", "12 chữ số"),
            ("04508500012a", "12 chữ số"),
            ("003085000123", "mã tỉnh"),
            ("045185000123", "giới tính"),
            ("045285000123", "thế kỷ"),
            ("045084000123", "năm sinh"),
        ],
    )
    def test_it_says_what_is_wrong(self, cid, words):
        assert words in rules.citizen_id_problem(cid, date(1985, 6, 1), "male")


def ev(i, kind, on, **kw):
    return Ev(id=i, kind=kind, on=on, org_id=kw.pop("org_id", 1), **kw)


class TestStatusFromEvents:
    LIFE = [
        ev(1, "admitted", date(2010, 3, 1)),
        ev(2, "ceremony", date(2010, 3, 26)),
        ev(3, "recognized", date(2011, 3, 26)),
    ]

    def test_probationary_then_official(self):
        assert rules.derive(self.LIFE, on=date(2011, 3, 25)).status == "probationary"
        state = rules.derive(self.LIFE)
        assert (state.status, state.official_on, state.admitted_on) == ("official", date(2011, 3, 26), date(2010, 3, 1))

    def test_no_status_before_admission(self):
        assert rules.derive(self.LIFE, on=date(2010, 2, 28)).status is None

    def test_a_cancelled_event_does_not_count(self):
        events = [*self.LIFE, ev(4, "died", date(2020, 1, 1)), ev(5, "cancel", date(2020, 1, 2), cancels=4)]
        assert rules.derive(events).status == "official"

    def test_a_transfer_inside_the_province_is_in_transit_until_received(self):
        events = [
            *self.LIFE,
            ev(4, "transfer_out", date(2020, 1, 1), other_org_id=2, data={"present_by": "2020-02-12"}),
        ]
        assert rules.derive(events).in_transit
        received = [*events, ev(5, "transfer_in", date(2020, 1, 20), org_id=2)]
        state = rules.derive(received)
        assert (state.in_transit, state.org_id, state.status) == (False, 2, "official")
        assert state.gaps == []  # presented in time: no gap

    def test_a_late_arrival_is_a_gap_in_party_age(self):
        events = [
            *self.LIFE,
            ev(4, "transfer_out", date(2020, 1, 1), data={"present_by": "2020-02-12"}),
            ev(5, "transfer_in", date(2020, 4, 1), org_id=2),
        ]
        assert rules.derive(events).gaps == [Gap("transfer_gap", date(2020, 2, 12), date(2020, 4, 1))]

    def test_leaving_the_province_ends_the_record_here(self):
        events = [*self.LIFE, ev(4, "transfer_out", date(2020, 1, 1), data={"outside": True})]
        state = rules.derive(events)
        assert (state.status, state.ended_on, state.active) == ("transferred_out", date(2020, 1, 1), False)

    def test_removal_then_readmission_keeps_the_first_admission_date_and_counts_the_gap(self):
        events = [*self.LIFE, ev(4, "removed", date(2015, 1, 1)), ev(5, "readmitted", date(2019, 1, 1))]
        state = rules.derive(events)
        assert (state.status, state.admitted_on, state.official_on) == ("probationary", date(2010, 3, 1), None)
        assert state.gaps == [Gap("removed", date(2015, 1, 1), date(2019, 1, 1))]

    def test_flags(self):
        events = [
            *self.LIFE,
            ev(4, "exempted", date(2019, 1, 1)),
            ev(5, "temporary_out", date(2019, 2, 1), other_org_id=9),
        ]
        state = rules.derive(events)
        assert (state.exempted, state.temporary_host_id, state.status) == (True, 9, "official")

    @given(
        st.lists(
            st.sampled_from(
                [
                    "exempted",
                    "exemption_ended",
                    "lost_contact",
                    "contact_restored",
                    "badge",
                    "temporary_out",
                    "temporary_return",
                ]
            ),
            max_size=12,
        )
    )
    def test_flags_never_change_the_status(self, kinds):
        extra = [ev(10 + i, k, date(2015, 1, 1 + i), data={"milestone": 30}) for i, k in enumerate(kinds)]
        assert rules.derive([*self.LIFE, *extra]).status == "official"
