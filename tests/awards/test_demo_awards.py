"""The demo's commendations (`demo.awards.seed_awards`): on a small demo province whose yearly ratings are
decided (written here as the ratings demo writes them) the figures add up and every record keeps the rules the
services apply; on the shared test tree, without ratings, it falls back to a deterministic choice and gives the
same records for a seed."""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.db import connection, transaction
from django.db.models import Q
from django.test import override_settings

from tochuc.awards.choices import NomineeStatus, PeriodType, RecipientKind
from tochuc.awards.models import Decision, Nominee
from tochuc.awards.selectors.eligibility import levels_for
from tochuc.awards.services.decisions import decidable_by
from tochuc.core.models import AuditEvent
from tochuc.demo import province
from tochuc.demo.awards import seed_awards
from tochuc.members.models import Member, Membership
from tochuc.orgs.models import Org
from tochuc.proposals.models import Conference
from tochuc.ratings.models import Campaign, Entry

TODAY = date(2026, 11, 20)
MEMBERS = 3000
CONFERENCE = "Hội nghị tổng kết công tác xây dựng Đảng năm 2025, triển khai nhiệm vụ năm 2026"


def test_it_runs_on_the_test_tree_and_repeats_itself_for_a_seed(tree):
    def run() -> list:
        sid = transaction.savepoint()
        figures = seed_awards(root=tree.province, today=TODAY, seed=2)
        rows = list(Nominee.objects.order_by("recipient_name", "form", "period_type").values_list(
            "recipient_name", "proposing_org__code", "form", "period_type", "status", "decision__number"))  # fmt: skip
        transaction.savepoint_rollback(sid)
        return [figures, rows]

    first, second = run(), run()
    assert first == second
    figures = first[0]
    assert figures["from_ratings"] == 0 and figures["five_year"] == 0  # no ratings: no five-year award invented
    assert figures["province_people"] > 0 and figures["decisions"] >= 2
    assert not Nominee.objects.exists()


def test_a_later_date_keeps_everything_in_the_past(tree):
    today = date(2027, 3, 1)
    figures = seed_awards(root=tree.province, today=today, seed=3)
    assert figures["year"] == 2026
    assert not Nominee.objects.filter(Q(proposed_on__gt=today) | Q(reviewed_on__gt=today)).exists()
    assert not Decision.objects.filter(signed_on__gt=today).exists()


def test_it_signs_with_the_secretary_of_cadre_work(tree):
    from tochuc.cadres.choices import Filling, TenureSource, Title, title_body
    from tochuc.cadres.models import Cadre, Post, Tenure
    from tochuc.core.text import fold, person_sort_key

    name = "Nguyễn Long Hải"
    cadre = Cadre.objects.create(org=tree.province, full_name=name, name_folded=fold(name),
                                 sort_key=person_sort_key(name), sex="male", birth_date=date(1970, 1, 1))  # fmt: skip
    post = Post.objects.create(
        org=tree.province, title=Title.SECRETARY, body=title_body(Title.SECRETARY), name="Bí thư Tỉnh ủy",
        name_folded="bi thu tinh uy", filling=Filling.ELECTED,
    )  # fmt: skip
    Tenure.objects.create(cadre=cadre, post=post, started_on=date(2025, 10, 5), source=TenureSource.ELECTED)
    seed_awards(root=tree.province, today=TODAY, seed=1)
    decision = Decision.objects.get(org=tree.province, period_type=PeriodType.ANNUAL)
    assert (decision.signer_name, decision.signer_title) == (name, "Bí thư")


# --- A small demo province with its ratings ---------------------------------------------------------------------


