"""Sites and the meldkanaal form's route, remembered per process under the page cache's
generation (integriteitsplein/routememo.py, ADR 0025): the same answers as Wagtail's own
lookups, and a change of a site or a page seen at once."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest

from integriteitsplein import routememo
from meldkanaal.constants import Identiteit, Soort
from meldkanaal.models import Melding
from tests.kennisbank.factories import ContentPageFactory, ThemePageFactory
from tests.meldkanaal.factories import make_form_page

pytestmark = pytest.mark.django_db

FORM_TOKEN = re.compile(r'name="formulier_token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _site_settings(home_page):
    """The settings row a first visit would create (its creation raises the generation)."""
    from integriteitsplein.models import SiteSettings

    SiteSettings.for_site(home_page.get_site())


@pytest.fixture(autouse=True)
def _fresh_memo():
    routememo.reset()
    yield
    routememo.reset()


@pytest.fixture
def form_page(home_page):
    return make_form_page(home_page)


def _report(client, path="/melden/"):
    token = FORM_TOKEN.search(client.get(path).text).group(1)
    return client.post(
        path,
        {
            "formulier_token": token,
            "soort": Soort.MISSTAND,
            "beschrijving": "Er verdwijnt geld uit de kas.",
            "identiteit": Identiteit.ANONIEM,
        },
    )


def test_a_second_report_is_routed_from_memory_with_fewer_queries(form_page):
    client = Client()
    first = client.get("/melden/")  # rendered through Wagtail's routing: remembered
    assert not getattr(first.wsgi_request, "_routememo_used", False)
    token = FORM_TOKEN.search(client.get("/melden/").text).group(1)
    data = {
        "formulier_token": token,
        "soort": Soort.MISSTAND,
        "beschrijving": "Een melding.",
        "identiteit": Identiteit.ANONIEM,
    }
    with CaptureQueriesContext(connection) as captured:
        second = client.post("/melden/", data)
    assert second.status_code == 303
    assert second.wsgi_request._routememo_used
    assert Melding.objects.count() == 1
    routing = [q["sql"] for q in captured if '"wagtailcore_' in q["sql"]]
    # The form page itself (live only) and Wagtail's check of view restrictions; no site,
    # no walk down the tree.
    assert len(routing) <= 3, routing
    assert not any('"wagtailcore_site"' in sql for sql in routing)


def test_an_unpublished_form_is_not_found_from_memory(form_page):
    client = Client()
    assert _report(client).status_code == 303
    token = FORM_TOKEN.search(client.get("/melden/").text).group(1)
    form_page.unpublish()
    response = client.post("/melden/", {"formulier_token": token, "soort": Soort.MISSTAND})
    assert response.status_code == 404


def test_a_moved_form_is_found_at_its_new_address_only(form_page, medewerker):
    client = Client()
    client.force_login(medewerker)  # only MELDKANAAL_PATH is open without a login
    assert _report(client).status_code == 303
    form_page.slug = "iets-melden"
    form_page.save_revision().publish()
    assert client.post("/melden/", {}).status_code == 404
    assert _report(client, "/iets-melden/").status_code == 303


def test_the_remembered_page_is_read_fresh(form_page):
    """No page instance is shared between requests: a change without a signal (an update)
    is seen too."""
    client = Client()
    _report(client)
    type(form_page).objects.filter(pk=form_page.pk).update(title="Melden bij het meldpunt")
    response = client.post("/melden/", {"formulier_token": "vals"})
    assert response.wsgi_request._routememo_used
    assert response.status_code == 400
    assert "Melden bij het meldpunt" in response.text


def test_a_site_change_is_seen_at_once(home_page, employee_client):
    theme = ThemePageFactory(parent=home_page, title="Onderwerp")
    other_root = ContentPageFactory(parent=theme, title="Andere start")
    assert employee_client.get("/").wsgi_request._wagtail_site.root_page_id == home_page.pk
    response = employee_client.get("/")
    assert response.wsgi_request._wagtail_site.root_page_id == home_page.pk
    site = Site.objects.get(is_default_site=True)
    site.root_page = other_root
    site.save()
    response = employee_client.get("/")
    assert response.wsgi_request._wagtail_site.root_page_id == other_root.pk
    assert "Andere start" in response.text


def test_the_remembered_site_is_wagtails_site_without_a_query(home_page, employee_client):
    employee_client.get("/mijn-trainingen/")
    with CaptureQueriesContext(connection) as captured:
        response = employee_client.get("/mijn-trainingen/")
    site = response.wsgi_request._wagtail_site
    assert site == Site.objects.get(is_default_site=True)
    assert site.root_page_id == home_page.pk
    assert not any('"wagtailcore_site"' in q["sql"] for q in captured), [q["sql"] for q in captured]


def test_a_host_without_a_site_falls_back_like_wagtail(home_page, settings):
    settings.ALLOWED_HOSTS = ["*"]
    client = Client(HTTP_HOST="ander.example")
    for _ in range(2):
        response = client.get("/melden/bevestiging/")
        assert response.wsgi_request._wagtail_site == Site.objects.get(is_default_site=True)


def test_a_cache_outage_uses_no_memory(form_page, request):
    client = Client()
    assert _report(client).status_code == 303

    request.getfixturevalue("cache_down")  # from here on
    response = _report(client)
    assert response.status_code == 303
    assert not getattr(response.wsgi_request, "_routememo_used", False)
    assert not hasattr(response.wsgi_request, "_routememo_generation")
    assert Melding.objects.count() == 2


def test_without_the_setting_nothing_is_remembered(form_page, settings):
    settings.ROUTE_MEMO_ENABLED = False
    client = Client()
    for _ in range(2):
        response = _report(client)
        assert response.status_code == 303
        assert not getattr(response.wsgi_request, "_routememo_used", False)
