"""The log of sign-ins: successes, failures and logouts, on a page scoped like the rest."""

from __future__ import annotations

from django.urls import reverse

from tochuc.accounts.models import LoginEvent


def _login(client, username, password):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.7",
        HTTP_USER_AGENT="X" * 400,
    )


def test_it_records_a_login_a_failure_and_a_logout(client, commune_officer, password):
    _login(client, commune_officer.username, "sai-mat-khau")
    _login(client, commune_officer.username, password)
    client.post(reverse("logout"), REMOTE_ADDR="10.0.0.7")
    events = list(LoginEvent.objects.order_by("pk"))
    assert [e.kind for e in events] == ["failed", "login", "logout"]
    assert all(e.user == commune_officer and e.ip == "10.0.0.7" for e in events)
    assert len(events[0].user_agent) == 255 and events[0].org_path == commune_officer.org.path


def test_it_records_the_username_tried_for_an_unknown_account(client, tree):
    _login(client, "khong.co.ai", "sai-mat-khau")
    event = LoginEvent.objects.get()
    assert (event.kind, event.username, event.user, event.org_path) == ("failed", "khong.co.ai", None, "")


def test_the_page_shows_the_logins_in_scope_only(client, admin_user, make_user, tree, commune_officer, password):
    commune_admin = make_user("qt.dongha", "admin", tree.dh)
    outsider = make_user("cb.lb", "officer", tree.lb)
    _login(client, outsider.username, "sai-mat-khau")
    _login(client, commune_officer.username, password)
    client.force_login(commune_admin)
    html = client.get(reverse("accounts:login_events")).content.decode()
    assert commune_officer.username in html and outsider.username not in html
    client.force_login(admin_user)
    html = client.get(reverse("accounts:login_events"), {"kind": "failed"}).content.decode()
    assert outsider.username in html and f"<td>{commune_officer.username}</td>" not in html


def test_the_page_filters_by_user_and_date(client, admin_user, commune_officer, viewer, password):
    _login(client, commune_officer.username, password)
    client.logout()
    _login(client, viewer.username, password)
    client.force_login(admin_user)
    html = client.get(reverse("accounts:login_events"), {"username": viewer.username}).content.decode()
    assert viewer.username in html and f"<td>{commune_officer.username}</td>" not in html
    html = client.get(reverse("accounts:login_events"), {"date_to": "01/01/2020"}).content.decode()
    assert "Không có lượt đăng nhập nào." in html


def test_the_page_is_for_administrators_only(client, commune_officer):
    client.force_login(commune_officer)
    assert client.get(reverse("accounts:login_events")).status_code == 403
