"""Recording a commendation decision (`services.decisions.decision_create`): the number once per org, the signing
day, the signer, a set of accepted nominations under the deciding org all of the decision's form, kind and
years (a different one refused by name), marked awarded all at once; who may record it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tochuc.awards.choices import NomineeStatus, PeriodType
from tochuc.awards.models import Decision, Nominee
from tochuc.awards.services.decisions import decision_create
from tochuc.awards.services.nominees import nominee_propose, nominee_review
from tochuc.proposals.models import Conference

PROPOSED_ON = date(2026, 1, 10)
REVIEWED_ON = date(2026, 1, 14)
SIGNED_ON = date(2026, 1, 20)


@pytest.fixture
def accepted(tree, rate, commune_officer, province_officer):
    """Three members of Đông Hà and the cell 44.DH.01, proposed by the commune for Bằng khen 2025, accepted."""
    people = [*tree.members["44.DH.01"][:2], tree.members["44.DH.02"][0]]
    out = []
    for who in [tree.dh1, *people]:
        rate(who, 2025)
        kw = {"member": who, "kind": "member"} if hasattr(who, "full_name") else {"recipient_org": who, "kind": "org"}
        n = nominee_propose(actor=commune_officer, proposing_org=tree.dh, form="merit", period_type="annual",
                            year_to=2025, proposed_on=PROPOSED_ON, **kw)  # fmt: skip
        out.append(nominee_review(actor=province_officer, nominee=n, accept=True, reviewed_on=REVIEWED_ON))
    return out


def decide(actor, org, nominees, **kw):
    values = {
        "number": "1520-QĐ/TU",
        "signed_on": SIGNED_ON,
        "signer_name": "Lê Ngọc Quang",
        "signer_title": "Bí thư",
        "form": "merit",
        "period_type": PeriodType.ANNUAL,
        "title": "",
        "year_to": 2025,
        **kw,
    }
    return decision_create(actor=actor, org=org, nominees=nominees, **values)


def test_the_province_decides_and_every_nominee_is_awarded(province_officer, tree, accepted, audit_watch):
    watch = audit_watch()
    d = decide(province_officer, tree.province, accepted)
    assert d.title.startswith("Về việc tặng Bằng khen") and (d.year_from, d.year_to) == (2025, 2025)
    assert set(Nominee.objects.filter(decision=d).values_list("status", flat=True)) == {NomineeStatus.AWARDED}
    assert d.nominees.count() == 4
    (event,) = watch.events()
    assert event.action == "award.decide" and event.note == "1 tập thể, 3 cá nhân"


def test_the_number_is_unique_for_the_org(province_officer, tree, accepted, refused):
    decide(province_officer, tree.province, accepted[:2])
    with refused(field="number") as info:
        decide(province_officer, tree.province, accepted[2:], number="1520-qđ/tu")
    assert "1520-qđ/tu" in info.value.message


def test_a_nominee_not_accepted_is_refused_by_name(province_officer, tree, accepted, refused, rate, commune_officer):
    member = tree.members["44.DH.02"][1]
    rate(member, 2025)
    pending = nominee_propose(actor=commune_officer, proposing_org=tree.dh, kind="member", member=member,
                              form="merit", period_type="annual", year_to=2025, proposed_on=PROPOSED_ON)  # fmt: skip
    with refused(field="nominees") as info:
        decide(province_officer, tree.province, [*accepted, pending])
    assert "Hoàng Văn Dũng" in info.value.message and "chưa được chấp thuận" in info.value.message


def test_a_nominee_of_another_form_or_year_is_refused_by_name(province_officer, tree, accepted, refused):
    with refused(field="nominees") as info:
        decide(province_officer, tree.province, accepted, form="commendation")
    assert "Chi bộ khu phố 1" in info.value.message and "Bằng khen" in info.value.message
    with refused(field="nominees"):
        decide(province_officer, tree.province, accepted, period_type=PeriodType.ADHOC, year_to=None)
    with refused(field="nominees") as info:
        decide(province_officer, tree.province, accepted, year_to=2024)
    assert "2025" in info.value.message


def test_a_commune_does_not_decide_its_own_nominations(commune_officer, tree, accepted, refused):
    with refused(field="nominees") as info:
        decide(commune_officer, tree.dh, accepted, number="5-QĐ/ĐU")
    assert "không thuộc thẩm quyền" in info.value.message


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"number": "  "}, "number"),
        ({"number": "x" * 51}, "number"),
        ({"signed_on": date(2027, 1, 1)}, "signed_on"),
        ({"signed_on": date(2026, 1, 13)}, "signed_on"),  # before the review
        ({"signer_name": ""}, "signer_name"),
        ({"signer_title": ""}, "signer_title"),
        ({"form": "medal"}, "form"),
        ({"period_type": "five_year", "year_from": 2022}, "year_from"),
        ({"year_to": None}, "year_to"),
        ({"year_to": 2027}, "year_to"),
    ],
)
def test_bad_decisions_are_refused_naming_the_field(province_officer, tree, accepted, refused, overrides, field):
    with refused(field=field):
        decide(province_officer, tree.province, accepted, **overrides)


def test_an_empty_list_is_refused(province_officer, tree, refused):
    with refused(field="nominees"):
        decide(province_officer, tree.province, [])


def test_a_conference_of_another_org_is_refused(province_officer, tree, accepted, refused):
    other = Conference.objects.create(org=tree.dh, title="Hội nghị tổng kết phường", kind="review",
                                      held_on=date(2026, 1, 22))  # fmt: skip
    with refused(field="conference"):
        decide(province_officer, tree.province, accepted, conference=other)
    own = Conference.objects.create(org=tree.province, title="Hội nghị tổng kết công tác xây dựng Đảng năm 2025",
                                    kind="review", held_on=date(2026, 1, 22))  # fmt: skip
    assert decide(province_officer, tree.province, accepted, conference=own).conference == own


def test_who_may_record_a_decision(leader, viewer, outsider, commune_officer, tree, accepted, nothing_written):
    for actor, error in ((leader, PermissionDenied), (viewer, Http404), (commune_officer, Http404)):
        with nothing_written(), pytest.raises(error):
            decide(actor, tree.province, accepted)
    with nothing_written(), pytest.raises(Http404):
        decide(outsider, tree.dh, accepted)
    assert not Decision.objects.exists()
