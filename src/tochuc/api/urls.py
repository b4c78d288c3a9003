"""Mounted at /api/v1/: the API, then a JSON 404 for any other path under it (not the site's HTML page)."""

from __future__ import annotations

import functools

from django.http import JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .api import api


@csrf_exempt  # a POST to a wrong path gets this JSON 404, not the CSRF refusal's HTML page
def not_found(request, rest: str = ""):
    return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)


def _json_405(view):
    """Ninja answers a method a path does not take with a plain-text 405: answer it in JSON too."""

    @functools.wraps(view)  # keeps csrf_exempt
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            refused = JsonResponse({"detail": _("Không dùng được phương thức %(m)s ở đây.") % {"m": request.method}})
            refused.status_code = 405
            refused["Allow"] = response.get("Allow", "")
            return refused
        return response

    return wrapper


# Not `app_name`: at module level Django would take it as this urlconf's namespace.
_patterns, _app, _namespace = api.urls
for _pattern in _patterns:
    _pattern.callback = _json_405(_pattern.callback)

urlpatterns = [
    path("", not_found),  # ninja's root page (the docs' redirect), which we do not serve
    path("", (_patterns, _app, _namespace)),
    re_path(r"^(?P<rest>.*)$", not_found),
]
