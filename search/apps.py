from django.apps import AppConfig
from django.db.models.signals import pre_save


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
