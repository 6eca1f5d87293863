"""A poll placed in a kennisbank content page with the body's Peiling block."""

import json

import pytest

from kennisbank.blocks import BodyStreamBlock
from kennisbank.models import ContentPage
from meedoen.models import StemSleutel
from tests.meedoen.test_polls import make_poll

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll_page(home_page):
    peiling = make_poll(counts=(6, 7, 0), vraag="Weet je wat je met een geschenk doet?")
    page = ContentPage(
        title="Geschenken",
        slug="geschenken",
        intro="Wat mag je aannemen?",
        body=json.dumps(
            [
                {"type": "paragraph", "value": "<p>Lees eerst de regels.</p>"},
                {"type": "peiling", "value": {"peiling": peiling.pk}},
            ]
        ),
    )
    home_page.add_child(instance=page)
    return page, peiling


def test_the_body_offers_the_poll_block():
    assert "peiling" in BodyStreamBlock.base_blocks
    assert BodyStreamBlock.base_blocks["peiling"].meta.label == "Peiling"


def test_employee_votes_on_a_poll_in_a_content_page(employee_client, medewerker, poll_page):
    page, peiling = poll_page
    html = employee_client.get(page.url).text
    assert "Weet je wat je met een geschenk doet?" in html
    assert f'action="/peiling/{peiling.pk}/stem/"' in html
    # The poll's CSS is in the one stylesheet (ADR 0020), not a link of its own.
    assert html.count('rel="stylesheet"') == 1 and "css/site.css" in html
    assert "<svg" not in html  # no result before voting

    optie = peiling.opties.order_by("sort_order")[2]
    response = employee_client.post(
        f"/peiling/{peiling.pk}/stem/", {"antwoord": optie.pk, "next": page.url}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{page.url}#peiling-{peiling.pk}"
    html = response.text
    assert "Je stem is geteld" in html and "<svg" in html
    assert "Uitslag: 14 stemmen" in html and "&lt;5" in html  # the new answer's 1 is masked
    assert StemSleutel.objects.filter(peiling=peiling).count() == 1

    second = employee_client.post(
        f"/peiling/{peiling.pk}/stem/", {"antwoord": optie.pk, "next": page.url}
    )
    assert second.status_code == 400 and "al gestemd" in second.text


def test_a_deleted_poll_leaves_the_page_readable(employee_client, poll_page):
    page, peiling = poll_page
    peiling.delete()
    response = employee_client.get(page.url)
    assert response.status_code == 200 and "Lees eerst de regels." in response.text


def test_a_page_with_a_poll_is_cached_and_the_poll_filled_in_per_reader(poll_page):
    from meedoen import services
    from tests.factories import UserFactory
    from tests.readers import clients_for

    page, peiling = poll_page
    voter, other = UserFactory(username="stemmer"), UserFactory(username="nietstemmer")
    services.vote(peiling.pk, peiling.opties.first().pk, voter)
    voter_client, other_client = clients_for(voter, other)

    as_voter = voter_client.get(page.url)
    as_other = other_client.get(page.url)
    assert (as_voter["X-Page-Cache"], as_other["X-Page-Cache"]) == ("miss", "hit")
    assert "Je hebt gestemd." in as_voter.text and 'name="antwoord"' not in as_voter.text
    assert 'name="antwoord"' in as_other.text and "Je hebt gestemd." not in as_other.text
    assert "Lees eerst de regels." in as_other.text
