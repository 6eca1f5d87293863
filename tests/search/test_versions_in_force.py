"""On the day a new version comes into force, `zoekindex_versies` puts its text in the index."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page

import pytest

from kennisbank.constants import PolicyKind
from tests.kennisbank.factories import PolicyDocumentPageFactory, PolicyVersionFactory, articles

pytestmark = pytest.mark.django_db


def _found(client, query, **params):
    response = client.get("/zoeken/", {"q": query, "format": "json", **params})
    return [(r["title"], r["version_status"]) for r in response.json()["results"]]


def test_the_version_that_came_into_force_is_searchable_from_that_day(employee_client, home_page):
    """Every version readers see is indexed; the search page says which one a result is
    about from the dates of today (issue 15), and the daily command refreshes the index."""
    today = timezone.localdate()
    code = PolicyDocumentPageFactory(
        parent=home_page, title="Gedragscode", kind=PolicyKind.GEDRAGSCODE
    )
    PolicyVersionFactory(page=code, label="2019", articles=articles(("1", "Meld elk cadeau.")))
    new = PolicyVersionFactory(
        page=code,
        label="2027",
        adopted_on=today - datetime.timedelta(days=30),
        in_force_from=today + datetime.timedelta(days=1),
        articles=articles(("1", "Meld elke nevenfunctie.")),
    )
    code.save_revision().publish()
    assert _found(employee_client, "nevenfunctie") == [("Gedragscode", "announced")]
    assert _found(employee_client, "cadeau") == [("Gedragscode", None)]

    # The day comes; nobody edits the page.
    new.in_force_from = today
    new.save()
    assert _found(employee_client, "nevenfunctie") == [("Gedragscode", None)]
    assert _found(employee_client, "cadeau") == []  # only in an earlier version now
    assert _found(employee_client, "cadeau", vervallen="1") == [("Gedragscode", "superseded")]

    out = io.StringIO()
    call_command("zoekindex_versies", stdout=out)

    assert "1 beleidsdocument(en)" in out.getvalue()
    assert Page.objects.live().search("nevenfunctie").count() == 1


def test_pages_without_a_new_version_are_left_alone(home_page):
    code = PolicyDocumentPageFactory(parent=home_page, title="Regeling", kind=PolicyKind.REGELING)
    PolicyVersionFactory(page=code)

    out = io.StringIO()
    call_command("zoekindex_versies", stdout=out)

    assert "0 beleidsdocument(en)" in out.getvalue()
