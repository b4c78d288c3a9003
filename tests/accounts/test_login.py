"""Login with Django auth; repeated failures lock the account out (django-axes); sessions expire."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from tochuc.accounts.roles import Role


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")


def test_it_logs_in_and_lands_on_the_overview(client, make_user, tree, password):
    make_user("cb.test", Role.OFFICER, tree.dh)
    response = _login(client, "cb.test", password)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_it_refuses_a_wrong_password_with_a_vietnamese_message(client, make_user, tree):
    make_user("cb.test", Role.OFFICER, tree.dh)
    response = _login(client, "cb.test", "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_it_locks_the_account_out_after_repeated_failures(client, make_user, tree, password):
    make_user("cb.test", Role.OFFICER, tree.dh)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "cb.test", "sai-mat-khau")
    # Even the right password is refused now.
    response = _login(client, "cb.test", password)
    assert response.status_code == 429
    assert "Tài khoản tạm khóa" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_the_lockout_is_per_user_and_address(client, make_user, tree, password):
    make_user("cb.test", Role.OFFICER, tree.dh)
    make_user("cb.khac", Role.OFFICER, tree.dh)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "cb.test", "sai-mat-khau")
    assert _login(client, "cb.khac", password).status_code == 302


def test_sessions_expire(client, make_user, tree, password):
    make_user("cb.test", Role.OFFICER, tree.dh)
    _login(client, "cb.test", password)
    assert client.session.get_expire_at_browser_close()
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 3600


def test_a_deactivated_user_cannot_log_in(client, make_user, tree, password):
    from tochuc.accounts.services import user_deactivate

    user = make_user("cb.test", Role.OFFICER, tree.dh)
    user_deactivate(actor=None, user=user)
    assert _login(client, "cb.test", password).status_code == 200
    assert client.get(reverse("home")).status_code == 302
