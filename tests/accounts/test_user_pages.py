"""Administrators manage the accounts of their own subtree; nobody else reaches these pages."""

from __future__ import annotations

from django.urls import reverse

from tochuc.accounts.models import User
from tochuc.accounts.roles import Role
from tochuc.core.models import AuditEvent

REASON = {"reason": "Chuyển công tác"}


def test_an_administrator_creates_a_scoped_account(client, tree, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("accounts:create"),
        {
            "username": "cb.moi",
            "full_name": "Lê Thị Mới",
            "role": "officer",
            "org": "44.LB",
            "password": "Quang-Tri-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="cb.moi")
    assert (user.role, user.org, user.is_staff) == ("officer", tree.lb, False)
    assert AuditEvent.objects.filter(action="user.create", object_id=str(user.pk)).count() == 1


def test_it_refuses_an_existing_username_on_the_new_account_form(client, tree, admin_user, province_officer):
    client.force_login(admin_user)
    response = client.post(
        reverse("accounts:create"),
        {
            "username": province_officer.username,
            "role": "viewer",
            "org": "44.LB",
            "password": "Quang-Tri-2026",
        },
    )
    assert response.status_code == 200
    assert "đã có" in str(response.context["form"].errors["username"])
    province_officer.refresh_from_db()
    assert (province_officer.role, province_officer.org) == ("officer", tree.province)


def test_a_commune_administrator_sees_and_edits_only_its_accounts(client, tree, make_user, province_officer):
    commune_admin = make_user("qt.dongha", Role.ADMIN, tree.dh)
    inside = make_user("cb.kp1", Role.OFFICER, tree.dh1)
    client.force_login(commune_admin)
    page = client.get(reverse("accounts:list")).content.decode()
    assert "cb.kp1" in page and province_officer.username not in page
    assert client.get(reverse("accounts:edit", args=[province_officer.pk])).status_code == 404
    assert client.post(reverse("accounts:deactivate", args=[province_officer.pk]), REASON).status_code == 404
    # An org outside the subtree cannot be given either.
    response = client.post(reverse("accounts:edit", args=[inside.pk]), {"role": "officer", "org": "44.LB"})
    assert "Không tìm thấy tổ chức" in str(response.context["form"].errors["org"])


def test_deactivation_keeps_the_account_and_its_audit_trail(client, tree, admin_user, commune_officer):
    client.force_login(admin_user)
    assert client.post(reverse("accounts:deactivate", args=[commune_officer.pk]), REASON).status_code == 302
    commune_officer.refresh_from_db()
    assert not commune_officer.is_active
    assert AuditEvent.objects.filter(action="user.deactivate", object_id=str(commune_officer.pk)).count() == 1


def test_officers_cannot_manage_accounts(client, tree, province_officer, commune_officer):
    client.force_login(province_officer)
    assert client.get(reverse("accounts:list")).status_code == 403
    assert client.post(reverse("accounts:deactivate", args=[commune_officer.pk]), REASON).status_code == 403


def test_usernames_are_validated_and_unique_whatever_their_case(client, tree, admin_user, commune_officer):
    client.force_login(admin_user)
    bad = client.post(
        reverse("accounts:create"),
        {"username": "bad user!", "role": "viewer", "org": "44.LB", "password": "Quang-Tri-2026"},
    )
    assert "chữ không dấu" in str(bad.context["form"].errors["username"])
    upper = client.post(
        reverse("accounts:create"),
        {"username": commune_officer.username.upper(), "role": "viewer", "org": "44.LB", "password": "Quang-Tri-2026"},
    )
    assert "đã có" in str(upper.context["form"].errors["username"])
    assert User.objects.filter(username__iexact=commune_officer.username).count() == 1


def test_an_administrator_unlocks_but_never_locks_themself(client, tree, admin_user, commune_officer):
    client.force_login(admin_user)
    client.post(reverse("accounts:deactivate", args=[commune_officer.pk]), REASON)
    assert client.post(reverse("accounts:reactivate", args=[commune_officer.pk]), REASON).status_code == 302
    commune_officer.refresh_from_db()
    assert commune_officer.is_active
    assert AuditEvent.objects.filter(action="user.reactivate", object_id=str(commune_officer.pk)).count() == 1
    client.post(reverse("accounts:deactivate", args=[admin_user.pk]), REASON)
    admin_user.refresh_from_db()
    assert admin_user.is_active
