from django.conf import settings
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from integriteitsplein.validators import validate_phone_number


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details and footer text that every page shows.

    Edited by the Coördinator only: a change is live at once on every page, the meldkanaal
    included, without the approval step that pages have.
    """

    meldpunt_phone = models.CharField(
        "telefoon meldpunt", max_length=40, blank=True, validators=[validate_phone_number]
    )
    meldpunt_email = models.EmailField("e-mail meldpunt", blank=True)
    meldpunt_hours = models.CharField(
        "bereikbaarheid meldpunt",
        max_length=120,
        blank=True,
        help_text="Bijv. ‘ma–vr 9.00–17.00 uur’",
    )
    footer_text = models.CharField("tekst onderaan elke pagina", max_length=255, blank=True)
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="toegankelijkheidsverklaring",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="privacyverklaring",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("meldpunt_phone"),
                FieldPanel("meldpunt_email"),
                FieldPanel("meldpunt_hours"),
            ],
            heading="Meldpunt",
        ),
        MultiFieldPanel(
            [
                FieldPanel("footer_text"),
                FieldPanel("accessibility_page"),
                FieldPanel("privacy_page"),
            ],
            heading="Onderaan de pagina",
        ),
    ]

    class Meta:
        verbose_name = "instellingen Integriteitsplein"


class Vastgelegd(models.Model):
    """A fact someone recorded for another person (a coordinator marking a training done, an
    organiser registering an oath): who recorded it and when, for the record's own history."""

    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="vastgelegd door",
    )
    vastgelegd_op = models.DateTimeField("vastgelegd op", auto_now_add=True)

    class Meta:
        abstract = True


class OpenWithoutLoginMixin(models.Model):
    """A page that people without an intranet account may read, such as external reporters.

    The intranet asks everyone else to log in (IntranetLoginMiddleware). A contractor or a
    former employee who reports a misstand must still be able to read what a misstand is,
    whom to talk to and the privacy statement. Redactie ticks the box per page.
    """

    open_without_login = models.BooleanField(
        "ook te lezen zonder in te loggen",
        default=False,
        help_text="Vink aan voor pagina's die externe melders nodig hebben, zoals de "
        "privacyverklaring of ‘Wat is een misstand?’. De rest van het intranet blijft dicht.",
    )

    class Meta:
        abstract = True

    def open_media(self) -> tuple[set[int], set[int]]:
        """The image and document ids this page shows, for visitors without a login
        (integriteitsplein/open_media.py): what Wagtail's reference index records for the
        page (its fields, StreamField blocks and inline children). A page type that shows
        media from elsewhere adds them."""
        from django.contrib.contenttypes.models import ContentType

        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import ReferenceIndex

        image_type = ContentType.objects.get_for_model(get_image_model())
        document_type = ContentType.objects.get_for_model(get_document_model())
        images, documents = set(), set()
        for to_type, to_id in ReferenceIndex.get_references_for_object(self).values_list(
            "to_content_type_id", "to_object_id"
        ):
            if to_type == image_type.pk:
                images.add(int(to_id))
            elif to_type == document_type.pk:
                documents.add(int(to_id))
        return images, documents
