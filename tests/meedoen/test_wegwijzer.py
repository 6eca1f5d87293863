"""'Waar meld ik wat?': every door reachable by plain links, bad codes refused."""

from django.core.exceptions import ValidationError

import pytest
from bs4 import BeautifulSoup

from meedoen.demo import load_guide
from meedoen.models import WegwijzerPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(home_page):
    return load_guide(home_page)


def _links(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return soup, [a["href"] for a in soup.select(".wegwijzer__antwoord")]


def test_every_door_is_reachable_without_javascript(employee_client, guide):
    doors, seen, todo = {}, set(), [guide.url]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        response = employee_client.get(url)
        assert response.status_code == 200, url
        soup, links = _links(employee_client, url)
        todo += [f"{guide.url}{href}" for href in links]
        door = soup.select_one(".wegwijzer__deur")
        if door:
            doors[door.h2.get_text(strip=True)] = door.get_text(" ", strip=True)
    assert set(doors) == {
        "De vertrouwenspersoon",
        "Je leidinggevende",
        "Het meldpunt integriteit",
        "HR",
        "Het Huis voor Klokkenluiders",
        "De politie",
        "Een datalek: meld het meteen intern",
    }
    for text in doors.values():
        assert "Wat gebeurt er daarna?" in text and "Welke bescherming heb je?" in text


def test_unknown_step_is_a_404(employee_client, guide):
    assert employee_client.get(f"{guide.url}?stap=bestaat-niet").status_code == 404


def test_an_answer_leading_nowhere_is_refused(guide):
    data = guide.stappen.raw_data
    data[0]["value"]["antwoorden"][0]["value"]["naar"] = "nergens"
    guide.stappen = data
    with pytest.raises(ValidationError, match="die code bestaat niet"):
        guide.full_clean()


def test_home_links_the_guide(employee_client, guide):
    soup = BeautifulSoup(employee_client.get("/").content, "html.parser")
    link = soup.find("a", string="Twijfel je bij wie je moet zijn? Waar meld ik wat?")
    assert link is not None and link["href"] == guide.url
    assert WegwijzerPage.objects.count() == 1


def test_an_external_reporter_reads_the_guide_and_is_told_which_doors_need_a_login(
    client, guide, home_page
):
    """External reporters (a supplier, a former employee) reach the meldkanaal without an
    account, so the guide is open to them too; a door whose page is behind the login says so
    instead of linking to a login they cannot pass."""
    from kennisbank.models import ContentPage

    closed = ContentPage(title="Vertrouwenspersonen", slug="met-wie-kan-ik-praten")
    home_page.add_child(instance=closed)
    guide = load_guide(home_page)  # the demo door now points at the page above
    assert guide.open_without_login

    begin = client.get(guide.url)
    assert begin.status_code == 200
    door = client.get(f"{guide.url}?stap=vertrouwenspersoon")
    assert door.status_code == 200
    soup = BeautifulSoup(door.content, "html.parser").select_one(".wegwijzer__deur")
    assert "staat op het intranet" in soup.get_text()
    assert soup.find("a", href=closed.url) is None
    assert soup.find("a", href=f"/inloggen/?next={closed.url}") is not None

    # Opened for external readers: the door links straight to it.
    closed.open_without_login = True
    closed.save_revision().publish()
    soup = BeautifulSoup(client.get(f"{guide.url}?stap=vertrouwenspersoon").content, "html.parser")
    assert soup.select_one(".wegwijzer__deur").find("a", href=closed.url) is not None

    # A closed guide stays behind the login.
    guide.open_without_login = False
    guide.save_revision().publish()
    assert client.get(guide.url)["Location"].startswith("/inloggen/")


def test_an_employee_gets_the_link_whatever_the_page(employee_client, guide, home_page):
    from kennisbank.models import ContentPage

    home_page.add_child(instance=ContentPage(title="Praten", slug="met-wie-kan-ik-praten"))
    guide = load_guide(home_page)
    soup = BeautifulSoup(
        employee_client.get(f"{guide.url}?stap=vertrouwenspersoon").content, "html.parser"
    )
    assert soup.select_one(".wegwijzer__deur").find("a", href="/met-wie-kan-ik-praten/")
    assert "staat op het intranet" not in soup.get_text()
