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


def _found(query):
    return [page.title for page in Page.objects.live().search(query)]


def test_the_version_that_came_into_force_is_searchable_from_that_day(home_page):
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
    code.save_revision().publish()  # indexed with the 2019 text, the version in force
    assert _found("nevenfunctie") == []

    # The day comes; nobody edits the page.
    new.in_force_from = today
    new.save()
    assert _found("nevenfunctie") == []  # the index still holds yesterday's text

    out = io.StringIO()
    call_command("zoekindex_versies", stdout=out)

    assert _found("nevenfunctie") == ["Gedragscode"]
    assert _found("cadeau") == []  # the old version's words are no longer found
    assert "1 beleidsdocument(en)" in out.getvalue()


def test_pages_without_a_new_version_are_left_alone(home_page):
    code = PolicyDocumentPageFactory(parent=home_page, title="Regeling", kind=PolicyKind.REGELING)
    PolicyVersionFactory(page=code)

    out = io.StringIO()
    call_command("zoekindex_versies", stdout=out)

    assert "0 beleidsdocument(en)" in out.getvalue()
