"""API tokens: the secret is shown once and only its hash is kept; revoked, expired, unknown tokens and
locked accounts answer 401 with a Vietnamese JSON message; use is noted at most once a minute."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from tochuc.accounts.services import user_deactivate
from tochuc.api.models import ApiToken
from tochuc.api.services import token_issue, token_revoke
from tochuc.core.errors import DomainError
from tochuc.core.models import AuditEvent


def _get(client, secret: str):
    return client.get("/api/v1/orgs/44.DH", HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_it_stores_the_hash_of_the_secret_never_the_secret(commune_officer, audit_watch):
    watch = audit_watch()
    token, secret = token_issue(actor=None, user=commune_officer, name="Hệ thống tỉnh", days=30)
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert row["key_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert row["prefix"] == secret[:8]
    assert secret not in str(row)
    [event] = watch.events()
    assert event.action == "api_token.issue" and event.org_path == commune_officer.org.path
    assert event.changes["user"]["after"] == "cb.dongha"
    assert secret not in str(event.changes) and secret not in event.note
    assert token.expires_at is not None


def test_two_tokens_get_different_secrets(commune_officer):
    _a, first = token_issue(actor=None, user=commune_officer)
    _b, second = token_issue(actor=None, user=commune_officer)
    assert first != second and len(first) >= 40


def test_a_valid_token_opens_the_api(client, commune_officer):
    _token, secret = token_issue(actor=None, user=commune_officer)
    response = _get(client, secret)
    assert response.status_code == 200 and response.json()["code"] == "44.DH"


@pytest.mark.parametrize(
    "header",
    [None, "Bearer khong-co-ma-nay", "Basic YWJjOmRlZg==", "Bearer "],
)
def test_a_missing_or_unknown_token_answers_401_in_json(client, commune_officer, header):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v1/orgs/44.DH", **headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["detail"].startswith(("Thiếu mã truy cập", "Mã truy cập không đúng"))
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_session_login_does_not_open_the_api(client, commune_officer):
    client.force_login(commune_officer)
    assert client.get("/api/v1/orgs/44.DH").status_code == 401


def test_a_revoked_token_stops_at_once(client, commune_officer, audit_watch):
    token, secret = token_issue(actor=None, user=commune_officer)
    assert _get(client, secret).status_code == 200
    watch = audit_watch()
    token_revoke(actor=None, token=token)
    response = _get(client, secret)
    assert response.status_code == 401 and response.json()["detail"] == "Mã truy cập đã bị thu hồi."
    assert [e.action for e in watch.events()] == ["api_token.revoke"]
    with pytest.raises(DomainError):
        token_revoke(actor=None, token=token)


def test_an_expired_token_answers_401(client, commune_officer):
    token, secret = token_issue(actor=None, user=commune_officer, days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _get(client, secret)
    assert response.status_code == 401 and response.json()["detail"] == "Mã truy cập đã hết hạn."


def test_a_locked_users_tokens_stop_at_once(client, commune_officer):
    _token, secret = token_issue(actor=None, user=commune_officer)
    user_deactivate(actor=None, user=commune_officer, reason="Nghỉ hưu")
    response = _get(client, secret)
    assert response.status_code == 401 and response.json()["detail"] == "Tài khoản đã bị khóa."


def test_a_locked_user_gets_no_new_token(commune_officer):
    user_deactivate(actor=None, user=commune_officer, reason="Nghỉ hưu")
    with pytest.raises(DomainError) as info:
        token_issue(actor=None, user=commune_officer)
    assert info.value.field == "user" and ApiToken.objects.count() == 0


def test_a_token_of_less_than_one_day_is_refused(commune_officer):
    with pytest.raises(DomainError) as info:
        token_issue(actor=None, user=commune_officer, days=0)
    assert info.value.field == "days" and not AuditEvent.objects.filter(action="api_token.issue").exists()


def test_use_is_noted_at_most_once_a_minute(client, commune_officer):
    token, secret = token_issue(actor=None, user=commune_officer)
    assert token.last_used_at is None
    _get(client, secret)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    _get(client, secret)
    token.refresh_from_db()
    assert token.last_used_at == first  # no write on the second request
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    _get(client, secret)
    token.refresh_from_db()
    assert token.last_used_at > first


def test_a_secret_is_letters_and_digits_so_its_prefix_never_reads_as_an_option(commune_officer):
    secrets_ = [token_issue(actor=None, user=commune_officer)[1] for _ in range(50)]
    assert all(s.isascii() and s.isalnum() and len(s) == 43 for s in secrets_)
    assert len(set(secrets_)) == 50
