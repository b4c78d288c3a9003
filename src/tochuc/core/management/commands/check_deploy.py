"""`tochuc check-deploy`: is this server's configuration fit for production? Django's deployment checks plus
ours (tochuc.core.deploy_checks), one line per problem naming the setting and its fix; exit status 1 when
there is any. Run it with the production environment (docs/deploy.md), after `tochuc migrate`.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tochuc.core import deploy_checks


class Command(BaseCommand):
    help = _("Kiểm tra cấu hình trước khi đưa vào vận hành (khóa bí mật, DEBUG, HTTPS, cơ sở dữ liệu, Redis…).")
    requires_system_checks = []  # they are part of what this command reports, one line each

    def handle(self, *args, **options) -> None:
        problems = deploy_checks.deploy_problems()
        for problem in problems:
            self.stderr.write(f"- {problem}")
        if problems:
            raise CommandError(_("%(count)d vấn đề cần sửa trước khi vận hành.") % {"count": len(problems)})
        self.stdout.write(_("Cấu hình triển khai đạt yêu cầu: không có vấn đề nào."))
