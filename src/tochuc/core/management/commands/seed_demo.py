"""`tochuc seed-demo [--members N] [--seed S]`: load the demo province once (make demo runs it every time)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from tochuc.accounts.models import User
from tochuc.accounts.roles import Role
from tochuc.core.errors import DomainError
from tochuc.demo import province
from tochuc.demo.awards import seed_awards
from tochuc.demo.cadres import seed_cadres
from tochuc.demo.congresses import seed_congresses
from tochuc.demo.enterprises import seed_enterprises
from tochuc.demo.portal import seed_portal
from tochuc.demo.proposals import seed_proposals
from tochuc.demo.protection import seed_protection
from tochuc.demo.ratings import seed_ratings
from tochuc.demo.recruitment import seed_recruitment
from tochuc.orgs.models import Org


class Command(BaseCommand):
    help = "Tạo dữ liệu dùng thử: Đảng bộ tỉnh Quảng Trị (78 xã, phường, đặc khu), đảng viên, tài khoản."

    def add_arguments(self, parser):
        parser.add_argument(
            "--members",
            type=int,
            default=province.DEFAULT_MEMBERS,
            help=f"số đảng viên (mặc định {province.DEFAULT_MEMBERS})",
        )
        parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên: cùng hạt giống, cùng dữ liệu")

    def handle(self, *args, members: int, seed: int, **options):
        if members < 0 or members > 1_000_000:
            raise CommandError("Số đảng viên phải từ 0 đến 1.000.000.")
        existing = Org.objects.filter(code=province.ROOT_CODE).first()
        if existing is not None:
            self.stdout.write(f"Dữ liệu dùng thử đã có (tổ chức «{existing.name}», mã {existing.code}): không tạo lại.")
            names = [username for username, *_rest in province.DEMO_USERS]
            users = User.objects.filter(username__in=names, is_active=True).select_related("org")
            self._print_logins(sorted(users, key=lambda u: names.index(u.username)))
            return
        started = time.monotonic()
        self.stdout.write(f"Lập kế hoạch dữ liệu (hạt giống {seed}, {province.fmt_int(members)} đảng viên)...")
        plan = province.plan_province(seed=seed, members=members, today=timezone.localdate())
        try:
            result = province.seed_province(plan=plan, progress=self.stdout.write)
        except DomainError as e:
            raise CommandError(f"Không tạo được dữ liệu dùng thử: {e.message}") from e
        self.stdout.write(
            self.style.SUCCESS(
                f"Xong trong {time.monotonic() - started:.1f} giây: {province.fmt_int(result['orgs'])} tổ chức đảng, "
                f"{province.fmt_int(result['members'])} đảng viên."
            )
        )
        today = timezone.localdate()
        with transaction.atomic():
            development = seed_recruitment(root=result["root"], today=today, seed=seed)
            firms = seed_enterprises(root=result["root"], today=today, seed=seed)
        self.stdout.write(
            f"Phát triển đảng viên: {province.fmt_int(development['candidates'])} quần chúng ưu tú "
            f"({development['admitted']} đã kết nạp, {development['away']} đang đi làm ăn xa, "
            f"{development['lost']} dừng theo dõi vì đi làm ăn xa); chỉ tiêu kết nạp năm {today.year}; "
            f"{development['members_away']} đảng viên đi làm ăn xa."
        )
        self.stdout.write(
            f"Doanh nghiệp: {firms['with_party_org']} có tổ chức đảng, {firms['without_party_org']} chưa có "
            f"({firms['eligible']} đủ điều kiện thành lập); chỉ tiêu thành lập tổ chức đảng năm {today.year}."
        )
        started = time.monotonic()
        with transaction.atomic():
            cadres = seed_cadres(root=result["root"], today=today, seed=seed)
        n = province.fmt_int
        self.stdout.write(
            f"Công tác cán bộ: {n(cadres['working'])} cán bộ đang công tác ({n(cadres['members'])} là đảng viên, "
            f"{cadres['part_time']} không chuyên trách), {n(cadres['posts'])} chức vụ, {n(cadres['open_tenures'])} "
            f"người giữ chức vụ ({n(cadres['concurrent'])} kiêm nhiệm); {cadres['due']} chức vụ bổ nhiệm hết thời "
            f"hạn trong 6 tháng; quy hoạch {n(cadres['planning'])} lượt; {cadres['appointments_open']} hồ sơ bổ "
            f"nhiệm đang thực hiện; {cadres['movements']} luân chuyển, biệt phái ({cadres['overdue']} quá hạn); "
            f"{cadres['courses']} lớp, {n(cadres['attendances'])} học viên; {n(cadres['evaluations'])} kết quả đánh "
            f"giá; {cadres['surplus']} cán bộ dôi dư ({cadres['surplus_pending']} chưa giải quyết) "
            f"({time.monotonic() - started:.1f} giây)."
        )
        started = time.monotonic()
        with transaction.atomic():
            congresses = seed_congresses(root=result["root"], today=today, seed=seed)
        self.stdout.write(
            f"Đại hội nhiệm kỳ 2025-2030: {n(congresses['congresses'])} đại hội ({n(congresses['held'])} đã tổ chức, "
            f"{congresses['awaiting_approval']} chờ chuẩn y kết quả, {n(congresses['planned'])} đại hội chi bộ giữa "
            f"nhiệm kỳ 2027-2030 đã lên kế hoạch, {congresses['pilot']} đại hội điểm); Đại hội đại biểu Đảng bộ tỉnh "
            f"lần thứ I: {congresses['province_seats']} đại biểu ({congresses['ex_officio']} đương nhiên, "
            f"{congresses['absent']} vắng có lý do) từ {congresses['allocations']} đảng bộ; {congresses['plans']} đề "
            f"án nhân sự, {congresses['nominations']} lượt giới thiệu, {congresses['elections']} cuộc bầu cử "
            f"({congresses['second_rounds']} bầu lần hai); {n(congresses['memberships'])} cấp ủy viên "
            f"({congresses['appointed']} Tỉnh ủy viên chỉ định, {congresses['by_elections']} bầu bổ sung) "
            f"({time.monotonic() - started:.1f} giây)."
        )
        self._seed_year(root=result["root"], today=today, seed=seed)
        with transaction.atomic():
            portal = seed_portal(root=result["root"], today=today, seed=seed)
        self.stdout.write(
            f"Cổng thông tin: {portal['published']} tin bài đã xuất bản trong {portal['categories']} chuyên mục "
            f"({portal['review']} chờ duyệt, {portal['drafts']} bản nháp, {portal['scheduled']} hẹn giờ), "
            f"{portal['events']} sự kiện nổi bật, {portal['polls']} cuộc bình chọn ({portal['votes']} phiếu)."
        )
        self._print_logins(result["users"])

    def _seed_year(self, *, root, today, seed: int) -> None:
        """The rest of the committee's year: quality ratings, the year-end conference with its recommendations
        and proposals under appraisal, the commendations that follow the ratings, internal political
        protection. Ratings come before awards (eligibility reads them), proposals before awards (the awards
        are presented at the conference)."""
        n = province.fmt_int
        started = time.monotonic()
        with transaction.atomic():
            ratings = seed_ratings(root=root, today=today, seed=seed)
            proposals = seed_proposals(root=root, today=today, seed=seed)
            awards = seed_awards(root=root, today=today, seed=seed)
            protection = seed_protection(root=root, today=today, seed=seed)
        self.stdout.write(
            f"Đánh giá, xếp loại: {n(ratings['entries'])} kết quả ({n(ratings['member_entries'])} đảng viên, "
            f"{n(ratings['org_entries'])} tổ chức đảng) các năm đến {ratings['last_year']}; "
            f"{ratings['streak_members']} đảng viên và {ratings['streak_orgs']} tổ chức hoàn thành xuất sắc nhiệm vụ "
            f"5 năm liên tục; đợt năm nay: {n(ratings['open_entries'])} đối tượng "
            f"({n(ratings['open_decided'])} đã quyết định)."
        )
        self.stdout.write(
            f"Đề án, kiến nghị: {proposals['proposals']} đề án ({proposals['proposals_open']} đang thẩm định, "
            f"{proposals['proposals_overdue']} quá hạn); {proposals['conferences']} hội nghị, "
            f"{proposals['recommendations']} kiến nghị ({proposals['recommendations_answered']} đã trả lời, "
            f"{proposals['recommendations_overdue']} quá hạn)."
        )
        self.stdout.write(
            f"Khen thưởng năm {awards['year']}: {awards['awarded']} tập thể, cá nhân được khen "
            f"({awards['province_orgs']} tập thể và {awards['province_people']} cá nhân tại hội nghị tổng kết của "
            f"Tỉnh ủy, {awards['five_year']} khen 5 năm liên tục); {awards['proposed'] + awards['accepted']} đề "
            f"nghị đang xét."
        )
        self.stdout.write(
            f"Bảo vệ chính trị nội bộ: {protection['cases']} hồ sơ thẩm tra ({protection['open']} đang thẩm tra, "
            f"{protection['overdue']} quá hạn), {protection['questions']} nội dung xác minh, "
            f"{protection['notes']} ghi chép mật ({time.monotonic() - started:.1f} giây cho cả năm công tác)."
        )

    def _print_logins(self, users) -> None:
        rows = [("Tên đăng nhập", "Vai trò", "Tổ chức", "Mật khẩu")]
        rows += [(u.username, str(Role(u.role).label), u.org.name, province.DEMO_PASSWORD) for u in users]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        line = "  ".join("-" * w for w in widths)
        self.stdout.write("")
        for i, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
            if i == 0:
                self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(f"Mở {province.DEMO_URL} (`make demo` chạy máy chủ tại địa chỉ này).")
        self.stdout.write(
            f"Công tác cán bộ: {province.DEMO_URL}/cadres/ (tài khoản «tinh» cả tỉnh, «xa» phường Đông Hà: "
            "chức vụ, quy hoạch, bổ nhiệm, đào tạo, cán bộ dôi dư)."
        )
        self.stdout.write(
            f"Đại hội: {province.DEMO_URL}/congresses/ (tài khoản «tinh»: tiến độ đại hội nhiệm kỳ 2025-2030, Đại "
            "hội đại biểu Đảng bộ tỉnh lần thứ I và đại biểu; «xa» phường Đông Hà: đề án nhân sự, bầu cử, kết quả)."
        )
        self.stdout.write(
            f"Đánh giá, xếp loại: {province.DEMO_URL}/ratings/; khen thưởng: {province.DEMO_URL}/awards/; đề án, "
            f"kiến nghị: {province.DEMO_URL}/proposals/; bảo vệ chính trị nội bộ: {province.DEMO_URL}/protection/ "
            "(tài khoản «baove» xem được nội dung mật)."
        )
        self.stdout.write(
            f"Cổng thông tin công khai: {province.DEMO_URL}/portal/ (không cần đăng nhập); biên tập: tài khoản "
            "«bientap» viết bài, «tongbientap» duyệt và xuất bản."
        )
