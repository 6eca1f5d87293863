from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def search_url(context, **changes):
    """The current search's address with some parameters changed ("" removes one)."""
    request = context["request"]
    params = {k: v for k, v in request.GET.items() if k not in ("format",)}
    params.pop("pagina", None)
    for key, value in changes.items():
        if value in ("", None):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(params)
