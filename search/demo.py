"""Demo content of the search app: promoted results ("Tip van de redactie").

Called by `manage.py load_demo` after the kennisbank and the meldkanaal, so their pages
exist. Pages are found by type (and kind); a promotion whose page is missing is skipped.
Idempotent: one promotion per search term and page, updated in place.
"""

from django.apps import apps

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

# search term -> (page model, filter on that model, description)
PROMOTIONS = [
    (
        "melden",
        "meldkanaal.MeldFormPage",
        {},
        "Meld een vermoeden van een misstand of integriteitsschending. Met je naam, "
        "vertrouwelijk of anoniem.",
    ),
    (
        "klokkenluider",
        "meldkanaal.MeldFormPage",
        {},
        "Zo meld je een misstand veilig, met de bescherming van de Wet bescherming klokkenluiders.",
    ),
    (
        "vertrouwenspersoon",
        "kennisbank.ContactOverviewPage",
        {},
        "Een vertrouwenspersoon luistert en denkt met je mee. In vertrouwen.",
    ),
    (
        "gedragscode",
        "kennisbank.PolicyDocumentPage",
        {"kind": "gedragscode"},
        "De gedragscode die nu geldt: wat we van elkaar verwachten.",
    ),
]


def _find(model_label: str, filters: dict) -> Page | None:
    try:
        model = apps.get_model(model_label)
    except LookupError:
        return None
    return model.objects.live().filter(**filters).order_by("path").first()


def load(home, accounts) -> dict:
    for term, model_label, filters, description in PROMOTIONS:
        page = _find(model_label, filters)
        if page is None:
            continue
        query = Query.get(term)
        promotion, _ = SearchPromotion.objects.get_or_create(
            query=query, page=page, defaults={"sort_order": 0}
        )
        promotion.description = description
        promotion.save()
    return {}
