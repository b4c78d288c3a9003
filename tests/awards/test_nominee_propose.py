"""Proposing a commendation (`services.nominees.nominee_propose`, `nominees_propose`): the recipient inside the
proposing org's subtree on the day, its name and unit copied, one live nomination per recipient and award,
the rating conditions warning while unconfirmed and refusing once confirmed, refusals that write nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tochuc.awards.choices import NomineeStatus, PeriodType, RecipientKind
from tochuc.awards.models import Nominee
from tochuc.awards.services.nominees import nominee_propose, nominee_withdraw, nominees_propose
from tochuc.members.services import member_transfer_out

PROPOSED_ON = date(2026, 1, 10)


def propose(actor, proposing_org, member=None, org=None, **kw):
    values = {
        "form": "commendation",
        "period_type": PeriodType.ANNUAL,
        "year_to": 2025,
        "proposed_on": PROPOSED_ON,
        **kw,
    }
    kind = RecipientKind.MEMBER if member is not None else RecipientKind.ORG
    return nominee_propose(
        actor=actor, proposing_org=proposing_org, kind=kind, member=member, recipient_org=org, **values
    )


def test_a_commune_proposes_an_excellent_member_and_copies_name_and_unit(
    commune_officer, tree, excellent_member, audit_watch
):
    watch = audit_watch()
    n = propose(commune_officer, tree.dh, excellent_member, document_no="12-TTr/ĐU", achievement="")
    assert n.status == NomineeStatus.PROPOSED and n.kind == RecipientKind.MEMBER
    assert n.recipient_name == "Nguyễn Văn An"
    assert n.recipient_unit == "Chi bộ khu phố 1, Đảng bộ phường Đông Hà"
    assert n.recipient_folded == "nguyen van an"
    assert (n.year_from, n.year_to) == (2025, 2025)
    assert n.achievement == "Đảng viên hoàn thành xuất sắc nhiệm vụ năm 2025"
    assert n.proposed_by == commune_officer
    (event,) = watch.events()
    assert event.action == "award.propose" and event.note == "" and event.org_path == tree.dh.path


def test_an_org_is_proposed_as_a_collective_with_its_parents_as_unit(commune_officer, tree, rate):
    rate(tree.dh_company_cell, 2025)
    n = propose(commune_officer, tree.dh, org=tree.dh_company_cell)
    assert n.kind == RecipientKind.ORG and n.recipient_name == "Chi bộ Phân xưởng sản xuất"
    assert n.recipient_unit == "Đảng bộ Công ty Cổ phần Đông Hà, Đảng bộ phường Đông Hà"
    assert n.achievement.startswith("Tổ chức đảng hoàn thành xuất sắc nhiệm vụ")


def test_an_org_may_propose_itself(commune_officer, tree, rate):
    rate(tree.dh, 2025)
    n = propose(commune_officer, tree.dh, org=tree.dh)
    assert n.recipient_org == tree.dh and n.recipient_unit == ""


def test_a_member_rated_good_is_proposed_with_a_warning_while_the_rule_is_unconfirmed(
    commune_officer, tree, rate, audit_watch
):
    member = tree.members["44.DH.02"][0]
    rate(member, 2025, "good")
    watch = audit_watch()
    n = propose(commune_officer, tree.dh, member)
    assert n.pk
    assert "Năm 2025 xếp loại hoàn thành tốt nhiệm vụ" in watch.events()[0].note


def test_a_member_rated_good_is_refused_once_the_rule_is_confirmed(commune_officer, tree, rate, confirm, refused):
    member = tree.members["44.DH.02"][0]
    rate(member, 2025, "good")
    confirm("award.min_rating")
    with refused(field="member") as info:
        propose(commune_officer, tree.dh, member)
    assert "hoàn thành tốt nhiệm vụ" in info.value.message


def test_a_year_not_yet_rated_is_refused_once_the_rule_is_confirmed(commune_officer, tree, confirm, refused):
    confirm("award.min_rating")
    with refused(field="member") as info:
        propose(commune_officer, tree.dh, tree.members["44.DH.02"][1])
    assert "Năm 2025 chưa có kết quả xếp loại" in info.value.message


def test_a_five_year_award_needs_five_years_named_from_the_first(commune_officer, tree, excellent_member, refused):
    with refused(field="year_from") as info:
        propose(commune_officer, tree.dh, excellent_member, period_type=PeriodType.FIVE_YEAR, year_from=2022)
    assert "2021" in info.value.message
    with refused(field="year_from"):
        propose(commune_officer, tree.dh, excellent_member, period_type=PeriodType.FIVE_YEAR)


def test_five_consecutive_excellent_years_are_proposed_for_the_five_year_award(
    commune_officer, tree, rate, confirm, audit_watch
):
    member = tree.members["44.DH.01"][1]
    for year in range(2021, 2026):
        rate(member, year)
    confirm("award.min_rating")
    confirm("award.consecutive_years")
    watch = audit_watch()
    n = propose(commune_officer, tree.dh, member, form="merit", period_type=PeriodType.FIVE_YEAR, year_from=2021)
    assert (n.year_from, n.year_to) == (2021, 2025) and "5 năm liên tục (2021–2025)" in n.achievement
    assert watch.events()[0].note == ""


def test_a_good_year_among_the_five_refuses_the_five_year_award_once_confirmed(
    commune_officer, tree, rate, confirm, refused
):
    member = tree.members["44.DH.01"][1]
    for year, level in zip(
        range(2021, 2026), ["excellent", "excellent", "excellent", "good", "excellent"], strict=True
    ):
        rate(member, year, level)
    confirm("award.min_rating")
    confirm("award.consecutive_years")
    with refused(field="member") as info:
        propose(commune_officer, tree.dh, member, form="merit", period_type=PeriodType.FIVE_YEAR, year_from=2021)
    assert "Năm 2024 xếp loại hoàn thành tốt nhiệm vụ" in info.value.message


def test_an_adhoc_award_needs_no_rating(commune_officer, tree, confirm):
    confirm("award.min_rating")
    n = propose(
        commune_officer, tree.dh, tree.members["44.DH.02"][2], period_type=PeriodType.ADHOC, year_to=None,
        achievement="Dũng cảm cứu người trong cơn lũ tháng 10/2025",
    )  # fmt: skip
    assert n.year_to == PROPOSED_ON.year and n.achievement.startswith("Dũng cảm")


def test_a_second_live_nomination_for_the_same_award_is_refused(commune_officer, tree, excellent_member, refused):
    propose(commune_officer, tree.dh, excellent_member)
    with refused(field="member") as info:
        propose(commune_officer, tree.dh, excellent_member)
    assert "đã có đề nghị Giấy khen" in info.value.message


def test_another_form_or_a_withdrawn_nomination_does_not_count_as_a_duplicate(commune_officer, tree, excellent_member):
    first = propose(commune_officer, tree.dh, excellent_member)
    assert propose(commune_officer, tree.dh, excellent_member, form="merit").pk
    nominee_withdraw(
        actor=commune_officer, nominee=first, withdrawn_on=PROPOSED_ON, reason="Chuyển sang đề nghị Bằng khen"
    )
    assert propose(commune_officer, tree.dh, excellent_member).pk
    assert Nominee.objects.filter(member=excellent_member).count() == 3


def test_a_member_outside_the_proposing_org_is_refused(commune_officer, tree, rate, refused):
    other_cell_member = tree.members["44.DH.02"][0]
    rate(other_cell_member, 2025)
    with refused(field="member") as info:
        propose(commune_officer, tree.dh1, other_cell_member)
    assert "không sinh hoạt trong Chi bộ khu phố 1" in info.value.message


def test_a_member_who_left_before_the_proposal_day_is_refused(commune_officer, tree, excellent_member, refused):
    member_transfer_out(
        actor=None, member=excellent_member, on=date(2026, 1, 5), destination="Đảng bộ tỉnh Thừa Thiên Huế",
        letter_no="15-GGT/BTC",
    )  # fmt: skip
    with refused(field="member"):
        propose(commune_officer, tree.dh, excellent_member)


def test_an_org_outside_the_proposing_org_is_refused(province_officer, tree, rate, refused):
    rate(tree.lb1, 2025)
    with refused(field="recipient_org"):
        propose(province_officer, tree.dh, org=tree.lb1)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"form": "medal"}, "form"),
        ({"period_type": "monthly"}, "period_type"),
        ({"proposed_on": date(2027, 1, 1)}, "proposed_on"),
        ({"year_to": 2026, "proposed_on": date(2025, 12, 30)}, "year_to"),
        ({"year_to": 1900}, "year_to"),
        ({"year_from": 2024}, "year_from"),
        ({"document_no": "x" * 51}, "document_no"),
        ({"achievement": "x" * 2001}, "achievement"),
    ],
)
def test_bad_terms_are_refused_naming_the_field(commune_officer, tree, excellent_member, refused, overrides, field):
    with refused(field=field):
        propose(commune_officer, tree.dh, excellent_member, **overrides)


def test_outside_the_scope_is_404_and_a_viewer_is_403(outsider, viewer, tree, excellent_member, nothing_written):
    with nothing_written(), pytest.raises(Http404):
        propose(outsider, tree.dh, excellent_member)
    with nothing_written(), pytest.raises(PermissionDenied):
        propose(viewer, tree.dh, excellent_member)


def test_a_list_is_proposed_at_once_or_not_at_all(commune_officer, tree, rate, refused):
    good = tree.members["44.DH.02"]
    for m in good[:2]:
        rate(m, 2025)
    rate(tree.dh1, 2025)
    nominees = nominees_propose(
        actor=commune_officer, proposing_org=tree.dh, members=good[:2], orgs=[tree.dh1], form="commendation",
        period_type=PeriodType.ANNUAL, year_to=2025, proposed_on=PROPOSED_ON, document_no="20-TTr/ĐU",
    )  # fmt: skip
    assert [n.recipient_name for n in nominees] == ["Chi bộ khu phố 1", "Phạm Thị Thu Hà", "Hoàng Văn Dũng"]
    with refused(field="recipients") as info:
        nominees_propose(
            actor=commune_officer, proposing_org=tree.dh, members=[good[2], good[0]], form="commendation",
            period_type=PeriodType.ANNUAL, year_to=2025, proposed_on=PROPOSED_ON,
        )  # fmt: skip
    assert "Phạm Thị Thu Hà" in info.value.message
