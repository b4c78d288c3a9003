"""`public_page`: the decorator of every public GET page — the visitor cookie, the counting, the page cache and
the per-request markers.

A public page is rendered once per cache generation (`portal.cache.generation()`) and kept under (scheme +
host, path + query, language, generation): in Redis when `REDIS_URL` is set, read together with the
generation in one round trip, else in Django's cache (`portal.cache.page_get`). Everyone gets the same
cached HTML, logged in or not; what differs per request is carried by markers that the page leaves in its
HTML and that are filled in on every request, after the cache:

    <!--portal:stats-->         the visitor statistics block (online now, visits in all, today, this month)
    <!--portal:poll-->          the poll block in this visitor's state (the form, the results, or the
                                "no active poll" message); its form carries this request's CSRF token
    <!--portal:poll:<id>-->     the same block for one poll (the poll's own page)
    <!--portal:views:<id>-->    the live view count of an article

The view renders the page as the anonymous visitor sees it, whoever is logged in (`request.user` is an
`AnonymousUser` while it runs), so the cached HTML never carries a name or a role. A response is cached
only when it is a plain 200 to a GET that did not depend on who asked: not when the view used the CSRF
token (a form rendered into the page), set a cookie, read the session, queued a message, or said
`Cache-Control: private`/`no-store`; and a request with a message waiting to be shown is served fresh.
Articles counted inside the view (`services.visits.article_viewed`) are remembered with the cached page and
counted again on every request it serves.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.template.loader import render_to_string
from django.urls import Resolver404, get_resolver
from django.utils.cache import patch_cache_control
from django.utils.formats import get_format
from django.utils.translation import get_language

from . import cache as generations
from .services import visits

logger = logging.getLogger(__name__)

VISITOR_COOKIE = "tochuc_vid"
VISITOR_COOKIE_AGE = 365 * 24 * 3600
_VID = re.compile(r"[A-Za-z0-9_-]{20,64}")
MARKER_PREFIX = b"<!--portal:"
_MARKER = re.compile(rb"<!--portal:(stats|poll|poll:(\d{1,12})|views:(\d{1,12}))-->")
# Headers a cached page keeps; the others (cookies, Vary, caching, length) belong to each response.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag", "Link", "Last-Modified")


def page_cache_seconds() -> int:
    """How long a rendered page stays in the cache at most (`PORTAL_PAGE_CACHE_SECONDS`, 600): a change of
    content makes it unreachable at once (a new generation); this only bounds the memory it holds."""
    return int(getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 600))


# --- The visitor ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitorId:
    cookie: str  # the random value of the visitor cookie
    new: bool  # issued with this response

    @property
    def voter(self) -> str:
        """The hash stored with a vote and in the online table: the cookie itself is never stored."""
        return hashlib.sha256(self.cookie.encode()).hexdigest()


def visitor(request: HttpRequest) -> VisitorId:
    """The visitor's identity from their cookie, or a new random one (set on the response by `public_page`)."""
    found = getattr(request, "portal_visitor", None)
    if found is None:
        value = request.COOKIES.get(VISITOR_COOKIE, "")
        found = VisitorId(value, False) if _VID.fullmatch(value) else VisitorId(secrets.token_urlsafe(24), True)
        request.portal_visitor = found
    return found


def set_visitor_cookie(request: HttpRequest, response: HttpResponse) -> None:
    vid = visitor(request)
    if vid.new:
        response.set_cookie(
            VISITOR_COOKIE,
            vid.cookie,
            max_age=VISITOR_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )


def _user(request: HttpRequest):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def count_visit(request: HttpRequest, viewed: tuple[int, ...] = ()) -> None:
    """Count this request as one visit and its visitor as online (a member when logged in), with the views of
    the articles in `viewed`."""
    vid = visitor(request)
    user = _user(request)
    if user is not None:
        visits.visit_record(visitor=f"u{user.pk}", member=True, guest_key=vid.voter, viewed=viewed)
    else:
        visits.visit_record(visitor=vid.voter, member=False, viewed=viewed)


# --- The markers ---------------------------------------------------------------------------------------------


# Rendered blocks with placeholders, per process: a request only puts its figures in (the templates are
# rendered once per language, not on every request).
_skeletons: dict[tuple, str] = {}
_STATS_FIELDS = ("guests", "members", "online", "visits_today", "visits_month", "visits_total")


def skeleton(key: tuple, render) -> str:
    """The block rendered once for `key` by `render()`, kept in this process."""
    found = _skeletons.get(key)
    if found is None:
        if len(_skeletons) > 256:
            _skeletons.clear()
        found = _skeletons[key] = render()
    return found


def placeholder(name: str) -> str:
    """A stand-in that templates and HTML escaping leave as it is, replaced per request."""
    return f"PORTALSLOT{name.upper()}X"


