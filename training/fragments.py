"""A mandatory module's "Jouw voortgang", filled in per reader into the cached page
(integriteitsplein.pagecache, ADR 0019): the rest of the module's page is the same for
everyone and served from the page cache."""

from django.template.loader import render_to_string

from training import services


def training_status(request, page_id=None) -> str:
    """Done on which day, or how to get it recorded: for a logged-in reader, on a mandatory
    module's page."""
    from kennisbank.models import ELearningPage

    user = request.user
    page = ELearningPage.objects.filter(pk=page_id, mandatory=True).first()
    if page is None or not user.is_authenticated:
        return ""
    row = services.completion(user, page)
    context = {
        "show": True,
        "page": page,
        "afronding": row,
        "zelf": services.can_mark_self(page),
        "voor_mij": row is not None or services.is_required_for(page, user),
    }
    return render_to_string("training/includes/status.html", context, request=request)
