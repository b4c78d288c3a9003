from __future__ import annotations

from .context import current_ip


class RequestContextMiddleware:
    """Keeps the client's address for audit events written while this request runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Behind the reverse proxy REMOTE_ADDR is the proxy, which sets X-Real-IP (docs/deploy.md). The header
        # is trusted only when the deployment says so: any client could send it to a server reached directly.
        from django.conf import settings

        ip = request.META.get("REMOTE_ADDR")
        if settings.TRUST_X_REAL_IP:
            ip = request.META.get("HTTP_X_REAL_IP") or ip
        token = current_ip.set(ip)
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


def chosen_language(request) -> str:
    """The language the user chose (the language cookie), else Vietnamese."""
    from django.conf import settings

    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Vietnamese first: the language the user chose (cookie), else Vietnamese.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and office PCs often run an
    English Windows: those users would get English they did not ask for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        language = chosen_language(request)
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RejectNulMiddleware:
    """A NUL character in the path or the query string is refused with 400: PostgreSQL cannot store or
    compare it, and no legitimate input contains one (forms already refuse it in their fields)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http import HttpResponseBadRequest

        if "\x00" in request.path or any("\x00" in v for values in request.GET.lists() for v in values[1]):
            if request.path.startswith("/api/"):  # the JSON API answers every error in JSON
                from django.http import JsonResponse

                return JsonResponse({"detail": "Yêu cầu chứa ký tự không hợp lệ."}, status=400)
            return HttpResponseBadRequest("Yêu cầu chứa ký tự không hợp lệ.", content_type="text/plain; charset=utf-8")
        return self.get_response(request)
