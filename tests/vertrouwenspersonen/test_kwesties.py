"""The kwestieregistratie: a vertrouwenspersoon logs month, subject and follow-up; only
vertrouwenspersonen see the rows; the coordinator gets suppressed yearly counts."""

import datetime
from io import StringIO
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import models, transaction
from django.test import Client

import pytest

from integriteitsplein import twofactor
from meldkanaal.acting import acting_as
from tests.vertrouwenspersonen.conftest import log, make_vertrouwenspersoon
from vertrouwenspersonen import statistics
from vertrouwenspersonen.accounts import AccountVanVertrouwenspersoon
from vertrouwenspersonen.forms import KwestieForm
from vertrouwenspersonen.models import Kwestie, Vertrouwenspersoon

pytestmark = pytest.mark.django_db

LIST = "/admin/kwesties/"
ADD = "/admin/kwesties/nieuw/"


def test_a_vertrouwenspersoon_logs_a_conversation(vp_client, vp):
    today = datetime.date.today()
    response = vp_client.post(
        ADD,
        {"jaar": today.year, "maand": today.month, "onderwerp": "pesten", "vervolg": "hr"},
    )
    assert response.status_code == 302
    kwestie = Kwestie.objects.get()
    assert (kwestie.onderwerp, kwestie.vervolg, kwestie.vertrouwenspersoon) == ("pesten", "hr", vp)
    page = vp_client.get(response["Location"])
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert "Pesten" in html and "Doorverwezen naar HR" in html


def test_nothing_that_identifies_can_be_stored():
    """No name, no free text, no day: the model has only numbers, choices and the logger."""
    fields = {f.name: f for f in Kwestie._meta.concrete_fields}
    assert set(fields) == {"id", "jaar", "maand", "onderwerp", "vervolg", "vertrouwenspersoon"}
    for field in fields.values():
        assert not isinstance(field, models.DateField | models.TextField)
        if isinstance(field, models.CharField):
            assert field.choices, field.name
    assert set(KwestieForm().fields) == {"jaar", "maand", "onderwerp", "vervolg"}


def test_a_month_to_come_and_a_forged_choice_are_refused(vp_client):
    today = datetime.date.today()
    later = today.replace(day=1) + datetime.timedelta(days=32)
    if later.year == today.year:
        response = vp_client.post(
            ADD, {"jaar": today.year, "maand": later.month, "onderwerp": "pesten", "vervolg": "hr"}
        )
        assert response.status_code == 400
        assert "Deze maand is nog niet begonnen" in response.content.decode()
    response = vp_client.post(
        ADD, {"jaar": today.year, "maand": 1, "onderwerp": "Jan de Vries", "vervolg": "hr"}
    )
    assert response.status_code == 400
    assert not Kwestie.objects.exists()


def test_only_the_own_rows_are_changed(client, vp):
    colleague = make_vertrouwenspersoon("collega-vp")
    log(colleague, 2024, 3, "intimidatie")
    row = Kwestie.objects.get()
    client.force_login(vp)
    assert "Vastgelegd door een collega" in client.get(f"{LIST}?jaar=2024").content.decode()
    assert client.get(f"{LIST}{row.pk}/").status_code in (302, 403)
    assert client.post(f"{LIST}{row.pk}/verwijderen/").status_code in (302, 403)
    assert Kwestie.objects.filter(pk=row.pk).exists()


CANARY_YEAR = 2019


@pytest.fixture
def canary(vp):
    """A row nobody but a vertrouwenspersoon may find: 'Overig (februari 2019)'."""
    log(vp, CANARY_YEAR, 2, "overig", vervolg="melding_gedaan")
    return Kwestie.objects.get(jaar=CANARY_YEAR)