def stats_block(request: HttpRequest) -> str:
    from .selectors.visits import visitor_stats

    html = skeleton(
        ("stats", get_language()),
        lambda: render_to_string("portal/_stats.html", {"stats": {f: placeholder(f) for f in _STATS_FIELDS}}),
    )
    stats = visitor_stats()
    separator = get_format("THOUSAND_SEPARATOR")
    for name in _STATS_FIELDS:
        html = html.replace(placeholder(name), f"{getattr(stats, name):,}".replace(",", separator))
    return html


def csrf_token(request: HttpRequest) -> str:
    """Django's `get_token(request)` (the visitor's CSRF secret, masked anew for this response against BREACH),
    with the mask drawn from one read of the system's randomness: Django draws its 32 characters one call at a
    time, a sixth of the time of a cached page. A new visitor's secret is made by Django itself."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret or len(secret) != CSRF_SECRET_LENGTH:
        return get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # as get_token: the cookie is sent again, its expiry renewed
    chars, n = CSRF_ALLOWED_CHARS, len(CSRF_ALLOWED_CHARS)
    # Bytes below the largest multiple of n are uniform modulo n; the rest are dropped.
    limit = 256 - 256 % n
    mask = []
    while len(mask) < CSRF_SECRET_LENGTH:
        mask.extend(chars[b % n] for b in secrets.token_bytes(2 * CSRF_SECRET_LENGTH) if b < limit)
    mask = mask[:CSRF_SECRET_LENGTH]
    cipher = "".join(chars[(chars.index(x) + chars.index(y)) % n] for x, y in zip(secret, mask, strict=True))
    return "".join(mask) + cipher


def poll_block(request: HttpRequest, poll_id: int | None = None) -> str:
    from .views.polls import poll_block as render_poll_block

    return render_poll_block(request, poll_id=poll_id)


def render_markers(request: HttpRequest, content: bytes) -> bytes:
    """`content` with every marker replaced by its per-request HTML."""
    if MARKER_PREFIX not in content:
        return content
    found = list(_MARKER.finditer(content))
    if not found:
        return content
    view_ids = {int(m.group(3)) for m in found if m.group(3)}
    counts: dict[int, int] = {}
    if view_ids:
        from .selectors.visits import article_view_counts

        counts = article_view_counts(view_ids)
    done: dict[bytes, bytes] = {}

    def replace(match: re.Match) -> bytes:
        marker = match.group(0)
        if marker not in done:
            if match.group(3):
                html = _thousands(counts.get(int(match.group(3)), 0))
            elif match.group(2):
                html = poll_block(request, int(match.group(2)))
            elif match.group(1) == b"poll":
                html = poll_block(request)
            else:
                html = stats_block(request)
            done[marker] = html.encode()
        return done[marker]

    return _MARKER.sub(replace, content)


def _thousands(n: int) -> str:
    """12345 -> "12.345" in Vietnamese ("12,345" in English): the language's digit grouping."""
    return f"{n:,}".replace(",", get_format("THOUSAND_SEPARATOR"))


