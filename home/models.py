from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from integriteitsplein import sitememo
from integriteitsplein.listing import ListedPage
from integriteitsplein.routing import RouteInOneQueryMixin


class HomePage(RouteInOneQueryMixin, ListedPage, Page):
    """The plein itself: what employees see first after logging in.

    Tiles to the themes come from the live children that are shown in menus;
    the way to report and "who can I talk to?" are chosen pages, so the
    communications team can move them without touching code.
    """

    intro = RichTextField(
        "welkomsttekst",
        features=["bold", "italic", "link"],
        blank=True,
        help_text="Een korte welkomst: wat vind je op het Integriteitsplein?",
    )
    report_title = models.CharField("titel melden-blok", max_length=80, default="Iets melden?")
    report_text = models.TextField(
        "tekst melden-blok",
        blank=True,
        default="Vermoed je een integriteitsschending of een misstand? Meld het veilig, "
        "met je naam, vertrouwelijk of anoniem.",
    )
    report_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="pagina om te melden",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_title = models.CharField(
        "titel contact-blok", max_length=80, default="Met wie kan ik praten?"
    )
    contact_text = models.TextField(
        "tekst contact-blok",
        blank=True,
        default="Twijfel je of iets klopt? Een vertrouwenspersoon denkt met je mee, in vertrouwen.",
    )
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="pagina met contactpersonen",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("report_title"), FieldPanel("report_text"), FieldPanel("report_page")],
            heading="Iets melden?",
        ),
        MultiFieldPanel(
            [FieldPanel("contact_title"), FieldPanel("contact_text"), FieldPanel("contact_page")],
            heading="Met wie kan ik praten?",
        ),
    ]

    page_description = "De startpagina: onderwerpen, nieuws, melden en met wie je kunt praten."
    parent_page_types = ["wagtailcore.Page"]
    # The plein's page tree: themes and a few pages that stand on their own.
    subpage_types = [
        "kennisbank.ThemePage",
        "kennisbank.ContentPage",
        "kennisbank.NewsIndexPage",
        "kennisbank.PolicyDocumentPage",
        "kennisbank.ContactOverviewPage",
        "meldkanaal.MeldFormPage",
        "agenda.AgendaPage",
        "meedoen.MeedoenPage",
        "meedoen.WegwijzerPage",
        "jaarverslag.JaarverslagPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "startpagina"

    type_label = "Startpagina"

    def get_themes(self):
        """The tiles: live children shown in menus, in the editors' order. A tile shows a
        title, a description and an address, all fields of the base page: no specific pages,
        which would cost a query per page type."""
        return self.get_children().live().in_menu()

    def get_latest_updates(self, request=None, count: int = 3):
        """Latest news for the plein: the newest live, unrestricted news of the kennisbank."""
        from kennisbank.models import NewsPage

        return list(NewsPage.objects.for_everyone(request).defer_streamfields()[:count])

    def get_signposts(self) -> dict:
        """The pages the plein links to by type: the news overview ('all news'), the agenda
        and 'Waar meld ik wat?' beside the way to report. The first live one of each under
        this home page, or None; one query for the three, and only the base pages (a link
        needs no more)."""
        from django.contrib.contenttypes.models import ContentType

        from agenda.models import AgendaPage
        from kennisbank.models import NewsIndexPage
        from meedoen.models import WegwijzerPage

        wanted = {"news_index": NewsIndexPage, "agenda": AgendaPage, "wegwijzer": WegwijzerPage}
        types = ContentType.objects.get_for_models(*wanted.values())  # cached per process
        first = {}
        pages = (
            Page.objects.live()
            .descendant_of(self)
            .filter(content_type__in=types.values())
            .order_by("path")
        )
        for page in pages:
            first.setdefault(page.content_type_id, page)
        return {name: first.get(types[model].pk) for name, model in wanted.items()}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.shared_lists(request))
        return context

    def shared_lists(self, request) -> dict:
        """What the plein shows every reader alike: the tiles, the latest news, the coming
        sessions, the signposts, the chosen pages and which poll (the poll itself is filled
        in per reader: the template's per_reader tag).

        None of it depends on who reads: the news and the sessions are those without any
        view restriction. So each process keeps them under the site's generation
        (integriteitsplein/sitememo.py), which every publication, move, restriction and
        poll raises, and until the first session listed ends; then the next one moves up.
        Read per render, they were half of home's CPU when the page cache cannot answer
        (after every publication, once per audience; docs/performance.md)."""

        def compute():
            events = self.get_upcoming_events(request)
            lists = {
                "themes": list(self.get_themes()),
                "latest_updates": self.get_latest_updates(request),
                "upcoming_events": events,
                **self.get_signposts(),
                "poll": self.get_poll(),
                **self.get_links(),
            }
            return lists, min((event.end for event in events), default=None)

        if getattr(request, "is_preview", False):  # a draft's chosen pages: never kept
            return compute()[0]
        return sitememo.memo_until(request, f"home-lists-{self.pk}", compute)

    def get_links(self) -> dict:
        """The chosen pages 'Doe een melding' and 'Met wie kan ik praten?' (None when not
        chosen or gone): both in one query instead of one per foreign key."""
        ids = {"report_page": self.report_page_id, "contact_page": self.contact_page_id}
        pages = Page.objects.in_bulk([pk for pk in ids.values() if pk])
        return {name: pages.get(pk) for name, pk in ids.items()}

    def get_poll(self):
        """The poll marked for the home page (or None)."""
        from meedoen import services

        return services.home_poll()

    def get_upcoming_events(self, request=None, count: int = 3):
        """The next sessions of the agenda, for the block on the plein."""
        from agenda.models import EventPage

        return list(EventPage.objects.live().public_for(request).upcoming()[:count])
