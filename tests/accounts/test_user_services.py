"""user_save / user_deactivate: scoped accounts, valid roles and passwords, an audit trail that stays."""

from __future__ import annotations

import pytest
from django.http import Http404

from tochuc.accounts.models import User
from tochuc.accounts.roles import Role
from tochuc.accounts.services import user_deactivate, user_save
from tochuc.core.errors import DomainError
from tochuc.core.models import AuditEvent
from tochuc.members.services import member_update
from tochuc.orgs.services import org_dissolve


def test_it_creates_a_scoped_user(tree, admin_user, password, audit_watch):
    watch = audit_watch()
    user, created = user_save(
        actor=admin_user,
        username=" bithu.kp2 ",
        role=Role.SECRETARY,
        org=tree.dh2,
        password=password,
        full_name="Phạm Thị Thu Hà",
    )
    assert created is True
    user.refresh_from_db()
    assert (user.username, user.role, user.org, user.full_name) == (
        "bithu.kp2",
        "secretary",
        tree.dh2,
        "Phạm Thị Thu Hà",
    )
    assert user.check_password(password)
    assert (user.is_active, user.is_staff, user.is_superuser) == (True, False, False)
    [event] = watch.events()
    assert (event.action, event.actor, event.object_id, event.org_path) == (
        "user.create",
        admin_user,
        str(user.pk),
        tree.dh2.path,
    )
    assert event.changes["role"] == {"before": None, "after": "secretary"}
    assert event.changes["org"] == {"before": None, "after": "44.DH.02"}
    assert event.changes["password"] == {"before": None, "after": "***"}
    assert password not in str(event.changes)


def test_a_user_without_a_password_cannot_log_in_yet(tree):
    user, _ = user_save(actor=None, username="chua.kichhoat", role=Role.VIEWER, org=tree.dh)
    assert not user.has_usable_password()


def test_it_updates_a_user_and_audits_only_the_changes(tree, admin_user, commune_officer, audit_watch):
    watch = audit_watch()
    user, created = user_save(actor=admin_user, username="cb.dongha", role=Role.LEADER, org=tree.dh)
    assert created is False
    assert user.pk == commune_officer.pk
    assert (User.objects.get(pk=user.pk).role, user.full_name) == ("leader", "Lê Thị Thanh")  # name kept
    [event] = watch.events()
    assert event.action == "user.update"
    assert event.changes == {"role": {"before": "officer", "after": "leader"}}


def test_it_changes_a_password(tree, admin_user, viewer):
    user_save(actor=admin_user, username="xem.dongha", role=Role.VIEWER, org=tree.dh, password="Doi-mat-khau-99")
    viewer.refresh_from_db()
    assert viewer.check_password("Doi-mat-khau-99")
    event = AuditEvent.objects.filter(action="user.update").get()
    assert event.changes == {"password": {"before": "***", "after": "***"}}


@pytest.mark.parametrize("org", ["dh", "lb", "province"])
def test_it_refuses_a_secretary_above_the_grassroots(tree, admin_user, refused, org):
    # A commune committee (đảng bộ trực thuộc Tỉnh ủy) is not a grassroots organization.
    with refused(field="org"):
        user_save(actor=admin_user, username="bithu.xa", role=Role.SECRETARY, org=getattr(tree, org))


@pytest.mark.parametrize("org", ["dh1", "dh_company", "dh_company_cell"])
def test_it_accepts_a_secretary_of_a_grassroots_organization(tree, admin_user, org):
    user, _ = user_save(actor=admin_user, username="bithu", role=Role.SECRETARY, org=getattr(tree, org))
    assert user.org == getattr(tree, org)


@pytest.mark.parametrize("role", ["superuser", "", "Officer"])
def test_it_refuses_an_unknown_role(tree, admin_user, refused, role):
    with refused(field="role"):
        user_save(actor=admin_user, username="ai.do", role=role, org=tree.dh)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Ab-1", "quá ngắn"),
        ("12345678901", "hoàn toàn là số"),
        ("password123", "quá phổ biến"),
        ("nguyenthanhlong", "giống"),  # too like the username
    ],
)
def test_it_refuses_a_weak_password(tree, admin_user, refused, password, reason):
    with refused(field="password") as info:
        user_save(actor=admin_user, username="nguyenthanhlong", role=Role.VIEWER, org=tree.dh, password=password)
    assert reason in info.value.message


def test_it_refuses_an_empty_username(tree, admin_user, refused):
    with refused(field="username"):
        user_save(actor=admin_user, username="  ", role=Role.VIEWER, org=tree.dh)


