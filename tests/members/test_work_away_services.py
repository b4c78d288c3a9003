"""Working away from home (đi làm ăn xa): leaving and returning as dated records, history kept across spells,
the refusals at their boundary days, the audit events, the scope, and `Member.objects.away()`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from tochuc.core.audit import ACTION_LABELS
from tochuc.members import rules
from tochuc.members.choices import AwayKind
from tochuc.members.models import Member, WorkAway
from tochuc.members.services import member_away_end, member_away_start, member_died

HCM = "Thành phố Hồ Chí Minh"


@pytest.fixture
def anh(tree):
    """Lê Đức Anh of 44.DH.01, admitted 26/03/2015."""
    return tree.members["44.DH.01"][2]


def leave(member, since=date(2025, 3, 1), *, actor=None, kind=AwayKind.OTHER_PROVINCE, place=HCM, **extra):
    return member_away_start(actor=actor, member=member, kind=kind, place=place, since=since, **extra)


@pytest.fixture
def refused_away(refused):
    """`refused` that also checks that no WorkAway row was written or changed."""
    from contextlib import contextmanager

    @contextmanager
    def _refused(*, field):
        before = list(WorkAway.objects.order_by("pk").values_list("pk", "since", "until"))
        with refused(field=field) as info:
            yield info
        assert list(WorkAway.objects.order_by("pk").values_list("pk", "since", "until")) == before

    return _refused


# --- Leaving -------------------------------------------------------------------------------------------------


def test_it_records_a_member_leaving_for_another_province(commune_officer, anh):
    record = leave(anh, actor=commune_officer, place="  tp ho chi minh ", employer="Công ty TNHH Sao Việt")
    assert (record.kind, record.place, record.employer, record.since, record.until) == (
        AwayKind.OTHER_PROVINCE,
        HCM,  # typed without diacritics: stored under the province's official name
        "Công ty TNHH Sao Việt",
        date(2025, 3, 1),
        None,
    )
    assert record.recorded_by == commune_officer
    anh.refresh_from_db()
    assert (anh.status, anh.org.code) == ("official", "44.DH.01")  # still counted at home


def test_a_place_abroad_is_kept_as_typed(anh):
    assert leave(anh, kind=AwayKind.ABROAD, place="Hàn  Quốc").place == "Hàn Quốc"


def test_the_admission_day_is_accepted_and_the_day_before_refused(anh, refused_away):
    with refused_away(field="since") as info:
        leave(anh, since=date(2015, 3, 25))
    assert "26/03/2015" in info.value.message
    assert leave(anh, since=date(2015, 3, 26)).since == date(2015, 3, 26)


def test_today_is_accepted_and_tomorrow_refused(anh, refused_away):
    today = timezone.localdate()
    with refused_away(field="since"):
        leave(anh, since=today + timedelta(days=1))
    assert leave(anh, since=today).since == today


def test_a_second_open_record_is_refused(anh, refused_away):
    leave(anh, since=date(2025, 3, 1))
    with refused_away(field=None) as info:
        leave(anh, since=date(2025, 6, 1), kind=AwayKind.ABROAD, place="Nhật Bản")
    assert HCM in info.value.message and "01/03/2025" in info.value.message


def test_the_database_holds_one_open_record_per_member(anh):
    leave(anh)
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkAway.objects.create(member=anh, kind=AwayKind.ABROAD, place="Lào", since=date(2025, 4, 1))


def test_the_place_and_the_kind_are_required(anh, refused_away):
    with refused_away(field="place"):
        leave(anh, place="   ")
    with refused_away(field="kind"):
        leave(anh, kind="moon")


def test_a_member_who_has_ended_is_refused(anh, refused_away):
    member_died(actor=None, member=anh, on=date(2025, 8, 5))
    with refused_away(field=None) as info:
        leave(anh, since=date(2025, 3, 1))
    assert "thôi sinh hoạt" in info.value.message and "Từ trần" in info.value.message


# --- Returning, and leaving again ------------------------------------------------------------------------------


def test_a_return_before_the_departure_is_refused_and_on_the_same_day_accepted(anh, refused_away):
    leave(anh, since=date(2025, 3, 1))
    with refused_away(field="on") as info:
        member_away_end(actor=None, member=anh, on=date(2025, 2, 28))
    assert "01/03/2025" in info.value.message
    assert member_away_end(actor=None, member=anh, on=date(2025, 3, 1)).until == date(2025, 3, 1)


def test_a_return_in_the_future_is_refused(anh, refused_away):
    leave(anh)
    with refused_away(field="on"):
        member_away_end(actor=None, member=anh, on=timezone.localdate() + timedelta(days=1))


def test_a_return_without_an_open_record_is_refused(anh, refused_away):
    with refused_away(field=None):
        member_away_end(actor=None, member=anh, on=date(2025, 3, 1))


def test_leaving_again_keeps_the_history(anh, refused_away):
    first = leave(anh, since=date(2024, 2, 1))
    member_away_end(actor=None, member=anh, on=date(2024, 12, 20))
    with refused_away(field="since") as info:  # overlapping the first spell
        leave(anh, since=date(2024, 12, 19), kind=AwayKind.ABROAD, place="Đài Loan")
    assert "20/12/2024" in info.value.message
    second = leave(anh, since=date(2024, 12, 20), kind=AwayKind.ABROAD, place="Đài Loan")
    spells = list(WorkAway.objects.filter(member=anh).order_by("since").values_list("pk", "place", "since", "until"))
    assert spells == [
        (first.pk, HCM, date(2024, 2, 1), date(2024, 12, 20)),
        (second.pk, "Đài Loan", date(2024, 12, 20), None),
    ]


def test_the_record_of_a_member_who_died_away_can_be_closed(anh):
    leave(anh, since=date(2025, 3, 1))
    member_died(actor=None, member=anh, on=date(2025, 8, 1))
    assert member_away_end(actor=None, member=anh, on=date(2025, 8, 1)).until == date(2025, 8, 1)


# --- Audit, scope ----------------------------------------------------------------------------------------------


def test_leaving_and_returning_are_audited_with_before_and_after(commune_officer, anh, audit_watch):
    watch = audit_watch()
    leave(anh, actor=commune_officer, since=date(2025, 3, 1), employer="Xưởng may Phú Mỹ")
    member_away_end(actor=commune_officer, member=anh, on=date(2025, 9, 2))
    started, ended = watch.events()
    assert (started.action, started.actor, started.object_id, started.org_path) == (
        "member.away_start",
        commune_officer,
        str(anh.pk),
        anh.org.path,
    )
    assert started.changes["work_away"] == {
        "before": None,
        "after": {
            "kind": "other_province",
            "place": HCM,
            "employer": "Xưởng may Phú Mỹ",
            "since": "2025-03-01",
            "until": None,
        },
    }
    assert ended.action == "member.away_end"
    assert ended.changes["work_away"]["before"]["until"] is None
    assert ended.changes["work_away"]["after"]["until"] == "2025-09-02"
    assert str(ACTION_LABELS["member.away_start"]) == "Ghi nhận đảng viên đi làm ăn xa"
    assert str(ACTION_LABELS["member.away_end"]) == "Ghi nhận đảng viên đi làm ăn xa trở về"


def test_an_outsider_gets_404_and_a_viewer_is_refused(outsider, viewer, anh):
    with pytest.raises(Http404):
        leave(anh, actor=outsider)
    with pytest.raises(PermissionDenied):
        leave(anh, actor=viewer)
    leave(anh)
    with pytest.raises(Http404):
        member_away_end(actor=outsider, member=anh, on=date(2025, 4, 1))
    with pytest.raises(PermissionDenied):
        member_away_end(actor=viewer, member=anh, on=date(2025, 4, 1))
    assert WorkAway.objects.get(member=anh).until is None


def test_a_cell_secretary_records_for_the_own_cell_only(cell_secretary, tree):
    leave(tree.members["44.DH.01"][0], actor=cell_secretary)
    with pytest.raises(Http404):
        leave(tree.members["44.DH.02"][0], actor=cell_secretary)


# --- Member.objects.away() -------------------------------------------------------------------------------------


def test_away_lists_members_with_an_open_record_and_answers_as_of_a_day(tree, anh):
    an = tree.members["44.DH.01"][0]
    leave(anh, since=date(2024, 2, 1))
    member_away_end(actor=None, member=anh, on=date(2024, 12, 20))
    leave(anh, since=date(2025, 5, 1), kind=AwayKind.ABROAD, place="Nhật Bản")
    leave(an, since=date(2025, 1, 10), kind=AwayKind.OTHER_COMMUNE, place="Phường Nam Đông Hà")
    assert set(Member.objects.away()) == {anh, an}
    assert list(Member.objects.away(kind=AwayKind.ABROAD)) == [anh]
    assert set(Member.objects.away(on=date(2024, 2, 1))) == {anh}  # the day of leaving counts
    assert set(Member.objects.away(on=date(2024, 12, 19))) == {anh}
    assert set(Member.objects.away(on=date(2024, 12, 20))) == set()  # back that day
    assert set(Member.objects.away(on=date(2025, 1, 10))) == {an}
    assert Member.objects.active().away().filter(org__path__startswith=tree.dh.path).count() == 2
    assert Member.objects.away().filter(org__path__startswith=tree.lb.path).count() == 0


# --- The pure helpers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("tp ho chi minh", HCM),
        ("TP. Hồ Chí Minh", HCM),
        ("Hà Nội", "Thành phố Hà Nội"),
        ("tinh nghe an", "Nghệ An"),
        ("Bình Dương", "Bình Dương"),  # merged into Thành phố Hồ Chí Minh since 1/7/2025: kept as typed
    ],
)
def test_a_province_is_stored_under_its_official_name(typed, stored):
    assert rules.away_place(AwayKind.OTHER_PROVINCE, typed) == stored


def test_there_are_34_provinces_to_suggest():
    names = rules.province_names()
    assert len(names) == 34 and HCM in names and "Quảng Trị" in names


def test_months_away_are_completed_calendar_months():
    assert rules.months_away(date(2025, 1, 31), date(2025, 2, 27)) == 0
    assert rules.months_away(date(2025, 1, 31), date(2025, 2, 28)) == 1  # as add_months: 31/01 + 1 = 28/02
    assert rules.months_away(date(2025, 1, 15), date(2025, 2, 15)) == 1
    assert rules.months_away(date(2025, 3, 1), date(2025, 2, 1)) == 0
