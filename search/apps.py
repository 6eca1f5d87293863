from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate, pre_save


def _sync_word_ranks(using, **kwargs):
    """The kept word ranks follow modelsearch's weights (search/wordrank.py)."""
    from search import wordrank

    wordrank.sync(connections[using])


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Zoeken"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.documents import get_document_model

        from search import synonyms  # noqa: F401 - synonyms: its invalidation
        from search.extraction import fill_extracted_text

        document_model = get_document_model()
        if hasattr(document_model, "extracted_text"):
            pre_save.connect(
                fill_extracted_text, sender=document_model, dispatch_uid="search-extract-text"
            )
        post_migrate.connect(_sync_word_ranks, sender=self, dispatch_uid="search-word-ranks")
