"""Random values thrown at the member services and at their pages: the only refusal is the domain's (a
DomainError with a Vietnamese message) or a form's validation error, never another exception nor a 500, and a
refused call leaves the database exactly as it was.

The values include Vietnamese, NUL and other control characters, emoji, strings far longer than the columns,
dates from year 1 to 9999, huge and negative numbers, and (through the pages) text where a date or a number is
expected. PostgreSQL refuses NUL in text and values longer than a column: the services must refuse them first,
on both databases. Each example runs in a savepoint rolled back afterwards, so every one starts from the tree."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tochuc.core.errors import DomainError
from tochuc.core.models import AuditEvent
from tochuc.members import services
from tochuc.members.choices import ETHNIC_GROUP_CHOICES, AwayKind, Education, Sex, Status
from tochuc.members.models import Member
from tochuc.members.services.dossier import relative_add, work_period_add

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

# Text: anything unicode (NUL and surrogate-free control characters included), plus the hard cases on purpose.
texts = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["Nguyễn Văn An", "Đặng Thị Ánh", "", "   ", "\x00", "Lê\x00Văn", "😀🇻🇳", "a" * 300, "ạ" * 5000]),
    st.text(st.characters(codec="utf-8"), min_size=140, max_size=320),
)
dates = st.one_of(st.dates(), st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)))
numbers = st.one_of(st.integers(), st.integers(min_value=-10, max_value=200))


def choice(values) -> st.SearchStrategy:
    return st.one_of(st.sampled_from(sorted(values)), texts)


DOSSIER = {
    "other_names": texts,
    "birth_place": texts,
    "home_town": texts,
    "residence": texts,
    "citizen_id": st.one_of(texts, st.from_regex(r"\A0[0-9]{11}\Z")),
    "ethnic_group": choice(v for v, _l in ETHNIC_GROUP_CHOICES),
    "education": choice(Education.values),
    "qualification_field": texts,
    "foreign_language": texts,
    "it_level": texts,
    "work_unit": texts,
    "position": texts,
    "dossier_number": texts,
    "badge_number": texts,
}
dossiers = st.fixed_dictionaries({}, optional=DOSSIER)


@pytest.fixture
def attempt(nothing_written):
    """`attempt(call)` -> the call's result, or None when refused: a refusal must be a Vietnamese DomainError that
    wrote nothing; anything else fails the test. The example is rolled back either way."""

    def _attempt(call):
        with transaction.atomic():
            try:
                with nothing_written():
                    try:
                        result = call()
                    except DomainError as e:
                        assert _NON_ASCII.search(e.message), f"message is not Vietnamese: {e.message!r}"
                        result = None
                    else:
                        raise _Accepted(result)
            except _Accepted as accepted:
                result = accepted.result
            transaction.set_rollback(True)
        return result

    return _attempt


class _Accepted(Exception):
    def __init__(self, result):
        self.result = result


@contextmanager
def audited():
    """An accepted write leaves at least one audit event."""
    start = AuditEvent.objects.count()
    yield
    assert AuditEvent.objects.count() > start, "a write was not audited"


# --- The services ------------------------------------------------------------------------------------------


@FUZZ
@given(
    full_name=texts,
    sex=choice(Sex.values),
    birth_date=dates,
    status=choice(Status.values),
    admitted_on=st.one_of(st.none(), dates),
    official_on=st.one_of(st.none(), dates),
    ceremony_on=st.one_of(st.none(), dates),
    dossier=dossiers,
)
def test_registering_a_member_with_random_values_is_done_or_refused_cleanly(
    tree, attempt, full_name, sex, birth_date, status, admitted_on, official_on, ceremony_on, dossier
):
    def call():
        with audited():
            member = services.member_create(
                actor=None, full_name=full_name, sex=sex, birth_date=birth_date, org=tree.dh1, status=status,
                admitted_on=admitted_on, official_on=official_on, ceremony_on=ceremony_on, **dossier,
            )  # fmt: skip
        assert Member.objects.get(pk=member.pk).full_name == " ".join(full_name.split())
        return member

    attempt(call)


@FUZZ
@given(sex=choice(Sex.values), dossier=dossiers)
def test_editing_a_dossier_with_random_values_is_done_or_refused_cleanly(tree, attempt, sex, dossier):
    member = tree.members["44.DH.01"][0]

    def call():
        updated = services.member_update(actor=None, member=member, sex=sex, **dossier)
        stored = Member.objects.get(pk=member.pk)
        for name, value in dossier.items():
            if name != "citizen_id":
                assert getattr(stored, name) == " ".join(value.split()), name
        return updated

    attempt(call)


@FUZZ
@given(
    full_name=texts,
    sex=choice(Sex.values),
    birth_date=dates,
    vote_on=dates,
    admitted_on=dates,
    decision_no=texts,
    dossier=dossiers,
)
def test_an_admission_with_random_values_is_done_or_refused_cleanly(
    tree, attempt, full_name, sex, birth_date, vote_on, admitted_on, decision_no, dossier
):
    def call():
        with audited():
            return services.member_admit(
                actor=None, org=tree.dh2, full_name=full_name, sex=sex, birth_date=birth_date, vote_on=vote_on,
                admitted_on=admitted_on, decision_no=decision_no, **dossier,
            )  # fmt: skip

    attempt(call)


@FUZZ
@given(
    full_name=texts,
    birth_date=dates,
    on=dates,
    letter_no=texts,
    admitted_on=dates,
    official_on=st.one_of(st.none(), dates),
    origin=texts,
)
def test_receiving_a_member_with_random_values_is_done_or_refused_cleanly(
    tree, attempt, full_name, birth_date, on, letter_no, admitted_on, official_on, origin
):
    def call():
        with audited():
            return services.member_receive(
                actor=None, org=tree.lb1, full_name=full_name, sex=Sex.FEMALE, birth_date=birth_date, on=on,
                letter_no=letter_no, admitted_on=admitted_on, official_on=official_on, origin=origin,
            )  # fmt: skip

    attempt(call)


# Every lifecycle event with the arguments it takes; values of the wrong kind come in through the pages below.
EVENTS = {
    "transfer_out": (services.member_transfer_out, {"on": dates, "letter_no": texts, "destination": texts,
                                                    "note": texts}),
    "temporary_out": (services.member_transfer_out, {"on": dates, "letter_no": texts, "destination": texts,
                                                     "temporary": st.just(True), "until": dates}),
    "exempt": (services.member_exempt, {"on": dates, "reason": texts, "until": st.one_of(st.none(), dates)}),
    "contact_lost": (services.member_contact_lost, {"on": dates, "note": texts}),
    "badge": (services.member_award_badge, {"milestone": numbers, "on": dates, "decision_no": texts,
                                            "seriously_ill": st.booleans()}),
    "card": (services.member_issue_card, {"on": dates, "decision_no": texts,
                                          "card_number": st.one_of(texts, st.from_regex(r"\A[0-9]{6,12}\Z"))}),
    "remove": (services.member_remove, {"on": dates, "decision_no": texts, "reason": texts}),
    "expel": (services.member_expel, {"on": dates, "decision_no": texts, "note": texts}),
    "leave": (services.member_leave, {"on": dates, "decision_no": texts, "note": texts}),
    "died": (services.member_died, {"on": dates, "note": texts}),
    "away": (services.member_away_start, {"kind": choice(AwayKind.values), "place": texts, "since": dates,
                                          "employer": texts, "note": texts}),
    "relative": (relative_add, {"relation": texts, "full_name": texts, "birth_year": st.one_of(st.none(), numbers),
                                "occupation": texts, "address": texts, "note": texts}),
    "work_period": (work_period_add, {"valid_from": dates, "unit": texts, "valid_to": st.one_of(st.none(), dates),
                                      "position": texts}),
    "correction": (services.correction_request, {"field": choice(["full_name", "birth_date", "admitted_on"]),
                                                 "new_value": texts, "basis": texts}),
}  # fmt: skip
events = st.sampled_from(sorted(EVENTS)).flatmap(
    lambda slug: st.tuples(st.just(slug), st.fixed_dictionaries(EVENTS[slug][1]))
)


@settings(FUZZ, max_examples=60)
@given(event=events)
def test_a_lifecycle_event_with_random_values_is_recorded_or_refused_cleanly(tree, attempt, event):
    slug, kwargs = event
    service = EVENTS[slug][0]
    member = tree.members["44.DH.02"][1]

    def call():
        with audited():
            return service(actor=None, member=member, **kwargs)

    attempt(call)


# --- The pages -----------------------------------------------------------------------------------------------

# What a browser (or a script) may post in any box: text, but also numbers, dates in every shape, nonsense.
posted = st.one_of(
    texts.filter(lambda v: "\x00" not in v),  # the test client cannot encode NUL in a form; the forms refuse it
    st.sampled_from(["31/02/2025", "29/02/2024", "01/01/0001", "31/12/9999", "00/00/0000", "2025-13-45", "-1",
                     "99999999999999999999", "1e308", "NaN", "44.DH.01", "44.LB.01", "nam", "nu", "chinh_thuc"]),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.integers().map(str),
)  # fmt: skip

PAGES = {
    "new": ("/members/new/", ["full_name", "sex", "birth_date", "org", "status", "admitted_on", "official_on",
                              "ceremony_on", "citizen_id", "ethnic_group", "work_unit"]),
    "admit": ("/members/admit/", ["full_name", "sex", "birth_date", "org", "vote_on", "admitted_on", "decision_no",
                                  "citizen_id"]),
    "receive": ("/members/receive/", ["full_name", "sex", "birth_date", "org", "on", "letter_no", "admitted_on",
                                      "official_on", "origin"]),
    "edit": ("/members/{pk}/edit/", ["sex", "citizen_id", "ethnic_group", "religion", "education", "birth_place",
                                     "position", "dossier_number"]),
    "correct": ("/members/{pk}/correct/", ["field", "new_value", "basis"]),
    "away": ("/members/{pk}/away/start/", ["kind", "place", "employer", "since", "note"]),
    "family": ("/members/{pk}/family/", ["which", "rel-relation", "rel-full_name", "rel-birth_year", "work-valid_from",
                                         "work-valid_to", "work-unit", "work-position"]),
    "transfer_out": ("/members/{pk}/events/transfer_out/", ["on", "letter_no", "to_org", "destination", "note"]),
    "temporary_out": ("/members/{pk}/events/temporary_out/", ["on", "letter_no", "to_org", "destination", "until"]),
    "exempt": ("/members/{pk}/events/exempt/", ["on", "until", "reason"]),
    "badge": ("/members/{pk}/events/badge/", ["milestone", "on", "decision_no", "seriously_ill"]),
    "card": ("/members/{pk}/events/card/", ["on", "card_number", "decision_no"]),
    "remove": ("/members/{pk}/events/remove/", ["on", "decision_no", "reason"]),
    "died": ("/members/{pk}/events/died/", ["on", "note"]),
}  # fmt: skip
submissions = st.sampled_from(sorted(PAGES)).flatmap(
    lambda page: st.tuples(st.just(page), st.fixed_dictionaries({}, optional={name: posted for name in PAGES[page][1]}))
)


@settings(FUZZ, max_examples=60)
@given(submission=submissions)
def test_a_page_given_random_input_answers_with_its_form_or_a_redirect_never_a_500(
    tree, province_officer, client, attempt, submission
):
    page, data = submission
    if page == "family":
        data.setdefault("which", "relative")
    url = PAGES[page][0].format(pk=tree.members["44.DH.01"][2].pk)
    client.force_login(province_officer)

    def call():
        response = client.post(url, data)
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 200:  # the form again, with its errors: a refusal
            raise DomainError("Biểu mẫu báo lỗi.")
        return response

    attempt(call)


# --- What the fuzzing found, kept as plain cases ------------------------------------------------------------


def test_a_nul_character_in_a_name_is_refused_on_the_name_before_the_database(tree, refused):
    with refused(field="full_name"):
        services.member_create(
            actor=None, full_name="Lê\x00Văn Tám", sex=Sex.MALE, birth_date=date(1980, 1, 1), org=tree.dh1,
            admitted_on=date(2005, 1, 1), official_on=date(2006, 1, 1),
        )  # fmt: skip


def test_a_dossier_text_longer_than_its_column_is_refused_on_that_field(tree, refused):
    with refused(field="work_unit"):
        services.member_update(actor=None, member=tree.members["44.DH.01"][0], work_unit="Công ty " * 40)


def test_a_nul_character_in_a_work_history_row_is_refused_on_its_field(tree, refused):
    with refused(field="unit"):
        work_period_add(actor=None, member=tree.members["44.DH.01"][0], valid_from=date(2010, 1, 1), unit="\x00")


def test_a_decision_number_longer_than_its_column_is_refused_on_that_field(tree, refused):
    with refused(field="decision_no"):
        services.member_leave(actor=None, member=tree.members["44.DH.02"][1], on=date.today(), decision_no="9" * 65)


def test_an_admission_voted_before_the_rules_in_force_is_refused_on_the_vote_day(tree, refused):
    with refused(field="vote_on"):
        services.member_admit(
            actor=None, org=tree.dh2, full_name="Trần Văn Mới", sex=Sex.MALE, birth_date=date(1900, 1, 1),
            vote_on=date(1930, 2, 3), admitted_on=date(1930, 2, 3), decision_no="01-QĐ",
        )  # fmt: skip


def test_a_correction_to_an_impossible_year_is_refused_on_the_new_value(tree, refused):
    with refused(field="new_value"):
        services.correction_request(
            actor=None, member=tree.members["44.DH.01"][0], field="birth_date", new_value="1/1/99999999999999999999",
            basis="Giấy khai sinh số 12",
        )  # fmt: skip
