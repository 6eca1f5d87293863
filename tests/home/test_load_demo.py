from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, Revision

import pytest

from meldkanaal.models import Melding


def _snapshot():
    User = get_user_model()
    return {
        "pages": sorted(Page.objects.values_list("url_path", "title", "live")),
        "users": sorted(
            (u.username, u.is_superuser, tuple(sorted(u.groups.values_list("name", flat=True))))
            for u in User.objects.all()
        ),
        "reports": sorted(Melding.objects.values_list("nummer", "status")),
        "promotions": sorted(
            SearchPromotion.objects.values_list("query__query_string", "page__title")
        ),
    }


@pytest.mark.django_db
def test_load_demo_again_gives_the_same_site_and_the_demo_password_of_now(demo, settings, client):
    """One load again for the whole demo (the apps' own demo tests load only their part
    again): the same pages, accounts, reports and promotions, not one revision more (unchanged
    pages and snippets are not published again), and the accounts take the password of now."""
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "proef-wachtwoord"  # the shared demo has the default one

    first = _snapshot()
    revisions = sorted(Revision.objects.values_list("pk", flat=True))
    call_command("load_demo", stdout=StringIO())
    second = _snapshot()

    assert first == second
    assert sorted(Revision.objects.values_list("pk", flat=True)) == revisions
    assert {u[0] for u in first["users"]} >= {
        "medewerker",
        "redacteur",
        "coordinator",
        "meldpunt",
        "admin",
    }
    assert first["reports"] and first["promotions"] and revisions
    assert client.login(username="medewerker", password="proef-wachtwoord")
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_load_demo_refused_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not get_user_model().objects.filter(username="medewerker").exists()
