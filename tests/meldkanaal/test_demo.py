from django.contrib.auth import get_user_model

import pytest

from home import demo as home_demo
from home.models import HomePage
from integriteitsplein import twofactor
from meldkanaal import demo as meldkanaal_demo
from meldkanaal.constants import Soort
from meldkanaal.demo import TEAM_ONDERMIJNING
from meldkanaal.models import MeldFormPage, Melding, Rol, Route, Teamlidmaatschap
from meldkanaal.teams import MELDPUNT_INTEGRITEIT


@pytest.mark.django_db
def test_demo_is_idempotent_and_complete(demo, settings, client):
    settings.DEBUG = True
    first = sorted(Melding.objects.values_list("nummer", "status"))
    # The meldkanaal's part again (tests/home/test_load_demo.py loads the whole demo again).
    meldkanaal_demo.load(HomePage.objects.get(depth=2), home_demo.load_accounts())

    assert sorted(Melding.objects.values_list("nummer", "status")) == first
    assert len(first) == 4
    assert len({status for _, status in first}) >= 3
    page = MeldFormPage.objects.get()
    assert page.url_path.endswith("/melden/")
    assert page.soorten.count() == len(Soort.values)
    assert page.vragen.count() == 2
    # The side column links the pages a reporter may want first, all open without login.
    chosen = [page.praten_pagina, page.misstand_pagina, page.regeling_pagina]
    assert [p.specific.slug for p in chosen] == [
        "met-wie-kan-ik-praten",
        "wat-is-een-misstand",
        "regeling-melden-vermoeden-misstand",
    ]
    assert [type(p.specific).__name__ for p in chosen] == [
        "ContactOverviewPage",
        "ContentPage",
        "PolicyDocumentPage",
    ]
    assert all(p.specific.open_without_login for p in chosen)
    assert [text for text, _ in page.zijkolom_links()][:2] == [
        "Met wie kan ik praten?",
        "Wat is een misstand?",
    ]
    assert Route.objects.get(soort=Soort.ONDERMIJNING).team.name == TEAM_ONDERMIJNING
    assert Route.objects.get(soort=Soort.ONGEWENST_GEDRAG).team.name == MELDPUNT_INTEGRITEIT
    assert Route.objects.count() == len(Soort.values)
    # Every route has a reader: `meldpunt` is beheerder of both teams.
    beheerd = Teamlidmaatschap.objects.filter(gebruiker__username="meldpunt", rol=Rol.BEHEERDER)
    assert set(beheerd.values_list("team__naam", flat=True)) == {
        MELDPUNT_INTEGRITEIT,
        TEAM_ONDERMIJNING,
    }
    assert all(route.team.heeft_lezers() for route in Route.objects.all())

    form_html = client.get("/melden/").content.decode()
    assert all(p.url in form_html for p in chosen)
    client.login(username="meldpunt", password=settings.DEMO_PASSWORD)
    # The demo account's app has the known demo secret: the second step passes with it.
    code = twofactor.demo_code(get_user_model().objects.get(username="meldpunt"))
    assert client.post("/inloggen/tweede-stap/", {"code": code}).status_code == 302
    html = client.get("/admin/meldkanaal/melding/").content.decode()
    assert all(nummer in html for nummer, _ in first)

    # What the team sees first: an unread answer, a case without behandelaar, and a member
    # who is excluded from one report (she sees only that it exists).
    assert "Nieuw bericht van melder" in html and "Geen behandelaar" in html
    sanne = get_user_model().objects.get(username="meldpunt2")
    assert Melding.objects.excluded_for(sanne).count() == 1
    assert Melding.objects.visible_to(sanne).count() == len(first) - 1
    assert "Sanne de Vries (lid)" in client.get("/melden/").content.decode() or (
        "Sanne de Vries (lid, Meldpunt integriteit)" in client.get("/melden/").content.decode()
    )
