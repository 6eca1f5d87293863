"""The site's own image and document models (Wagtail advises custom models from day one)."""

from django.db import models

from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.models import Image as WagtailImage
from wagtail.search import index


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

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        verbose_name_plural = "documenten"
