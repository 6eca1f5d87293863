"""The site's own image and document models (Wagtail advises custom models from day one)."""

import logging

from django.db import models

from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.images.models import AbstractImage, AbstractRendition, SourceImageIOError
from wagtail.images.models import Image as WagtailImage
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.search import index

logger = logging.getLogger(__name__)


class CustomImage(AbstractImage):
    # Every picture on the plein needs a text alternative; editors write it once here.
    alt_text = models.CharField(
        "alternatieve tekst",
        max_length=255,
        blank=True,
        help_text="Beschrijf wat er op de afbeelding staat, voor wie hem niet kan zien.",
    )

    # One place for the text alternative: Wagtail's own "description" (its alt text since 6.3)
    # is left out of the form, so editors do not see two fields that mean the same.
    admin_form_fields = tuple(
        field
        for name in WagtailImage.admin_form_fields
        for field in ((name, "alt_text") if name == "file" else (name,))
        if field != "description"
    )

    @property
    def default_alt_text(self):
        return self.alt_text or self.title

    def generate_rendition_file(self, filter, *, source=None):
        """A file that cannot be decoded (stored before uploads were checked, or damaged on
        disk) is reported as a missing source: Wagtail's image tag then renders a
        placeholder instead of failing the whole page with a 500."""
        try:
            return super().generate_rendition_file(filter, source=source)
        except SourceImageIOError:
            raise
        except Exception as error:  # Pillow raises many kinds
            logger.warning(
                "Image %s cannot be decoded for %s: %s", self.pk, filter.spec, str(error)
            )
            raise SourceImageIOError(str(error)) from error

    def get_rendition_or_none(self, filter_spec: str):
        """The rendition, or None when the file is missing or cannot be decoded."""
        rendition = get_rendition_or_not_found(self, filter_spec)
        return rendition if rendition.width else None

    class Meta(AbstractImage.Meta):
        verbose_name = "afbeelding"
        verbose_name_plural = "afbeeldingen"


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class CustomDocument(AbstractDocument):
    # Filled by the search app when a PDF (or .docx) is uploaded, so its words are searchable.
    extracted_text = models.TextField("tekst uit het bestand", blank=True, editable=False)

    admin_form_fields = WagtailDocument.admin_form_fields

    search_fields = [*AbstractDocument.search_fields, index.SearchField("extracted_text")]

    def clean(self):
        # When the form refused the file (empty, or not what its name says) the model holds
        # no file, and Wagtail's extension check would add "Bestandsextensie ‘’ is niet
        # toegestaan" to the real reason. With a file it runs as always.
        if self.file:
            super().clean()

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        verbose_name_plural = "documenten"
