from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from meedoen.models import Dilemma, Peiling


class PeilingViewSet(SnippetViewSet):
    model = Peiling
    icon = "list-ul"
    menu_label = "Peilingen"
    menu_order = 280
    add_to_admin_menu = True
    list_display = ["vraag", "sluit_op", "op_startpagina"]
    search_fields = ["vraag"]


register_snippet(PeilingViewSet)


class DilemmaViewSet(SnippetViewSet):
    model = Dilemma
    icon = "pick"
    menu_label = "Dilemma's"
    menu_order = 281
    add_to_admin_menu = True
    list_display = ["titel"]
    search_fields = ["titel", "situatie"]


register_snippet(DilemmaViewSet)
