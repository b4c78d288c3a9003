"""`tochuc check-deploy`: a production configuration passes; each bad setting alone is named, with its fix, and
the command fails."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tochuc.core import deploy_checks

pytestmark = pytest.mark.django_db

STRONG_KEY = "k7Qf2pX9vL3mZ8rT1wY6uB4nC0sD5gH2jK7aE9iO3qW8eR1tY6uI4oP0"


@pytest.fixture
def production(settings, monkeypatch):
    """The environment of docs/deploy.md, as settings."""
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    # Set by tests/browser/conftest.py for the live server when the browser tests are collected too.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    settings.SECRET_KEY = STRONG_KEY
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["tochuc.example.vn"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 3600
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SILENCED_SYSTEM_CHECKS = ["security.W021"]
    settings.REDIS_URL = ""
    return settings


def run(capsys) -> tuple[int, str]:
    try:
        call_command("check_deploy")
    except CommandError:
        status = 1
    else:
        status = 0
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_it_passes_a_production_configuration(production, capsys):
    status, output = run(capsys)

    assert status == 0, output
    assert "không có vấn đề" in output


def _key_from_files(settings, monkeypatch):
    monkeypatch.delenv("SECRET_KEY")


def _short_key(settings, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "ngan-qua")
    settings.SECRET_KEY = "ngan-qua"


def _insecure_key(settings, monkeypatch):
    key = "django-insecure-" + STRONG_KEY
    monkeypatch.setenv("SECRET_KEY", key)
    settings.SECRET_KEY = key


def _set(name, value):
    def change(settings, monkeypatch):
        setattr(settings, name, value)

    return change


@pytest.mark.parametrize(
    ("change", "setting", "fix"),
    [
        (_key_from_files, "SECRET_KEY", "không lấy từ biến môi trường"),
        (_short_key, "SECRET_KEY", "ngắn, dễ đoán"),
        (_insecure_key, "SECRET_KEY", "ngắn, dễ đoán"),
        (_set("DEBUG", True), "DEBUG", "bỏ biến môi trường DEBUG"),
        (_set("ALLOWED_HOSTS", []), "ALLOWED_HOSTS", "đặt ALLOWED_HOSTS"),
        (_set("ALLOWED_HOSTS", ["tochuc.example.vn", "*"]), "ALLOWED_HOSTS", "«*»"),
        (_set("SESSION_COOKIE_SECURE", False), "SESSION_COOKIE_SECURE", "SECURE_COOKIES=1"),
        (_set("CSRF_COOKIE_SECURE", False), "CSRF_COOKIE_SECURE", "SECURE_COOKIES=1"),
        (_set("SECURE_HSTS_SECONDS", 3600), "SECURE_HSTS_SECONDS", "SECURE_HSTS_SECONDS=31536000"),
        (_set("SECURE_HSTS_SECONDS", 0), "SECURE_HSTS_SECONDS", "SECURE_HSTS_SECONDS=31536000"),
        (_set("SECURE_SSL_REDIRECT", False), "security.W008", "SILENCED_SYSTEM_CHECKS=security.W008"),
        (_set("SECURE_HSTS_INCLUDE_SUBDOMAINS", False), "security.W005", "SILENCED_SYSTEM_CHECKS=security.W005"),
        (_set("SILENCED_SYSTEM_CHECKS", []), "security.W021", "SILENCED_SYSTEM_CHECKS=security.W021"),
        (_set("REDIS_URL", "redis://127.0.0.1:1/0"), "REDIS_URL", "không kết nối được Redis"),
    ],
    ids=lambda v: v if isinstance(v, str) else getattr(v, "__name__", None),
)
def test_each_bad_setting_alone_is_named_and_fails(production, monkeypatch, capsys, change, setting, fix):
    change(production, monkeypatch)

    status, output = run(capsys)

    assert status == 1
    problems = [line for line in output.splitlines() if line.startswith("- ")]
    assert len(problems) == 1, output
    assert problems[0].startswith(f"- {setting}: ")
    assert fix in problems[0]


def test_it_wants_https_from_a_redirect_or_the_proxy(production, monkeypatch, capsys):
    production.SECURE_SSL_REDIRECT = False
    production.SILENCED_SYSTEM_CHECKS = ["security.W021", "security.W008"]
    assert run(capsys)[0] == 0  # nginx redirects, Django trusts its X-Forwarded-Proto

    del production.SECURE_PROXY_SSL_HEADER
    status, output = run(capsys)

    assert status == 1
    assert "- SECURE_SSL_REDIRECT: " in output
    assert "BEHIND_TLS_PROXY=1" in output


def test_it_says_when_the_database_cannot_be_reached(production, monkeypatch, capsys):
    real = deploy_checks.database_settings

    def unreachable(alias="default"):
        params = real(alias)
        if "postgresql" in params["ENGINE"]:
            params.update(HOST="127.0.0.1", PORT="1")
        else:
            params["NAME"] = "/nonexistent-folder/tochuc.sqlite3"
        return params

    monkeypatch.setattr(deploy_checks, "database_settings", unreachable)

    status, output = run(capsys)

    assert status == 1
    assert "- DATABASE_URL: không kết nối được cơ sở dữ liệu" in output


def test_it_names_migrations_not_applied(production, monkeypatch, capsys):
    from django.db.migrations.recorder import MigrationRecorder

    MigrationRecorder.Migration.objects.filter(app="portal").order_by("-id")[:1].get().delete()

    status, output = run(capsys)

    assert status == 1
    assert "- migrate: còn 1 migration chưa áp dụng (portal." in output
    assert "tochuc migrate" in output
