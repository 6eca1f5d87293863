"""Drop the API's cached responses when what they show changes.

Connected per sender (pages, contact persons, images, documents), so a save of any other
model (the meldkanaal's reports, sessions, logs) calls nothing here.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, get_page_models
from wagtail.signals import page_published, page_unpublished, published, unpublished

from .api import forget_cached_responses


@receiver(page_published)
@receiver(page_unpublished)
@receiver(published)
@receiver(unpublished)
def _content_changed(sender, **kwargs):
    forget_cached_responses()


def _on_model_change(sender, instance, **kwargs):
    forget_cached_responses()


def _senders():
    from wagtail.documents.models import Document

    from kennisbank.models import ContactPerson

    return {
        Page,
        *get_page_models(),
        ContactPerson,
        Document,
        get_document_model(),
        get_image_model(),
    }


def connect() -> None:
    """Called from KoppelingenConfig.ready(), when every page model is known."""
    for sender in _senders():
        uid = sender._meta.label_lower
        post_save.connect(_on_model_change, sender=sender, dispatch_uid=f"koppelingen-save-{uid}")
        post_delete.connect(_on_model_change, sender=sender, dispatch_uid=f"koppelingen-del-{uid}")
