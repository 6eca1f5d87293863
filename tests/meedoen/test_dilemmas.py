"""The dilemma game: choose once, then the colleagues' choices and the code; playing together."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from meedoen import dilemma_services
from meedoen.models import (
    Dilemma,
    DilemmaKeuze,
    DilemmaSleutel,
    DilemmaspelItem,
    DilemmaspelPage,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_dilemma(titel="De kaartjes", counts=(9, 31, 3)):
    dilemma = Dilemma.objects.create(
        titel=titel,
        situatie="Een aannemer biedt je kaartjes aan.",
        gedragscode="<p>Je neemt geen geschenken aan die je oordeel kunnen beïnvloeden.</p>",
        vragen="Maakt het uit hoe duur ze zijn?\nWat als de opdracht al vergeven is?",
    )
    for order, count in enumerate(counts):
        DilemmaKeuze.objects.create(
            dilemma=dilemma, tekst=f"Keuze {order + 1}", gekozen=count, sort_order=order
        )
    return dilemma


@pytest.fixture
def spel(home_page):
    page = DilemmaspelPage(title="Dilemmaspel", slug="dilemmaspel")
    page.items = [
        DilemmaspelItem(dilemma=make_dilemma(f"Dilemma {i}"), sort_order=i) for i in range(3)
    ]
    home_page.add_child(instance=page)
    return page


def test_choose_then_see_colleagues_and_the_code(employee_client, medewerker, spel):
    page = employee_client.get("/dilemmaspel/1/")
    assert 'name="keuze"' in page.text
    assert "Wat zegt de gedragscode?" not in page.text  # only after choosing

    dilemma = spel.dilemmas()[0]
    keuze = dilemma.keuzes.first()
    response = employee_client.post("/dilemmaspel/1/", {"keuze": keuze.pk})
    assert response.status_code == 302
    assert response["Location"] == "/dilemmaspel/1/#uitslag"

    soup = BeautifulSoup(employee_client.get("/dilemmaspel/1/").content, "html.parser")
    assert soup.find("input", {"name": "keuze"}) is None
    text = soup.get_text(" ", strip=True)
    assert "Wat zegt de gedragscode?" in text
    assert "Maakt het uit hoe duur ze zijn?" in text
    rows = [
        [c.get_text(strip=True) for c in row.find_all(["th", "td"])]
        for row in soup.select("#uitslag tbody tr")
    ]
    # Keuze 3 (3) is "<5"; the smallest other (Keuze 1, now 10) is hidden with it.
    assert rows == [["Keuze 1", "*"], ["Keuze 2", "31"], ["Keuze 3", "<5"]]
    assert soup.select_one("#uitslag svg[role=img]") is not None


def test_small_choice_hides_the_smallest_other(employee_client, medewerker, spel):
    dilemma = spel.dilemmas()[0]
    employee_client.post("/dilemmaspel/1/", {"keuze": dilemma.keuzes.last().pk})
    soup = BeautifulSoup(employee_client.get("/dilemmaspel/1/").content, "html.parser")
    shown = [row.find("td").get_text(strip=True) for row in soup.select("#uitslag tbody tr")]
    assert shown == ["*", "31", "<5"]


def test_second_choice_is_refused_and_not_counted(employee_client, medewerker, spel):
    dilemma = spel.dilemmas()[0]
    first, second = list(dilemma.keuzes.all())[:2]
    employee_client.post("/dilemmaspel/1/", {"keuze": first.pk})
    response = employee_client.post("/dilemmaspel/1/", {"keuze": second.pk})
    assert response.status_code == 400
    assert "Je hebt bij dit dilemma al gekozen" in response.text
    assert list(dilemma.keuzes.values_list("gekozen", flat=True)) == [10, 31, 3]
    assert DilemmaSleutel.objects.count() == 1


@pytest.mark.parametrize("value", ["abc", "999999", ""])
def test_forged_choice_changes_nothing(employee_client, spel, value):
    other = make_dilemma("Een ander dilemma")
    if value == "999999":
        value = str(other.keuzes.first().pk)  # a choice of another dilemma
    response = employee_client.post("/dilemmaspel/1/", {"keuze": value})
    assert response.status_code == 400
    assert "Kies één van de mogelijkheden." in response.text
    assert not DilemmaSleutel.objects.exists()


def test_unknown_step_is_a_404(employee_client, spel):
    assert employee_client.get("/dilemmaspel/4/").status_code == 404
    assert employee_client.get("/dilemmaspel/0/").status_code == 404
    assert employee_client.get("/dilemmaspel/samen/9/").status_code == 404


def test_together_steps_through_the_set_without_storing(employee_client, spel):
    start = employee_client.get("/dilemmaspel/samen/")
    assert start.status_code == 302 and start["Location"] == "/dilemmaspel/samen/1/"

    first = employee_client.get("/dilemmaspel/samen/1/").text
    assert "Dilemma 0" in first and "Wat zegt de gedragscode?" not in first
    assert 'href="?stap=uitleg"' in first
    explained = employee_client.get("/dilemmaspel/samen/1/?stap=uitleg").text
    assert "Je neemt geen geschenken aan" in explained
    assert 'href="/dilemmaspel/samen/2/"' in explained
    last = employee_client.get("/dilemmaspel/samen/3/").text
    assert "Klaar: terug naar het dilemmaspel" in last
    assert not DilemmaSleutel.objects.exists()
    assert sum(DilemmaKeuze.objects.values_list("gekozen", flat=True)) == 3 * (9 + 31 + 3)


def test_choice_key_is_keyed_per_account_and_dilemma(spel):
    dilemma = spel.dilemmas()[0]
    a, b = UserFactory(), UserFactory()
    assert dilemma_services.choice_key(dilemma.pk, a) != dilemma_services.choice_key(dilemma.pk, b)
    field_names = {f.name for f in DilemmaSleutel._meta.get_fields()}
    assert field_names == {"id", "dilemma", "sleutel"}


def test_play_page_has_a_fixed_query_budget(client, medewerker, spel):
    client.force_login(medewerker)
    dilemma = spel.dilemmas()[0]
    client.post("/dilemmaspel/1/", {"keuze": dilemma.keuzes.first().pk})

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    few = queries("/dilemmaspel/1/"), queries("/dilemmaspel/")
    for i in range(10):
        DilemmaspelItem.objects.create(
            page=spel, dilemma=make_dilemma(f"Extra {i}"), sort_order=10 + i
        )
    assert (queries("/dilemmaspel/1/"), queries("/dilemmaspel/")) == few


def test_meedoen_page_links_its_dilemma_games(employee_client, home_page):
    from meedoen.models import MeedoenPage

    meedoen = MeedoenPage(title="Meedoen", slug="meedoen")
    home_page.add_child(instance=meedoen)
    spel = DilemmaspelPage(title="Dilemmaspel", slug="dilemmaspel", intro="Zes situaties.")
    spel.items = [DilemmaspelItem(dilemma=make_dilemma(), sort_order=0)]
    meedoen.add_child(instance=spel)
    soup = BeautifulSoup(employee_client.get("/meedoen/").content, "html.parser")
    link = soup.find("a", string="Dilemmaspel")
    assert link is not None and link["href"] == "/meedoen/dilemmaspel/"
