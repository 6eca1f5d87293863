"""Polls: one anonymous vote per employee, results with small counts hidden, bad input."""

import datetime

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from meedoen import services
from meedoen.models import MeedoenPage, Peiling, PeilingOptie, StemSleutel
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_poll(counts=(0, 0, 0), days=7, home=False, vraag="Weet je waar je een geschenk meldt?"):
    peiling = Peiling.objects.create(
        vraag=vraag,
        sluit_op=timezone.now() + datetime.timedelta(days=days),
        op_startpagina=home,
    )
    for order, count in enumerate(counts):
        PeilingOptie.objects.create(
            peiling=peiling, tekst=f"Antwoord {order + 1}", stemmen=count, sort_order=order
        )
    return peiling


@pytest.fixture
def meedoen_page(home_page):
    page = MeedoenPage(title="Meedoen", slug="meedoen")
    home_page.add_child(instance=page)
    return page


def _vote(client, peiling, optie, next_url="/meedoen/"):
    return client.post(f"/peiling/{peiling.pk}/stem/", {"antwoord": optie.pk, "next": next_url})


def test_vote_once_then_see_the_result(employee_client, medewerker, meedoen_page):
    peiling = make_poll(counts=(10, 6, 0))
    first = peiling.opties.first()

    page = employee_client.get("/meedoen/")
    assert 'name="antwoord"' in page.text

    response = _vote(employee_client, peiling, first)
    assert response.status_code == 302
    assert response["Location"] == f"/meedoen/#peiling-{peiling.pk}"
    first.refresh_from_db()
    assert first.stemmen == 11

    soup = BeautifulSoup(employee_client.get("/meedoen/").content, "html.parser")
    section = soup.find(id=f"peiling-{peiling.pk}")
    assert section.find("input", {"name": "antwoord"}) is None
    assert section.find("svg") is not None
    rows = [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
        for row in section.select("tbody tr")
    ]
    assert rows == [["Antwoord 1", "11"], ["Antwoord 2", "6"], ["Antwoord 3", "0"]]


def test_the_meedoen_page_is_cached_and_each_reader_sees_their_own_polls(meedoen_page):
    """Each poll is filled in per reader (meedoen/fragments.py): whoever voted sees the
    result with this moment's counts, whoever did not the form with their own token."""
    from django.test import Client

    from tests.readers import clients_for

    peiling = make_poll(counts=(10, 8, 7))
    voter, other = UserFactory(username="stemmer"), UserFactory(username="nietstemmer")
    services.vote(peiling.pk, peiling.opties.first().pk, voter)
    voter_client, other_client = clients_for(voter, other)

    as_voter = voter_client.get("/meedoen/")
    as_other = other_client.get("/meedoen/")
    assert (as_voter["X-Page-Cache"], as_other["X-Page-Cache"]) == ("miss", "hit")
    assert 'name="antwoord"' not in as_voter.text and ">11<" in as_voter.text
    assert 'name="antwoord"' in as_other.text

    token = BeautifulSoup(as_other.content, "html.parser").select_one(
        f"#peiling-{peiling.pk} input[name=csrfmiddlewaretoken]"
    )["value"]
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = other_client.cookies
    vote = {"antwoord": peiling.opties.last().pk, "csrfmiddlewaretoken": token}
    assert strict.post(f"/peiling/{peiling.pk}/stem/", vote).status_code == 302
    again = voter_client.get("/meedoen/")
    assert again["X-Page-Cache"] == "hit"
    rows = [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
        for row in BeautifulSoup(again.content, "html.parser").select(
            f"#peiling-{peiling.pk} tbody tr"
        )
    ]
    assert rows == [["Antwoord 1", "11"], ["Antwoord 2", "8"], ["Antwoord 3", "8"]]


def test_second_vote_is_refused_and_not_counted(employee_client, medewerker, meedoen_page):
    peiling = make_poll()
    first, second = list(peiling.opties.all())[:2]
    _vote(employee_client, peiling, first)

    response = _vote(employee_client, peiling, second)

    assert response.status_code == 400
    assert "Je hebt al gestemd op deze peiling" in response.text
    assert [o.stemmen for o in peiling.opties.all()] == [1, 0, 0]
    assert StemSleutel.objects.count() == 1


def test_a_vote_is_not_linked_to_the_voter(employee_client, medewerker, meedoen_page, settings):
    peiling = make_poll()
    _vote(employee_client, peiling, peiling.opties.first())
    [key] = StemSleutel.objects.all()
    assert key.sleutel == services.vote_key(peiling.pk, medewerker)
    # Keyed: without the site's secret the hash cannot be recomputed from an account id.
    settings.SECRET_KEY = "een-ander-geheim-" + "x" * 40
    assert services.vote_key(peiling.pk, medewerker) != key.sleutel
    field_names = {f.name for f in StemSleutel._meta.get_fields()}
    assert field_names == {"id", "peiling", "sleutel"}
    option_fields = {f.name for f in PeilingOptie._meta.get_fields()}
    assert not option_fields & {"user", "gebruiker", "stem_sleutel"}