@pytest.mark.parametrize("who", ["medewerker", "redacteur", "coordinator", "superuser"])
def test_rows_are_invisible_to_everyone_else(request, client, canary, who):
    user = request.getfixturevalue(who)
    assert not Kwestie.objects.visible_to(user).exists()
    client.force_login(user)
    for url in (LIST, f"{LIST}?jaar={CANARY_YEAR}", ADD, f"{LIST}{canary.pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403), (who, url)
        assert str(canary) not in response.content.decode(), (who, url)
    assert client.post(f"{LIST}{canary.pk}/verwijderen/").status_code in (302, 403)
    # Nowhere else in the admin either (menu, dashboard, the user's own pages).
    for url in ("/admin/", "/admin/account/", "/admin/reports/site-history/"):
        html = client.get(url).content.decode()
        assert "Overig (februari" not in html and "/admin/kwesties/" not in html, (who, url)
    assert Kwestie.objects.filter(pk=canary.pk).exists()


def test_a_superuser_cannot_be_one_and_cannot_take_over_one(client, superuser, vp):
    # Even with a role row (made in the shell), a superuser reads nothing.
    Vertrouwenspersoon.objects.create(gebruiker=superuser)
    log(vp, 2024, 1, "pesten")
    assert not Kwestie.objects.visible_to(superuser).exists()
    with pytest.raises(CommandError, match="superuser"):
        call_command("vertrouwenspersoon", "admin", stdout=StringIO())
    # Nor set the vertrouwenspersoon's password (then log in as them), nor delete them.
    stored = get_user_model().objects.get(pk=vp.pk)
    with acting_as(superuser), pytest.raises(AccountVanVertrouwenspersoon):
        stored.set_password("nieuw-wachtwoord-123")
        stored.save()
    with acting_as(superuser), pytest.raises(PermissionDenied), transaction.atomic():
        get_user_model().objects.get(pk=vp.pk).delete()
    assert get_user_model().objects.get(pk=vp.pk).check_password("geheim-wachtwoord")
    # Through Wagtail's user editor as well.
    client.force_login(superuser)
    response = client.post(
        f"/admin/users/edit/{vp.pk}/",
        {
            "username": vp.username,
            "email": vp.email,
            "first_name": vp.first_name,
            "last_name": vp.last_name,
            "password1": "nieuw-wachtwoord-123",
            "password2": "nieuw-wachtwoord-123",
            "is_active": "on",
        },
    )
    assert response.status_code in (302, 403)  # Wagtail answers a refusal with a redirect
    assert get_user_model().objects.get(pk=vp.pk).check_password("geheim-wachtwoord")
    # The vertrouwenspersoon changes their own.
    with acting_as(vp):
        stored.email = "nieuw@provincie.example"
        stored.save()


def test_the_second_step_is_required(vp):
    assert twofactor.needs_second_factor(get_user_model().objects.get(pk=vp.pk))
    twofactor.give_demo_device(vp)
    client = Client()
    client.force_login(vp, second_factor=False)
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"] == f"/inloggen/tweede-stap/?next={quote(LIST)}"


def test_the_role_ends_on_the_server(vp):
    call_command("vertrouwenspersoon", vp.username, "--uit", stdout=StringIO())
    assert not Kwestie.objects.visible_to(get_user_model().objects.get(pk=vp.pk)).exists()
    assert not twofactor.needs_second_factor(get_user_model().objects.get(pk=vp.pk))


def test_yearly_counts_are_suppressed_like_the_meldkanaal(vp):
    log(vp, 2024, 1, "intimidatie", count=17)
    log(vp, 2024, 2, "pesten", vervolg="hr", count=6)
    log(vp, 2024, 3, "discriminatie", vervolg="meldpunt", count=2)
    tables = statistics.published_tables(2024)
    assert set(tables) == {"Onderwerp", "Vervolg", "Totaal"}
    onderwerp = dict(tables["Onderwerp"])
    assert onderwerp["Discriminatie"] == "<5"
    # With a single "<5" the next smallest goes too, or 25 - 17 - 6 = 2 would show.
    assert onderwerp["Pesten"] == "*"
    assert [label for label, _ in tables["Onderwerp"]] == ["Pesten", "Intimidatie", "Discriminatie"]
    assert tables["Totaal"] == [("Alle kwesties van 2024", "25")]
