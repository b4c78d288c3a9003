"""Khóa tài khoản: never a deletion; the user cannot log in, is told why, and their audit trail keeps their name."""

from __future__ import annotations

from django.urls import reverse

from tochuc.core.models import AuditEvent


def test_an_administrator_locks_an_account_with_a_reason(client, admin_user, commune_officer):
    client.force_login(admin_user)
    response = client.post(reverse("accounts:deactivate", args=[commune_officer.pk]), {"reason": ""})
    assert response.status_code == 200 and "Ghi lý do" in response.content.decode()
    commune_officer.refresh_from_db()
    assert commune_officer.is_active
    client.post(reverse("accounts:deactivate", args=[commune_officer.pk]), {"reason": "Nghỉ hưu"})
    commune_officer.refresh_from_db()
    assert not commune_officer.is_active
    assert AuditEvent.objects.get(action="user.deactivate", object_id=str(commune_officer.pk)).note == "Nghỉ hưu"


def test_a_locked_user_is_refused_at_login_and_told_so(client, admin_user, commune_officer, password):
    client.force_login(admin_user)
    client.post(reverse("accounts:deactivate", args=[commune_officer.pk]), {"reason": "Nghỉ hưu"})
    client.logout()
    response = client.post(reverse("login"), {"username": commune_officer.username, "password": password})
    assert response.status_code == 200 and "Tài khoản này đã bị khóa" in response.content.decode()
    response = client.post(reverse("login"), {"username": commune_officer.username, "password": "sai-mat-khau"})
    assert "Tài khoản này đã bị khóa" not in response.content.decode()


def test_the_audit_trail_keeps_the_name_of_a_locked_user(client, admin_user, commune_officer, make_member, tree):
    make_member(actor=commune_officer, org=tree.dh1, full_name="Ngô Văn Bảy")
    client.force_login(admin_user)
    client.post(reverse("accounts:deactivate", args=[commune_officer.pk]), {"reason": "Chuyển công tác"})
    acted = AuditEvent.objects.filter(actor=commune_officer)
    assert acted.exists()
    html = client.get(reverse("core:audit"), {"actor_name": commune_officer.username}).content.decode()
    assert commune_officer.username in html and "Ngô Văn Bảy" in html


def test_an_administrator_unlocks_with_a_reason(client, admin_user, commune_officer):
    client.force_login(admin_user)
    client.post(reverse("accounts:deactivate", args=[commune_officer.pk]), {"reason": "Nghỉ phép dài"})
    client.post(reverse("accounts:reactivate", args=[commune_officer.pk]), {"reason": "Trở lại công tác"})
    commune_officer.refresh_from_db()
    assert commune_officer.is_active
    assert AuditEvent.objects.get(action="user.reactivate").note == "Trở lại công tác"
