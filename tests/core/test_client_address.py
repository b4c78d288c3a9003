"""The audit log records where a change came from; X-Real-IP counts only behind the configured proxy."""

from __future__ import annotations

from django.urls import reverse

from tochuc.core.models import AuditEvent


def _edit(client):
    return client.post(
        reverse("orgs:edit", args=["44.DH.01"]),
        {"sector": "residential", "address": "Số 5"},
        REMOTE_ADDR="10.1.2.3",
        HTTP_X_REAL_IP="203.0.113.9",
    )


def test_it_records_the_peer_address_and_ignores_a_forged_header(client, tree, province_officer, settings):
    settings.TRUST_X_REAL_IP = False
    client.force_login(province_officer)
    assert _edit(client).status_code == 302
    assert AuditEvent.objects.get(action="org.update").ip == "10.1.2.3"


def test_behind_the_proxy_it_records_the_clients_address(client, tree, province_officer, settings):
    settings.TRUST_X_REAL_IP = True
    client.force_login(province_officer)
    assert _edit(client).status_code == 302
    assert AuditEvent.objects.get(action="org.update").ip == "203.0.113.9"