def test_it_refuses_a_closed_org(tree, admin_user, refused):
    org_dissolve(actor=admin_user, org=tree.dh2, on=tree.dh2.opened_on, members_to=tree.dh1)
    tree.dh2.refresh_from_db()
    with refused(field="org"):
        user_save(actor=admin_user, username="xem.kp2", role=Role.VIEWER, org=tree.dh2)


@pytest.mark.parametrize("persona", ["province_officer", "leader", "commune_officer", "cell_secretary", "viewer"])
def test_only_an_administrator_manages_users(request, tree, nothing_written, persona):
    actor = request.getfixturevalue(persona)
    with nothing_written(), pytest.raises(DomainError, match="quản trị"):
        user_save(actor=actor, username="moi", role=Role.VIEWER, org=actor.org)


def test_a_commune_administrator_stays_in_the_commune(tree, make_user, refused):
    commune_admin = make_user("quantri.dongha", Role.ADMIN, tree.dh)
    assert user_save(actor=commune_admin, username="xem.kp1", role=Role.VIEWER, org=tree.dh1)[1] is True
    with refused(field="org"):
        user_save(actor=commune_admin, username="xem.laobao", role=Role.VIEWER, org=tree.lb)


def test_a_commune_administrator_cannot_take_over_an_account_outside_the_commune(
    tree, make_user, province_officer, outsider, refused
):
    # Moving the provincial officer (or the neighbour's officer) into the commune and resetting the
    # password would hand their login to the commune administrator.
    commune_admin = make_user("quantri.dongha", Role.ADMIN, tree.dh)
    for victim in (province_officer, outsider):
        with refused(field="username"):
            user_save(
                actor=commune_admin,
                username=victim.username,
                role=Role.VIEWER,
                org=tree.dh1,
                password="Chiem-quyen-2026",
            )
        victim.refresh_from_db()
        assert victim.check_password("Mat-khau-2026!")


def test_a_scoped_administrator_cannot_take_over_a_superuser(tree, make_user, refused):
    root = User.objects.create_superuser("root", password="Sieu-quan-tri-2026")
    commune_admin = make_user("quantri.dongha", Role.ADMIN, tree.dh)
    with refused(field="username"):
        user_save(actor=commune_admin, username="root", role=Role.VIEWER, org=tree.dh1, password="Chiem-quyen-2026")
    root.refresh_from_db()
    assert root.check_password("Sieu-quan-tri-2026") and root.org is None


def test_deactivation_keeps_the_audit_trail(tree, admin_user, commune_officer, audit_watch):
    member = tree.members["44.DH.01"][0]
    member_update(actor=commune_officer, member=member, work_unit="Công ty Điện lực Quảng Trị")
    trail = list(AuditEvent.objects.filter(actor=commune_officer).values_list("pk", "action"))
    assert [action for _pk, action in trail] == ["member.update"]
    watch = audit_watch()

    user = user_deactivate(actor=admin_user, user=commune_officer)

    assert User.objects.get(pk=user.pk).is_active is False
    assert list(AuditEvent.objects.filter(actor=commune_officer).values_list("pk", "action")) == trail
    assert AuditEvent.objects.get(pk=trail[0][0]).actor_name == "cb.dongha"
    [event] = watch.events()
    assert (event.action, event.actor, event.object_id) == ("user.deactivate", admin_user, str(user.pk))
    assert event.changes == {"is_active": {"before": True, "after": False}}


def test_a_deactivated_user_can_do_nothing(tree, admin_user, commune_officer, nothing_written):
    user_deactivate(actor=admin_user, user=commune_officer)
    commune_officer.refresh_from_db()
    assert not commune_officer.can("view")
    with nothing_written(), pytest.raises(Http404):
        member_update(actor=commune_officer, member=tree.members["44.DH.01"][0], full_name="Nguyễn Văn Ân")


def test_deactivating_twice_writes_nothing(tree, admin_user, viewer, nothing_written):
    user_deactivate(actor=admin_user, user=viewer)
    viewer.refresh_from_db()
    with nothing_written():
        user_deactivate(actor=admin_user, user=viewer)


def test_only_an_administrator_in_scope_deactivates(tree, make_user, province_officer, viewer, nothing_written):
    neighbour_admin = make_user("quantri.laobao", Role.ADMIN, tree.lb)
    with nothing_written():
        for actor in (province_officer, neighbour_admin):
            with pytest.raises(DomainError):
                user_deactivate(actor=actor, user=viewer)
    assert User.objects.get(pk=viewer.pk).is_active
