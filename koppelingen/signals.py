"""Drop the API's cached responses when what they show changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished, published, unpublished

from .api import forget_cached_responses


@receiver(page_published)
@receiver(page_unpublished)
@receiver(published)
@receiver(unpublished)
def _content_changed(sender, **kwargs):
    forget_cached_responses()


def _on_model_change(sender, instance, **kwargs):
    from wagtail.models import Page

    from kennisbank.models import ContactPerson

    if isinstance(instance, Page | ContactPerson) or sender._meta.label in (
        "wagtaildocs.Document",
        "kennisbank.CustomDocument",
        "kennisbank.CustomImage",
    ):
        forget_cached_responses()


post_save.connect(_on_model_change, dispatch_uid="koppelingen-api-save")
post_delete.connect(_on_model_change, dispatch_uid="koppelingen-api-delete")
