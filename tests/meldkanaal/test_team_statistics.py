"""Meldingen in cijfers: one year at a time (this year unless chosen), also as CSV."""

from django.utils import timezone

import pytest

from meldkanaal import services
from meldkanaal.constants import Soort
from meldkanaal.models import Melding
from tests.meldkanaal.factories import CANARY, make_report

pytestmark = pytest.mark.django_db

URL = "/admin/meldkanaal/statistiek/"


@pytest.fixture
def two_years():
    """Seven reports this year, two last year."""
    this_year = timezone.localdate().year
    for _ in range(7):
        make_report()
    for _ in range(2):
        melding, _ = make_report(soort=Soort.ONDERMIJNING)
        Melding.objects.filter(pk=melding.pk).update(jaar=this_year - 1)
    return this_year


def test_counts_are_of_one_year(two_years):
    assert services.statistics_years() == [two_years, two_years - 1]
    assert services.statistics()["Totaal"] == [(f"Alle meldingen van {two_years}", "7")]
    assert services.statistics(two_years)["Soort"] == [("Zakelijke integriteit", "7")]
    last_year = services.statistics(two_years - 1)
    assert last_year["Soort"] == [("Ondermijning", "<5")]  # still masked
    assert last_year["Totaal"] == [(f"Alle meldingen van {two_years - 1}", "<5")]


def test_page_defaults_to_this_year_and_offers_the_others(client, coordinator, two_years):
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    assert f'<option value="{two_years}" selected>' in html
    assert f'<option value="{two_years - 1}">' in html
    assert f"?jaar={two_years}" in html
    assert 'class="meldkanaal-getal">7<' in html  # numbers in their own, right-aligned column

    html = client.get(URL, {"jaar": two_years - 1}).content.decode()
    assert "Ondermijning" in html and "Zakelijke integriteit" not in html


def test_csv_is_of_the_chosen_year(client, coordinator, two_years):
    client.force_login(coordinator)
    response = client.get(f"{URL}csv/", {"jaar": two_years - 1})
    assert response.status_code == 200
    assert f"meldingen-in-cijfers-{two_years - 1}.csv" in response["Content-Disposition"]
    body = response.content.decode()
    assert f"{two_years - 1};Soort;Ondermijning;<5" in body
    assert "Zakelijke integriteit" not in body and CANARY not in body


@pytest.mark.parametrize("jaar", ["1999", "abc", ""])
def test_an_unknown_year_is_refused_in_dutch(client, coordinator, two_years, jaar):
    client.force_login(coordinator)
    page = client.get(URL, {"jaar": jaar})
    assert page.status_code == 400
    assert "Kies een jaar uit de lijst." in page.content.decode() or jaar == ""
    assert client.get(f"{URL}csv/", {"jaar": jaar}).status_code == 400
