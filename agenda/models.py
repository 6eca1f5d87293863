"""The agenda: sessions employees register for, their registrations and the oath register.

Whether registration is open, how many places are left and who moves up from the waiting
list are decided in one place (the methods below and agenda/services.py); the page, the
list, the home page and the admin all ask them.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from agenda.constants import EedVorm, Soort, Status
from integriteitsplein.listing import ListedPage
from integriteitsplein.models import Vastgelegd
from integriteitsplein.restrictions import PublicPageQuerySet
from kennisbank.blocks import BodyStreamBlock
from kennisbank.constants import Audience

# Past sessions stay in the iCal feed this long, so a calendar does not lose last week.
FEED_PAST_DAYS = 90
# Sessions per page of the agenda and of its archive (`?pagina=`).
EVENTS_PER_PAGE = 20


class NativeDateTimeInput(forms.DateTimeInput):
    """The browser's own date-and-time field: it never turns a typo into 'now'."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class EventQuerySet(PublicPageQuerySet):
    def upcoming(self, now: datetime.datetime | None = None):
        """Sessions that have not ended yet, soonest first."""
        # The id breaks ties: two sessions at the same hour keep their place across pages.
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now: datetime.datetime | None = None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def with_counts(self):
        """Registered and waiting counts in the same query (no query per event)."""
        return self.annotate(
            aangemeld_count=Count("aanmeldingen", filter=Q(aanmeldingen__status=Status.AANGEMELD)),
            wachtlijst_count=Count(
                "aanmeldingen", filter=Q(aanmeldingen__status=Status.WACHTLIJST)
            ),
        )


EventPageManager = PageManager.from_queryset(EventQuerySet)


class AgendaPage(ListedPage, RoutablePageMixin, Page):
    """/agenda/: coming sessions, the archive, 'Mijn aanmeldingen' and the iCal feed."""

    intro = models.TextField(
        "inleiding",
        blank=True,
        default="Lezingen, trainingen, ambtseed-bijeenkomsten en moreel beraad. "
        "Meld je aan met één klik.",
    )

    type_label = "Agenda"
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    page_description = "De agenda: bijeenkomsten waarvoor medewerkers zich aanmelden."
    parent_page_types = ["home.HomePage"]
    subpage_types = ["agenda.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = "agenda"

    def events(self, request):
        return EventPage.objects.live().public_for(request).child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["events"] = self.events_page(request, self.events(request).upcoming())
        return context

    def events_page(self, request, events):
        """One page (`?pagina=`) of these sessions: a count and the page's sessions, on any
        page. The same for every reader: each card's "Je bent aangemeld" or "Vol" is filled
        in per response (fragments.card_status), so the agenda is served from the page cache."""
        listing = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("pagina"))
        listing.event_ids = tuple(event.pk for event in listing.object_list)
        return listing

    @path("")
    def upcoming_view(self, request):
        return self.render(request)

    @path("archief/")
    def archive_view(self, request):
        events = self.events_page(request, self.events(request).past())
        return self.render(
            request, template="agenda/agenda_archive.html", context_overrides={"events": events}
        )

    @path("mijn-aanmeldingen/")
    def my_registrations_view(self, request):
        from agenda import services

        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        return self.render(
            request,
            template="agenda/my_registrations.html",
            context_overrides=services.my_registrations(request.user),
        )

    @path("ical/")
    def feed_view(self, request):
        from agenda import ical

        since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
        events = self.events(request).filter(end__gte=since).order_by("start")
        return ical.response(ical.calendar_for(request, events), "agenda-integriteitsplein.ics")


