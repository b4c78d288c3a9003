"""`tochuc token`: prints the secret alone on one line, lists tokens by prefix, revokes one; refuses an
unknown or locked user with a Vietnamese message and a non-zero exit."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tochuc.accounts.services import user_deactivate
from tochuc.api.models import ApiToken
from tochuc.api.services import hash_secret


def run(*args) -> str:
    out = StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_secret_alone_on_one_line(commune_officer):
    out = run("cb.dongha", "--name", "Trung ương", "--days", "90")
    assert out.endswith("\n") and out.count("\n") == 1
    secret = out.strip()
    token = ApiToken.objects.get()
    assert token.key_hash == hash_secret(secret) and token.name == "Trung ương" and token.expires_at is not None


def test_the_printed_secret_opens_the_api(client, commune_officer):
    secret = run("cb.dongha").strip()
    assert client.get("/api/v1/orgs/44.DH", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_it_lists_the_tokens_by_prefix_without_their_secret(commune_officer):
    secret = run("cb.dongha", "--name", "Hệ thống A").strip()
    listing = run("cb.dongha", "--list")
    assert secret[:8] in listing and "Hệ thống A" in listing and "còn hiệu lực" in listing
    assert secret not in listing


def test_it_revokes_a_token_by_its_prefix(client, commune_officer):
    secret = run("cb.dongha").strip()
    assert "Đã thu hồi" in run("cb.dongha", "--revoke", secret[:8])
    assert ApiToken.objects.get().revoked_at is not None
    assert "đã thu hồi" in run("cb.dongha", "--list")
    assert client.get("/api/v1/orgs/44.DH", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    with pytest.raises(CommandError, match="không có mã truy cập còn hiệu lực"):
        run("cb.dongha", "--revoke", secret[:8])


def test_an_unknown_user_is_refused(db):
    with pytest.raises(CommandError, match=r"Không có người dùng «ai\.do»"):
        run("ai.do")


def test_a_locked_user_is_refused(commune_officer):
    user_deactivate(actor=None, user=commune_officer, reason="Chuyển công tác")
    with pytest.raises(CommandError, match="đã bị khóa"):
        run("cb.dongha")
    assert ApiToken.objects.count() == 0


def test_a_user_without_tokens_is_told_so(commune_officer):
    assert "chưa có mã truy cập" in run("cb.dongha", "--list")
