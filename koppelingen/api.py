"""The read API (/api/v2/): Wagtail's API v2 for pages, images and documents, plus endpoints
for news, events (the agenda) and contact persons, for other parts of the intranet.

Who may call it: an application with a key of a `Koppeling` (header `Authorization: Bearer
<key>`), or an employee with a browser session. Both see the same: live content without a
view restriction, never anything of the meldkanaal, never documents of a private collection.
Because every caller sees the same, responses are cached per address (not per caller) and
dropped when a page or contact person is published or changed (signals.py).
"""

import logging

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Collection, CollectionViewRestriction, Page

from rest_framework import serializers
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from agenda.models import EventPage
from kennisbank.models import ContactPerson, NewsPage
from meldkanaal.models import MeldFormPage

from .models import Koppeling

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60
GENERATION_KEY = "koppelingen:api-generation"


# --- who may call -------------------------------------------------------------------------


class KoppelingAuthentication(BaseAuthentication):
    """`Authorization: Bearer <key>` of an active Koppeling."""

    def authenticate(self, request):
        header = request.headers.get("Authorization", "")
        scheme, _space, secret = header.partition(" ")
        if scheme.lower() != "bearer":
            return None
        koppeling = Koppeling.objects.find_by_key(secret.strip())
        if koppeling is None:
            raise AuthenticationFailed(_("Deze sleutel is onbekend of ingetrokken."))
        koppeling.record_use()
        return (AnonymousUser(), koppeling)

    def authenticate_header(self, request):
        return 'Bearer realm="integriteitsplein"'


class KoppelingOrEmployee(BasePermission):
    message = _(
        "Log in op het Integriteitsplein, of gebruik de sleutel van een koppeling "
        "(Authorization: Bearer …)."
    )

    def has_permission(self, request, view):
        if isinstance(request.auth, Koppeling):
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.is_active)


class PerKeyThrottle(SimpleRateThrottle):
    """A request budget per koppeling (or per employee), kept in the shared cache.

    When the cache is unreachable the call is let through with a log line: a read API
    that goes down with Redis would be worse than one without a limit for a while.
    """

    scope = "koppeling"

    def get_rate(self):
        return settings.KOPPELINGEN_RATE

    def get_cache_key(self, request, view):
        if isinstance(request.auth, Koppeling):
            ident = f"k{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"u{request.user.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache is down: log and let the call through
            logger.warning("API rate limit skipped: the cache is unreachable")
            return True


# --- what they see ------------------------------------------------------------------------


def _generation() -> int:
    try:
        return cache.get_or_set(GENERATION_KEY, 1, None)
    except Exception:
        return 0


def forget_cached_responses() -> None:
    """Called when content changes: every cached response becomes unreachable."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)
    except Exception:
        logger.warning("API cache not invalidated: the cache is unreachable")


class PlainAPIMixin:
    """JSON only, the plein's callers and budget, and a cache per address."""

    renderer_classes = [JSONRenderer]
    authentication_classes = [KoppelingAuthentication, SessionAuthentication]
    permission_classes = [KoppelingOrEmployee]
    throttle_classes = [PerKeyThrottle]

    def permission_denied(self, request, message=None, code=None):
        if request.authenticators and not request.successful_authenticator:
            raise NotAuthenticated(KoppelingOrEmployee.message)
        super().permission_denied(request, message, code)

    def _cached(self, request, view, *args, **kwargs):
        generation = _generation()
        key = f"koppelingen:api:{generation}:{request.get_full_path()}" if generation else None
        if key:
            try:
                data = cache.get(key)
            except Exception:
                data = None
            if data is not None:
                return Response(data)
        response = view(request, *args, **kwargs)
        if key and response.status_code == 200:
            try:
                cache.set(key, response.data, CACHE_SECONDS)
            except Exception:
                logger.warning("API response not cached: the cache is unreachable")
        return response

    def listing_view(self, request):
        return self._cached(request, super().listing_view)

    def detail_view(self, request, pk):
        return self._cached(request, super().detail_view, pk)


def readable_pages():
    """Live pages without a view restriction, and nothing of the meldkanaal (nor the tree's
    invisible root, which is no page of the site)."""
    # Plain path filters, not a correlated subquery: the search backends (`?search=`) turn
    # the queryset's filters into their own and know no Exists (it answered 500).
    pages = Page.objects.live().public().filter(depth__gt=1).not_type(MeldFormPage)
    for form_page in MeldFormPage.objects.all().only("path", "depth"):
        pages = pages.exclude(path__startswith=form_page.path)
    return pages


class PaginaAPIViewSet(PlainAPIMixin, PagesAPIViewSet):
    def get_base_queryset(self):
        return readable_pages()


class NieuwsAPIViewSet(PlainAPIMixin, PagesAPIViewSet):
    model = NewsPage
    name = "nieuws"
    body_fields = [*PagesAPIViewSet.body_fields, "date", "intro"]
    listing_default_fields = [*PagesAPIViewSet.listing_default_fields, "date", "intro"]

    def get_base_queryset(self):
        return readable_pages()

    def get_queryset(self):
        return NewsPage.objects.filter(
            pk__in=self.get_base_queryset().type(NewsPage).values("pk")
        ).newest_first()


class EvenementAPIViewSet(PlainAPIMixin, PagesAPIViewSet):
    model = EventPage
    name = "evenementen"
    body_fields = [
        *PagesAPIViewSet.body_fields,
        "soort",
        "start",
        "end",
        "location",
        "online_link",
        "audience",
        "capacity",
        "registration_deadline",
        "intro",
    ]
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "soort",
        "start",
        "end",
        "location",
        "intro",
    ]

    def get_base_queryset(self):
        return readable_pages()

    def get_queryset(self):
        return EventPage.objects.filter(
            pk__in=self.get_base_queryset().type(EventPage).values("pk")
        ).order_by("start")


