"""The demo's internal political protection (58-QĐ/TW; 01-HD/TW §3.4): the verification of the candidates whose
admission dossier reached its verification step (concluded on that step's day, their requests about the
candidate and their family answered by the communes' committees and police), cases still running for
candidates whose application is in (a few late), two concluded with an issue through the recruitment dossier,
cases withdrawn for candidates lost to migration, cadres verified before an appointment or planning, a few
people without a record, and restricted notes where a reply found something. Bulk-written with the ORM (one
audit event); the same seed gives the same records."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from tochuc.accounts.models import User
from tochuc.cadres.choices import CadreStatus
from tochuc.cadres.models import Cadre
from tochuc.core.audit import audit_record
from tochuc.core.text import fold
from tochuc.members.choices import Sex
from tochuc.orgs.models import SEGMENT, Org
from tochuc.protection.choices import CaseStatus, Conclusion, Finding, Purpose, Relation, Scope
from tochuc.protection.models import Case, Question, RestrictedNote
from tochuc.protection.rules import RELATIVE_SCOPES, SELF_SCOPES, standard_scopes
from tochuc.recruitment.models import Candidate, CandidateStep, Result, Stage, Step
from tochuc.recruitment.services import candidate_step_record

from .names import person_name

FROM = date(2025, 1, 1)  # the demo's cases run over 2025-2026
LOCAL = ("Đảng bộ xã", "Đảng bộ phường", "Đảng bộ đặc khu")  # the communes, wards and the special zone
ADMISSIONS = 40  # concluded admission cases at most (from the candidates verified)
RUNNING = 14  # running admission cases at most (from the candidates whose application is in)
CADRES = 12  # cadres verified before an appointment or planning
# Where relatives living outside the province are asked (the committee and the police of their ward).
ELSEWHERE = [
    "phường Thuận Hóa, thành phố Huế",
    "phường Hải Châu, thành phố Đà Nẵng",
    "phường Đồng Hới, tỉnh Quảng Trị",
    "xã Quảng Ninh, tỉnh Quảng Trị",
    "phường Vinh Phú, tỉnh Nghệ An",
    "phường Gia Định, Thành phố Hồ Chí Minh",
]
CLEAR_SELF = (
    "Bản thân có lịch sử chính trị rõ ràng; chấp hành tốt chủ trương, đường lối của Đảng, chính sách, pháp luật "
    "của Nhà nước; có phẩm chất đạo đức, lối sống lành mạnh, được quần chúng nơi cư trú tín nhiệm."
)
CLEAR_RELATIVE = (
    "Lịch sử chính trị rõ ràng, không tham gia tổ chức chính trị, tôn giáo phản động; chấp hành tốt chủ trương, "
    "chính sách, pháp luật; không vi phạm pháp luật."
)
ISSUES = [
    (
        "Trước năm 1975 tham gia lính bảo an chế độ cũ tại Cam Lộ (1970-1973), đã học tập cải tạo, từ đó đến nay "
        "chấp hành tốt chủ trương, chính sách ở địa phương.",
        "1970-1973",
    ),
    (
        "Năm 2012 bị xử phạt vi phạm hành chính về hành vi đánh bạc, đã chấp hành xong quyết định; từ đó không tái "
        "phạm.",
        "2012",
    ),
    (
        "Có thời gian tham gia nhóm sinh hoạt tôn giáo không được công nhận tại Đắk Lắk (2009-2011), nay đã chấm "
        "dứt, sinh hoạt tại giáo xứ hợp pháp.",
        "2009-2011",
    ),
    (
        "Đang xuất khẩu lao động tại Hàn Quốc từ năm 2019, chưa xác minh được hoạt động ở nước ngoài; gia đình cho "
        "biết vẫn liên lạc thường xuyên.",
        "từ 2019",
    ),
]
CLEAR_GROUNDS = (
    "Căn cứ kết quả thẩm tra, xác minh: lịch sử chính trị của bản thân và người thân rõ ràng, đủ tiêu chuẩn chính "
    "trị để xem xét kết nạp vào Đảng (Quy định 58-QĐ/TW)."
)
ISSUE_GROUNDS = (
    "Người thân có vấn đề về lịch sử chính trị (chi tiết tại kết quả xác minh); đề nghị cấp ủy xem xét cụ thể, "
    "không ảnh hưởng đến tiêu chuẩn chính trị của bản thân."
)


def _suffix(body: str) -> str:
    """The mark a reply's number carries after its sequence, by the body that wrote it."""
    if body.startswith("Đảng ủy"):
        return "CV-ĐU"
    if body.startswith("Công an"):
        return "CAX"
    return "UBND"


