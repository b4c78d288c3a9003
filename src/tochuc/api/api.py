"""The NinjaAPI instance: bearer auth on every operation, JSON for every error (Vietnamese `detail`)."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from .auth import TokenAuth
from .views import FormRefused, router

logger = logging.getLogger(__name__)

# No interactive docs page: ninja's Swagger page needs its bundle served as our static files and a
# script-driven UI that we have not vetted under the strict CSP; the schema (openapi.json) is enough for a
# neighbouring system to generate a client. The schema is public: it describes shapes, not data.
api = NinjaAPI(
    title="tochuc API",
    version="1",
    description="Giao diện lập trình cho hệ thống của cấp trên, cấp dưới (xem docs/deploy.md, mục JSON API).",
    auth=TokenAuth(),
    docs_url=None,
    urls_namespace="api",
)
api.add_router("", router)


def _json(request, status: int, detail, **extra):
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc: AuthenticationError):
    message = exc.message if exc.message != "Unauthorized" else _("Thiếu mã truy cập (Authorization: Bearer …).")
    response = _json(request, 401, message)
    response["WWW-Authenticate"] = 'Bearer realm="tochuc"'
    return response


@api.exception_handler(FormRefused)
def _refused(request, exc: FormRefused):
    return _json(request, 422, exc.message, field=exc.field, errors=exc.errors)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 400 and exc.message.startswith("Cannot parse request body"):  # ninja's words
        return _json(request, 400, _("Nội dung gửi lên không phải JSON hợp lệ."))
    return _json(request, exc.status_code, exc.message)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    """Ninja's own validation (types of the parameters, JSON body) in the same shape as a form's refusal."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body", "payload")]
        errors.setdefault(".".join(loc) or "__all__", []).append(str(error.get("msg", "")))
    field = next(iter(errors), None)
    return _json(
        request,
        422,
        _("Dữ liệu gửi lên không hợp lệ."),
        field=None if field == "__all__" else field,
        errors=errors,
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _json(request, 404, _("Không tìm thấy."))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _json(request, 403, _("Vai trò của bạn không được làm việc này."))


@api.exception_handler(Exception)
def _server_error(request, exc):
    """Never Django's HTML error page on the API; the traceback goes to the log."""
    logger.exception("API error on %s %s", request.method, request.path)
    return _json(request, 500, _("Lỗi máy chủ. Vui lòng thử lại sau hoặc báo quản trị hệ thống."))
