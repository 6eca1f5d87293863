"""An oral report: the team member chooses everything, as the reporter would in the form."""

import datetime
import re

from django.utils import timezone

import pytest

from meldkanaal.admin_forms import OralReportForm
from meldkanaal.constants import Identiteit, Kanaal, Soort
from meldkanaal.models import Melding
from tests.meldkanaal.factories import team_member

pytestmark = pytest.mark.django_db

URL = "/admin/meldkanaal/mondeling/"


def _data(**changes):
    data = {
        "kanaal": Kanaal.GESPREK,
        "datum": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "soort": Soort.MISSTAND,
        "identiteit": Identiteit.GENOEMD,
        "naam": "Jan Jansen",
        "contact": "",
        "beschrijving": "Verslag van het gesprek.",
    }
    data.update(changes)
    return data


def _token(client):
    html = client.get(URL).content.decode()
    return re.search(r'name="formulier_token" value="([^"]+)"', html).group(1)


def test_nothing_is_chosen_in_advance(client, home_page):
    client.force_login(team_member())
    html = client.get(URL).content.decode()
    for name in ("kanaal", "soort", "identiteit"):
        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
        first = re.search(r"<option([^>]*)>", select).group(1)
        assert 'value=""' in first and "selected" in first, name
    assert 'type="date"' in html
    assert "Waar gaat de melding over?" in html and "Hoe wil de melder melden?" in html


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("kanaal", "Kies hoe de melding binnenkwam."),
        ("datum", "Vul de datum van het gesprek in."),
        ("soort", "Kies waar de melding over gaat."),
        ("identiteit", "Kies hoe de melder wil melden."),
        ("beschrijving", "Schrijf het verslag van de melding."),
    ],
)
def test_each_choice_is_required_in_dutch(field, message):
    form = OralReportForm(_data(**{field: ""}))
    assert not form.is_valid()
    assert form.errors[field] == [message]


@pytest.mark.parametrize("identiteit", [Identiteit.GENOEMD, Identiteit.VERTROUWELIJK])
def test_a_name_is_required_unless_anonymous(identiteit):
    form = OralReportForm(_data(identiteit=identiteit, naam="  "))
    assert not form.is_valid()
    assert form.errors["naam"][0].startswith("Vul de naam van de melder in")
    assert OralReportForm(_data(identiteit=Identiteit.ANONIEM, naam="")).is_valid()


def test_the_date_is_not_in_the_future_nor_long_ago():
    today = timezone.localdate()
    tomorrow = OralReportForm(_data(datum=(today + datetime.timedelta(days=1)).isoformat()))
    assert tomorrow.errors["datum"] == ["De datum van het gesprek kan niet in de toekomst liggen."]
    old = OralReportForm(_data(datum=(today - datetime.timedelta(days=400)).isoformat()))
    assert old.errors["datum"] == ["Vul een datum in van het afgelopen jaar."]
    assert OralReportForm(_data(datum=today.strftime("%d-%m-%Y"))).is_valid()


def test_deadlines_count_from_the_day_of_the_call(client, home_page):
    client.force_login(team_member())
    day = timezone.localdate() - datetime.timedelta(days=5)
    response = client.post(URL, {**_data(datum=day.isoformat()), "formulier_token": _token(client)})
    assert response.status_code == 200
    melding = Melding.objects.get()
    assert melding.ontvangen_op == day
    assert melding.bevestigen_voor == day + datetime.timedelta(days=7)
    assert melding.naam == "Jan Jansen"


def test_a_refused_form_keeps_what_was_typed(client, home_page):
    client.force_login(team_member())
    response = client.post(
        URL,
        {**_data(identiteit="", beschrijving="Mijn verslag"), "formulier_token": _token(client)},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kies hoe de melder wil melden." in html and "Mijn verslag" in html
    assert not Melding.objects.exists()
