"""The empty report form from the page cache (ADR 0025): per audience, every token fresh per
response, a team change seen at once, nothing a reporter typed ever stored."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from integriteitsplein import pagecache
from meldkanaal.constants import Identiteit, Soort
from meldkanaal.forms import read_form_token
from meldkanaal.models import Melding, Rol, Route, Teamlidmaatschap
from tests.factories import UserFactory
from tests.meldkanaal.factories import other_team, team_member

pytestmark = pytest.mark.django_db

FORM_TOKEN = re.compile(r'name="formulier_token" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def state(response):
    return response.get(pagecache.HEADER)


def _fields(response) -> dict:
    html = response.content.decode()
    return {
        "formulier_token": FORM_TOKEN.search(html).group(1),
        "csrfmiddlewaretoken": CSRF.search(html).group(1),
    }


@pytest.fixture(autouse=True)
def _site_settings(home_page):
    """The settings row a first visit would create (its creation forgets the pages)."""
    from integriteitsplein.models import SiteSettings

    SiteSettings.for_site(home_page.get_site())


@pytest.fixture
def members(form_page):
    return {
        "anna": team_member("anna", first_name="Anna", last_name="Aalders", rol=Rol.BEHEERDER),
        "bert": team_member("bert", first_name="Bert", last_name="Bos"),
    }


def test_the_empty_form_is_rendered_once_per_audience(form_page, medewerker):
    anonymous = [Client().get("/melden/") for _ in range(2)]
    assert [r.status_code for r in anonymous] == [200, 200]
    assert [state(r) for r in anonymous] == ["miss", "hit"]
    assert "Inloggen" in anonymous[1].text and "Uitloggen" not in anonymous[1].text

    employee = Client()
    employee.force_login(medewerker)
    colleague = Client()
    colleague.force_login(UserFactory(username="collega", first_name="Carla", last_name="Co"))
    first, second = employee.get("/melden/"), colleague.get("/melden/")
    assert (state(first), state(second)) == ("miss", "hit")
    # Each employee sees their own name in the header, never the other's.
    assert "Carla Co" in second.text
    assert medewerker.get_full_name() not in second.text
    assert "Carla Co" not in first.text


def test_every_response_has_its_own_tokens(form_page):
    client = Client()
    responses = [client.get("/melden/") for _ in range(3)]
    assert [state(r) for r in responses] == ["miss", "hit", "hit"]
    form_tokens = [_fields(r)["formulier_token"] for r in responses]
    csrf_tokens = [_fields(r)["csrfmiddlewaretoken"] for r in responses]
    assert len(set(form_tokens)) == 3 and len(set(csrf_tokens)) == 3
    assert all(read_form_token(token) for token in form_tokens)
    assert "<!--" not in "".join(form_tokens + csrf_tokens)
    for response in responses:
        assert response.text.count('name="formulier_token"') == 1
        assert not re.search(r"<!--[0-9a-f]{20}:", response.text)  # every placeholder filled


def test_a_form_from_the_cache_is_sent_with_its_own_tokens(form_page):
    Client().get("/melden/")  # another reporter stored the page
    client = Client(enforce_csrf_checks=True)
    response = client.get("/melden/")
    assert state(response) == "hit"
    sent = client.post(
        "/melden/",
        {
            **_fields(response),
            "soort": Soort.MISSTAND,
            "beschrijving": "Er verdwijnt geld uit de kas.",
            "identiteit": Identiteit.ANONIEM,
        },
    )
    assert sent.status_code == 303
    assert Melding.objects.count() == 1


def test_the_browser_still_keeps_nothing_and_posts_with_its_origin(form_page):
    for response in (Client().get("/melden/"), Client().get("/melden/")):
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "same-origin"
    assert state(response) == "hit"


def test_a_refused_post_is_never_stored_nor_what_was_typed(form_page):
    client = Client()
    client.get("/melden/")
    refused = client.post(
        "/melden/",
        {
            **_fields(client.get("/melden/")),
            "soort": Soort.MISSTAND,
            "beschrijving": "GEHEIM-getypt-door-de-melder",
            "identiteit": Identiteit.GENOEMD,  # without a name: refused
        },
    )
    assert refused.status_code == 400
    assert state(refused) is None  # a POST never touches the page cache
    assert "GEHEIM-getypt-door-de-melder" in refused.text
    for reader in (client, Client()):
        again = reader.get("/melden/")
        assert state(again) == "hit"
        assert "GEHEIM-getypt-door-de-melder" not in again.text


def test_the_preview_confirmation_and_follow_up_are_never_cached(form_page, redacteur):
    client = Client()
    for path in ("/melden/bevestiging/", "/melden/opvolgen/", "/melden/?soort=misstand"):
        assert [state(client.get(path)) for _ in range(2)] == [None, None]
    editor = Client()
    editor.force_login(redacteur)
    preview = editor.get(f"/admin/pages/{form_page.pk}/edit/preview/")
    assert state(preview) is None


@pytest.mark.parametrize("change", ["new member", "inactive", "renamed", "route", "team name"])
def test_a_team_change_shows_in_the_form_at_once(form_page, members, change):
    client = Client()
    assert [state(client.get("/melden/")) for _ in range(2)] == ["miss", "hit"]
    if change == "new member":
        team_member("dirk", first_name="Dirk", last_name="Dam")
        expected, gone = "Dirk Dam (lid)", None
    elif change == "inactive":
        membership = Teamlidmaatschap.objects.get(gebruiker=members["bert"])
        membership.actief = False
        membership.save()
        expected, gone = "Anna Aalders", "Bert Bos"
    elif change == "renamed":
        bert = members["bert"]
        bert.last_name = "Boswachter"
        bert.save()
        expected, gone = "Bert Boswachter (lid)", "Bert Bos (lid)"
    elif change == "route":
        ondermijning = other_team("Team ondermijning", with_reader=False)
        team_member("erik", team_name="Team ondermijning", first_name="Erik", last_name="Eik")
        Route.objects.filter(soort=Soort.ONDERMIJNING).first().delete()
        Route.objects.create(soort=Soort.ONDERMIJNING, team=ondermijning)
        expected, gone = "Erik Eik (lid, Team ondermijning)", "Bert Bos (lid)"
    else:
        ondermijning = other_team("Team ondermijning", with_reader=False)
        team_member("erik", team_name="Team ondermijning", first_name="Erik", last_name="Eik")
        Route.objects.update_or_create(soort=Soort.ONDERMIJNING, defaults={"team": ondermijning})
        client.get("/melden/")
        ondermijning.naam = "Team weerbaarheid"
        ondermijning.save()
        expected, gone = "Erik Eik (lid, Team weerbaarheid)", "Team ondermijning"
    response = client.get("/melden/")
    assert state(response) == "miss"
    assert expected in response.text
    if gone:
        assert gone not in response.text


def test_a_login_of_a_team_member_forgets_nothing(form_page, members):
    from django.contrib.auth.signals import user_logged_in

    client = Client()
    client.get("/melden/")
    members["anna"].save(update_fields=["last_login"])
    user_logged_in.send(sender=type(members["anna"]), request=None, user=members["anna"])
    assert state(client.get("/melden/")) == "hit"
    UserFactory(username="geen-teamlid").save()  # not in a team: not on the form
    assert state(client.get("/melden/")) == "hit"


def test_the_form_page_published_shows_at_once(form_page):
    client = Client()
    client.get("/melden/")
    form_page.intro = "<p>Nieuwe uitleg voor melders.</p>"
    form_page.save_revision().publish()
    response = client.get("/melden/")
    assert state(response) == "miss"
    assert "Nieuwe uitleg voor melders." in response.text


def test_the_form_from_the_cache_costs_no_query_for_a_reporter(form_page, members, medewerker):
    anonymous = Client()
    anonymous.get("/melden/")
    with CaptureQueriesContext(connection) as captured:
        response = anonymous.get("/melden/")
    assert state(response) == "hit"
    assert len(captured) == 0, [q["sql"] for q in captured]

    employee = Client()
    employee.force_login(medewerker)
    employee.get("/melden/")
    with CaptureQueriesContext(connection) as captured:
        response = employee.get("/melden/")
    assert state(response) == "hit"
    # The session and the user (the name in the header), nothing of the form.
    assert len(captured) <= 2, [q["sql"] for q in captured]


def test_the_post_checks_against_the_team_as_it_is_now(form_page, members):
    """The POST's choices are kept per process too (form_cache.keuzes): under the same
    generation as the page, so a team change reaches the check at once."""
    from meldkanaal.models import Uitsluiting

    client = Client()
    client.get("/melden/")
    client.get("/melden/")  # the choices are kept now
    dirk = team_member("dirk", first_name="Dirk", last_name="Dam")
    report = {
        "soort": Soort.MISSTAND,
        "beschrijving": "Er verdwijnt geld uit de kas.",
        "identiteit": Identiteit.ANONIEM,
    }
    sent = client.post(
        "/melden/", {**_fields(client.get("/melden/")), **report, "uitgesloten": [dirk.pk]}
    )
    assert sent.status_code == 303
    assert Uitsluiting.objects.filter(gebruiker=dirk).exists()

    membership = Teamlidmaatschap.objects.get(gebruiker=members["bert"])
    membership.actief = False
    membership.save()
    refused = client.post(
        "/melden/",
        {**_fields(client.get("/melden/")), **report, "uitgesloten": [members["bert"].pk]},
    )
    assert refused.status_code == 400
    assert "Kies alleen namen uit de lijst." in refused.text
    assert Melding.objects.count() == 1
