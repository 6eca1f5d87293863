"""The rendered HTML of Wagtail pages, cached per page, variant and audience (issue 13, ADR 0019).

Everyone on the intranet is logged in, and a page differs per reader only in a few places:
the reader's name in the header, the CSRF token of the logout forms, the CSP nonce of an
inline script, Wagtail's user bar for editors and the home page's poll (voted or not). The
page is therefore rendered once with *placeholders* for those bits, that HTML is cached, and
every response, a miss as much as a hit, is made from it by filling the placeholders for the
request at hand (`fill`): the name, a fresh masked CSRF token, this response's nonce, and the
small fragments (`per_reader`) rendered for this reader.

A page is only stored when nothing in its rendering read anything personal: while the page
is served, `request.user` is a `WatchedUser` that notes every attribute read beyond
"is this someone logged in?", and the session notes reads too. A page that shows a person's
registrations, votes or groups reads them, and is then served but never stored.

The key: site (host and scheme), path, the query parameters that change a page
(PAGE_CACHE_QUERY_PARAMETERS; any other parameter: not cached), audience (anonymous,
employee, editor), language, today's date, and a generation number in the cache that every
publish, unpublish, move, delete and change of what pages show raises (`invalidate`).

A cache outage degrades to rendering: every call goes through resilient_cache, which answers
with a default and leaves the cache alone for a while.
"""

import datetime
import hashlib
import hmac
import logging
import re
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token, get_token
from django.utils import timezone
from django.utils.functional import LazyObject
from django.utils.html import escape
from django.utils.safestring import mark_safe

from integriteitsplein import resilient_cache

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generatie"
ENTRY_KEY = "pagecache:{generation}:{digest}"
VARIANTS_KEY = "pagecache:{generation}:varianten:{digest}"
HEADER = "X-Page-Cache"

# Attributes of request.user that say nothing about who the reader is.
IMPERSONAL_USER_ATTRIBUTES = frozenset({"is_authenticated", "is_anonymous"})


def _marker() -> str:
    # Placeholders carry a mark derived from the secret key: page content cannot forge one.
    digest = hmac.new(settings.SECRET_KEY.encode(), b"integriteitsplein-pagecache", "sha256")
    return digest.hexdigest()[:20]


# --- What a request is --------------------------------------------------------------------


def audience(request) -> str:
    """anonymous, employee or editor: the readers who are shown the same page."""
    from integriteitsplein.context_processors import may_edit

    user = request.user
    if not user.is_authenticated:
        return "anonymous"
    return "editor" if may_edit(request) else "employee"


def _bypass(request) -> bool:
    """Requests that never touch the page cache (no lookup, no store)."""
    if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
        return True
    path = request.path
    # An exact path may be let back in (the meldkanaal's empty form, ADR 0025).
    if (
        path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS))
        and path not in settings.PAGE_CACHE_INCLUDED_PATHS
    ):
        return True
    if any(name not in settings.PAGE_CACHE_QUERY_PARAMETERS for name in request.GET):
        return True
    if getattr(request, "is_preview", False):
        return True
    # Messages are shown once, to one person: a page that shows them is theirs.
    return bool(len(get_messages(request)))


def _address(request) -> list[str]:
    """The page a request asks for, without its query string: what an entry and the count
    of a page's variants share."""
    return [request.scheme, request.get_host(), request.path]


