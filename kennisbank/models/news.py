"""News (updates from the integriteitscoördinator): an index with pages and an RSS feed."""

import datetime

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from integriteitsplein.listing import ListedPage
from integriteitsplein.restrictions import PublicPageQuerySet
from kennisbank.blocks import BodyStreamBlock
from kennisbank.validators import validate_plausible_date
from kennisbank.widgets import NativeDateInput

NEWS_PER_PAGE = 10


class NewsPageQuerySet(PublicPageQuerySet):
    def newest_first(self):
        return self.order_by("-date", "-first_published_at", "-pk")

    def for_everyone(self, request=None):
        """Live news without a view restriction: what lists, the feed and the home page show.

        A restricted item (password, groups) is left out of listings, so its title and intro
        do not leak to readers who may not open it. With the request, the restrictions are
        read once per change of the site (integriteitsplein/restrictions.py).
        """
        return self.live().public_for(request).newest_first()


NewsPageManager = PageManager.from_queryset(NewsPageQuerySet)


class NewsPage(ListedPage, Page):
    date = models.DateField(
        "datum", default=datetime.date.today, validators=[validate_plausible_date]
    )
    intro = models.TextField("inleiding", help_text="Eén of twee zinnen; staan ook op de home.")
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name="inhoud")
    theme = models.ForeignKey(
        "kennisbank.ThemePage",
        verbose_name="onderwerp",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = NewsPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("date", widget=NativeDateInput),
        FieldPanel("intro"),
        FieldPanel("theme"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    page_description = "Een nieuwsbericht. De nieuwste drie staan ook op de startpagina."
    parent_page_types = ["kennisbank.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "nieuwsbericht"
        verbose_name_plural = "nieuwsberichten"
        # Newest first (`newest_first`) is read along this index, a few rows for the home
        # page and a listing's first page, instead of sorting every news item (2,000 in
        # bench/: 10 ms a home page on PostgreSQL; docs/performance.md).
        indexes = [models.Index(fields=["date"], name="kennisbank_news_date")]

    @property
    def listing_text(self) -> str:
        return self.intro

    type_label = "Nieuws"

    def listing_date(self):
        return "", self.date

    @classmethod
    def theme_ids(cls, pks) -> dict[int, int]:
        """A news item names its onderwerp itself (it lives under the news index)."""
        rows = cls.objects.filter(pk__in=list(pks), theme__isnull=False)
        return dict(rows.values_list("pk", "theme_id"))


class NewsFeed(Feed):
    """RSS of the newest items of one news index."""

    def __init__(self, index_page, request):
        super().__init__()
        self.index_page = index_page
        self.request = request

    def title(self):
        return f"{self.index_page.title} – Integriteitsplein"

    def link(self):
        return self.index_page.get_url(self.request)

    def description(self):
        return self.index_page.intro or "Nieuws van het Integriteitsplein."

    def items(self):
        return self.index_page.get_news(self.request).defer_streamfields()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9)))


class NewsIndexPage(ListedPage, RoutablePageMixin, Page):
    intro = models.TextField(
        "inleiding", blank=True, help_text="Staat boven het nieuws en in de RSS-feed."
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    page_description = "Het overzicht van al het nieuws, met een RSS-feed. Er is er maar één."
    parent_page_types = ["home.HomePage", "kennisbank.ThemePage"]
    subpage_types = ["kennisbank.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = "nieuwsoverzicht"
        verbose_name_plural = "nieuwsoverzichten"

    @property
    def listing_text(self) -> str:
        return self.intro

    type_label = "Nieuws"

    def get_news(self, request=None):
        return NewsPage.objects.child_of(self).for_everyone(request)

    @path("")
    def index(self, request):
        paginator = Paginator(self.get_news(request).defer_streamfields(), NEWS_PER_PAGE)
        news = paginator.get_page(request.GET.get("pagina"))
        return self.render(request, context_overrides={"news": news, "paginator": paginator})

    @path("rss/", name="rss")
    def rss(self, request):
        return NewsFeed(self, request)(request)
