from django.conf import settings


def meldkanaal(request):
    """The meldkanaal's address for links in any template (settings.MELDKANAAL_PATH)."""
    return {"meldkanaal_url": settings.MELDKANAAL_PATH}