class ContactPersonSerializerField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)


class RolField(ContactPersonSerializerField):
    def to_representation(self, person):
        return person.get_role_display()


class FotoField(ContactPersonSerializerField):
    def to_representation(self, person):
        if not person.photo:
            return None
        request = self.context.get("request")
        url = person.photo.get_rendition("fill-160x160").url
        return request.build_absolute_uri(url) if request else url


class ContactpersoonAPIViewSet(PlainAPIMixin, BaseAPIViewSet):
    model = ContactPerson
    name = "contactpersonen"
    body_fields = [
        *BaseAPIViewSet.body_fields,
        "name",
        "role",
        APIField("rol", serializer=RolField()),
        "phone",
        "email",
        "availability",
        "is_external",
        "introduction",
        APIField("foto", serializer=FotoField()),
    ]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "name",
        "rol",
        "phone",
        "email",
        "availability",
    ]

    def get_queryset(self):
        return ContactPerson.objects.live().select_related("photo").order_by("role", "name")


class AfbeeldingAPIViewSet(PlainAPIMixin, ImagesAPIViewSet):
    pass


class DocumentAPIViewSet(PlainAPIMixin, DocumentsAPIViewSet):
    def get_queryset(self):
        """Never a document of a private collection, whoever asks: Wagtail's own check would
        let a logged-in employee through a login-only restriction; the API lists none."""
        queryset = self.model.objects.all().order_by("id")
        private = Collection.objects.filter(
            id__in=CollectionViewRestriction.objects.values("collection_id")
        ).values_list("path", flat=True)
        for path in private:
            queryset = queryset.exclude(collection__path__startswith=path)
        return queryset


api_router = WagtailAPIRouter("api")
api_router.register_endpoint("pages", PaginaAPIViewSet)
api_router.register_endpoint("nieuws", NieuwsAPIViewSet)
api_router.register_endpoint("contactpersonen", ContactpersoonAPIViewSet)
api_router.register_endpoint("evenementen", EvenementAPIViewSet)
api_router.register_endpoint("images", AfbeeldingAPIViewSet)
api_router.register_endpoint("documents", DocumentAPIViewSet)
