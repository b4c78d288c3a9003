"""The demo's commendations (DOMAIN.md §10) for the last rated year (2025 when seeded in 2026): the provincial
standing committee's Bằng khen decision presented at the year-end conference early the next year (10
collectives and 20 members rated "excellent" that year), a second Bằng khen decision for five consecutive
excellent years (2021–2025) when the ratings go back that far, a few communes' Giấy khen decisions for their
cells and members, and proposals still pending (proposed, accepted, rejected, one withdrawn).

Recipients come from the decided yearly ratings the ratings demo wrote (the latest decision of a year wins, as
the pages read them); without any, they are chosen deterministically among the active members and the
grassroots orgs, and `from_ratings` is 0 in the figures. Written in bulk with the ORM, one audit event; the
same seed gives the same records."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from tochuc.awards import rules
from tochuc.awards.choices import AwardForm, NomineeStatus, PeriodType, RecipientKind
from tochuc.awards.models import Decision, Nominee
from tochuc.cadres.choices import Title
from tochuc.cadres.models import Tenure
from tochuc.core.audit import audit_record
from tochuc.core.bulk import analyze
from tochuc.core.text import fold
from tochuc.members.models import Member, Membership
from tochuc.orgs.models import SEGMENT, Org, OrgType, Sector
from tochuc.proposals.choices import ConferenceKind
from tochuc.proposals.models import Conference
from tochuc.ratings.choices import PeriodKind, Rating, Stage, SubjectKind
from tochuc.ratings.models import Campaign, Entry

from . import names
from .province import DONG_HA

PROVINCE_ORGS, PROVINCE_PEOPLE = 10, 20  # the year-end conference's Bằng khen: 10 collectives, 20 individuals
FIVE_YEAR_ORGS, FIVE_YEAR_PEOPLE = 3, 8
COMMUNES = 4  # communes (Đông Hà first) with a Giấy khen decision of their own
COMMUNE_ORGS, COMMUNE_PEOPLE = 3, 8
REJECT_REASON = "Năm {y} xếp loại «{level}», không đủ điều kiện đề nghị khen thưởng (Hướng dẫn 21-HD/BTCTW)."
# The late proposals at the province: three accepted for the next decision, four awaiting review, one withdrawn.
PENDING = (
    [NomineeStatus.ACCEPTED] * 3 + [NomineeStatus.PROPOSED] * 3 + [NomineeStatus.WITHDRAWN, NomineeStatus.PROPOSED]
)
WITHDRAW_REASON = "Đảng viên chuyển sinh hoạt đảng chính thức ra ngoài tỉnh, tổ chức đảng rút đề nghị"


@dataclass(eq=False)
class _Who:
    kind: str
    id: int
    name: str
    path: str  # the org the member was active in on the proposal day, or the org itself
    org_id: int


class _Seed:
    def __init__(self, *, root: Org, today: date, seed: int):
        self.root, self.today = root, today
        self.rng = random.Random(f"tochuc-demo:{seed}:awards")
        # The last year whose year-end conference (January of the next year) is over.
        self.year = today.year - 1 if today >= date(today.year, 2, 1) else today.year - 2
        self.years = list(range(self.year - 4, self.year + 1))
        self.orgs = {o.path: o for o in Org.objects.filter(path__under=root.path)}
        self.by_id = {o.pk: o for o in self.orgs.values()}
        self.nominees: list[Nominee] = []
        self.decisions: list[tuple[Decision, list[Nominee]]] = []
        self.used: set[tuple[str, int, str, str]] = set()  # (kind, id, form, period) nominated
        self.from_ratings = True
        self.conference = (
            Conference.objects.filter(
                org=root, kind=ConferenceKind.REVIEW, held_on__year=self.year + 1, held_on__month=1
            )
            .order_by("-held_on", "-id")
            .first()
        )

    # --- reading the ratings ------------------------------------------------------------------------------

    def levels(self) -> None:
        """The decided level of each of the five years for every member and org under the root."""
        rows = (
            Entry.objects.filter(
                stage=Stage.DECIDED,
                campaign__period_kind=PeriodKind.YEAR,
                campaign__year__in=self.years,
                org__path__under=self.root.path,
            )
            .order_by("decided_on", "id")
            .values_list("kind", "member_id", "org_id", "campaign__year", "level")
        )
        self.member_levels: dict[int, dict[int, str]] = defaultdict(dict)
        self.org_levels: dict[int, dict[int, str]] = defaultdict(dict)
        for kind, member_id, org_id, year, level in rows.iterator(chunk_size=5000):
            if kind == SubjectKind.MEMBER:
                self.member_levels[member_id][year] = level
            else:
                self.org_levels[org_id][year] = level
        self.from_ratings = bool(self.member_levels or self.org_levels)

    def _excellent(self, levels: dict[int, str], years: list[int]) -> bool:
        return all(levels.get(y) == Rating.EXCELLENT for y in years)

    def members_on(self, on: date, ids: list[int] | None = None) -> dict[int, _Who]:
        """Members active under the root on `on` (optionally only `ids`), with the org they were active in."""
        qs = Membership.objects.filter(org__path__under=self.root.path, valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=on)
        )
        if ids is not None:
            qs = qs.filter(member_id__in=ids)
        rows = qs.values_list("member_id", "org__path", "org_id", "member__full_name").order_by("member_id")
        return {m: _Who(RecipientKind.MEMBER, m, name, path, org_id) for m, path, org_id, name in rows}

    def _org_who(self, org: Org) -> _Who:
        return _Who(RecipientKind.ORG, org.pk, org.name, org.path, org.pk)

    # --- people and orgs chosen -------------------------------------------------------------------------------

    def pick_members(self, on: date, *, years: list[int], n: int, under: str = "", skip: set[int] | None = None):
        """Up to `n` members excellent in every year of `years` (or, without ratings, any active member), active
        under `under` on `on`, in a shuffled but repeatable order; none already nominated (or in `skip`)."""
        skip = (skip or set()) | {k[1] for k in self.used if k[0] == RecipientKind.MEMBER}
        if self.from_ratings:
            ids = sorted(m for m, lv in self.member_levels.items() if m not in skip and self._excellent(lv, years))
            if not ids:
                return []
            pool = list(self.members_on(on, ids).values())
        elif years == [self.year]:
            pool = [w for w in self.members_on(on).values() if w.id not in skip]
        else:
            return []
        pool = [w for w in pool if w.path.startswith(under or self.root.path) and w.path.count(".") > 1]
        self.rng.shuffle(pool)
        return pool[:n]

    def pick_orgs(self, on: date, *, years: list[int], n: int, under: str, depths: tuple[int, ...]):
        pool = [
            o
            for o in self.orgs.values()
            if o.path.startswith(under)
            and o.depth in depths
            and o.opened_on <= on
            and (o.closed_on is None or o.closed_on > on)
            and o.org_type != OrgType.PARTY_GROUP
        ]
        if self.from_ratings:
            pool = [o for o in pool if self._excellent(self.org_levels.get(o.pk, {}), years)]
        elif years != [self.year]:
            return []  # without ratings nobody is known to be excellent five years running
        pool.sort(key=lambda o: o.path)
        self.rng.shuffle(pool)
        return [self._org_who(o) for o in pool[:n]]

    # --- writing ----------------------------------------------------------------------------------------------

    def unit(self, who: _Who) -> str:
        """As the service copies it: the org and its ancestors below the root (a collective: its ancestors)."""
        path = who.path
        parts = [path[:i] for i in range(2 * SEGMENT, len(path) + 1, SEGMENT)]
        if who.kind == RecipientKind.ORG:
            parts = parts[:-1]
        return ", ".join(self.orgs[p].name for p in reversed(parts) if p in self.orgs)[:255]

    def nominate(
        self,
        who: _Who,
        *,
        proposing: Org,
        form: str,
        period: str,
        proposed_on: date,
        document_no: str,
        status: str = NomineeStatus.PROPOSED,
        reviewed_on: date | None = None,
        note: str = "",
    ) -> Nominee | None:
        key = (who.kind, who.id, form, period)
        if key in self.used:
            return None
        self.used.add(key)
        year_from = self.year - 4 if period == PeriodType.FIVE_YEAR else self.year
        n = Nominee(
            proposing_org=proposing,
            kind=who.kind,
            member_id=who.id if who.kind == RecipientKind.MEMBER else None,
            recipient_org_id=who.id if who.kind == RecipientKind.ORG else None,
            recipient_name=who.name,
            recipient_folded=fold(who.name),
            recipient_unit=self.unit(who),
            form=form,
            period_type=period,
            year_from=year_from,
            year_to=self.year,
            achievement=rules.default_achievement(who.kind, period, year_from, self.year),
            proposed_on=proposed_on,
            document_no=document_no,
            status=status,
            reviewed_on=reviewed_on,
            review_note=note,
        )
        self.nominees.append(n)
        return n

    def decide(self, org: Org, nominees: list[Nominee], *, number: str, signed_on: date, signer: tuple[str, str],
               form: str, period: str, conference: Conference | None = None) -> None:  # fmt: skip
        if not nominees:
            return
        year_from = self.year - 4 if period == PeriodType.FIVE_YEAR else self.year
        d = Decision(
            org=org,
            number=number,
            signed_on=signed_on,
            signer_name=signer[0],
            signer_title=signer[1],
            form=form,
            period_type=period,
            title=rules.default_title(form, period, year_from, self.year),
            year_from=year_from,
            year_to=self.year,
            conference=conference,
        )
        for n in nominees:
            n.status = NomineeStatus.AWARDED
        self.decisions.append((d, nominees))

    def signer(self, org: Org, on: date, title: str = Title.SECRETARY) -> tuple[str, str]:
        """The holder of `title` at `org` on `on` from cadre work, else a plausible name."""
        tenure = (
            Tenure.objects.filter(post__org=org, post__title=title, started_on__lte=on)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
            .select_related("cadre")
            .order_by("started_on", "id")
            .first()
        )
        label = str(Title(title).label)
        if tenure is not None:
            return tenure.cadre.full_name, label
        return names.person_name(self.rng, sex="male", birth_year=1970), label

    # --- the decisions --------------------------------------------------------------------------------------

    def province(self) -> None:
        """The provincial standing committee's Bằng khen, proposed by the communes and blocs (depth 1)."""
        y = self.year
        held = self.conference.held_on if self.conference is not None else date(y + 1, 1, 24)
        signed = min(held - timedelta(days=3), self.today)
        proposed, reviewed = signed - timedelta(days=14), signed - timedelta(days=6)
        depth1 = lambda who: self.orgs[who.path[: 2 * SEGMENT]]  # noqa: E731 - the commune or bloc above
        five_people = self.pick_members(proposed, years=self.years, n=FIVE_YEAR_PEOPLE)
        # Some of the year's individuals are the five-year ones: they get both certificates.
        annual_people = five_people[: FIVE_YEAR_PEOPLE // 2] + self.pick_members(
            proposed, years=[y], n=PROVINCE_PEOPLE, skip={w.id for w in five_people}
        )
        annual_people = annual_people[:PROVINCE_PEOPLE]
        annual_orgs = self.pick_orgs(proposed, years=[y], n=PROVINCE_ORGS, under=self.root.path, depths=(1, 2))
        five_orgs = self.pick_orgs(proposed, years=self.years, n=FIVE_YEAR_ORGS, under=self.root.path, depths=(1, 2))
        merit = AwardForm.CERTIFICATE_OF_MERIT
        numbers = iter(range(68, 200, 3))

        def nominate_all(people, orgs, period):
            out = []
            for who in [*orgs, *people]:
                proposing = (
                    depth1(who)
                    if who.kind == RecipientKind.MEMBER or len(who.path) > 2 * SEGMENT
                    else self.orgs[who.path]
                )
                n = self.nominate(
                    who, proposing=proposing, form=merit, period=period, proposed_on=proposed,
                    document_no=f"{next(numbers)}-TTr/ĐU", status=NomineeStatus.ACCEPTED, reviewed_on=reviewed,
                )  # fmt: skip
                if n is not None:
                    out.append(n)
            return out

        annual = nominate_all(annual_people, annual_orgs, PeriodType.ANNUAL)
        self.decide(self.root, annual, number=f"{1500 + signed.day}-QĐ/TU", signed_on=signed,
                    signer=self.signer(self.root, signed), form=merit, period=PeriodType.ANNUAL,
                    conference=self.conference)  # fmt: skip
        if five_people or five_orgs:
            five = nominate_all(five_people, five_orgs, PeriodType.FIVE_YEAR)
            self.decide(self.root, five, number=f"{1501 + signed.day}-QĐ/TU", signed_on=signed,
                        signer=self.signer(self.root, signed, Title.DEPUTY_SECRETARY), form=merit,
                        period=PeriodType.FIVE_YEAR, conference=self.conference)  # fmt: skip
        self.province_signed = signed

    def communes(self) -> None:
        """A few communes' Giấy khen for their cells and members, proposed by the cells (depth 2)."""
        y = self.year
        communes = sorted(
            (o for o in self.orgs.values() if o.depth == 1 and o.sector == Sector.COMMUNE and o.closed_on is None),
            key=lambda o: (not o.code.endswith(f".{DONG_HA}"), o.path),
        )
        head, rest = communes[:1], communes[1:]
        self.rng.shuffle(rest)
        commendation = AwardForm.CERTIFICATE_OF_COMMENDATION
        self.commune_decisions = 0
        for i, commune in enumerate([*head, *rest][:COMMUNES]):
            signed = min(date(y + 1, 1, 8) + timedelta(days=2 * i), self.today)
            proposed, reviewed = signed - timedelta(days=10), signed - timedelta(days=4)
            people = self.pick_members(proposed, years=[y], n=COMMUNE_PEOPLE, under=commune.path)
            cells = self.pick_orgs(proposed, years=[y], n=COMMUNE_ORGS, under=commune.path, depths=(2,))
            chosen = []
            for j, who in enumerate([*cells, *people]):
                proposing = (
                    self.orgs[who.path[: 3 * SEGMENT]] if who.kind == RecipientKind.MEMBER else self.orgs[who.path]
                )
                if proposing.depth < 2:
                    continue
                n = self.nominate(
                    who, proposing=proposing, form=commendation, period=PeriodType.ANNUAL, proposed_on=proposed,
                    document_no=f"{j + 1:02d}-TTr/CB", status=NomineeStatus.ACCEPTED, reviewed_on=reviewed,
                )  # fmt: skip
                if n is not None:
                    chosen.append(n)
            if chosen:
                self.decide(
                    commune, chosen, number=f"{30 + i * 7}-QĐ/ĐU", signed_on=signed,
                    signer=self.signer(commune, signed), form=commendation, period=PeriodType.ANNUAL,
                )  # fmt: skip
                self.commune_decisions += 1
            if i == 0:
                self.pending_in(commune, signed)

    def pending_in(self, commune: Org, after: date) -> None:
        """Late proposals of a commune's cells for its Giấy khen: waiting for the review."""
        proposed = min(after + timedelta(days=20), self.today)
        for j, who in enumerate(self.pick_members(proposed, years=[self.year], n=3, under=commune.path)):
            cell = self.orgs[who.path[: 3 * SEGMENT]]
            if cell.depth == 2:
                self.nominate(
                    who, proposing=cell, form=AwardForm.CERTIFICATE_OF_COMMENDATION, period=PeriodType.ANNUAL,
                    proposed_on=proposed, document_no=f"{10 + j}-TTr/CB",
                )  # fmt: skip

    def pending_at_province(self) -> None:
        """Proposals the communes sent the province after its decision: accepted and awaiting the next one, still
        awaiting the review, rejected (a member rated only "good"), one withdrawn."""
        y = self.year
        after = getattr(self, "province_signed", date(y + 1, 1, 21))
        proposed = min(after + timedelta(days=30), self.today)
        reviewed = min(proposed + timedelta(days=7), self.today)
        merit = AwardForm.CERTIFICATE_OF_MERIT
        people = self.pick_members(proposed, years=[y], n=len(PENDING))
        for j, who in enumerate(people):
            status = PENDING[j]
            n = self.nominate(
                who, proposing=self.orgs[who.path[: 2 * SEGMENT]], form=merit, period=PeriodType.ANNUAL,
                proposed_on=proposed, document_no=f"{200 + j}-TTr/ĐU", status=status,
                reviewed_on=reviewed if status == NomineeStatus.ACCEPTED else None,
            )  # fmt: skip
            if n is not None and status == NomineeStatus.WITHDRAWN:
                n.withdrawn_on, n.withdrawn_reason = reviewed, WITHDRAW_REASON
        # Members rated "good": proposed by mistake, rejected at the review with the reason.
        if self.from_ratings:
            good = sorted(m for m, lv in self.member_levels.items() if lv.get(y) == Rating.GOOD)[:200]
            pool = [w for w in self.members_on(proposed, good).values() if w.path.count(".") > 1]
            self.rng.shuffle(pool)
            for j, who in enumerate(pool[:2]):
                self.nominate(
                    who, proposing=self.orgs[who.path[: 2 * SEGMENT]], form=merit, period=PeriodType.ANNUAL,
                    proposed_on=proposed, document_no=f"{210 + j}-TTr/ĐU", status=NomineeStatus.REJECTED,
                    reviewed_on=reviewed, note=REJECT_REASON.format(y=y, level=Rating.GOOD.label)[:255],
                )  # fmt: skip

    def write(self) -> dict[str, int]:
        Decision.objects.bulk_create([d for d, _ in self.decisions])
        for d, nominees in self.decisions:
            for n in nominees:
                n.decision = d
        now = timezone.now()
        for n in self.nominees:
            n.created_at = n.updated_at = now
        Nominee.objects.bulk_create(self.nominees, batch_size=500)
        awarded = [n for n in self.nominees if n.status == NomineeStatus.AWARDED]
        first = self.decisions[0][1] if self.decisions else []
        counts = {
            "nominees": len(self.nominees),
            "decisions": len(self.decisions),
            "awarded": len(awarded),
            "province_orgs": sum(1 for n in first if n.kind == RecipientKind.ORG),
            "province_people": sum(1 for n in first if n.kind == RecipientKind.MEMBER),
            "five_year": sum(1 for n in awarded if n.period_type == PeriodType.FIVE_YEAR),
            "commune_decisions": self.commune_decisions,
            "proposed": sum(1 for n in self.nominees if n.status == NomineeStatus.PROPOSED),
            "accepted": sum(1 for n in self.nominees if n.status == NomineeStatus.ACCEPTED),
            "rejected": sum(1 for n in self.nominees if n.status == NomineeStatus.REJECTED),
            "withdrawn": sum(1 for n in self.nominees if n.status == NomineeStatus.WITHDRAWN),
            "from_ratings": int(self.from_ratings),
            "conference": int(self.conference is not None),
            "year": self.year,
        }
        audit_record(
            actor=None,
            action="demo.seed",
            obj=self.root,
            org_path=self.root.path,
            note="Khen thưởng",
            changes={k: {"before": None, "after": v} for k, v in counts.items()},
        )
        return counts


def seed_awards(*, root: Org, today: date, seed: int = 1) -> dict[str, int]:
    """Seed the commendations of the demo province under `root`, after the tree, the members, the cadre work (its
    secretaries sign), the ratings (their decided levels choose the recipients) and the proposals (their
    year-end conference presents the awards); call it inside a transaction. Returns the figures written."""
    # The memberships and the ratings were just filled in bulk, in this transaction.
    analyze(Membership, Member, Org, Entry, Campaign)
    s = _Seed(root=root, today=today, seed=seed)
    s.levels()
    s.province()
    s.communes()
    s.pending_at_province()
    return s.write()
