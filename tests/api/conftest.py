"""Fixtures of the API tests: a bearer header for a persona, and JSON calls through the whole stack."""

from __future__ import annotations

import json

import pytest

from tochuc.api.services import token_issue


@pytest.fixture
def bearer(db):
    """bearer(user, **token_options) -> the headers of a request carrying a fresh token of `user`."""

    def _bearer(user, **options) -> dict[str, str]:
        _token, secret = token_issue(actor=None, user=user, **options)
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    return _bearer


@pytest.fixture
def call(client, bearer):
    """call(user, method, path, body=None) -> the response of /api/v1/<path> for `user` (None: no token)."""

    def _call(user, method: str, path: str, body: dict | None = None):
        headers = bearer(user) if user is not None else {}
        url = f"/api/v1/{path.lstrip('/')}"
        if method == "post":
            return client.post(url, data=json.dumps(body or {}), content_type="application/json", **headers)
        return getattr(client, method)(url, **headers)

    return _call
