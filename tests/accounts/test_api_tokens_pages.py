"""API tokens from the web: an administrator lists, issues and revokes the tokens of a user of their subtree; the
secret is shown once, uncached; everyone revokes their own tokens on their account page, and nobody else's."""

from __future__ import annotations

import logging

from django.contrib.sessions.models import Session
from django.urls import reverse

from tochuc.accounts.roles import Role
from tochuc.api.models import ApiToken
from tochuc.api.services import token_issue
from tochuc.core.models import AuditEvent


def _everything_stored() -> str:
    """Every column of every token, audit and session row, as one text to search for a secret."""
    rows = [
        *ApiToken.objects.values_list(),
        *AuditEvent.objects.values_list(),
        *Session.objects.values_list(),
    ]
    return repr(rows)


def test_an_administrator_issues_a_token_shown_once_that_works_as_a_bearer(
    client, tree, admin_user, commune_officer, caplog
):
    client.force_login(admin_user)
    with caplog.at_level(logging.DEBUG):
        response = client.post(
            reverse("accounts:token_issue", args=[commune_officer.pk]), {"name": "Trung ương", "days": "30"}
        )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = response.context["secret"]
    page = response.content.decode()
    assert secret in page and "chỉ hiện một lần" in page
    token = ApiToken.objects.get(user=commune_officer)
    assert (token.name, token.prefix, token.expires_at is not None) == ("Trung ương", secret[:8], True)

    # The secret is nowhere but in that one response: not in the database, the audit, a cookie or the log.
    assert secret not in _everything_stored()
    assert all(secret not in morsel.value for morsel in response.cookies.values())
    assert secret not in caplog.text
    issued = AuditEvent.objects.get(action="api_token.issue", object_id=str(token.pk))
    assert issued.actor == admin_user

    # Later pages list it by prefix only.
    later = client.get(reverse("accounts:edit", args=[commune_officer.pk])).content.decode()
    assert secret not in later and f"{token.prefix}…" in later and "Trung ương" in later and "còn hiệu lực" in later

    # And the secret is a working bearer token of the user.
    client.logout()
    api = client.get("/api/v1/orgs/44.DH", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.status_code == 200
    assert api.json()["code"] == "44.DH"


def test_an_administrator_revokes_a_leaked_token_and_the_api_refuses_it_at_once(
    client, tree, admin_user, commune_officer
):
    token, secret = token_issue(actor=None, user=commune_officer, name="Bị lộ")
    assert client.get("/api/v1/orgs/44.DH", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    client.force_login(admin_user)
    edit_url = reverse("accounts:edit", args=[commune_officer.pk])
    revoke_url = reverse("accounts:token_revoke", args=[commune_officer.pk, token.pk])
    page = client.get(edit_url).content.decode()
    assert f'action="{revoke_url}"' in page and "data-confirm" in page

    response = client.post(revoke_url, follow=True)
    assert response.redirect_chain == [(edit_url, 302)]
    assert "Đã thu hồi mã truy cập" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token.revoke", object_id=str(token.pk), actor=admin_user).count() == 1
    page = response.content.decode()
    assert "đã thu hồi" in page and f'action="{revoke_url}"' not in page
    client.logout()
    assert client.get("/api/v1/orgs/44.DH", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_revoking_twice_says_so_and_writes_nothing(client, tree, admin_user, commune_officer):
    token, _secret = token_issue(actor=None, user=commune_officer)
    client.force_login(admin_user)
    revoke_url = reverse("accounts:token_revoke", args=[commune_officer.pk, token.pk])
    client.post(revoke_url)
    response = client.post(revoke_url, follow=True)
    assert "đã bị thu hồi trước đó" in response.content.decode()
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_an_invalid_issue_form_issues_nothing(client, tree, admin_user, commune_officer):
    client.force_login(admin_user)
    url = reverse("accounts:token_issue", args=[commune_officer.pk])
    response = client.post(url, {"name": "x", "days": "0"}, follow=True)
    assert response.redirect_chain == [(reverse("accounts:edit", args=[commune_officer.pk]), 302)]
    assert not ApiToken.objects.exists()
    assert client.get(url).status_code == 405


def test_an_administrator_of_another_subtree_gets_404(client, tree, make_user, commune_officer):
    token, _secret = token_issue(actor=None, user=commune_officer)
    lb_admin = make_user("qt.laobao", Role.ADMIN, tree.lb)
    client.force_login(lb_admin)
    assert client.post(reverse("accounts:token_issue", args=[commune_officer.pk]), {"name": "x"}).status_code == 404
    revoke_url = reverse("accounts:token_revoke", args=[commune_officer.pk, token.pk])
    assert client.post(revoke_url).status_code == 404
    assert ApiToken.objects.filter(user=commune_officer).count() == 1
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_is_revoked_only_through_its_own_user(client, tree, admin_user, commune_officer, province_officer):
    """An administrator cannot reach one user's token through another user's URL."""
    token, _secret = token_issue(actor=None, user=commune_officer)
    client.force_login(admin_user)
    assert client.post(reverse("accounts:token_revoke", args=[province_officer.pk, token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_officer_cannot_manage_another_users_tokens(client, tree, province_officer, commune_officer):
    token, _secret = token_issue(actor=None, user=commune_officer)
    client.force_login(province_officer)
    assert client.post(reverse("accounts:token_issue", args=[commune_officer.pk]), {"name": "x"}).status_code == 403
    revoke_url = reverse("accounts:token_revoke", args=[commune_officer.pk, token.pk])
    assert client.post(revoke_url).status_code == 403
    assert ApiToken.objects.count() == 1
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_user_sees_and_revokes_their_own_tokens(client, tree, commune_officer):
    token, secret = token_issue(actor=None, user=commune_officer, name="Máy chủ đồng bộ")
    client.force_login(commune_officer)
    me = reverse("account_security")
    page = client.get(me).content.decode()
    revoke_url = reverse("account_token_revoke", args=[token.pk])
    assert "Máy chủ đồng bộ" in page and f"{token.prefix}…" in page and f'action="{revoke_url}"' in page
    assert secret not in page and "Cấp mã mới" not in page

    response = client.post(revoke_url, follow=True)
    assert response.redirect_chain == [(me, 302)]
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.get(action="api_token.revoke", object_id=str(token.pk))
    assert event.actor == commune_officer
    assert "đã thu hồi" in response.content.decode()


def test_revoking_another_users_token_through_ones_own_page_is_404(client, tree, commune_officer, outsider):
    token, _secret = token_issue(actor=None, user=commune_officer)
    client.force_login(outsider)
    assert client.post(reverse("account_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert not AuditEvent.objects.filter(action="api_token.revoke").exists()
    assert token.prefix not in client.get(reverse("account_security")).content.decode()
