"""What `tochuc check-deploy` verifies before a server goes live: Django's deployment checks (`check --deploy`)
and ours (secret key, DEBUG, host names, HTTPS, the database, the migrations, Redis). Each problem is one
Vietnamese line naming the setting and the environment variable that fixes it (docs/deploy.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.conf import settings
from django.core import checks
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

ONE_YEAR = 365 * 24 * 3600
SECRET_KEY_MIN_LENGTH = 50
DB_TIMEOUT_SECONDS = 5
REDIS_TIMEOUT_SECONDS = 3
# Keys that are known to the world: Django's placeholder and the ones of tutorials and of our own docs.
KNOWN_KEYS = frozenset({"change-me", "changeme", "secret", "insecure", "django-insecure", "dev", "test"})

# Django's deployment checks that ours say the same of, in Vietnamese: when ours has spoken about the setting,
# Django's English line is not repeated.
SAME_AS_OURS = {
    "security.W004": "SECURE_HSTS_SECONDS",
    "security.W008": "SECURE_SSL_REDIRECT",
    "security.W009": "SECRET_KEY",
    "security.W012": "SESSION_COOKIE_SECURE",
    "security.W016": "CSRF_COOKIE_SECURE",
    "security.W018": "DEBUG",
    "security.W020": "ALLOWED_HOSTS",
}


@dataclass(frozen=True)
class Problem:
    setting: str
    message: str

    def __str__(self) -> str:
        return f"{self.setting}: {self.message}"


def secret_key_problems() -> list[Problem]:
    key = str(settings.SECRET_KEY or "")
    from_env = os.environ.get("SECRET_KEY", "")
    fix = _('đặt biến môi trường SECRET_KEY (50 ký tự ngẫu nhiên trở lên: python3 -c "import secrets; '
            'print(secrets.token_urlsafe(50))").')  # fmt: skip
    if not from_env or from_env != key:
        return [Problem("SECRET_KEY", _("khóa bí mật không lấy từ biến môi trường; ") + fix)]
    weak = (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < 5
        or key.startswith("django-insecure")
        or key.strip().lower() in KNOWN_KEYS
    )
    if weak:
        return [Problem("SECRET_KEY", _("khóa bí mật ngắn, dễ đoán hoặc là khóa mặc định; ") + fix)]
    return []


def debug_problems() -> list[Problem]:
    if settings.DEBUG:
        return [Problem("DEBUG", _("đang bật trang gỡ lỗi (lộ mã nguồn và cấu hình); bỏ biến môi trường DEBUG."))]
    return []


def host_problems() -> list[Problem]:
    hosts = list(settings.ALLOWED_HOSTS)
    if not hosts:
        return [Problem("ALLOWED_HOSTS", _("chưa có tên máy chủ nào; đặt ALLOWED_HOSTS=tên.miền.của.hệ.thống."))]
    if "*" in hosts:
        return [
            Problem(
                "ALLOWED_HOSTS",
                _("có «*» (nhận mọi tên máy chủ); chỉ ghi tên miền thật của hệ thống vào ALLOWED_HOSTS."),
            )
        ]
    return []


def https_problems() -> list[Problem]:
    problems = []
    if not settings.SECURE_SSL_REDIRECT and not getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        problems.append(
            Problem(
                "SECURE_SSL_REDIRECT",
                _(
                    "không chuyển HTTP sang HTTPS và không tin giao thức do proxy báo; đặt BEHIND_TLS_PROXY=1 "
                    "(sau nginx có TLS) hoặc SECURE_SSL_REDIRECT=1."
                ),
            )
        )
    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        if not getattr(settings, name):
            problems.append(Problem(name, _("cookie được gửi cả qua HTTP không mã hóa; đặt SECURE_COOKIES=1.")))
    if int(settings.SECURE_HSTS_SECONDS or 0) < ONE_YEAR:
        problems.append(
            Problem(
                "SECURE_HSTS_SECONDS",
                _(
                    "HSTS %(seconds)s giây, cần ít nhất một năm; đặt SECURE_HSTS_SECONDS=31536000 "
                    "(hoặc BEHIND_TLS_PROXY=1)."
                )
                % {"seconds": int(settings.SECURE_HSTS_SECONDS or 0)},
            )
        )
    return problems


def database_settings(alias: str = DEFAULT_DB_ALIAS) -> dict:
    return dict(connections[alias].settings_dict)


def database_problems() -> list[Problem]:
    """A `SELECT 1` on a fresh connection that gives up after a few seconds (an unreachable PostgreSQL would
    otherwise keep the command waiting on the operating system's TCP timeout)."""
    params = database_settings()
    options = dict(params.get("OPTIONS") or {})
    if "postgresql" in params.get("ENGINE", ""):
        options["connect_timeout"] = DB_TIMEOUT_SECONDS
    elif "sqlite3" in params.get("ENGINE", ""):
        options["timeout"] = DB_TIMEOUT_SECONDS
    params["OPTIONS"] = options
    connection = connections.create_connection(DEFAULT_DB_ALIAS)
    connection.settings_dict = params
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure is the message to show
        reason = " ".join(str(error).split())[:200]
        return [
            Problem(
                "DATABASE_URL",
                _("không kết nối được cơ sở dữ liệu (%(reason)s); kiểm tra DATABASE_URL và máy chủ PostgreSQL.")
                % {"reason": reason or type(error).__name__},
            )
        ]
    finally:
        connection.close()
    return []


def migration_problems() -> list[Problem]:
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[DEFAULT_DB_ALIAS]
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:  # the database check says why
        return [Problem("migrate", _("không đọc được trạng thái migration (%(reason)s).") % {"reason": error})]
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in plan[:5])
        more = "…" if len(plan) > 5 else ""
        return [
            Problem(
                "migrate",
                _("còn %(count)d migration chưa áp dụng (%(names)s%(more)s); chạy «tochuc migrate».")
                % {"count": len(plan), "names": names, "more": more},
            )
        ]
    return []


