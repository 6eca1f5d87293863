from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wagtail.models import Page

import pytest


def _snapshot():
    User = get_user_model()
    return {
        "pages": sorted(Page.objects.values_list("url_path", "title", "live")),
        "users": sorted(
            (u.username, u.is_superuser, tuple(sorted(u.groups.values_list("name", flat=True))))
            for u in User.objects.all()
        ),
    }


@pytest.mark.django_db
def test_load_demo_twice_gives_the_same_site(demo, settings):
    settings.DEBUG = True

    first = _snapshot()
    call_command("load_demo", stdout=StringIO())
    second = _snapshot()

    assert first == second
    assert {u[0] for u in first["users"]} >= {
        "medewerker",
        "redacteur",
        "coordinator",
        "meldpunt",
        "admin",
    }


@pytest.mark.django_db
def test_demo_accounts_log_in_with_demo_password(demo, settings, client):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "proef-wachtwoord"

    # On the shared demo (loaded with the default password): loading sets DEMO_PASSWORD.
    call_command("load_demo", stdout=StringIO())

    assert client.login(username="medewerker", password="proef-wachtwoord")
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_load_demo_refused_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not get_user_model().objects.filter(username="medewerker").exists()
