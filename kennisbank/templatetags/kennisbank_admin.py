from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def policy_changes_url(page) -> str:
    """The coordinator's word-level changes of a policy document's draft, when it has one."""
    from kennisbank.models import PolicyDocumentPage

    if not isinstance(page, PolicyDocumentPage) or not page.pk or not page.has_unpublished_changes:
        return ""
    return reverse("kennisbank_policy_changes", args=(page.pk,))