def redis_problems() -> list[Problem]:
    url = getattr(settings, "REDIS_URL", "")
    if not url:
        return []
    import redis

    try:
        client = redis.Redis.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
        )
        client.ping()
    except Exception as error:  # any failure is the message to show
        return [
            Problem(
                "REDIS_URL",
                _(
                    "không kết nối được Redis (%(reason)s); kiểm tra REDIS_URL hoặc bỏ biến này để dùng bộ nhớ đệm "
                    "trong tiến trình."
                )
                % {"reason": " ".join(str(error).split())[:200]},
            )
        ]
    return []


def django_problems(ours: list[Problem]) -> list[Problem]:
    """Django's own checks with the deployment ones, warnings included; SILENCED_SYSTEM_CHECKS silences them."""
    spoken = {p.setting for p in ours}
    problems = []
    for message in checks.run_checks(include_deployment_checks=True):
        if message.level < checks.WARNING or message.is_silenced():
            continue
        if SAME_AS_OURS.get(message.id or "") in spoken:
            continue
        text = " ".join(str(message.msg).split())
        if message.hint:
            text += f" ({' '.join(str(message.hint).split())})"
        problems.append(
            Problem(
                message.id or "django",
                _("kiểm tra của Django: %(text)s Bỏ qua được bằng SILENCED_SYSTEM_CHECKS=%(id)s nếu đã cân nhắc.")
                % {"text": text, "id": message.id},
            )
        )
    return problems


def deploy_problems() -> list[Problem]:
    ours = [
        *secret_key_problems(),
        *debug_problems(),
        *host_problems(),
        *https_problems(),
        *database_problems(),
    ]
    if not any(p.setting == "DATABASE_URL" for p in ours):
        ours += migration_problems()
    ours += redis_problems()
    return ours + django_problems(ours)
