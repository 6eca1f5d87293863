from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command

import pytest

from meldkanaal.constants import Soort
from meldkanaal.demo import TEAM_ONDERMIJNING
from meldkanaal.models import MeldFormPage, Melding, Route
from meldkanaal.teams import MELDPUNT_INTEGRITEIT


@pytest.mark.django_db
def test_demo_is_idempotent_and_complete(settings, client):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    first = sorted(Melding.objects.values_list("nummer", "status"))
    call_command("load_demo", stdout=StringIO())

    assert sorted(Melding.objects.values_list("nummer", "status")) == first
    assert len(first) == 4
    assert len({status for _, status in first}) >= 3
    page = MeldFormPage.objects.get()
    assert page.url_path.endswith("/melden/")
    assert page.soorten.count() == len(Soort.values)
    assert page.vragen.count() == 2
    assert Route.objects.get(soort=Soort.ONDERMIJNING).team.name == TEAM_ONDERMIJNING
    assert Route.objects.get(soort=Soort.ONGEWENST_GEDRAG).team.name == MELDPUNT_INTEGRITEIT
    assert Route.objects.count() == len(Soort.values)
    meldpunt = Group.objects.get(name=MELDPUNT_INTEGRITEIT)
    assert meldpunt.user_set.filter(username="meldpunt").exists()

    assert client.get("/melden/").status_code == 200
    client.login(username="meldpunt", password=settings.DEMO_PASSWORD)
    html = client.get("/admin/meldkanaal/melding/").content.decode()
    assert all(nummer in html for nummer, _ in first)