def test_closed_poll_refuses_votes_and_shows_the_result(employee_client, meedoen_page):
    peiling = make_poll(counts=(12, 8, 5), days=-1)
    response = _vote(employee_client, peiling, peiling.opties.first())
    assert response.status_code == 400
    assert "Deze peiling is gesloten" in response.text
    assert [o.stemmen for o in peiling.opties.all()] == [12, 8, 5]
    page = employee_client.get("/meedoen/").text
    assert "Dit is de uitslag" in page


@pytest.mark.parametrize(
    "data",
    [{"antwoord": "999999"}, {"antwoord": "abc"}, {}],
)
def test_forged_answer_changes_nothing(employee_client, meedoen_page, data):
    peiling = make_poll()
    other = make_poll(vraag="Een andere vraag")
    if data.get("antwoord") == "999999":
        data = {"antwoord": other.opties.first().pk}  # an answer of another poll
    response = employee_client.post(f"/peiling/{peiling.pk}/stem/", data)
    assert response.status_code == 400
    assert "Kies één van de antwoorden" in response.text
    assert not StemSleutel.objects.exists()
    assert sum(PeilingOptie.objects.values_list("stemmen", flat=True)) == 0


def test_forged_poll_id_and_get_change_nothing(employee_client, meedoen_page):
    response = employee_client.post("/peiling/999999/stem/", {"antwoord": "1"})
    assert response.status_code == 404
    assert "Deze peiling bestaat niet" in response.text
    assert employee_client.get("/peiling/1/stem/").status_code == 405


def test_next_cannot_send_the_voter_elsewhere(employee_client, meedoen_page):
    peiling = make_poll()
    response = _vote(employee_client, peiling, peiling.opties.first(), "https://evil.example/")
    assert response["Location"] == f"/#peiling-{peiling.pk}"


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ((12, 8, 5), ["12", "8", "5"]),
        ((12, 8, 3), ["12", "*", "<5"]),  # one "<5": the smallest other is hidden too
        ((12, 2, 3), ["12", "<5", "<5"]),
        ((12, 0, 3), ["12", "*", "<5"]),
        ((4, 0, 0), ["<5", "*", "0"]),
    ],
)
def test_small_counts_are_hidden(counts, shown):
    peiling = make_poll(counts=counts, days=-1)
    state = services.poll_state(peiling, None)
    assert [regel.getal for regel in state.regels] == shown
    assert all(r.procent is None for r in state.regels if r.getal in ("<5", "*"))


def test_home_shows_the_marked_poll(employee_client, home_page):
    make_poll(vraag="Niet op de startpagina")
    make_poll(vraag="Wel op de startpagina", home=True)
    text = employee_client.get("/").text
    assert "Wel op de startpagina" in text
    assert "Niet op de startpagina" not in text


def test_poll_page_costs_the_same_for_3_or_20_polls(client, medewerker, meedoen_page):
    client.force_login(medewerker)
    for i in range(3):
        peiling = make_poll(vraag=f"Vraag {i}")
        services.vote(peiling.pk, peiling.opties.first().pk, medewerker)

    def queries(cached):
        with override_settings(PAGE_CACHE_ENABLED=cached):
            client.get("/meedoen/")
            client.get("/meedoen/")
            with CaptureQueriesContext(connection) as context:
                response = client.get("/meedoen/")
        assert response.status_code == 200
        assert response.get("X-Page-Cache") == ("hit" if cached else None)
        return len(context.captured_queries)

    few = queries(cached=False), queries(cached=True)
    for i in range(17):
        make_poll(vraag=f"Meer {i}", counts=(i, 2 * i, 3))
    assert (queries(cached=False), queries(cached=True)) == few
    # A hit: the user, and the page's polls, their answers and this reader's votes at once.
    assert few[1] <= 4


def test_polls_are_listed_a_page_at_a_time_and_none_is_out_of_reach(employee_client, meedoen_page):
    """Every listing paginated (issue 13): 25 polls are three pages, the last one holding the
    oldest, at the cost of the first."""
    for i in range(25):
        make_poll(vraag=f"Vraag {i:02}", days=i + 1)  # Vraag 24 closes last: listed first

    def questions(url):
        soup = BeautifulSoup(employee_client.get(url).content, "html.parser")
        return [h.get_text(strip=True) for h in soup.select(".peiling h3")], soup

    first, soup = questions("/meedoen/")
    assert first == [f"Vraag {i:02}" for i in range(24, 14, -1)]
    assert soup.select_one(".kb-pagination [aria-current]").get_text() == "Pagina 1 van 3"
    last, _ = questions("/meedoen/?pagina=3")
    assert last == [f"Vraag {i:02}" for i in range(4, -1, -1)]

    def queries(url):
        employee_client.get(url)
        with CaptureQueriesContext(connection) as context:
            employee_client.get(url)
        return len(context.captured_queries)

    assert queries("/meedoen/") == queries("/meedoen/?pagina=3")


def test_votes_from_many_employees_add_up(meedoen_page):
    peiling = make_poll()
    first = peiling.opties.first()
    for _ in range(6):
        services.vote(peiling.pk, first.pk, UserFactory())
    first.refresh_from_db()
    assert first.stemmen == 6
    assert StemSleutel.objects.filter(peiling=peiling).count() == 6


def test_redactie_can_add_a_poll_in_the_admin(client, redacteur):
    client.force_login(redacteur)
    response = client.get("/admin/snippets/meedoen/peiling/add/")
    assert response.status_code == 200
