"""`tochuc data-quality --org CODE [--check CHECK] [--limit N] [--json]`: the data-quality checks of member records
("đúng – đủ – sạch – sống", members/quality.py) under one org: counts per check and per problem, then the members
concerned. An administrator's command, run as the system (no user scope). Exit 0 whatever it finds."""

from __future__ import annotations

import json
import os
import sys
from itertools import islice

from django.core.management.base import BaseCommand, CommandError

from tochuc.orgs.models import Org

from ...quality import CHECKS, CHECKS_BY_CODE, QualityReport, member_quality_report_system

CHUNK = 1000


def _fmt_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class Command(BaseCommand):
    help = "Kiểm tra chất lượng dữ liệu đảng viên (đúng – đủ – sạch – sống) dưới một tổ chức đảng."

    def add_arguments(self, parser):
        parser.add_argument("--org", metavar="CODE", required=True, help="mã tổ chức đảng: kiểm tra cả cây dưới nó")
        parser.add_argument(
            "--check", choices=[c.code for c in CHECKS], help="chỉ một tiêu chí (mặc định: tất cả, lần lượt)"
        )
        parser.add_argument(
            "--limit", type=int, default=0, metavar="N", help="in tối đa N đảng viên mỗi tiêu chí (mặc định: tất cả)"
        )
        parser.add_argument("--json", action="store_true", help="in một đối tượng JSON (cho máy đọc)")

    def handle(self, *args, **options):
        code = options["org"].strip()
        org = Org.objects.filter(code__iexact=code).first()
        if org is None:
            raise CommandError(f"Không có tổ chức đảng nào mang mã «{code}».")
        if options["limit"] < 0:
            raise CommandError("--limit phải là số không âm.")
        report = member_quality_report_system(org=org)
        checks = [CHECKS_BY_CODE[options["check"]]] if options["check"] else list(CHECKS)
        try:
            if options["json"]:
                self._print_json(report, org, checks, options["limit"])
            else:
                self._print_text(report, org, checks, options["limit"])
        except BrokenPipeError:
            # `tochuc data-quality ... | head`: the reader has what it wanted; silence the final flush too.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    @staticmethod
    def _rows(report: QualityReport, check: str, limit: int):
        members = report.members(check)
        if limit:
            members = members[:limit]
        it = members.iterator(chunk_size=CHUNK)
        while chunk := list(islice(it, CHUNK)):
            yield from report.rows(chunk)

    def _print_text(self, report: QualityReport, org: Org, checks, limit: int) -> None:
        counts = {c.check.code: c for c in report.counts()}
        out = self.stdout
        out.write(f"Chất lượng dữ liệu đảng viên · {org.name} ({org.code}) · ngày {report.ctx.today:%d/%m/%Y}")
        for check in checks:
            count = counts[check.code]
            out.write("")
            out.write(f"[{check.standard}] {check.title}: {_fmt_int(count.count)} đảng viên")
            for p in count.problems:
                if len(count.problems) > 1:
                    out.write(f"    {p.problem.label}: {_fmt_int(p.count)}")
            if not count.count:
                continue
            for row in self._rows(report, check.code, limit):
                m = row.member
                problems = "; ".join(row.problems)
                if row.twins:
                    problems += "; có thể trùng với " + ", ".join(
                        f"#{t.pk} {t.full_name} ({t.org.code})" for t in row.twins
                    )
                out.write(f"  - #{m.pk} {m.full_name} ({m.birth_date:%d/%m/%Y}) · {m.org.code} · {problems}")
            if limit and count.count > limit:
                out.write(f"  ... và {_fmt_int(count.count - limit)} đảng viên khác (bỏ --limit để in hết)")

    def _print_json(self, report: QualityReport, org: Org, checks, limit: int) -> None:
        counts = {c.check.code: c for c in report.counts()}
        data = {
            "org": org.code,
            "org_name": org.name,
            "as_of": report.ctx.today.isoformat(),
            "checks": [
                {
                    "code": check.code,
                    "title": check.title,
                    "standard": check.standard,
                    "count": counts[check.code].count,
                    "problems": [
                        {"code": p.problem.code, "label": p.problem.label, "count": p.count}
                        for p in counts[check.code].problems
                    ],
                    "members": [
                        {
                            "id": row.member.pk,
                            "full_name": row.member.full_name,
                            "birth_date": row.member.birth_date.isoformat(),
                            "status": row.member.status,
                            "org": row.member.org.code,
                            "problems": row.codes,
                            "details": row.problems,
                            "possible_duplicates": [t.pk for t in row.twins],
                        }
                        for row in (self._rows(report, check.code, limit) if counts[check.code].count else [])
                    ],
                }
                for check in checks
            ],
        }
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
