"""The surplus-staff flow from a merge event (issue 7): when two communes merge into a new one, the posts of
both close, their holders' tenures end "restructured", whoever is left without any post becomes a pending
surplus case of the merge, and the cadres the communes managed move to the new commune. A split that closes
its source, or a dissolution with nowhere to send them, is refused while posts are held there."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from tochuc.cadres.choices import CadreKind, CadreStatus, SurplusPolicy, SurplusStatus, TenureEnd, Title
from tochuc.cadres.models import Cadre, Post, SurplusCase, Tenure
from tochuc.cadres.services.surplus import posts_held
from tochuc.members.services import members_move
from tochuc.orgs.models import OrgEvent, OrgType, Sector
from tochuc.orgs.services import NewOrg, org_dissolve, org_merge, org_split

ON = date(2026, 3, 1)


@pytest.fixture
def staffed(tree, make_cadre, make_post, make_tenure):
    """Posts and holders of both communes, and a post at a cell of Đông Hà (which survives the merge):
    - Đông Hà: secretary Hùng (also deputy chair of the council there: two posts, one case), chairman Lan;
    - Lao Bảo: secretary Bình; chairman Tâm, who also heads the cell 44.DH.01's residential unit;
    - a civil servant of Đông Hà holding no recorded post, and a retired cadre of Lao Bảo."""
    hung = make_cadre(tree.dh, full_name="Lê Văn Hùng")
    lan = make_cadre(tree.dh, full_name="Trần Thị Lan", sex="female")
    binh = make_cadre(tree.lb, full_name="Hồ Văn Bình")
    tam = make_cadre(tree.lb, full_name="Nguyễn Minh Tâm")
    clerk = make_cadre(tree.dh, full_name="Phạm Văn Khoa", kind=CadreKind.CIVIL_SERVANT)
    retired = make_cadre(tree.lb, full_name="Võ Văn Sáu", status=CadreStatus.RETIRED, ended_on=date(2025, 12, 31))
    posts = SimpleNamespace(
        dh_secretary=make_post(tree.dh, Title.SECRETARY),
        dh_council=make_post(tree.dh, Title.COUNCIL_VICE_CHAIR),
        dh_chair=make_post(tree.dh, Title.GOVERNMENT_CHAIR),
        dh_vacant=make_post(tree.dh, Title.FRONT_CHAIR),
        lb_secretary=make_post(tree.lb, Title.SECRETARY),
        lb_chair=make_post(tree.lb, Title.GOVERNMENT_CHAIR),
        cell_head=make_post(tree.dh1, Title.AGENCY_HEAD, filling="appointed"),
    )
    tenures = SimpleNamespace(
        hung=make_tenure(hung, posts.dh_secretary),
        hung_council=make_tenure(hung, posts.dh_council),
        lan=make_tenure(lan, posts.dh_chair),
        binh=make_tenure(binh, posts.lb_secretary),
        tam=make_tenure(tam, posts.lb_chair),
        tam_cell=make_tenure(tam, posts.cell_head),
    )
    return SimpleNamespace(
        hung=hung, lan=lan, binh=binh, tam=tam, clerk=clerk, retired=retired, posts=posts, tenures=tenures
    )


def _merge(actor, tree):
    new = NewOrg(
        code="44.DL",
        name="Đảng bộ phường Đông Lao",
        org_type=OrgType.UPPER_GRASSROOTS_COMMITTEE,
        sector=Sector.COMMUNE,
        parent=tree.province,
    )
    return org_merge(actor=actor, sources=[tree.dh, tree.lb], on=ON, new=new, decision_no="15-QĐ/TU")


def test_a_merge_closes_the_sources_posts_and_ends_their_tenures_restructured(tree, province_officer, staffed):
    _merge(province_officer, tree)

    p = staffed.posts
    closed = set(Post.objects.filter(closed_on=ON).values_list("pk", flat=True))
    assert closed == {
        p.dh_secretary.pk,
        p.dh_council.pk,
        p.dh_chair.pk,
        p.dh_vacant.pk,
        p.lb_secretary.pk,
        p.lb_chair.pk,
    }
    assert Post.objects.get(pk=p.cell_head.pk).closed_on is None  # the cell survives, moved under the new commune
    ended = Tenure.objects.filter(ended_on=ON, end_reason=TenureEnd.RESTRUCTURED)
    t = staffed.tenures
    assert set(ended.values_list("pk", flat=True)) == {t.hung.pk, t.hung_council.pk, t.lan.pk, t.binh.pk, t.tam.pk}
    assert Tenure.objects.get(pk=t.tam_cell.pk).ended_on is None


def test_each_person_left_without_a_post_becomes_a_pending_case_of_the_merge(tree, province_officer, staffed):
    target = _merge(province_officer, tree)

    event = OrgEvent.objects.get(kind=OrgEvent.Kind.MERGE)
    cases = {c.cadre_id: c for c in SurplusCase.objects.select_related("tenure")}
    assert set(cases) == {staffed.hung.pk, staffed.lan.pk, staffed.binh.pk}  # Tâm still heads the cell's unit
    hung = cases[staffed.hung.pk]
    assert (hung.event, hung.org, hung.identified_on) == (event, tree.dh, ON)
    assert (hung.status, hung.policy) == (SurplusStatus.PENDING, SurplusPolicy.UNDECIDED)
    assert hung.tenure == staffed.tenures.hung  # the secretary's post, the higher of the two he lost
    assert cases[staffed.binh.pk].org == tree.lb
    assert target.surplus_cases.count() == 0  # cases stay at the closed orgs, where the people worked


def test_the_cadres_the_communes_managed_move_to_the_new_commune(tree, province_officer, staffed):
    target = _merge(province_officer, tree)

    working = [staffed.hung, staffed.lan, staffed.binh, staffed.tam, staffed.clerk]
    assert set(Cadre.objects.filter(org=target).values_list("pk", flat=True)) == {c.pk for c in working}
    assert Cadre.objects.get(pk=staffed.retired.pk).org == tree.lb  # a finished record stays where it ended


def test_every_write_of_the_follower_is_audited_one_event_per_record(tree, province_officer, staffed, audit_watch):
    watch = audit_watch()
    _merge(province_officer, tree)

    actions = [e.action for e in watch.events()]
    assert actions.count("tenure.end") == 5
    assert actions.count("post.close") == 6
    assert actions.count("surplus.create") == 3
    assert actions.count("cadre.update") == 5
    created = [e for e in watch.events() if e.action == "surplus.create"]
    assert {e.actor for e in created} == {province_officer}
    assert {e.changes["org"]["after"] for e in created} == {"44.DH", "44.LB"}


def test_a_merge_into_an_existing_commune_moves_its_cadres_there(tree, province_officer, staffed):
    org_merge(actor=province_officer, sources=[tree.lb], target=tree.dh, on=ON)

    assert Cadre.objects.get(pk=staffed.binh.pk).org == tree.dh
    assert Post.objects.get(pk=staffed.posts.dh_secretary.pk).closed_on is None  # the target keeps its posts
    assert set(SurplusCase.objects.values_list("cadre_id", flat=True)) == {staffed.binh.pk}


def test_a_person_holding_posts_in_both_merged_communes_is_one_case(tree, province_officer, staffed, make_tenure):
    make_tenure(staffed.binh, staffed.posts.dh_vacant)
    _merge(province_officer, tree)

    [case] = SurplusCase.objects.filter(cadre=staffed.binh)
    assert case.org == tree.lb  # the org whose closing left him without any post


def test_posts_held_says_what_is_held(tree, staffed):
    assert posts_held(tree.dh) == "3 chức vụ còn người giữ, 3 cán bộ đang quản lý"
    assert posts_held(tree.lb2) is None


def test_a_split_closing_the_source_is_refused_while_posts_are_held(tree, province_officer, staffed, refused):
    parts = [
        NewOrg(code="44.DH.A", name="Đảng bộ phường Đông Hà A", org_type=OrgType.UPPER_GRASSROOTS_COMMITTEE,
               member_ids=[], child_codes=["44.DH.01", "44.DH.CT"]),
        NewOrg(code="44.DH.B", name="Đảng bộ phường Đông Hà B", org_type=OrgType.UPPER_GRASSROOTS_COMMITTEE,
               member_ids=[], child_codes=["44.DH.02"]),
    ]  # fmt: skip
    with refused(field="parts") as info:
        org_split(actor=province_officer, source=tree.dh, parts=parts, on=ON)
    assert "3 chức vụ còn người giữ" in info.value.message


def test_a_dissolution_with_nowhere_to_go_is_refused_while_posts_are_held(
    tree, commune_officer, make_cadre, make_post, make_tenure, refused
):
    cell = tree.dh2
    post = make_post(cell, Title.SECRETARY)
    make_tenure(make_cadre(tree.dh, full_name="Đặng Văn Nam"), post)
    members_move(from_orgs=[cell], to=tree.dh1, on=ON)  # the members left first; the post is still held
    with refused(field="members_to") as info:
        org_dissolve(actor=commune_officer, org=cell, on=ON)
    assert "1 chức vụ còn người giữ" in info.value.message


def test_a_dissolution_into_another_org_opens_the_cases(tree, commune_officer, make_cadre, make_post, make_tenure):
    post = make_post(tree.dh2, Title.SECRETARY)
    nam = make_cadre(tree.dh2, full_name="Đặng Văn Nam")
    make_tenure(nam, post)

    org_dissolve(actor=commune_officer, org=tree.dh2, on=ON, members_to=tree.dh1)

    [case] = SurplusCase.objects.all()
    assert (case.cadre, case.org, case.event.kind) == (nam, tree.dh2, OrgEvent.Kind.DISSOLVE)
    assert Cadre.objects.get(pk=nam.pk).org == tree.dh1
