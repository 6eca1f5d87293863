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
