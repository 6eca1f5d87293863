from django import template

from training import services

register = template.Library()


@register.inclusion_tag("training/includes/status.html", takes_context=True)
def training_status(context, page):
    """On a mandatory module's page: done on which day, or how to get it recorded."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not page.mandatory or user is None or not user.is_authenticated:
        return {"show": False}
    row = services.completion(user, page)
    return {
        "show": True,
        "request": request,
        "page": page,
        "afronding": row,
        "zelf": services.can_mark_self(page),
        "voor_mij": row is not None or services.is_required_for(page, user),
        "csrf_token": context.get("csrf_token"),
    }
