"""The demo's appraisals and recommendations. About fifteen proposals (đề án) appraised by the province's
committee and by Đông Hà's (and one other commune's) in 2025-2026, in every state: just received, under
appraisal with comments (some past their deadline, some reviewers late), waiting for a revision, concluded,
stopped; reviewed by the demo's officers ("tinh", "lanhdao", "baove" at the province, "xa" at Đông Hà). The
province's year-end conference of January 2026 with the recommendations its communes raised there (police
posted to communes, part-time workers, surplus cadres, members away for work, facilities), in every state,
some overdue, one reopened; and two commune conferences with their cells' recommendations. Written in bulk
with the ORM (one audit event); the same seed gives the same records; nothing is dated after `today`."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Q

from tochuc.accounts.models import User
from tochuc.accounts.roles import Action, Role, role_allows
from tochuc.core.audit import audit_record
from tochuc.core.text import fold
from tochuc.orgs.models import Org, OrgType, Sector
from tochuc.proposals.choices import (
    Area,
    Conclusion,
    ConferenceKind,
    ProposalStatus,
    RecommendationStatus,
    Topic,
)
from tochuc.proposals.models import Comment, Conference, Proposal, Recommendation, Reviewer, Revision

from .province import DONG_HA

# The province's year-end conference; the commendations of the awards demo are presented at it.
YEAR_END_TITLE = "Hội nghị tổng kết công tác xây dựng Đảng năm 2025, triển khai nhiệm vụ năm 2026"
YEAR_END_ON = date(2026, 1, 16)
YEAR_END_RECOMMENDATIONS = 34
WARD_CONFERENCE_ON = date(2026, 7, 10)
DIALOGUE_ON = date(2026, 9, 18)

# The commune whose own appraisal and dialogue conference the demo shows: a mountain commune on the western
# border (ethnic minorities, members away for work), the first of these (in this order) the tree holds.
MOUNTAIN_COMMUNES = ("Lao Bảo", "Hướng Lập", "Lìa", "A Dơi", "Khe Sanh", "Dân Hóa")

P, S = ProposalStatus, RecommendationStatus
REVIEW_ACTIONS = (Action.EDIT, Action.APPROVE)  # the roles that review (proposals.services.reviewer_role_allowed)


@dataclass(frozen=True)
class Spec:
    """One proposal of the demo: where, what, and how far its appraisal went. `received` is days before today,
    `days` the time given to appraise it; `late` concludes it that many days after its deadline."""

    level: str  # "province", "ward" (Đông Hà), "commune" (another commune)
    title: str
    area: str
    submitted_by: str
    document_no: str
    received: int
    days: int
    status: str
    conclusion: str = ""
    rounds: int = 1
    late: int = 0
    reviewer_late: bool = False


PROPOSALS = [
    Spec("province", "Đề án sắp xếp các chi bộ thôn, khu phố sau hợp nhất xã", Area.ORGANIZATION,
         "Ban Tổ chức Tỉnh ủy", "112-TTr/BTCTU", 240, 30, P.CONCLUDED, Conclusion.APPROVE_WITH_CHANGES, rounds=2),
    Spec("province", "Đề án phát triển đảng viên trong doanh nghiệp ngoài nhà nước giai đoạn 2026-2030",
         Area.MEMBERS, "Ban Tổ chức Tỉnh ủy", "131-TTr/BTCTU", 45, 30, P.IN_REVIEW, reviewer_late=True),
    Spec("province", "Đề án tạo nguồn cán bộ trẻ, cán bộ nữ, cán bộ người dân tộc thiểu số giai đoạn 2026-2030",
         Area.CADRES, "Ban Tổ chức Tỉnh ủy", "128-TTr/BTCTU", 25, 40, P.REVISING),
    Spec("province", "Đề án nâng cao chất lượng sinh hoạt chi bộ giai đoạn 2026-2030", Area.ORGANIZATION,
         "Ban Tuyên giáo và Dân vận Tỉnh ủy", "57-TTr/BTGDVTU", 300, 25, P.CONCLUDED, Conclusion.APPROVE),
    Spec("province", "Đề án luân chuyển cán bộ lãnh đạo, quản lý về cơ sở giai đoạn 2026-2030", Area.CADRES,
         "Ban Tổ chức Tỉnh ủy", "140-TTr/BTCTU", 18, 19, P.IN_REVIEW),
    Spec("province", "Đề án kiện toàn các cơ quan tham mưu, giúp việc Tỉnh ủy sau sắp xếp", Area.ORGANIZATION,
         "Văn phòng Tỉnh ủy", "88-TTr/VPTU", 200, 20, P.CONCLUDED, Conclusion.NOT_APPROVED),
    Spec("province", "Đề án củng cố tổ chức đảng ở các thôn, bản vùng đồng bào dân tộc thiểu số miền núi phía Tây",
         Area.MEMBERS, "Ban Tổ chức Tỉnh ủy", "137-TTr/BTCTU", 32, 30, P.IN_REVIEW),
    Spec("province", "Đề án bố trí, sử dụng cán bộ dôi dư sau sắp xếp đơn vị hành chính cấp xã", Area.CADRES,
         "Sở Nội vụ", "245/TTr-SNV", 150, 20, P.CONCLUDED, Conclusion.APPROVE_WITH_CHANGES, rounds=2, late=6),
    Spec("province", "Đề án thành lập Đảng bộ Khu kinh tế tỉnh", Area.ORGANIZATION, "Đảng ủy Ủy ban nhân dân tỉnh",
         "19-TTr/ĐU", 2, 30, P.SUBMITTED),
    Spec("province", "Đề án số hóa hồ sơ đảng viên, kết nối cơ sở dữ liệu đảng viên toàn tỉnh", Area.MEMBERS,
         "Văn phòng Tỉnh ủy", "95-TTr/VPTU", 120, 30, P.WITHDRAWN),
    Spec("province", "Đề án tăng cường công tác bảo vệ chính trị nội bộ giai đoạn 2026-2030", Area.PROTECTION,
         "Ban Tổ chức Tỉnh ủy", "142-TTr/BTCTU", 12, 25, P.IN_REVIEW, reviewer_late=True),
    Spec("ward", "Đề án sắp xếp, kiện toàn các chi bộ khu phố sau hợp nhất phường", Area.ORGANIZATION,
         "Văn phòng Đảng ủy phường", "21-TTr/VPĐU", 180, 20, P.CONCLUDED, Conclusion.APPROVE),
    Spec("ward", "Đề án nâng cao chất lượng quản lý đảng viên đi làm ăn xa", Area.MEMBERS,
         "Ban Xây dựng Đảng Đảng ủy phường", "34-TTr/BXDĐ", 40, 20, P.IN_REVIEW),
    Spec("ward", "Đề án tạo nguồn cán bộ trẻ phường giai đoạn 2026-2030", Area.CADRES,
         "Ban Xây dựng Đảng Đảng ủy phường", "36-TTr/BXDĐ", 3, 20, P.SUBMITTED),
    Spec("commune", "Đề án phát triển đảng viên trong đồng bào dân tộc thiểu số", Area.MEMBERS,
         "Ban Xây dựng Đảng Đảng ủy xã", "09-TTr/BXDĐ", 6, 25, P.SUBMITTED),
]  # fmt: skip

COMMENTS = {
    Area.ORGANIZATION: [
        "Đề nghị bổ sung tiêu chí ghép chi bộ theo số đảng viên và địa bàn dân cư, tránh chi bộ quá đông.",
        "Cần làm rõ lộ trình thực hiện theo từng xã, phường và thời điểm hoàn thành.",
        "Bổ sung đánh giá tác động đến cấp ủy viên, bí thư chi bộ sau khi hợp nhất.",
        "Thống nhất với phương án, đề nghị chỉnh sửa câu chữ phần căn cứ pháp lý theo Quy định 294-QĐ/TW.",
    ],
    Area.MEMBERS: [
        "Chỉ tiêu kết nạp cần phù hợp thực tế, nhất là nơi nhiều lao động đi làm ăn xa.",
        "Đề nghị bổ sung giải pháp quản lý đảng viên tạm vắng, phối hợp với cấp ủy nơi cư trú.",
        "Cần phân công rõ trách nhiệm của cấp ủy cơ sở và chủ doanh nghiệp trong tạo nguồn.",
        "Thống nhất nội dung; đề nghị bổ sung phụ lục số liệu đảng viên theo từng đảng bộ.",
    ],
    Area.CADRES: [
        "Đề nghị làm rõ tiêu chuẩn, điều kiện theo Quy định 377-QĐ/TW.",
        "Cần bổ sung dự kiến nguồn kinh phí đào tạo, bồi dưỡng.",
        "Bổ sung phương án bố trí đối với cán bộ dôi dư đã nghỉ theo Nghị định 178/2024/NĐ-CP.",
        "Thống nhất với dự thảo, đề nghị hoàn chỉnh để trình Ban Thường vụ.",
    ],
    Area.PROTECTION: [
        "Đề nghị bổ sung nội dung phối hợp với Công an tỉnh trong thẩm tra, xác minh.",
        "Cần quy định rõ việc quản lý, khai thác hồ sơ bảo vệ chính trị nội bộ.",
        "Thống nhất với dự thảo.",
    ],
}
REQUESTS = [
    "Đề nghị cơ quan soạn thảo tiếp thu các ý kiến góp ý, hoàn chỉnh dự thảo và phụ lục số liệu.",
    "Đề nghị bổ sung đánh giá tác động, lộ trình và kinh phí thực hiện; gửi lại bản chỉnh sửa.",
]
CONCLUSIONS = {
    Conclusion.APPROVE: "Đề án đủ điều kiện trình Ban Thường vụ xem xét, quyết định.",
    Conclusion.APPROVE_WITH_CHANGES: "Đề án đủ điều kiện trình sau khi tiếp thu ý kiến về lộ trình và kinh phí.",
    Conclusion.NOT_APPROVED: "Chưa đủ điều kiện trình: chưa đánh giá tác động đến biên chế, chưa có ý kiến của các "
    "cơ quan liên quan.",
}

RECOMMENDATIONS = {
    Topic.POLICE: [
        "Đề nghị bố trí đủ công an chính quy về {place}, hiện còn thiếu biên chế so với địa bàn sau hợp nhất.",
        "Đề nghị hỗ trợ kinh phí xây dựng trụ sở công an {place}, hiện đang làm việc tạm tại nhà văn hóa thôn.",
        "Đề nghị hướng dẫn cơ chế phối hợp giữa công an chính quy và lực lượng tham gia bảo vệ an ninh, trật tự "
        "ở cơ sở.",
    ],
    Topic.PART_TIME: [
        "Đề nghị có chính sách hỗ trợ người hoạt động không chuyên trách ở thôn, tổ dân phố thôi việc sau sắp xếp.",
        "Đề nghị sớm ban hành mức phụ cấp cho người hoạt động không chuyên trách sau khi sáp nhập thôn, tổ dân phố.",
    ],
    Topic.SURPLUS: [
        "Đề nghị tỉnh sớm có phương án bố trí, sắp xếp cán bộ, công chức dôi dư của {place} sau hợp nhất.",
        "Đề nghị giải quyết dứt điểm chế độ cho cán bộ dôi dư đã có đơn nghỉ việc theo Nghị định 178/2024/NĐ-CP.",
    ],
    Topic.RECRUITMENT: [
        "Nhiều quần chúng ưu tú đi làm ăn xa nên khó hoàn thiện hồ sơ kết nạp; đề nghị hướng dẫn việc xác minh lý "
        "lịch khi người vào Đảng đang ở tỉnh khác.",
        "Đề nghị điều chỉnh chỉ tiêu phát triển đảng viên năm 2026 của {place} cho phù hợp, do lao động trẻ đi làm ăn "
        "xa nhiều.",
        "Đề nghị hướng dẫn quản lý đảng viên đi làm ăn xa dài ngày không sinh hoạt tạm thời được nơi đến.",
    ],
    Topic.ORGANIZATION: [
        "Đề nghị hướng dẫn chức năng, nhiệm vụ của các ban xây dựng Đảng ở cấp xã sau sắp xếp.",
        "Đề nghị sớm kiện toàn cấp ủy các chi bộ thôn sau khi sáp nhập thôn ở {place}.",
    ],
    Topic.FACILITIES: [
        "Trụ sở Đảng ủy {place} sau hợp nhất chật hẹp, đề nghị hỗ trợ kinh phí cải tạo, mở rộng.",
        "Đề nghị bố trí kinh phí trang bị máy tính, đường truyền để quản lý đảng viên bằng phần mềm.",
    ],
    Topic.OTHER: ["Đề nghị tỉnh tổ chức tập huấn nghiệp vụ công tác đảng cho cấp ủy viên mới của {place}."],
}
TOPIC_WEIGHTS = [
    (Topic.POLICE, 6),
    (Topic.PART_TIME, 6),
    (Topic.SURPLUS, 6),
    (Topic.RECRUITMENT, 7),
    (Topic.ORGANIZATION, 4),
    (Topic.FACILITIES, 4),
    (Topic.OTHER, 1),
]
PROVINCE_BODIES = {
    Topic.POLICE: "Công an tỉnh",
    Topic.PART_TIME: "Sở Nội vụ",
    Topic.SURPLUS: "Sở Nội vụ",
    Topic.RECRUITMENT: "Ban Tổ chức Tỉnh ủy",
    Topic.ORGANIZATION: "Ban Tổ chức Tỉnh ủy",
    Topic.FACILITIES: "Sở Tài chính",
    Topic.OTHER: "Văn phòng Tỉnh ủy",
}
ANSWERS = {
    Topic.POLICE: "Công an tỉnh đã điều động bổ sung công an chính quy theo kế hoạch; trụ sở được bố trí trong "
    "kế hoạch đầu tư công trung hạn 2026-2030.",
    Topic.PART_TIME: "Thực hiện theo Nghị quyết của Hội đồng nhân dân tỉnh về mức hỗ trợ người hoạt động không "
    "chuyên trách thôi việc do sắp xếp.",
    Topic.SURPLUS: "Sở Nội vụ đã tham mưu Ủy ban nhân dân tỉnh phương án bố trí, giải quyết chế độ theo Nghị định "
    "178/2024/NĐ-CP và Nghị định 67/2025/NĐ-CP.",
    Topic.RECRUITMENT: "Ban Tổ chức Tỉnh ủy đã có hướng dẫn xác minh lý lịch người vào Đảng đang làm việc ngoài tỉnh "
    "và điều chỉnh chỉ tiêu phù hợp.",
    Topic.ORGANIZATION: "Ban Tổ chức Tỉnh ủy đã ban hành hướng dẫn kiện toàn tổ chức bộ máy, cấp ủy chi bộ sau sắp "
    "xếp.",
    Topic.FACILITIES: "Ủy ban nhân dân tỉnh bố trí kinh phí trong dự toán năm 2026 theo thứ tự ưu tiên.",
    Topic.OTHER: "Trường Chính trị tỉnh mở lớp bồi dưỡng nghiệp vụ công tác đảng trong quý II/2026.",
}
# How the answering bodies number their letters.
ANSWER_SIGNS = {
    "Công an tỉnh": "{n}/CAT-PX01",
    "Sở Nội vụ": "{n}/SNV-XDCQ",
    "Sở Tài chính": "{n}/STC-HCSN",
    "Ban Tổ chức Tỉnh ủy": "{n}-CV/BTCTU",
    "Văn phòng Tỉnh ủy": "{n}-CV/VPTU",
    "Ủy ban nhân dân phường": "{n}/UBND-VP",
    "Ủy ban nhân dân xã": "{n}/UBND-VP",
    "Công an xã": "{n}/CAX",
}
# How the year-end conference's recommendations stand: (state, how many).
YEAR_END_STATES = [
    ("open", 4),
    ("assigned", 4),
    ("overdue", 7),
    ("answered", 6),
    ("late", 3),
    ("closed", 8),
    ("reopened", 2),
]
WARD_RECOMMENDATIONS = [
    (Topic.RECRUITMENT, "Khu phố có nhiều đảng viên đi làm ăn xa, đề nghị Đảng ủy hướng dẫn việc sinh hoạt, "
     "đóng đảng phí.", "Ban Xây dựng Đảng Đảng ủy phường"),
    (Topic.ORGANIZATION, "Đề nghị sớm kiện toàn chi ủy sau khi hợp nhất hai khu phố.", "Ban Xây dựng Đảng Đảng ủy "
     "phường"),
    (Topic.FACILITIES, "Nhà sinh hoạt cộng đồng khu phố xuống cấp, đề nghị phường hỗ trợ sửa chữa.",
     "Ủy ban nhân dân phường"),
    (Topic.PART_TIME, "Đề nghị giải quyết phụ cấp cho trưởng khu phố kiêm bí thư chi bộ.", "Ủy ban nhân dân phường"),
]  # fmt: skip
DIALOGUE_RECOMMENDATIONS = [
    (Topic.POLICE, "Đề nghị công an xã tăng cường tuần tra ban đêm tại các thôn giáp biên.", "Công an xã"),
    (Topic.RECRUITMENT, "Thanh niên trong thôn đi làm ở khu công nghiệp phía Nam nhiều, đề nghị có cách tạo nguồn "
     "phù hợp.", "Ban Xây dựng Đảng Đảng ủy xã"),
    (Topic.FACILITIES, "Đề nghị hỗ trợ loa truyền thanh cho nhà văn hóa thôn.", "Ủy ban nhân dân xã"),
]  # fmt: skip


def _place(org: Org) -> str:
    """ "xã Lìa" from "Đảng bộ xã Lìa": how a text names the locality."""
    name = org.name
    for prefix in ("Đảng bộ ", "Chi bộ "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


class _Seed:
    def __init__(self, *, root: Org, today: date, seed: int):
        self.root, self.today = root, today
        self.rng = random.Random(f"proposals-{seed}")
        self.communes = list(
            Org.objects.filter(parent=root, sector=Sector.COMMUNE, org_type=OrgType.UPPER_GRASSROOTS_COMMITTEE)
            .filter(Q(closed_on__isnull=True))
            .order_by("path")
        )
        dong_ha = next((c for c in self.communes if c.code == f"{root.code}.{DONG_HA}"), None)
        self.ward = dong_ha or (self.communes[0] if self.communes else None)
        others = [c for c in self.communes if c != self.ward]
        mountain = [c for name in MOUNTAIN_COMMUNES for c in others if c.name.endswith(f"xã {name}")]
        self.other = (mountain or others or [None])[0]
        # Rows are planned before any is written; each child row carries the index of its proposal.
        self.proposals: list[Proposal] = []
        self.revisions: list[tuple[int, Revision]] = []
        self.reviewers: list[tuple[int, Reviewer]] = []
        self.comments: list[tuple[int, int, Comment]] = []  # (proposal index, revision number, comment)
        self.conferences: list[Conference] = []
        self.recommendations: list[Recommendation] = []

    def day(self, d: date) -> date:
        return min(d, self.today)

    # --- Reviewers ----------------------------------------------------------------------------------------

    def reviewers_for(self, org: Org, area: str) -> list[User]:
        """The demo's officers who review at `org` (lead first): "tinh" and "lanhdao" at the province, with
        "baove" on internal political protection; "xa" at Đông Hà. On another tree, whoever may review there."""
        wanted = {
            "province": ["tinh", "lanhdao"] + (["baove"] if area == Area.PROTECTION else []),
            "ward": ["xa"],
        }
        names = wanted["province"] if org == self.root else wanted["ward"] if org == self.ward else []
        roles = [
            r
            for r in Role.values
            if r != Role.ADMIN and (role_allows(r, Action.EDIT) or role_allows(r, Action.APPROVE))
        ]
        by_name = {u.username: u for u in User.objects.filter(username__in=names, is_active=True, org=org)}
        users = [by_name[n] for n in names if n in by_name]
        if not users:
            users = list(User.objects.filter(is_active=True, org=org, role__in=roles).order_by("-role", "username")[:2])
        # An officer leads: a leader chairs the committee's decision, not the drafting of the appraisal.
        users.sort(key=lambda u: 0 if u.role == Role.OFFICER else 1)
        return users

    # --- Proposals ------------------------------------------------------------------------------------------

    def proposal(self, spec: Spec) -> None:
        org = {"province": self.root, "ward": self.ward, "commune": self.other}[spec.level]
        if org is None:
            return
        received = self.today - timedelta(days=spec.received)
        due = received + timedelta(days=spec.days)
        users = self.reviewers_for(org, spec.area) if spec.status != P.SUBMITTED else []
        status = spec.status if (users or spec.status in (P.SUBMITTED, P.WITHDRAWN)) else P.SUBMITTED
        i = len(self.proposals)
        proposal = Proposal(
            org=org,
            title=spec.title,
            title_folded=fold(spec.title),
            area=spec.area,
            submitted_by=spec.submitted_by,
            document_no=spec.document_no,
            received_on=received,
            due_on=due,
            status=status,
        )
        self.proposals.append(proposal)
        rev1 = Revision(number=1, received_on=received, summary="Dự thảo đề án và tờ trình kèm theo.")
        revisions = [rev1]
        if status == P.WITHDRAWN:
            proposal.withdrawn_on = self.day(received + timedelta(days=9))
            proposal.withdrawn_reason = "Cơ quan trình rút tờ trình để chờ hướng dẫn của Trung ương về cơ sở dữ liệu."
        if users:
            assigned = self.day(received + timedelta(days=1))
            span = max(1, (due - assigned).days)
            for n, user in enumerate(users):
                own_due = assigned + timedelta(days=max(1, span * (2 if n == 0 else 1) // 3))
                if spec.reviewer_late and n == len(users) - 1:
                    own_due = min(own_due, self.today - timedelta(days=2))
                own_due = max(min(own_due, due), assigned)
                self.reviewers.append((i, Reviewer(user=user, lead=n == 0, assigned_on=assigned, due_on=own_due)))
            self.comments_on(i, spec, users, rev1, start=received + timedelta(days=3), final=False)
            if spec.rounds > 1 or status == P.REVISING:
                ask = self.day(received + timedelta(days=8))
                rev1.changes_requested_on, rev1.changes_requested = ask, self.rng.choice(REQUESTS)
                if status != P.REVISING:
                    rev2 = Revision(
                        number=2,
                        received_on=self.day(ask + timedelta(days=4)),
                        summary="Tiếp thu ý kiến thẩm định: bổ sung lộ trình, kinh phí, phụ lục số liệu.",
                    )
                    revisions.append(rev2)
            latest = revisions[-1]
            if status == P.CONCLUDED:
                concluded = self.day(due + timedelta(days=spec.late) if spec.late else due - timedelta(days=2))
                concluded = max(concluded, latest.received_on)
                self.comments_on(i, spec, users, latest, start=concluded - timedelta(days=1), final=True)
                proposal.conclusion, proposal.concluded_on = spec.conclusion, concluded
                proposal.conclusion_text = CONCLUSIONS[spec.conclusion]
                proposal.conclusion_no = f"{self.rng.randint(20, 180)}-BC/{'BTCTU' if org == self.root else 'ĐU'}"
                proposal.concluded_by = users[0]
            elif status == P.IN_REVIEW and len(users) > 1 and not spec.reviewer_late:
                # The second reviewer has given their opinion; the lead is still drafting.
                self.comments_on(i, spec, users[1:], latest, start=latest.received_on + timedelta(days=5), final=True)
        self.revisions += [(i, rev) for rev in revisions]

    def comments_on(self, i: int, spec: Spec, users: list[User], rev: Revision, *, start: date, final: bool) -> None:
        texts = COMMENTS.get(spec.area, COMMENTS[Area.ORGANIZATION])
        for n, user in enumerate(users):
            on = self.day(max(start + timedelta(days=n), rev.received_on))
            text = texts[-1] if final else texts[(i + n) % (len(texts) - 1)]
            self.comments.append((i, rev.number, Comment(author=user, on=on, text=text, final=final)))

    # --- Conferences and recommendations ----------------------------------------------------------------

    def year_end(self) -> None:
        if self.today < YEAR_END_ON or not self.communes:
            return
        conference = Conference(
            org=self.root,
            title=YEAR_END_TITLE,
            title_folded=fold(YEAR_END_TITLE),
            kind=ConferenceKind.REVIEW,
            held_on=YEAR_END_ON,
            place="Hội trường Tỉnh ủy, phường Đồng Hới",
        )
        self.conferences.append(conference)
        topics, weights = zip(*TOPIC_WEIGHTS, strict=True)
        states = [state for state, n in YEAR_END_STATES for _ in range(n)]
        self.rng.shuffle(states)
        for number, state in enumerate(states[:YEAR_END_RECOMMENDATIONS], start=1):
            # Đông Hà raises the first two, so that its officer ("xa") finds them at the province's conference
            # (and only them: the other communes' stay out of sight).
            org = self.ward if number <= 2 and self.ward is not None else self.rng.choice(self.communes)
            topic = self.rng.choices(topics, weights)[0]
            content = self.rng.choice(RECOMMENDATIONS[topic]).format(place=_place(org))
            rec = Recommendation(conference=conference, number=number, raised_by=org, topic=topic, content=content)
            self.follow_up(rec, state, held=YEAR_END_ON, body=PROVINCE_BODIES[topic], answer=ANSWERS[topic])
            self.recommendations.append(rec)

    def local(self, org: Org | None, title: str, kind: str, held: date, items) -> None:
        if org is None or self.today < held:
            return
        cells = list(Org.objects.filter(parent=org, closed_on__isnull=True).order_by("path")[:12]) or [org]
        conference = Conference(org=org, title=title, title_folded=fold(title), kind=kind, held_on=held,
                                place=f"Hội trường Đảng ủy {_place(org)}")  # fmt: skip
        self.conferences.append(conference)
        states = ["closed", "answered", "overdue", "open", "assigned"]
        for number, (topic, content, body) in enumerate(items, start=1):
            rec = Recommendation(
                conference=conference, number=number, raised_by=cells[(number - 1) % len(cells)], topic=topic,
                content=content,
            )  # fmt: skip
            self.follow_up(rec, states[(number - 1) % len(states)], held=held, body=body,
                           answer="Đảng ủy đã chỉ đạo giải quyết, thông báo đến chi bộ.")  # fmt: skip
            self.recommendations.append(rec)

    def follow_up(self, rec: Recommendation, state: str, *, held: date, body: str, answer: str) -> None:
        """Bring `rec` to `state`, every date after the one before and none after today. A state whose dates do
        not fit before today stops at the last step that fits."""
        rng, today = self.rng, self.today
        if state == "open":
            return
        assigned = self.day(held + timedelta(days=rng.randint(5, 20)))
        if state == "assigned":
            due = today + timedelta(days=rng.randint(5, 40))
        elif state == "overdue":
            planned = assigned + timedelta(days=rng.randint(20, 45))
            due = max(assigned, min(planned, today - timedelta(days=rng.randint(3, 60))))
        else:
            due = assigned + timedelta(days=rng.choice((30, 45, 60)))
        rec.status, rec.assigned_to, rec.assigned_on, rec.due_on = S.ASSIGNED, body, assigned, due
        if state in ("assigned", "overdue"):
            return
        if state == "late":
            answered = due + timedelta(days=rng.randint(3, 20))
        else:
            answered = due - timedelta(days=rng.randint(1, 15))
        answered = max(answered, assigned)
        if answered > today:
            return
        rec.status, rec.answer, rec.answered_on = S.ANSWERED, answer, answered
        rec.answer_no = ANSWER_SIGNS.get(body, "{n}-CV/ĐU").format(n=rng.randint(100, 990))
        if state in ("answered", "late"):
            return
        closed = answered + timedelta(days=rng.randint(3, 15))
        if closed > today:
            return
        rec.status, rec.closed_on, rec.closing_note = S.CLOSED, closed, "Địa phương thống nhất với nội dung trả lời."
        if state != "reopened":
            return
        reopened = closed + timedelta(days=rng.randint(5, 20))
        if reopened > today:
            return
        rec.status, rec.reopened_on = S.ASSIGNED, reopened
        rec.reopen_reason = "Địa phương phản ánh chưa được giải quyết dứt điểm."
        rec.due_on = reopened + timedelta(days=30)
        rec.answer, rec.answered_on, rec.answer_no, rec.closed_on, rec.closing_note = "", None, "", None, ""

    # --- Writing --------------------------------------------------------------------------------------------

    def write(self) -> dict[str, int]:
        Proposal.objects.bulk_create(self.proposals)
        for i, rev in self.revisions:
            rev.proposal = self.proposals[i]
        Revision.objects.bulk_create([rev for _i, rev in self.revisions])
        by_number = {(i, rev.number): rev for i, rev in self.revisions}
        done: dict[tuple[int, int], date] = {}  # a reviewer's final comment completes their part
        comments = []
        for i, number, comment in self.comments:
            comment.proposal, comment.revision = self.proposals[i], by_number[(i, number)]
            comments.append(comment)
            if comment.final:
                done[(i, comment.author_id)] = comment.on
        for i, r in self.reviewers:
            r.proposal, r.done_on = self.proposals[i], done.get((i, r.user_id))
        Reviewer.objects.bulk_create([r for _i, r in self.reviewers])
        Comment.objects.bulk_create(comments)
        # The recommendations hold the conference instances, which carry their keys once written.
        Conference.objects.bulk_create(self.conferences)
        Recommendation.objects.bulk_create(self.recommendations)

        today = self.today
        opened = [P.SUBMITTED, P.IN_REVIEW, P.REVISING]
        recs = Recommendation.objects.filter(conference__in=self.conferences)
        counts = {
            "proposals": len(self.proposals),
            "proposals_open": Proposal.objects.filter(pk__in=[p.pk for p in self.proposals], status__in=opened).count(),
            "proposals_overdue": Proposal.objects.filter(
                pk__in=[p.pk for p in self.proposals], status__in=opened, due_on__lt=today
            ).count(),
            "concluded": sum(p.status == P.CONCLUDED for p in self.proposals),
            "reviewers": len(self.reviewers),
            "comments": len(comments),
            "conferences": len(self.conferences),
            "recommendations": len(self.recommendations),
            "recommendations_overdue": recs.filter(status=S.ASSIGNED, due_on__lt=today).count(),
            "recommendations_answered": recs.filter(status__in=[S.ANSWERED, S.CLOSED]).count(),
            "answered_late": recs.filter(answered_on__gt=F("due_on")).count(),
            "reopened": recs.filter(reopened_on__isnull=False).count(),
        }
        audit_record(
            actor=None,
            action="demo.seed",
            obj=self.root,
            org_path=self.root.path,
            note="Đề án, kiến nghị",
            changes={k: {"before": None, "after": v} for k, v in counts.items()},
        )
        return counts


def seed_proposals(*, root: Org, today: date, seed: int = 1) -> dict[str, int]:
    """Seed the appraisals, conferences and recommendations of the demo province under `root`, after the
    tree, the users and the other demos; call it inside a transaction. Returns the figures written."""
    s = _Seed(root=root, today=today, seed=seed)
    for spec in PROPOSALS:
        s.proposal(spec)
    s.year_end()
    ward_title = "Hội nghị sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2026"
    s.local(s.ward, ward_title, ConferenceKind.REVIEW, WARD_CONFERENCE_ON, WARD_RECOMMENDATIONS)
    dialogue = "Hội nghị đối thoại giữa Thường trực Đảng ủy với bí thư chi bộ thôn"
    s.local(s.other, dialogue, ConferenceKind.DIALOGUE, DIALOGUE_ON, DIALOGUE_RECOMMENDATIONS)
    return s.write()