def key(request, audience_name: str, generation: int) -> str:
    variant = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    parts = [
        *_address(request),
        repr(variant),
        audience_name,
        getattr(request, "LANGUAGE_CODE", ""),
        timezone.localdate().isoformat(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return ENTRY_KEY.format(generation=generation, digest=digest)


def variant_allowed(request, generation: int) -> bool:
    """May one more variant (a query string) of this page be stored? Counted per page and
    generation, for as long as the entries live; the plain page always may."""
    if not request.GET:
        return True
    page = "\n".join(_address(request))
    counter = VARIANTS_KEY.format(
        generation=generation, digest=hashlib.sha256(page.encode()).hexdigest()
    )
    resilient_cache.call("add", counter, 0, _timeout(), default=False)
    try:
        stored = resilient_cache.call("incr", counter, default=None)
    except ValueError:  # gone between the two calls: store nothing this time
        return False
    return stored is not None and stored <= settings.PAGE_CACHE_VARIANTS_PER_PAGE


def current_generation() -> int | None:
    """The generation, or None while the cache cannot be reached (or lost its counter and
    cannot keep a new one)."""
    value = resilient_cache.call("get", GENERATION_KEY, default=None)
    if value is None:
        # First use: `add` keeps a number another process set meanwhile.
        resilient_cache.call("add", GENERATION_KEY, _fresh_start(), None, default=False)
        value = resilient_cache.call("get", GENERATION_KEY, default=None)
    return None if value is None else int(value)


def request_generation(request) -> int | None:
    """current_generation(), read once per request (the page cache and routememo share it)."""
    if not hasattr(request, "_pagecache_generation"):
        request._pagecache_generation = current_generation()
    return request._pagecache_generation


def _fresh_start() -> int:
    # A new counter starts at the clock (ns), never at a number a process may still hold from
    # before the counter was lost (an emptied or restarted cache): routememo keeps values per
    # process under it.
    return time.time_ns()


def _bump() -> None:
    try:
        resilient_cache.call("incr", GENERATION_KEY, default=0)
    except ValueError:  # no generation yet: nothing was cached under one either
        resilient_cache.call("add", GENERATION_KEY, _fresh_start(), None, default=True)


def invalidate(**kwargs) -> None:
    """Forget every cached page (the generation moves on; old entries expire).

    Now, and again once the transaction commits: a request between the change and the commit
    reads the old rows under the new generation and may store them (the page, a route)."""
    from django.db import transaction

    _bump()
    transaction.on_commit(_bump)


# --- Recording a render ---------------------------------------------------------------------


@dataclass
class Recording:
    """What a render under the page cache left in the HTML to be filled per request."""

    marker: str
    fragments: list = field(default_factory=list)  # (name, kwargs) per placeholder number
    personal: list = field(default_factory=list)  # why it may not be stored

    def placeholder(self, name: str, kwargs: dict) -> str:
        self.fragments.append((name, kwargs))
        return f"<!--{self.marker}:f{len(self.fragments) - 1}-->"


class WatchedUser(LazyObject):
    """request.user while a page renders under the page cache: notes personal reads."""

    def __init__(self, user, recording: Recording):
        super().__init__()
        self.__dict__["_recording"] = recording
        self._wrapped = user

    def _note(self, what):
        self.__dict__["_recording"].personal.append(f"user.{what}")

    def __getattr__(self, name):
        if name not in IMPERSONAL_USER_ATTRIBUTES:
            self._note(name)
        return getattr(self._wrapped, name)

    def __str__(self):
        self._note("__str__")
        return str(self._wrapped)

    def __eq__(self, other):
        self._note("__eq__")
        return self._wrapped == other

    def __hash__(self):
        self._note("__hash__")
        return hash(self._wrapped)


def recording(request) -> Recording | None:
    return getattr(request, "_pagecache_recording", None)


def per_reader(request, name: str, **kwargs) -> str:
    """A fragment that differs per reader: a placeholder while recording, else rendered now."""
    rec = recording(request) if request is not None else None
    if rec is not None:
        if name in PREPARE:  # what is the same for every reader, rendered once with the page
            kwargs = {**kwargs, **PREPARE[name](request, rec.marker, **kwargs)}
        return mark_safe(rec.placeholder(name, kwargs))  # noqa: S308 (our own marker)
    return render_fragment(request, name, kwargs)


# --- The fragments, rendered per request ----------------------------------------------------


def _reader_name(request):
    user = request.user
    if not user.is_authenticated:
        return ""
    return escape(user.get_full_name() or user.get_username())


def _userbar(request, page_id=None):
    from django.template import RequestContext, Template

    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id).first() if page_id else None
    template = Template("{% load wagtailuserbar %}{% wagtailuserbar %}")
    return template.render(RequestContext(request, {"page": page.specific if page else None}))


FRAGMENTS = {
    "naam": _reader_name,
    "userbar": _userbar,
}
# Per fragment, what is the same for every reader, rendered once while the page is recorded
# (`register_fragment`'s `prepare`).
PREPARE = {}


def once_per_response(request, name: str, key, compute):
    """`compute()` once per response and `key`: the fragments of one page or listing (an
    event's places and its registration, a listing's cards or polls) share what the first
    of them reads, instead of a query or two each."""
    memo = request.__dict__.setdefault(f"_fragment_memo_{name}", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def register_fragment(name: str, render, prepare=None) -> None:
    """An app's own fragment (from its AppConfig.ready): `render(request, **kwargs)` returns
    escaped HTML for this reader, on every response of a page that uses
    `{% per_reader name ... %}`. The kwargs are stored with the cached page, so they hold
    what the page is (numbers, words), never anything about a reader.

    `prepare(request, marker, **kwargs)`, if given, runs once while the page is recorded and
    returns more kwargs for `render`: what is the same for every reader (a poll's form),
    with this request's secrets taken out (`shared_html`)."""
    FRAGMENTS[name] = render
    if prepare is not None:
        PREPARE[name] = prepare


def shared_html(request, html: str, marker: str) -> str:
    """HTML rendered while recording, fit to keep for every reader: this request's CSRF
    tokens and CSP nonce replaced by placeholders (`with_csrf_token` puts a token back)."""
    return _take_out_secrets(request, html, marker)


def with_csrf_token(request, html: str) -> str:
    """`shared_html`'s HTML with this reader's CSRF token where the placeholders are."""
    return html.replace(f"<!--{_marker()}:csrf-->", get_token(request))


def render_fragment(request, name: str, kwargs: dict) -> str:
    return mark_safe(FRAGMENTS[name](request, **kwargs))  # noqa: S308 (escaped by each)


# --- Placeholders for the CSRF token and the CSP nonce ---------------------------------------

_CANDIDATE_TOKEN = re.compile(rf"(?<![A-Za-z0-9])[A-Za-z0-9]{{{CSRF_TOKEN_LENGTH}}}(?![A-Za-z0-9])")


def _take_out_secrets(request, html: str, marker: str) -> str:
    """Put placeholders where this request's CSRF tokens and CSP nonce are."""
    secret = request.META.get("CSRF_COOKIE")
    if secret:

        def replace(match):
            token = match.group(0)
            return f"<!--{marker}:csrf-->" if _unmask_cipher_token(token) == secret else token

        html = _CANDIDATE_TOKEN.sub(replace, html)
        if secret in html:  # the bare secret must never be shared either
            raise PersonalContent("csrf-secret")
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str) and nonce:
        html = html.replace(nonce, f"<!--{marker}:nonce-->")
    return html


class PersonalContent(Exception):
    pass


_PLACEHOLDER = re.compile(r"<!--(?P<marker>[0-9a-f]{20}):(?P<what>csrf|nonce|f\d+)-->")


def fill(request, html: str, marker: str, fragments: list) -> str:
    """The page for this request: every placeholder filled for this reader."""
    rendered = {}

    def replace(match):
        if match["marker"] != marker:
            return match.group(0)
        what = match["what"]
        if what == "csrf":
            return get_token(request)
        if what == "nonce":
            return str(request.csp_nonce)
        number = int(what[1:])
        if number not in rendered:
            name, kwargs = fragments[number]
            rendered[number] = render_fragment(request, name, kwargs)
        return rendered[number]

    return _PLACEHOLDER.sub(replace, html)


# --- Which rendered pages may be stored -----------------------------------------------------


def opted_in(specific_class) -> bool:
    """Does the page type itself (not a base class) say `page_cache = True`? Only then is a
    page type of an excluded app stored, and its `no-store` taken as meant for browsers."""
    return specific_class.__dict__.get("page_cache") is True


def page_is_cacheable(page) -> bool:
    """A page type may opt out (page_cache = False); the meldkanaal's pages never unless the
    type opts in itself (the report form, ADR 0025), nor pages with a view restriction other
    than "logged in"."""
    from wagtail.models import PageViewRestriction

    specific_class = page.specific_class or type(page)
    if not getattr(specific_class, "page_cache", True):
        return False
    excluded_app = specific_class._meta.app_label in settings.PAGE_CACHE_EXCLUDED_APPS
    if excluded_app and not opted_in(specific_class):
        return False
    restrictions = page.get_view_restrictions()
    return all(r.restriction_type == PageViewRestriction.LOGIN for r in restrictions)


def mark_served_page(page, request, serve_args, serve_kwargs):
    """Wagtail's before_serve_page hook: which page this response is (wagtail_hooks.py)."""
    request._pagecache_page = page


def _why_not_stored(request, response, rec: Recording) -> str | None:
    if response.status_code != 200:
        return "status"
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return "type"
    if response.cookies:
        return "set-cookie"
    if rec.personal:
        return "personal:" + ",".join(sorted(set(rec.personal)))
    if getattr(request, "_pagecache_session_read", False):
        return "session"
    if len(get_messages(request)):
        return "messages"
    page = getattr(request, "_pagecache_page", None)
    if page is None:
        return "no-page"
    if not page_is_cacheable(page):
        return "page"
    # Wagtail sends a page behind a view restriction with never-cache headers (for browsers
    # and proxies; kept on every hit); with only "logged in" restrictions (above) the key keeps
    # it to logged-in readers here. A page type that opts in itself sends no-store to keep its
    # form out of browsers' and proxies' caches (the meldkanaal, ADR 0025). Any other no-store
    # or private response is someone's own.
    cache_control = response.get("Cache-Control", "")
    private = "no-store" in cache_control or "private" in cache_control
    if private and not page.get_view_restrictions() and not opted_in(page.specific_class):
        return "cache-control"
    return None


# --- The middleware -------------------------------------------------------------------------


class PageCacheMiddleware:
    """Serve a page from the cache when its HTML is there; else render it with placeholders,
    store it when nothing personal was read, and fill it for this request. Last in
    MIDDLEWARE: the login, second factor and session checks all run before it."""

    # Referrer-Policy: the meldkanaal's "same-origin" (its form posts with an Origin header).
    KEPT_HEADERS = (
        "Content-Type",
        "Content-Language",
        "Cache-Control",
        "Expires",
        "Referrer-Policy",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _bypass(request):
            return self.get_response(request)
        marker = _marker()
        audience_name = audience(request)
        generation = request_generation(request) or 1
        entry_key = key(request, audience_name, generation)
        entry = resilient_cache.call("get", entry_key, default=None)
        if entry is not None:
            try:
                return self._respond(request, entry, "hit")
            except Exception:
                logger.exception("Pagina uit de cache niet te vullen; opnieuw opgebouwd")

        rec = Recording(marker=marker)
        real_user = request.user
        session = getattr(request, "session", None)
        accessed_before = getattr(session, "accessed", False)
        if session is not None:
            session.accessed = False
        request._pagecache_recording = rec
        watched = request.user = WatchedUser(real_user, rec)
        try:
            response = self.get_response(request)
        finally:
            if request.user is watched:  # a view that logged someone in or out keeps its own
                request.user = real_user
            else:
                rec.personal.append("user-changed")
            request._pagecache_recording = None
            if session is not None:
                request._pagecache_session_read = session.accessed
                session.accessed = session.accessed or accessed_before

        if getattr(response, "streaming", False) or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            return response
        html = response.content.decode(response.charset)
        reason = _why_not_stored(request, response, rec)
        template = html
        if reason is None:
            try:
                template = _take_out_secrets(request, html, marker)
            except PersonalContent as error:
                reason = str(error)
        if reason is None and not variant_allowed(request, generation):
            reason = "variants"
        if reason is None:
            entry = {
                "html": template,
                "marker": marker,
                "fragments": rec.fragments,
                "headers": {h: response[h] for h in self.KEPT_HEADERS if h in response},
            }
            resilient_cache.call("set", entry_key, entry, _timeout(), default=None)
        # Placeholders of fragments are in the HTML whether or not it was stored.
        response.content = fill(request, template, marker, rec.fragments)
        response[HEADER] = "miss" if reason is None else "pass"
        request._pagecache_reason = reason  # for tests and debugging; never sent
        return response

    def _respond(self, request, entry, state):
        response = HttpResponse(fill(request, entry["html"], entry["marker"], entry["fragments"]))
        for name, value in entry["headers"].items():
            response[name] = value
        response[HEADER] = state
        return response


def _timeout() -> int:
    """Until the next local midnight, at most PAGE_CACHE_SECONDS (the date is in the key too)."""
    now = timezone.localtime()
    tomorrow = now + datetime.timedelta(days=1)
    midnight = tomorrow.replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, min(settings.PAGE_CACHE_SECONDS, int((midnight - now).total_seconds())))


# --- Invalidation ---------------------------------------------------------------------------

# Models whose changes pages, routes (routememo.py) or what searches keep per process
# (integriteitsplein/sitememo.py) show, beside pages themselves: (app_label, model name). Images and
# documents are added by `_invalidating_models`: the project's own models
# (WAGTAILIMAGES_IMAGE_MODEL, WAGTAILDOCS_DOCUMENT_MODEL), not Wagtail's unused stock ones.
INVALIDATING_MODELS = [
    ("wagtailcore", "Page"),
    ("wagtailcore", "Site"),
    ("wagtailcore", "PageViewRestriction"),
    ("wagtailcore", "CollectionViewRestriction"),
    ("wagtailcore", "Collection"),
    ("integriteitsplein", "SiteSettings"),
    ("kennisbank", "ContactPerson"),
    ("kennisbank", "PolicyVersion"),
    ("search", "Synoniem"),
    ("wagtailsearchpromotions", "SearchPromotion"),
    ("meedoen", "Peiling"),
    ("meedoen", "PeilingOptie"),
    # Not wagtailsearchpromotions.Query: every search counts its term there (statistics).
]


def _invalidating_models():
    from django.apps import apps

    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    models = []
    for app_label, model_name in INVALIDATING_MODELS:
        try:
            models.append(apps.get_model(app_label, model_name))
        except LookupError:
            continue
    return [*models, get_image_model(), get_document_model()]


def _restriction_groups_changed(sender, instance=None, **kwargs):
    from wagtail.models import BaseViewRestriction

    if isinstance(instance, BaseViewRestriction):
        invalidate()


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from wagtail.signals import page_published, page_unpublished, post_page_move

    uid = "integriteitsplein-pagecache"
    page_published.connect(invalidate, dispatch_uid=f"{uid}-published")
    page_unpublished.connect(invalidate, dispatch_uid=f"{uid}-unpublished")
    post_page_move.connect(invalidate, dispatch_uid=f"{uid}-moved")
    # Which groups a view restriction lets in (its m2m, saved after the restriction).
    m2m_changed.connect(_restriction_groups_changed, dispatch_uid=f"{uid}-groups")
    for model in _invalidating_models():
        senders = [model, *_subclasses(model)]
        for sender in senders:
            label = sender._meta.label_lower
            post_save.connect(invalidate, sender=sender, dispatch_uid=f"{uid}-save-{label}")
            post_delete.connect(invalidate, sender=sender, dispatch_uid=f"{uid}-del-{label}")


def _subclasses(model):
    """Concrete subclasses (every page type): signals are sent with the concrete class."""
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, model) and m is not model]
