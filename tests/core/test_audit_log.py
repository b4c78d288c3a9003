"""The audit log is append-only: in the ORM, and in the database itself (a trigger)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from tochuc.core.audit import audit_record
from tochuc.core.context import current_ip
from tochuc.core.errors import DomainError
from tochuc.core.models import AuditEvent
from tochuc.orgs.services import org_rename


@pytest.fixture
def event(tree, commune_officer):
    from datetime import date

    org_rename(actor=commune_officer, org=tree.dh1, name="Chi bộ khu phố Một", on=date(2025, 10, 1))
    return AuditEvent.objects.get(action="org.rename")


def test_it_records_who_from_where_and_what(tree, commune_officer):
    token = current_ip.set("10.44.0.7")
    try:
        event = audit_record(
            actor=commune_officer,
            action="org.update",
            obj=tree.dh1,
            org_path=tree.dh1.path,
            changes={"address": {"before": "", "after": "Khu phố 1, phường Đông Hà"}},
        )
    finally:
        current_ip.reset(token)
    event.refresh_from_db()
    assert (event.actor, event.actor_name, event.ip) == (commune_officer, "cb.dongha", "10.44.0.7")
    assert (event.object_type, event.object_id, event.object_repr) == ("orgs.org", str(tree.dh1.pk), "Chi bộ khu phố 1")
    assert event.org_path == tree.dh1.path
    assert event.changes == {"address": {"before": "", "after": "Khu phố 1, phường Đông Hà"}}


def test_the_system_is_named_when_there_is_no_actor(tree):
    event = audit_record(actor=None, action="org.update", obj=tree.dh1)
    assert (event.actor, event.actor_name, event.ip) == (None, "system", None)


def test_it_refuses_to_save_an_existing_event(event):
    event.action = "org.delete"
    with pytest.raises(DomainError, match="chỉ được ghi thêm"):
        event.save()
    event.refresh_from_db()
    assert event.action == "org.rename"


def test_it_refuses_a_queryset_update(event):
    with pytest.raises(DomainError):
        AuditEvent.objects.filter(pk=event.pk).update(action="org.delete")
    assert AuditEvent.objects.get(pk=event.pk).action == "org.rename"


def test_it_refuses_to_delete(event):
    count = AuditEvent.objects.count()
    with pytest.raises(DomainError):
        event.delete()
    with pytest.raises(DomainError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DomainError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == count


def test_the_database_refuses_a_raw_update(event):
    # Someone with a database shell, or a future bulk job, must not rewrite history either.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = %s WHERE id = %s", ["org.delete", event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "org.rename"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps DELETE for the test runner's flush")
def test_the_database_refuses_a_raw_delete(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_user_who_has_acted_cannot_be_deleted_only_deactivated(tree, admin_user, commune_officer):
    from django.db.models import ProtectedError

    from tochuc.members.services import member_update

    member_update(actor=commune_officer, member=tree.members["44.DH.01"][0], education="lower_secondary")
    with pytest.raises(ProtectedError):
        commune_officer.delete()
    assert AuditEvent.objects.filter(actor=commune_officer).count() == 1
