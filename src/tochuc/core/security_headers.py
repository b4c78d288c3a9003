"""Response headers that neither Django's SecurityMiddleware nor django-csp sends.

Permissions-Policy: the pages need no camera, microphone or location; saying so stops any script that might
slip in from asking the browser for them. The value is `settings.PERMISSIONS_POLICY` (empty: no header).
`allow_own_styles` lets a standalone document (the printable report) keep its <style> under the CSP.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


_STYLE_BLOCK = re.compile(rb"<style>(.*?)</style>", re.DOTALL | re.IGNORECASE)


def allow_own_styles(response: HttpResponseBase) -> HttpResponseBase:
    """Allow exactly the <style> blocks this response carries, by their SHA-256 (CSP level 2 hashes), and no other.

    For documents made to stand alone (the CLI's HTML report, the PDF's source) that the web also serves as they
    are: 'unsafe-inline' would allow any injected style, a hash allows only this text."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(block).digest()).decode("ascii") + "'"
        for block in _STYLE_BLOCK.findall(getattr(response, "content", b""))
    ]
    if hashes:
        response._csp_update = {"style-src": hashes}  # what django-csp's @csp_update sets
    return response
