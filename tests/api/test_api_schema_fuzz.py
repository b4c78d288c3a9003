"""Schemathesis: every operation of the published schema, called with generated data through the WSGI app
with a real token of a province officer, answers without a server error and as its schema says."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from tochuc.api.schemas import EventKind
from tochuc.api.services import token_issue
from tochuc.members.views.events import EVENTS
from tochuc.wsgi import application

# Loaded when the module is collected: the schema is public and its page reads no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

# Left out, and why: "negative_data_rejection" counts the token this test adds as a missing header, and
# unknown query parameters as an error, where the API ignores them as most HTTP APIs do; "positive_data_acceptance"
# on the POST, whose fields depend on the kind and are checked by the web's form (a 422 there is correct).
# Every generated request, valid or not, is still checked for server errors and for answers outside the schema.


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """The WSGI handler closes the database connection at the end of each request, which would end the test's
    transaction on PostgreSQL; Django's test client unhooks the same signal for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(province_officer, wsgi_keeps_the_test_connection) -> str:
    _token, secret = token_issue(actor=None, user=province_officer, name="schemathesis")
    return secret


def test_the_schema_names_every_event_kind_of_the_registry():
    assert list(EventKind.__args__) == list(EVENTS)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_the_schema(case, token):
    excluded = [negative_data_rejection] + ([positive_data_acceptance] if case.method == "POST" else [])
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=excluded)
