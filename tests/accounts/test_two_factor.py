"""Two-factor authentication (TOTP): required for administrators, optional for others, locked after wrong codes."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tochuc.accounts.models import LoginEvent
from tochuc.accounts.roles import Role
from tochuc.core.models import AuditEvent


@pytest.fixture(autouse=True)
def _two_factor_required(settings):
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = True
    # django-otp also delays the next try after a wrong code (1 s, 2 s, 4 s...): its own tests cover that; here it
    # would only refuse the right code typed straight after a wrong one.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")


def _code(device: TOTPDevice, ahead: int = 0) -> str:
    # `ahead` steps later: a code already used (device.last_t) is refused, as a replay would be.
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=ahead):06d}"


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="tochuc", confirmed=True)


def test_an_administrator_without_a_device_is_sent_to_enrolment_and_nowhere_else(client, admin_user, password):
    _login(client, admin_user.username, password)
    response = client.get(reverse("orgs:tree"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_setup"))
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<svg class="qr"' in html and "style=" not in html.split('<svg class="qr"')[1].split("</svg>")[0]
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    assert client.post(reverse("two_factor_setup"), {"code": _code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("orgs:tree")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.2fa.enable", object_id=str(admin_user.pk)).count() == 1


def test_enrolment_refuses_a_wrong_code(client, admin_user, password):
    _login(client, admin_user.username, password)
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert "Mã xác thực không đúng" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=admin_user, confirmed=True).exists()
    assert client.get(reverse("home")).status_code == 302


def test_a_user_with_two_factor_cannot_reach_a_page_after_the_password_alone(client, commune_officer, password):
    device = _device(commune_officer)
    _login(client, commune_officer.username, password)
    response = client.get(reverse("members:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))
    assert client.post(reverse("two_factor_verify"), {"code": "123456"}).status_code == 200
    assert client.get(reverse("members:list")).status_code == 302
    response = client.post(reverse("two_factor_verify"), {"code": _code(device), "next": reverse("members:list")})
    assert response["Location"] == reverse("members:list")
    assert client.get(reverse("members:list")).status_code == 200
    kinds = list(LoginEvent.objects.filter(user=commune_officer).values_list("kind", flat=True))
    assert sorted(kinds) == sorted(["login", "code_failed", "code_ok"])


def test_a_user_without_two_factor_logs_in_with_the_password_alone(client, commune_officer, password):
    _login(client, commune_officer.username, password)
    assert client.get(reverse("members:list")).status_code == 200


def test_wrong_codes_end_the_session_and_lock_the_user_out(client, settings, commune_officer, password):
    device = _device(commune_officer)
    _login(client, commune_officer.username, password)
    for _ in range(settings.TWO_FACTOR_FAILURE_LIMIT - 1):
        assert client.post(reverse("two_factor_verify"), {"code": "000000"}).status_code == 200
    response = client.post(reverse("two_factor_verify"), {"code": "000000"})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert "quá 5 lần" in client.get(reverse("login")).content.decode()
    # Logging in again does not give five more tries: even the right code is refused until the lock-out ends.
    _login(client, commune_officer.username, password)
    response = client.post(reverse("two_factor_verify"), {"code": _code(device)})
    assert response["Location"] == reverse("login")
    assert LoginEvent.objects.filter(user=commune_officer, kind=LoginEvent.Kind.CODE_LOCKOUT).count() == 2


def test_a_user_disables_two_factor_with_a_current_code(client, commune_officer, password):
    device = _device(commune_officer)
    _login(client, commune_officer.username, password)
    client.post(reverse("two_factor_verify"), {"code": _code(device)})
    response = client.post(reverse("account_security"), {"code": "000000"})
    assert "Mã xác thực không đúng" in response.content.decode()
    assert TOTPDevice.objects.filter(user=commune_officer).exists()
    assert client.post(reverse("account_security"), {"code": _code(device, ahead=1)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=commune_officer).exists()
    assert AuditEvent.objects.filter(action="auth.2fa.disable", object_id=str(commune_officer.pk)).count() == 1


def test_a_user_enables_two_factor_from_their_account_page(client, commune_officer, password):
    _login(client, commune_officer.username, password)
    assert "Bật xác thực hai bước" in client.get(reverse("account_security")).content.decode()
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=commune_officer)
    assert client.post(reverse("two_factor_setup"), {"code": _code(device)}).status_code == 302
    assert AuditEvent.objects.filter(action="auth.2fa.enable", actor=commune_officer).count() == 1


def test_an_administrator_cannot_disable_two_factor(client, admin_user, password):
    device = _device(admin_user)
    _login(client, admin_user.username, password)
    client.post(reverse("two_factor_verify"), {"code": _code(device)})
    response = client.post(reverse("account_security"), {"code": _code(device, ahead=1)})
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=admin_user, confirmed=True).exists()
    assert not AuditEvent.objects.filter(action="auth.2fa.disable").exists()


def test_an_administrator_resets_the_device_of_a_user_in_scope(client, admin_user, commune_officer, password):
    _device(commune_officer)
    device = _device(admin_user)
    _login(client, admin_user.username, password)
    client.post(reverse("two_factor_verify"), {"code": _code(device)})
    response = client.post(reverse("accounts:two_factor_reset", args=[commune_officer.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=commune_officer).exists()
    event = AuditEvent.objects.get(action="auth.2fa.reset")
    assert event.actor == admin_user and event.object_id == str(commune_officer.pk)


def test_a_reset_is_refused_outside_the_scope_and_to_non_administrators(client, make_user, tree, outsider, viewer):
    _device(viewer)
    commune_admin = make_user("qt.laobao", Role.ADMIN, tree.lb)
    _device(commune_admin)
    client.force_login(outsider)
    assert client.post(reverse("accounts:two_factor_reset", args=[viewer.pk])).status_code == 403
    client.force_login(commune_admin)
    client.session  # noqa: B018
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=commune_admin).persistent_id
    session.save()
    assert client.post(reverse("accounts:two_factor_reset", args=[viewer.pk])).status_code == 404
    assert TOTPDevice.objects.filter(user=viewer).exists()
    assert not AuditEvent.objects.filter(action="auth.2fa.reset").exists()