class EventPage(ListedPage, RoutablePageMixin, Page):
    """One session: what, when, where, for whom, how many places, until when to register."""

    soort = models.CharField("soort", max_length=30, choices=Soort.choices)
    start = models.DateTimeField("begint op")
    end = models.DateTimeField("eindigt op")
    location = models.CharField(
        "plaats", max_length=200, blank=True, help_text="Bijvoorbeeld: Provinciehuis, zaal 2.14."
    )
    online_link = models.URLField(
        "link om online mee te doen", blank=True, help_text="Teams- of andere link, als dat kan."
    )
    audience = models.CharField(
        "voor wie", max_length=30, choices=Audience.choices, default=Audience.ALLE_MEDEWERKERS
    )
    registration_enabled = models.BooleanField(
        "aanmelden via het plein",
        default=True,
        help_text="Uit: de bijeenkomst staat in de agenda, maar je meldt je niet aan.",
    )
    capacity = models.PositiveIntegerField(
        "aantal plaatsen",
        null=True,
        blank=True,
        help_text="Leeg: geen maximum. Is het vol, dan komen nieuwe aanmeldingen op de wachtlijst.",
    )
    registration_deadline = models.DateTimeField(
        "aanmelden kan tot",
        null=True,
        blank=True,
        help_text="Leeg: tot de bijeenkomst begint.",
    )
    intro = models.TextField("inleiding", help_text="Wat gebeurt er en wat heb je eraan?")
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name="inhoud")

    objects = EventPageManager()
    type_label = "Bijeenkomst"

    content_panels = [
        *Page.content_panels,
        FieldPanel("soort"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("start", widget=NativeDateTimeInput),
                        FieldPanel("end", widget=NativeDateTimeInput),
                    ]
                ),
                FieldRowPanel([FieldPanel("location"), FieldPanel("online_link")]),
                FieldPanel("audience"),
            ],
            heading="Wanneer en waar",
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_enabled"),
                FieldRowPanel(
                    [
                        FieldPanel("capacity"),
                        FieldPanel("registration_deadline", widget=NativeDateTimeInput),
                    ]
                ),
            ],
            heading="Aanmelden",
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("start"),
    ]

    page_description = "Een lezing, training, ambtseed-bijeenkomst of moreel beraad."
    parent_page_types = ["agenda.AgendaPage"]
    subpage_types = []

    class Meta:
        verbose_name = "bijeenkomst"
        verbose_name_plural = "bijeenkomsten"

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "Het einde moet na het begin liggen."
        if not self.location and not self.online_link:
            errors["location"] = "Vul een plaats in, een link om online mee te doen, of allebei."
        if self.registration_deadline and self.start and self.registration_deadline > self.start:
            errors["registration_deadline"] = "Aanmelden moet sluiten vóór de bijeenkomst begint."
        if errors:
            raise ValidationError(errors)

    # --- derived from the dates and counts, asked by every view -----------------------

    def listing_date(self) -> tuple[str, datetime.date | None]:
        """In lists and search: the day of the session, not when the page was edited."""
        return "Op", timezone.localtime(self.start).date()

    @property
    def registration_closes_at(self) -> datetime.datetime:
        return self.registration_deadline or self.start

    def is_past(self, now: datetime.datetime | None = None) -> bool:
        return self.end < (now or timezone.now())

    def registration_open(self, now: datetime.datetime | None = None) -> bool:
        return self.registration_enabled and (now or timezone.now()) < self.registration_closes_at

    def places_left(self, aangemeld_count: int) -> int | None:
        if self.capacity is None:
            return None
        return max(0, self.capacity - aangemeld_count)

    @property
    def is_oath_session(self) -> bool:
        return self.soort == Soort.AMBTSEED

    def get_context(self, request, *args, **kwargs):
        # The same for every reader: what this reader did and what is open now (places,
        # registering) are per-reader fragments, filled in on every response (fragments.py).
        context = super().get_context(request, *args, **kwargs)
        context["agenda_url"] = self.get_parent().get_url(request)
        return context

    @path("")
    def event_view(self, request):
        return self.render(request)

    @path("aanmelden/")
    def register_view(self, request):
        from agenda import views

        return views.change_registration(self, request, "aanmelden")

    @path("afmelden/")
    def cancel_view(self, request):
        from agenda import views

        return views.change_registration(self, request, "afmelden")

    @path("ical/")
    def ical_view(self, request):
        from agenda import ical

        return ical.response(ical.calendar_for(request, [self]), f"{self.slug}.ics")


class Aanmelding(models.Model):
    """An employee's registration for a session: registered, waiting, or cancelled.

    One row per employee and session: registering again after cancelling reuses it, so
    the unique constraint also stops a double registration racing past the service.
    """

    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="aanmeldingen", verbose_name="bijeenkomst"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="aanmeldingen",
        verbose_name="medewerker",
    )
    status = models.CharField("status", max_length=20, choices=Status.choices)
    # The moment of the latest (re)registration: the waiting list moves up in this order.
    aangemeld_op = models.DateTimeField("aangemeld op", default=timezone.now)
    gewijzigd_op = models.DateTimeField("gewijzigd op", auto_now=True)
    aanwezig = models.BooleanField("aanwezig", null=True, blank=True)

    class Meta:
        verbose_name = "aanmelding"
        verbose_name_plural = "aanmeldingen"
        ordering = ["aangemeld_op", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="agenda_een_aanmelding")
        ]
        permissions = [
            (
                "beheer_aanmeldingen",
                "Mag deelnemers zien, exporteren en aanwezigheid vastleggen",
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.event} ({self.get_status_display()})"


class Ambtseed(Vastgelegd):
    """Who took the oath (eed) or the pledge (belofte), when, and at which session."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="ambtseed",
        verbose_name="medewerker",
    )
    vorm = models.CharField("eed of belofte", max_length=10, choices=EedVorm.choices)
    afgelegd_op = models.DateField("afgelegd op")
    bijeenkomst = models.ForeignKey(
        EventPage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ambtseden",
        verbose_name="bijeenkomst",
    )

    class Meta:
        verbose_name = "ambtseed"
        verbose_name_plural = "ambtseden"
        ordering = ["-afgelegd_op", "pk"]

    def __str__(self):
        return f"{self.user} – {self.get_vorm_display()} op {self.afgelegd_op:%d-%m-%Y}"
