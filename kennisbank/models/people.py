"""Contact persons (a snippet) and the "Met wie kan ik praten?" page that groups them."""

from django.contrib import admin
from django.db import models
from django.db.models import Prefetch

from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    Page,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from integriteitsplein.listing import ListedPage
from integriteitsplein.models import OpenWithoutLoginMixin
from integriteitsplein.validators import validate_phone_number
from kennisbank.constants import ContactRole

PHOTO_FILTER = "fill-160x160"


class ContactPersonQuerySet(models.QuerySet):
    def live(self):
        """Published persons: what the site, blocks and search may show."""
        return self.filter(live=True)

    def with_photos(self):
        """Photos and their thumbnail in the same few queries, however many persons."""
        from kennisbank.models.media import CustomImage

        return self.prefetch_related(
            Prefetch("photo", queryset=CustomImage.objects.prefetch_renditions(PHOTO_FILTER))
        )


class ContactPerson(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model
):
    """Someone an employee can talk to: a vertrouwenspersoon, the IC or the meldpunt.

    A new person or a change goes through the same workflow as pages (Redactie submits,
    the Coördinator publishes): a phone number on "Met wie kan ik praten?" is how an
    employee reaches help, so it is checked before it shows. The row holds what is live;
    a pending change waits in a revision (Wagtail's DraftStateMixin).
    """

    name = models.CharField("naam", max_length=120)
    role = models.CharField("rol", max_length=40, choices=ContactRole.choices)
    photo = models.ForeignKey(
        "kennisbank.CustomImage",
        verbose_name="foto",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Vul bij de afbeelding een alternatieve tekst in.",
    )
    phone = models.CharField(
        "telefoon",
        max_length=30,
        blank=True,
        validators=[validate_phone_number],
        help_text="Bijvoorbeeld 0592 36 51 00 of een intern nummer als 4120.",
    )
    email = models.EmailField("e-mail", blank=True)
    availability = models.CharField(
        "bereikbaar", max_length=160, blank=True, help_text="Bijvoorbeeld ‘maandag en donderdag’."
    )
    is_external = models.BooleanField(
        "extern", default=False, help_text="Werkt niet bij de provincie (bijvoorbeeld een bureau)."
    )
    introduction = models.TextField("korte introductie", blank=True)

    objects = ContactPersonQuerySet.as_manager()

    panels = [
        # Required for a draft too: a person without a name cannot be found in the list.
        FieldRowPanel(
            [FieldPanel("name", required_on_save=True), FieldPanel("role", required_on_save=True)]
        ),
        FieldPanel("photo"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("availability"),
                FieldPanel("is_external"),
            ],
            heading="Bereikbaarheid",
        ),
        FieldPanel("introduction"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("introduction"),
        index.FilterField("role"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = "contactpersoon"
        verbose_name_plural = "contactpersonen"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    @classmethod
    def get_indexed_objects(cls):
        # A draft (a new person not yet approved) stays out of the search index.
        return super().get_indexed_objects().filter(live=True)

    @property
    def anchor(self) -> str:
        """The id of this person on "Met wie kan ik praten?": link to <page url>#persoon-<pk>."""
        return f"persoon-{self.pk}"

    @admin.display(description="extern", ordering="is_external")
    def external_label(self) -> str:
        return "Ja" if self.is_external else "Nee"

    @admin.display(description="telefoon", ordering="phone")
    def phone_label(self) -> str:
        """The number with non-breaking spaces and hyphens, so a table never wraps it."""
        return self.phone.replace(" ", "\u00a0").replace("-", "\u2011")

    @property
    def photo_rendition(self):
        return self.photo.get_rendition_or_none(PHOTO_FILTER) if self.photo else None


class RoleExplanation(Orderable):
    """Per role on the contact page: what this person does, and what not."""

    page = ParentalKey(
        "kennisbank.ContactOverviewPage", on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField("rol", max_length=40, choices=ContactRole.choices)
    does = models.TextField("wat doet deze persoon?")
    does_not = models.TextField("wat doet deze persoon niet?", blank=True)

    panels = [FieldPanel("role"), FieldPanel("does"), FieldPanel("does_not")]

    class Meta(Orderable.Meta):
        verbose_name = "uitleg per rol"
        verbose_name_plural = "uitleg per rol"


class ContactOverviewPageForm(WagtailAdminPageForm):
    """Each role is explained once: the page has one section (and one address) per role."""

    def is_valid(self):
        valid = super().is_valid()
        formset = self.formsets.get("roles")
        if not valid or formset is None:
            return valid
        seen = set()
        for form in formset.forms:
            role = form.cleaned_data.get("role")
            if form.cleaned_data.get("DELETE") or not role:
                continue
            if role in seen:
                form.add_error(
                    "role", "Deze rol staat er al. Schrijf de uitleg bij die rol, één keer."
                )
                valid = False
            seen.add(role)
        return valid


class ContactOverviewPage(ListedPage, OpenWithoutLoginMixin, Page):
    """ "Met wie kan ik praten?": everyone to talk to, grouped by role, with what they do."""

    intro = models.TextField("inleiding", blank=True)

    base_form_class = ContactOverviewPageForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel(
            "roles",
            heading="Rollen",
            label="rol",
            help_text="Per rol: wat doet deze persoon, en wat niet? De mensen zelf komen uit "
            "‘Contactpersonen’. Een rol zonder uitleg staat onderaan.",
        ),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("open_without_login")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        # The roles and what they do are the page's substance: "VP", "vertrouwenspersonen".
        index.SearchField("role_labels"),
        index.RelatedFields("roles", [index.SearchField("does"), index.SearchField("does_not")]),
    ]

    page_description = "‘Met wie kan ik praten?’: de vertrouwenspersonen en het meldpunt, per rol."
    parent_page_types = ["home.HomePage", "kennisbank.ThemePage"]
    subpage_types = []
    max_count = 1

    def role_labels(self) -> str:
        return " ".join(str(role.get_role_display()) for role in self.roles.all())

    class Meta:
        verbose_name = "pagina ‘Met wie kan ik praten?’"
        verbose_name_plural = "pagina's ‘Met wie kan ik praten?’"

    @property
    def listing_text(self) -> str:
        return self.intro

    type_label = "Hulp en contact"

    def get_groups(self) -> list[dict]:
        """One group per role: the explained roles in the editors' order, then any other
        role that has people (so nobody added as a contact person goes missing).

        Only published persons. Two queries for the persons (plus their photos and
        thumbnails), however many there are.
        """
        persons = list(ContactPerson.objects.live().with_photos())
        explanations = {}
        for explanation in self.roles.all():
            explanations.setdefault(explanation.role, explanation)
        roles = list(explanations)
        roles += [
            r
            for r in ContactRole.values
            if r not in explanations and any(p.role == r for p in persons)
        ]
        return [
            {
                "role": role,
                "label": ContactRole(role).label,
                "explanation": explanations.get(role),
                "persons": [p for p in persons if p.role == role],
            }
            for role in roles
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = self.get_groups()
        return context

    def open_media(self) -> tuple[set[int], set[int]]:
        # The page shows every published contact person's portrait (get_groups), which the
        # page itself does not reference: open with the page for visitors without a login.
        images, documents = super().open_media()
        images.update(
            ContactPerson.objects.live().exclude(photo=None).values_list("photo_id", flat=True)
        )
        return images, documents