def _place(org_name: str) -> str:
    """The locality of a commune's party committee ("Đảng bộ xã Cam Lộ" -> "xã Cam Lộ")."""
    for prefix in ("Đảng bộ ", "Chi bộ "):
        if org_name.startswith(prefix):
            return org_name[len(prefix) :]
    return org_name


class _Seed:
    def __init__(self, *, root: Org, today: date, seed: int):
        self.root, self.today = root, today
        self.rng = random.Random(f"tochuc-demo:{seed}:protection")
        self.start = max(FROM, date(today.year - 1, 1, 1))
        children = list(Org.objects.filter(parent=root).order_by("path").values_list("path", "name"))
        self.communes = {path: name for path, name in children}
        self.places = [_place(n) for _p, n in children if n.startswith(LOCAL)]
        self.handler = User.objects.filter(username="baove", is_active=True, org=root).first()
        self.cases: list[Case] = []
        self.questions: dict[int, list[Question]] = defaultdict(list)  # case index -> its questions
        self.notes: list[tuple[int, RestrictedNote]] = []  # (case index, note)
        self.steps: list[tuple[int, Candidate, str]] = []  # (case index, candidate, result) for recruitment
        self.counts = defaultdict(int)

    # --- helpers ------------------------------------------------------------------------------------------

    def commune_of(self, path: str) -> str:
        """Where a person of the org at `path` lives: their commune or ward; for the provincial blocs (agencies,
        the police, enterprises) a commune of the province."""
        name = self.communes.get(path[: len(self.root.path) + SEGMENT], "")
        if name.startswith(LOCAL) or not self.places:
            return _place(name or self.root.name)
        return self.rng.choice(self.places)

    def committee_of(self, path: str) -> str:
        """The standing committee that concludes for an org at `path`: its commune's or bloc's."""
        name = self.communes.get(path[: len(self.root.path) + SEGMENT], self.root.name)
        return f"Ban Thường vụ Đảng ủy {_place(name)}"

    def day(self, start: date, end: date) -> date:
        """A day between `start` and `end` (both kept on or before today; `start` moved back to `end` when after
        it)."""
        end = min(end, self.today)
        start = min(start, end)
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def elsewhere(self, home: str) -> str:
        if self.rng.random() < 0.75:
            return home
        if self.places and self.rng.random() < 0.6:
            return self.rng.choice(self.places)
        return self.rng.choice(ELSEWHERE)

    def body(self, place: str, relation: str) -> str:
        if relation == Relation.SELF:
            return self.rng.choice([f"Đảng ủy {place}", f"Công an {place}"])
        return self.rng.choice([f"Đảng ủy {place}", f"Công an {place}", f"Ủy ban nhân dân {place}"])

    def family(self, name: str, sex: str, born: date) -> list[tuple[str, str]]:
        """The relatives 01-HD/TW §3.4 vets, with plausible names: parents (the father's surname is the
        subject's), a spouse and parents-in-law for some, an adult child for the older."""
        rng = self.rng
        surname = name.split()[0]
        parent_year = born.year - rng.randint(22, 32)
        father = person_name(rng, sex=Sex.MALE, birth_year=parent_year)
        out = [(Relation.FATHER, f"{surname} {father.split(' ', 1)[1]}"), (Relation.MOTHER,
               person_name(rng, sex=Sex.FEMALE, birth_year=parent_year + 2))]  # fmt: skip
        age = self.today.year - born.year
        if age >= 24 and rng.random() < min(0.9, (age - 20) / 12):
            spouse_sex = Sex.FEMALE if sex == Sex.MALE else Sex.MALE
            spouse = person_name(rng, sex=spouse_sex, birth_year=born.year + rng.randint(-3, 3))
            in_law_year = born.year - rng.randint(24, 32)
            in_law_father = person_name(rng, sex=Sex.MALE, birth_year=in_law_year)
            out += [
                (Relation.SPOUSE, spouse),
                (Relation.FATHER_IN_LAW, f"{spouse.split()[0]} {in_law_father.split(' ', 1)[1]}"),
                (Relation.MOTHER_IN_LAW, person_name(rng, sex=Sex.FEMALE, birth_year=in_law_year + 2)),
            ]
            if age >= 40 and rng.random() < 0.6:
                child_sex = rng.choice([Sex.MALE, Sex.FEMALE])
                child = person_name(rng, sex=child_sex, birth_year=born.year + rng.randint(21, 24))
                surname_child = out[0][1].split()[0] if sex == Sex.MALE else spouse.split()[0]
                out.append((Relation.CHILD, f"{surname_child} {child.split(' ', 1)[1]}"))
        return out

    def case(self, **values) -> int:
        values.setdefault("handler", self.handler if self.rng.random() < 0.5 else None)
        values["subject_folded"] = fold(values["subject_name"])
        self.cases.append(Case(**values))
        self.counts[values["purpose"]] += 1
        self.counts[values["status"]] += 1
        return len(self.cases) - 1

    def ask(
        self,
        index: int,
        *,
        relation: str,
        name: str,
        sent_to: str,
        sent_on: date,
        replied_on: date | None,
        finding: str = Finding.CLEAR,
        finding_text: str = "",
        scopes=None,
    ) -> Question:
        scopes = list(scopes or standard_scopes(relation))
        q = Question(
            relation=relation,
            person_name=name,
            scopes=scopes,
            sent_to=sent_to,
            sent_on=sent_on,
            due_on=sent_on + timedelta(days=30),
            replied_on=replied_on,
            reply_no=f"{self.rng.randint(12, 480)}/{_suffix(sent_to)}" if replied_on else "",
            finding=finding if replied_on else "",
            finding_text=(finding_text or (CLEAR_SELF if relation == Relation.SELF else CLEAR_RELATIVE))
            if replied_on
            else "",
        )
        self.questions[index].append(q)
        return q

    def requests(
        self, index: int, *, name: str, sex: str, born: date, home: str, sent_on: date, replied_by: date | None,
        answered: float = 1.0, issue: bool = False,
    ) -> bool:  # fmt: skip
        """The standard set for an admission: the subject and each relative, to the committee or police where
        they live; replies by `replied_by` (all when `answered` is 1, else that share). Returns whether a reply
        found an issue (one relative's political history, when `issue`)."""
        found = False
        people = [(Relation.SELF, name), *self.family(name, sex, born)]
        issue_at = self.rng.randrange(1, len(people)) if issue else -1
        for i, (relation, person) in enumerate(people):
            place = home if relation == Relation.SELF else self.elsewhere(home)
            replied = None
            if replied_by is not None and (answered >= 1 or self.rng.random() < answered):
                replied = self.day(sent_on + timedelta(days=5), replied_by)
            text, period = self.rng.choice(ISSUES) if i == issue_at else ("", "")
            q = self.ask(
                index,
                relation=relation,
                name=person,
                sent_to=self.body(place, relation),
                sent_on=sent_on,
                replied_on=replied,
                finding=Finding.ISSUE if text and replied else Finding.CLEAR,
                finding_text=text,
            )
            if text and replied:
                found = True
                self.note(index, relation=relation, name=person, text=text, period=period, on=replied,
                          source=f"Văn bản trả lời số {q.reply_no} của {q.sent_to}")  # fmt: skip
        return found

    def note(self, index: int, *, relation: str, name: str, text: str, period: str, on: date, source: str) -> None:
        case = self.cases[index]
        self.notes.append(
            (
                index,
                RestrictedNote(
                    org=case.org,
                    member_id=case.member_id,
                    cadre_id=case.cadre_id,
                    candidate_id=case.candidate_id,
                    subject_name=name,
                    relation=relation,
                    scope=Scope.POLITICAL_HISTORY,
                    period=period,
                    text=text,
                    source=source,
                    recorded_on=on,
                    author=self.handler,
                ),
            )
        )

    # --- the cases ----------------------------------------------------------------------------------------

    def admissions(self) -> None:
        """Candidates whose dossier has its verification step: a case concluded that day."""
        steps = {
            s.candidate_id: s
            for s in CandidateStep.objects.filter(
                step=Step.VERIFICATION,
                cancelled_at__isnull=True,
                on__gte=self.start,
                candidate__org__path__under=self.root.path,
            ).order_by("candidate_id", "on")
        }
        histories = dict(
            CandidateStep.objects.filter(candidate_id__in=list(steps), step=Step.HISTORY, cancelled_at__isnull=True)
            .order_by("candidate_id", "on")
            .values_list("candidate_id", "on")
        )
        chosen = sorted(steps)
        self.rng.shuffle(chosen)
        candidates = Candidate.objects.select_related("org").in_bulk(chosen[:ADMISSIONS])
        for pk in sorted(candidates):
            c, step = candidates[pk], steps[pk]
            requested = max(histories.get(pk, step.on - timedelta(days=20)), step.on - timedelta(days=45))
            requested = min(requested, step.on)
            home = self.commune_of(c.org.path)
            index = self.case(
                org=c.org,
                purpose=Purpose.ADMISSION,
                candidate=c,
                subject_name=c.full_name,
                subject_sex=c.sex,
                subject_birth_date=c.birth_date,
                requested_by=f"Chi ủy {c.org.name}",
                requested_on=requested,
                document_no=f"{self.rng.randint(3, 60)}-CV/CB",
                due_on=requested + timedelta(days=60),
                status=CaseStatus.CONCLUDED,
                conclusion=Conclusion.CLEAR,
                concluded_on=step.on,
                concluded_by=self.committee_of(c.org.path),
                conclusion_no=step.document_no or f"{self.rng.randint(5, 90)}-KL/ĐU",
                conclusion_text=CLEAR_GROUNDS,
            )
            sent_on = min(requested + timedelta(days=self.rng.randint(0, 3)), step.on)
            self.requests(index, name=c.full_name, sex=c.sex, born=c.birth_date, home=home, sent_on=sent_on,
                          replied_by=step.on, issue=self.rng.random() < 0.08)  # fmt: skip

    def running(self) -> None:
        """Candidates whose application and history are in, not yet verified: cases running, some late; two
        concluded with an issue today through the recruitment dossier."""
        qs = (
            Candidate.objects.developing()
            .filter(org__path__under=self.root.path, reached="dossier")
            .exclude(steps__step=Step.VERIFICATION, steps__cancelled_at__isnull=True)
            .select_related("org")
            .order_by("pk")
        )
        pool = list(qs)
        self.rng.shuffle(pool)
        history = dict(
            CandidateStep.objects.filter(candidate__in=pool, step=Step.HISTORY, cancelled_at__isnull=True)
            .order_by("candidate_id", "on")
            .values_list("candidate_id", "on")
        )
        for n, c in enumerate(sorted(pool[:RUNNING], key=lambda c: c.pk)):
            # Asked lately (a dossier is verified within weeks of its application): a few past their deadline.
            recent = self.today - timedelta(days=self.rng.randint(8, 75))
            requested = min(max(history.get(c.pk, recent), recent, self.start), self.today)
            home = self.commune_of(c.org.path)
            conclude = n < 2 and (self.today - requested).days >= 20
            fresh = (self.today - requested).days < 30  # most replies come within a month
            index = self.case(
                org=c.org,
                purpose=Purpose.ADMISSION,
                candidate=c,
                subject_name=c.full_name,
                subject_sex=c.sex,
                subject_birth_date=c.birth_date,
                requested_by=f"Chi ủy {c.org.name}",
                requested_on=requested,
                document_no=f"{self.rng.randint(3, 60)}-CV/CB",
                due_on=requested + timedelta(days=self.rng.choice([30, 45, 60])),
                status=CaseStatus.CONCLUDED if conclude else CaseStatus.OPEN,
                conclusion=Conclusion.ISSUE if conclude else "",
                concluded_on=self.today if conclude else None,
                concluded_by=self.committee_of(c.org.path) if conclude else "",
                conclusion_no=f"{self.rng.randint(5, 90)}-KL/ĐU" if conclude else "",
                conclusion_text=ISSUE_GROUNDS if conclude else "",
            )
            sent_on = min(requested + timedelta(days=self.rng.randint(0, 3)), self.today)
            self.requests(
                index, name=c.full_name, sex=c.sex, born=c.birth_date, home=home, sent_on=sent_on,
                replied_by=self.today, answered=1.0 if conclude else (0.5 if fresh else 0.85), issue=conclude,
            )  # fmt: skip
            if conclude:
                self.steps.append((index, c, Result.ISSUE))

    def withdrawn(self) -> None:
        """Candidates lost to migration after their application: the case stopped the day they were dropped."""
        dropped = list(
            Candidate.objects.filter(
                org__path__under=self.root.path, stage=Stage.DROPPED, dropped_on__gte=self.start,
                steps__step=Step.HISTORY,
            ).exclude(steps__step=Step.VERIFICATION).select_related("org").distinct().order_by("pk")[:4]
        )  # fmt: skip
        for c in dropped:
            requested = max(c.dropped_on - timedelta(days=self.rng.randint(15, 40)), c.listed_on)
            home = self.commune_of(c.org.path)
            index = self.case(
                org=c.org,
                purpose=Purpose.ADMISSION,
                candidate=c,
                subject_name=c.full_name,
                subject_sex=c.sex,
                subject_birth_date=c.birth_date,
                requested_by=f"Chi ủy {c.org.name}",
                requested_on=requested,
                document_no=f"{self.rng.randint(3, 60)}-CV/CB",
                due_on=requested + timedelta(days=60),
                status=CaseStatus.WITHDRAWN,
                withdrawn_on=c.dropped_on,
                withdrawn_reason=f"Quần chúng đi làm ăn xa ({c.drop_note or 'ngoài tỉnh'}), chi bộ dừng xem xét",
            )
            self.ask(index, relation=Relation.SELF, name=c.full_name, sent_to=f"Đảng ủy {home}", sent_on=requested,
                     replied_on=None)  # fmt: skip

    def cadres(self) -> None:
        """Cadres verified before an appointment or planning: the person alone, at the committee and police of
        their commune; most concluded, one with an issue noted, a few running."""
        pool = list(
            Cadre.objects.filter(org__path__under=self.root.path, status=CadreStatus.WORKING, member__isnull=False)
            .select_related("org")
            .order_by("pk")[:400]
        )
        self.rng.shuffle(pool)
        for n, c in enumerate(sorted(pool[:CADRES], key=lambda c: c.pk)):
            purpose = Purpose.PLANNING if n % 3 == 0 else Purpose.APPOINTMENT
            province_level = (
                c.org.depth <= self.root.depth + 1
                and not c.org.name.startswith("Đảng bộ xã")
                and (not c.org.name.startswith("Đảng bộ phường"))
            )
            home = self.commune_of(c.org.path)
            requested = self.day(self.start, self.today - timedelta(days=10))
            running = requested > self.today - timedelta(days=50) and n % 2 == 0
            issue = n == 1
            concluded_on = None if running else self.day(requested + timedelta(days=20), requested + timedelta(days=50))
            requested_by = "Ban Tổ chức Tỉnh ủy" if province_level else self.committee_of(c.org.path)
            index = self.case(
                org=c.org,
                purpose=purpose,
                cadre=c,
                subject_name=c.full_name,
                subject_sex=c.sex,
                subject_birth_date=c.birth_date,
                requested_by=requested_by,
                requested_on=requested,
                document_no=f"{self.rng.randint(100, 900)}-CV/{'BTCTU' if province_level else 'ĐU'}",
                due_on=requested + timedelta(days=45),
                status=CaseStatus.OPEN if running else CaseStatus.CONCLUDED,
                conclusion="" if running else (Conclusion.ISSUE if issue else Conclusion.CLEAR),
                concluded_on=concluded_on,
                concluded_by="" if running else requested_by,
                conclusion_no="" if running else f"{self.rng.randint(10, 99)}-KL/{'BTCTU' if province_level else 'ĐU'}",
                conclusion_text=""
                if running
                else (ISSUE_GROUNDS if issue else "Đủ tiêu chuẩn chính trị theo Quy định 58-QĐ/TW."),
            )
            replied_by = concluded_on or self.today
            for body in (f"Đảng ủy {home}", f"Công an {home}"):
                replied = None
                if not running or self.rng.random() < 0.5:
                    replied = self.day(requested + timedelta(days=7), replied_by)
                self.ask(index, relation=Relation.SELF, name=c.full_name, sent_to=body, sent_on=requested,
                         replied_on=replied, scopes=SELF_SCOPES)  # fmt: skip
            if issue:
                text, period = ISSUES[1]
                wife = person_name(self.rng, sex=Sex.FEMALE, birth_year=c.birth_date.year + 2)
                q = self.ask(index, relation=Relation.SPOUSE, name=wife, sent_to=f"Công an {home}", sent_on=requested,
                             replied_on=replied_by, finding=Finding.ISSUE, finding_text=text,
                             scopes=RELATIVE_SCOPES)  # fmt: skip
                self.note(index, relation=Relation.SPOUSE, name=wife, text=text, period=period, on=replied_by,
                          source=f"Văn bản trả lời số {q.reply_no} của {q.sent_to}")  # fmt: skip

    def others(self) -> None:
        """People without a record: someone proposed for a post in a mass organization, one not admissible."""
        local = Org.objects.filter(parent=self.root, closed_on__isnull=True).order_by("path")
        orgs = [o for o in local if o.name.startswith(LOCAL)][:6]
        if not orgs:
            return
        people = [
            ("Phan Văn Thành", Sex.MALE, date(1984, 4, 12), Conclusion.CLEAR),
            ("Lê Thị Ngọc Hân", Sex.FEMALE, date(1991, 9, 30), Conclusion.NOT_ADMISSIBLE),
        ]
        for name, sex, born, conclusion in people:
            org = self.rng.choice(orgs)
            home = _place(org.name)
            requested = self.day(self.start, self.today - timedelta(days=60))
            concluded_on = requested + timedelta(days=self.rng.randint(25, 45))
            not_ok = conclusion == Conclusion.NOT_ADMISSIBLE
            index = self.case(
                org=org,
                purpose=Purpose.OTHER,
                subject_name=name,
                subject_sex=sex,
                subject_birth_date=born,
                requested_by=f"Ban Thường vụ Đảng ủy {home}",
                requested_on=requested,
                document_no=f"{self.rng.randint(100, 400)}-CV/ĐU",
                due_on=requested + timedelta(days=45),
                status=CaseStatus.CONCLUDED,
                conclusion=conclusion,
                concluded_on=concluded_on,
                concluded_by=f"Ban Thường vụ Đảng ủy {home}",
                conclusion_no=f"{self.rng.randint(10, 99)}-KL/ĐU",
                conclusion_text=(
                    "Bản thân có hành vi vi phạm pháp luật chưa được xóa án tích; chưa đủ tiêu chuẩn chính trị."
                    if not_ok
                    else "Đủ tiêu chuẩn chính trị."
                ),
            )
            self.ask(
                index, relation=Relation.SELF, name=name, sent_to=f"Công an {home}", sent_on=requested,
                replied_on=concluded_on - timedelta(days=3), finding=Finding.ISSUE if not_ok else Finding.CLEAR,
                finding_text="Năm 2021 bị Tòa án nhân dân xử phạt 12 tháng tù cho hưởng án treo về tội cố ý gây "
                "thương tích; chưa được xóa án tích." if not_ok else "",
            )  # fmt: skip

    # --- writing ------------------------------------------------------------------------------------------

    def write(self) -> dict[str, int]:
        self.admissions()
        self.running()
        self.withdrawn()
        self.cadres()
        self.others()
        # Cases are kept only on or before today (a requested date cannot be in the future).
        Case.objects.bulk_create(self.cases, batch_size=500)
        questions = []
        for index, qs in self.questions.items():
            for q in qs:
                q.case = self.cases[index]
                questions.append(q)
        Question.objects.bulk_create(questions, batch_size=1000)
        notes = []
        for index, note in self.notes:
            note.case = self.cases[index]
            notes.append(note)
        RestrictedNote.objects.bulk_create(notes, batch_size=500)
        for index, candidate, result in self.steps:
            case = self.cases[index]
            candidate_step_record(
                actor=None, candidate=candidate, step=Step.VERIFICATION, on=case.concluded_on,
                document_no=case.conclusion_no, result=result,
                note=f"Theo hồ sơ thẩm tra chính trị số {case.pk}.",
            )  # fmt: skip
        today = self.today
        late_questions = sum(
            1
            for q in questions
            if q.replied_on is None and q.due_on and q.due_on < today and q.case.status == CaseStatus.OPEN
        )
        counts = {
            "cases": len(self.cases),
            "admission": self.counts[Purpose.ADMISSION],
            "appointment": self.counts[Purpose.APPOINTMENT],
            "planning": self.counts[Purpose.PLANNING],
            "other": self.counts[Purpose.OTHER],
            "open": self.counts[CaseStatus.OPEN],
            "concluded": self.counts[CaseStatus.CONCLUDED],
            "withdrawn": self.counts[CaseStatus.WITHDRAWN],
            "overdue": sum(1 for c in self.cases if c.status == CaseStatus.OPEN and c.due_on and c.due_on < today),
            "questions": len(questions),
            "replied": sum(1 for q in questions if q.replied_on),
            "late_questions": late_questions,
            "notes": len(notes),
        }
        audit_record(
            actor=None,
            action="demo.seed",
            obj=self.root,
            org_path=self.root.path,
            note="Bảo vệ chính trị nội bộ",
            changes={k: {"before": None, "after": v} for k, v in counts.items()},
        )
        return counts


def seed_protection(*, root: Org, today: date, seed: int = 1) -> dict[str, int]:
    """Seed the internal political protection of the demo province under `root`, after the recruitment and the
    cadre work; call it inside a transaction. Returns the figures written (see `_Seed.write`)."""
    return _Seed(root=root, today=today, seed=seed).write()