def _ratings(root: Org) -> None:
    """Decided yearly ratings 2021–2025 for every active member and every commune and cell, as the ratings demo
    writes them: about a quarter excellent, some excellent every year."""
    rng = random.Random(7)
    members = list(Member.objects.active().filter(org__path__under=root.path).values_list("pk", "org_id"))
    orgs = list(Org.objects.filter(path__under=root.path, depth__in=(1, 2)).values_list("pk", flat=True))
    entries = []
    for year in range(2021, 2026):
        c = Campaign.objects.create(org=root, title=f"Đánh giá, xếp loại năm {year}", period_kind="year", year=year,
                                    starts_on=date(year, 11, 15))  # fmt: skip
        for pk, org in members:
            level = "excellent" if pk % 9 == 0 or rng.random() < 0.2 else rng.choice(["good", "good", "completed"])
            entries.append(Entry(campaign=c, kind="member", org_id=org, member_id=pk, form="2B", stage="decided",
                                 level=level, decided_on=date(year, 12, 20)))  # fmt: skip
        for pk in orgs:
            level = "excellent" if pk % 6 == 0 or rng.random() < 0.25 else "good"
            entries.append(Entry(campaign=c, kind="org", org_id=pk, form="01", stage="decided", level=level,
                                 decided_on=date(year, 12, 20)))  # fmt: skip
    Entry.objects.bulk_create(entries, batch_size=2000)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """A small demo province with decided ratings and the year-end conference, its commendations seeded once for
    the module in a transaction rolled back at the end. Yields the figures `seed_awards` returned."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with fast:
                plan = province.plan_province(seed=1, members=MEMBERS, today=TODAY)
                root = province.seed_province(plan=plan)["root"]
                _ratings(root)
                Conference.objects.create(org=root, title=CONFERENCE, kind="review", held_on=date(2026, 1, 23))
                figures = seed_awards(root=root, today=TODAY, seed=1)
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE")
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield figures
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def test_the_figures_add_up(demo, db):
    nominees = Nominee.objects.all()
    assert demo["nominees"] == nominees.count()
    assert demo["decisions"] == Decision.objects.count() >= 4
    assert demo["awarded"] == nominees.filter(status=NomineeStatus.AWARDED).count()
    for status in ("proposed", "accepted", "rejected", "withdrawn"):
        assert demo[status] == nominees.filter(status=status).count() > 0, status
    assert demo["from_ratings"] == 1 and demo["conference"] == 1 and demo["year"] == 2025
    event = AuditEvent.objects.get(action="demo.seed", note="Khen thưởng")
    assert event.changes["nominees"]["after"] == demo["nominees"]


def test_the_conference_awarded_ten_collectives_and_twenty_individuals(demo, db):
    decision = Decision.objects.get(org__code="44", period_type=PeriodType.ANNUAL)
    assert decision.conference.title == CONFERENCE and decision.form == "merit"
    assert decision.signed_on < decision.conference.held_on
    kinds = list(decision.nominees.values_list("kind", flat=True))
    assert kinds.count(RecipientKind.ORG) == demo["province_orgs"] == 10
    assert kinds.count(RecipientKind.MEMBER) == demo["province_people"] == 20


def test_the_five_year_decision_and_some_people_in_both(demo, db):
    five = Decision.objects.get(org__code="44", period_type=PeriodType.FIVE_YEAR)
    assert (five.year_from, five.year_to) == (2021, 2025)
    assert demo["five_year"] == five.nominees.count() > 0
    annual = Decision.objects.get(org__code="44", period_type=PeriodType.ANNUAL)
    both = set(five.nominees.values_list("member", flat=True)) & set(annual.nominees.values_list("member", flat=True))
    assert both - {None}


def test_every_award_keeps_the_rules_of_the_services(demo, db):
    awarded = list(Nominee.objects.filter(decision__isnull=False).select_related("decision", "decision__org",
                                                                                  "proposing_org"))  # fmt: skip
    levels = levels_for(
        members=[n.member_id for n in awarded if n.member_id],
        orgs=[n.recipient_org_id for n in awarded if n.recipient_org_id],
        years=range(2021, 2026),
    )
    for n in awarded:
        d = n.decision
        assert (n.form, n.period_type, n.year_from, n.year_to) == (d.form, d.period_type, d.year_from, d.year_to)
        assert decidable_by(d.org, n), n
        assert n.proposed_on <= n.reviewed_on <= d.signed_on <= TODAY
        key = ("member", n.member_id) if n.member_id else ("org", n.recipient_org_id)
        assert all(levels[key][y] == "excellent" for y in range(n.year_from, n.year_to + 1)), n
    # The commune decisions: Giấy khen of a commune for its cells' proposals.
    communes = Decision.objects.exclude(org__code="44")
    assert communes.count() == demo["commune_decisions"] > 0
    assert set(communes.values_list("form", flat=True)) == {"commendation"}


def test_every_member_was_active_under_the_proposing_org_on_the_day(demo, db):
    for n in Nominee.objects.filter(kind=RecipientKind.MEMBER).select_related("proposing_org"):
        assert Membership.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=n.proposed_on),
            member_id=n.member_id, org__path__under=n.proposing_org.path, valid_from__lte=n.proposed_on,
        ).exists(), n  # fmt: skip


def test_the_rejected_ones_were_rated_good(demo, db):
    for n in Nominee.objects.filter(status=NomineeStatus.REJECTED):
        assert levels_for(members=[n.member_id], years=[2025])[("member", n.member_id)][2025] == "good"
        assert "hoàn thành tốt nhiệm vụ" in n.review_note.lower()


def test_the_province_decision_prints_both_lists(demo, db):
    from tochuc.awards.pdf import decision_html

    decision = Decision.objects.get(org__code="44", period_type=PeriodType.ANNUAL)
    html = decision_html(actor=None, decision=decision)
    assert "TỈNH ỦY QUẢNG TRỊ" in html and "BAN THƯỜNG VỤ TỈNH ỦY QUẢNG TRỊ" in html
    assert "cho 10 tập thể và 20 cá nhân" in html
    for name in decision.nominees.values_list("recipient_name", flat=True):
        assert name in html