def fill_markers(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Fill the markers of a response rendered outside `public_page` (a refused vote shown on the poll page)."""
    if not response.streaming and response.get("Content-Type", "").startswith("text/html"):
        response.content = render_markers(request, response.content)
        if response.has_header("Content-Length"):
            del response.headers["Content-Length"]
    set_visitor_cookie(request, response)
    return response


# --- The page cache --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CachedPage:
    content: bytes
    headers: tuple[tuple[str, str], ...]
    viewed: tuple[int, ...]


DEFAULT_PARAMS = frozenset({"page"})


def page_query(request: HttpRequest, params: frozenset[str]) -> QueryDict:
    """The request's query reduced to the parameters the page reads, in a fixed order: the page's view sees only
    these, and only these name the cached page, so that a link with `?utm_source=…` or random parameters is the
    same page and cannot fill the cache with copies."""
    query = QueryDict(mutable=True)
    for name in sorted(params):
        values = request.GET.getlist(name)
        if values:
            query.setlist(name, values)
    query._mutable = False
    return query


def page_suffix(request: HttpRequest, params: frozenset[str] = DEFAULT_PARAMS) -> str:
    """What names a page within a generation: scheme, host, path and the parameters it reads (hashed), and the
    language."""
    query = page_query(request, params).urlencode()
    where = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(where.encode()).hexdigest()[:40]
    return f"{get_language() or settings.LANGUAGE_CODE}:{digest}"


def page_params(path: str) -> frozenset[str] | None:
    """The query parameters of the cached public page at `path` (None: not a public page, or one rendered on
    every request). The URL resolver is asked once per path: paths are few, and the answer is kept."""
    return _page_params(settings.ROOT_URLCONF, path)


@functools.lru_cache(maxsize=1024)
def _page_params(urlconf: str, path: str) -> frozenset[str] | None:
    try:
        match = get_resolver(urlconf).resolve(path)
    except Resolver404:
        return None
    return getattr(match.func, "public_params", None)


def _load(raw: bytes | None) -> CachedPage | None:
    if raw is None:
        return None
    try:
        page = pickle.loads(raw)  # our own pages, written by page_set below
    except Exception:
        return None
    return page if isinstance(page, CachedPage) else None


def cached_page(request: HttpRequest) -> CachedPage | None:
    """The page kept for this request in the current generation, if any."""
    suffix = page_suffix(request, page_params(request.path_info) or DEFAULT_PARAMS)
    return _load(generations.page_get(suffix)[1])


def _messages_waiting(request: HttpRequest) -> int:
    storage = getattr(request, "_messages", None)
    return len(storage) if storage is not None else 0


_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,2}")


def _bounded(request: HttpRequest) -> bool:
    """Whether the query names one of a bounded set of pages: a page number from 1 to 999 written plainly (the
    paginator shows "?page=abc" or "?page=99999" too, as the first or the last page, but such copies are not
    kept: the cache would otherwise hold as many as anyone cares to invent)."""
    numbers = request.GET.getlist("page")
    return not numbers or (len(numbers) == 1 and bool(_PAGE_NUMBER.fullmatch(numbers[0])))


def _cacheable(request: HttpRequest, response: HttpResponse, session_accessed_before: bool) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming or not _bounded(request):
        return False
    # get_token() marks the request: the page holds this visitor's CSRF token.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or response.cookies or _messages_waiting(request):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.accessed and not session_accessed_before:
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


def _render_anonymously(view, request: HttpRequest, *args, **kwargs) -> tuple[HttpResponse, bool]:
    """Run the view as the anonymous visitor sees the page, whoever is logged in (the cached HTML is the same
    for all; what is personal comes through the markers). Returns the response and whether the session had
    been touched before the view ran."""
    session = getattr(request, "session", None)
    accessed = bool(session is not None and session.accessed)
    had_user = hasattr(request, "user")
    real_user = getattr(request, "user", None)  # the lazy object itself: the session is not read here
    request.user = AnonymousUser()
    try:
        return view(request, *args, **kwargs), accessed
    finally:
        if had_user:
            request.user = real_user
        else:
            del request.user


def respond_cached(request: HttpRequest, page: CachedPage) -> HttpResponse:
    """The response of a page served from the cache: counted as a visit (with the article views its view
    counted when it rendered), its markers filled for this request."""
    token = visits.live_begin()
    try:
        response = HttpResponse(page.content)
        for name, value in page.headers:
            response[name] = value
        if request.method == "GET":
            count_visit(request, viewed=page.viewed)
        response.content = render_markers(request, response.content)
    finally:
        visits.live_end(token)
    return _finish(request, response)


def _finish(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    set_visitor_cookie(request, response)
    # The HTML carries per-request figures: a shared cache in front must not keep it.
    patch_cache_control(response, private=True, no_cache=True)
    return response


def lookup(request: HttpRequest, params: frozenset[str]) -> tuple[str, CachedPage | None]:
    """The cache's page for this request (None: render it), and its suffix. Sets the visitor and the generation
    on the request."""
    visitor(request)
    suffix = page_suffix(request, params)
    generation, raw = generations.page_get(suffix)
    request.portal_generation = generation
    fresh = bool(_messages_waiting(request))  # a message to show: this visitor's page, not the shared one
    return suffix, None if fresh else _load(raw)


def public_page(view=None, *, params: Iterable[str] = DEFAULT_PARAMS, cached: bool = True):
    """Decorate a public GET page view: visitor cookie, one visit counted per request, the page from the cache
    (rendered on a miss), the markers filled in per request. Other methods pass straight to the view.
    `params` are the query parameters the page reads (`page`; `@public_page(params=("q", "page"))`): the view
    sees no other, and they alone name the cached page. `cached=False` renders the page on every request (a
    search: its free text would fill the cache with pages asked once). `portal.middleware.PublicPageMiddleware`
    serves the cache's pages to anonymous visitors before the rest of the middleware runs; what reaches the view
    here is a miss, or a logged-in user's request."""
    if view is None:
        return functools.partial(public_page, params=params, cached=cached)
    params = frozenset(params)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        request.GET = page_query(request, params)
        suffix, page = lookup(request, params)
        if page is not None:
            return respond_cached(request, page)
        generation = request.portal_generation
        fresh = bool(_messages_waiting(request))
        token = visits.live_begin()
        try:
            response, accessed = _render_anonymously(view, request, *args, **kwargs)
            if cached and not fresh and _cacheable(request, response, accessed):
                headers = tuple((h, response[h]) for h in _KEPT_HEADERS if response.has_header(h))
                page = CachedPage(response.content, headers, tuple(visits.live().viewed))
                generations.page_set(generation, suffix, pickle.dumps(page, 5), page_cache_seconds())
            if request.method == "GET" and response.status_code < 400:
                count_visit(request)
            if not response.streaming and 200 <= response.status_code < 300:
                response.content = render_markers(request, response.content)
                if response.has_header("Content-Length"):
                    del response.headers["Content-Length"]
        finally:
            visits.live_end(token)
        return _finish(request, response)

    wrapper.public_page = True
    wrapper.public_params = params if cached else None
    return wrapper
