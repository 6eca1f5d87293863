"""Factories for the kennisbank's pages, versions and contact persons."""

import contextlib
import datetime
import gc
import json
import warnings

import factory
import wagtail_factories

from kennisbank.constants import AdoptedBy, Audience, ContactRole, LearningForm, PolicyKind
from kennisbank.models import (
    ContactOverviewPage,
    ContactPerson,
    ContentPage,
    ELearningPage,
    NewsIndexPage,
    NewsPage,
    PolicyDocumentPage,
    PolicyVersion,
    RoleExplanation,
    ThemePage,
)
from kennisbank.models.people import PHOTO_FILTER


def articles(*items) -> str:
    """Raw StreamField JSON for a version's text: articles(("1", "Tekst"), ("2", "Meer")).

    An item of one string is a heading.
    """
    stream = []
    for item in items:
        if isinstance(item, str):
            stream.append({"type": "heading", "value": {"text": item, "level": "h2"}})
        else:
            number, text = item
            stream.append(
                {
                    "type": "article",
                    "value": {"number": number, "title": "", "text": f"<p>{text}</p>"},
                }
            )
    return json.dumps(stream)


class ThemePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ThemePage

    title = factory.Sequence(lambda n: f"Onderwerp {n}")
    intro = "Alles over dit onderwerp."
    show_in_menus = True


class ContentPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ContentPage

    title = factory.Sequence(lambda n: f"Inhoud {n}")
    intro = "Een pagina met uitleg."


class ELearningPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ELearningPage

    title = factory.Sequence(lambda n: f"E-learning {n}")
    intro = "Leer wat integriteit in je werk betekent."
    duration_minutes = 45
    audience = Audience.ALLE_MEDEWERKERS
    mandatory = True
    form = LearningForm.ONLINE


class PolicyDocumentPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PolicyDocumentPage

    title = factory.Sequence(lambda n: f"Regeling {n}")
    kind = PolicyKind.REGELING
    summary = "Wat deze regeling regelt, in gewone taal."
    document_owner = "Integriteitscoördinator"


class PolicyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyVersion

    label = factory.Sequence(lambda n: f"versie-{n}")
    adopted_by = AdoptedBy.GS
    adopted_on = datetime.date(2019, 1, 15)
    in_force_from = datetime.date(2019, 3, 1)
    summary_of_changes = ""
    articles = factory.LazyFunction(lambda: articles(("1", "Je handelt integer.")))


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    name = factory.Sequence(lambda n: f"Persoon {n}")
    role = ContactRole.VERTROUWENSPERSOON_INTEGRITEIT
    phone = "050 316 00 00"
    email = factory.Sequence(lambda n: f"persoon{n}@provincie.example")
    availability = "Maandag en donderdag"


class ContactOverviewPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ContactOverviewPage

    title = "Met wie kan ik praten?"
    intro = "Je hoeft niet alleen te blijven zitten met een vraag."


class RoleExplanationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleExplanation

    role = ContactRole.VERTROUWENSPERSOON_INTEGRITEIT
    does = "Luistert en denkt mee."
    does_not = "Doet geen onderzoek."


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Nieuws"


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Nieuwsbericht {n}")
    # Within 2026 however many news items earlier tests made (the sequence is session-wide).
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 365))
    intro = "Kort nieuws."


_quiet_depth = 0


@contextlib.contextmanager
def renditions_made_quietly():
    """Make renditions inside this block without their ResourceWarning failing the run.

    Wagtail leaves the temporary file of a new rendition unclosed, in a reference cycle: its
    ResourceWarning comes when the garbage collector finds it, and warnings are errors here.
    The warning is silenced in this block only, and one full collection at its end (of the
    outermost block, when blocks nest) makes it come while silenced. One per batch, not one
    per rendition: late in a worker's run a full collection walks a million objects (~0.5 s).
    """
    global _quiet_depth
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        _quiet_depth += 1
        try:
            yield
        finally:
            _quiet_depth -= 1
            if _quiet_depth == 0:
                gc.collect()


def photo(alt_text: str):
    """An image with the contact photo rendition made up front."""
    image = wagtail_factories.ImageFactory(alt_text=alt_text)
    with renditions_made_quietly():
        image.get_rendition(PHOTO_FILTER)
    return image
