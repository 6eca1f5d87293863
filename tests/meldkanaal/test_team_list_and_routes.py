"""The list's search says what it searches and never ends in a dead end; routes stay one per
kind with a Dutch message; the case file's log and forms fit a phone."""

import re

import pytest

from meldkanaal.admin_forms import ROUTE_EXISTS, RouteForm
from meldkanaal.constants import Soort
from meldkanaal.models import Rol, Route
from tests.meldkanaal.factories import make_report, other_team, team_member

pytestmark = pytest.mark.django_db

LIST = "/admin/meldkanaal/melding/"


def test_search_box_says_zoek_meldingen(client, home_page):
    client.force_login(team_member())
    html = client.get(LIST).content.decode()
    assert 'placeholder="Zoek meldingen"' in html
    assert "Zoek meldingen op zaaknummer" in html  # its label, for screen readers


def test_a_search_without_result_says_so_in_dutch_with_a_way_back(client, home_page):
    melding, _ = make_report()
    client.force_login(team_member())
    html = client.get(LIST, {"q": "xyz"}).content.decode()
    assert "Geen melding gevonden met ‘xyz’ in het zaaknummer." in html
    assert f'href="{LIST}">Alle meldingen tonen</a>' in html
    assert "Sorry" not in html and "Pagina 1 van 1" not in html
    assert f"/inspect/{melding.pk}/" not in html

    html = client.get(LIST, {"status__exact": "afgerond"}).content.decode()
    assert "Er zijn geen meldingen met deze keuze." in html

    html = client.get(LIST, {"q": melding.nummer[-4:]}).content.decode()
    assert melding.nummer in html and "Geen melding gevonden" not in html


def test_filters_keep_their_name_with_their_buttons(client, home_page):
    make_report()
    client.force_login(team_member())
    html = client.get(LIST).content.decode()
    groups = re.findall(r'<div class="meldkanaal-filter">(.*?)</ul>', html, re.S)
    assert len(groups) == 2
    assert "Op status" in groups[0] and "Op soort" in groups[1]


def test_a_second_route_for_a_kind_is_refused_in_dutch():
    team = other_team()
    form = RouteForm(data={"soort": Soort.MISSTAND, "team": team.pk})
    assert not form.is_valid()
    assert form.errors["soort"] == [ROUTE_EXISTS]
    assert Route.objects.filter(soort=Soort.MISSTAND).count() == 1

    # Editing the existing route keeps its own kind on offer.
    route = Route.objects.get(soort=Soort.MISSTAND)
    form = RouteForm(data={"soort": Soort.MISSTAND, "team": team.pk}, instance=route)
    assert form.is_valid(), form.errors


def test_creating_a_duplicate_route_in_the_admin_gives_no_error_page(client):
    client.force_login(team_member(rol=Rol.BEHEERDER))  # a beheerder edits the routes
    response = client.post(
        "/admin/meldkanaal/route/create/", {"soort": Soort.MISSTAND, "team": other_team().pk}
    )
    assert response.status_code in (200, 302, 403)
    assert Route.objects.filter(soort=Soort.MISSTAND).count() == 1
    # Every kind has its route, so there is nothing to add.
    assert (
        "/admin/meldkanaal/route/create/"
        not in client.get("/admin/meldkanaal/route/").content.decode()
    )

    Route.objects.filter(soort=Soort.ONDERMIJNING).delete()
    form = client.get("/admin/meldkanaal/route/create/").content.decode()
    options = re.findall(r'<option value="([a-z_]+)"', form)
    assert options == [Soort.ONDERMIJNING]
    response = client.post(
        "/admin/meldkanaal/route/create/", {"soort": Soort.MISSTAND, "team": other_team().pk}
    )
    assert response.status_code == 200
    assert "Voor deze soort is er al een route." in response.content.decode()


def test_case_file_log_has_the_detail_under_what_happened(client, home_page):
    melding, _ = make_report()
    member = team_member()
    client.force_login(member)
    client.post(
        f"/admin/meldkanaal/melding/{melding.pk}/actie/status/", {"status": "in_behandeling"}
    )
    html = client.get(f"/admin/meldkanaal/melding/inspect/{melding.pk}/").content.decode()
    log = html[html.index('id="kop-logboek"') :]
    assert '<th scope="col">Toelichting</th>' not in log
    detail = '<small class="meldkanaal-logboek__detail">Ontvangen → In behandeling</small>'
    assert f"Status gewijzigd{detail}" in log
    assert 'role="region" aria-labelledby="kop-logboek" tabindex="0"' in html
