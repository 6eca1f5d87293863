"""The poll block: a Peiling snippet placed in a body, shown with voting or its result."""

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from kennisbank.blocks import BodyStreamBlock


class PeilingBlock(blocks.StructBlock):
    peiling = SnippetChooserBlock("meedoen.Peiling", label="Peiling")

    class Meta:
        label = "Peiling"
        icon = "list-ul"
        template = "meedoen/includes/peiling_block.html"
        help_text = "Een peiling: medewerkers stemmen één keer en zien daarna de uitslag."

    def get_context(self, value, parent_context=None):
        from meedoen import services

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        user = getattr(request, "user", None)
        poll = value.get("peiling")
        context["poll"] = services.poll_state(poll, user) if poll else None
        return context


class MeedoenStreamBlock(BodyStreamBlock):
    peiling = PeilingBlock()
