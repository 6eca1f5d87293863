"""Contact persons go through the pages' workflow: Redactie adds and submits, the
Coördinator approves, and only then does the person appear on the site."""

import importlib

from django.apps import apps
from django.urls import reverse

from wagtail.models import WorkflowContentType

import pytest
from bs4 import BeautifulSoup

from kennisbank.constants import ContactRole
from kennisbank.models import ContactPerson
from tests.kennisbank.factories import (
    ContactOverviewPageFactory,
    ContactPersonFactory,
    ContentPageFactory,
)

ADD = "wagtailsnippets_kennisbank_contactperson:add"


def _new_person(**overrides):
    return {
        "name": "Yasmina Bakker",
        "role": ContactRole.VERTROUWENSPERSOON_ONGEWENST_GEDRAG,
        "photo": "",
        "phone": "050 316 43 18",
        "email": "y.bakker@provincie.example",
        "availability": "",
        "introduction": "",
        **overrides,
    }


@pytest.fixture
def contact_page(home_page):
    return ContactOverviewPageFactory(parent=home_page, slug="praten")


def _names_on(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return [h.get_text(strip=True) for h in soup.select(".kb-person__name, .kb-contact__name")]


@pytest.mark.django_db
def test_contact_persons_use_the_pages_workflow():
    assignment = WorkflowContentType.objects.get(content_type__model="contactperson")
    assert assignment.workflow.name == "de coördinator"
    assert ContactPerson.get_default_workflow() == assignment.workflow


@pytest.mark.django_db
def test_a_person_the_redactie_saves_is_not_on_the_site(
    client, redacteur, employee_client, contact_page
):
    client.force_login(redacteur)

    response = client.post(reverse(ADD), _new_person(phone="abc"))
    assert "Vul een telefoonnummer in met cijfers" in response.content.decode()
    assert not ContactPerson.objects.exists()

    response = client.post(reverse(ADD), _new_person())
    assert response.status_code == 302
    person = ContactPerson.objects.get(name="Yasmina Bakker")
    assert person.live is False
    assert "Yasmina Bakker" not in _names_on(employee_client, "/praten/")


@pytest.mark.django_db
def test_redactie_cannot_publish_a_person_itself(client, redacteur):
    client.force_login(redacteur)

    client.post(reverse(ADD), {**_new_person(), "action-publish": "publish"})

    assert not redacteur.has_perm("kennisbank.publish_contactperson")
    assert not ContactPerson.objects.filter(live=True).exists()


@pytest.mark.django_db
def test_submitted_person_appears_once_the_coordinator_approves(
    client, redacteur, coordinator, employee_client, contact_page
):
    client.force_login(redacteur)
    client.post(reverse(ADD), {**_new_person(), "action-submit": "submit"})
    person = ContactPerson.objects.get(name="Yasmina Bakker")
    state = person.current_workflow_state
    assert state is not None and state.requested_by == redacteur
    assert "Yasmina Bakker" not in _names_on(employee_client, "/praten/")

    client.force_login(coordinator)
    task_state = person.current_workflow_task_state
    response = client.post(
        reverse(
            "wagtailsnippets_kennisbank_contactperson:workflow_action",
            args=[person.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )

    assert response.status_code in (200, 302)
    person.refresh_from_db()
    assert person.live is True
    assert "Yasmina Bakker" in _names_on(employee_client, "/praten/")


@pytest.mark.django_db
def test_a_pending_change_keeps_the_live_phone_number_on_the_site(
    client, redacteur, employee_client, contact_page
):
    person = ContactPersonFactory(name="Anna de Vries", phone="050 316 41 20")
    person.save_revision().publish()
    client.force_login(redacteur)

    response = client.post(
        reverse("wagtailsnippets_kennisbank_contactperson:edit", args=[person.pk]),
        {**_new_person(name="Anna de Vries", phone="050 316 99 00"), "action-submit": "submit"},
    )

    assert response.status_code == 302
    html = employee_client.get("/praten/").content.decode()
    assert "050 316 41 20" in html and "050 316 99 00" not in html


@pytest.mark.django_db
def test_a_draft_person_chosen_in_a_block_does_not_show(employee_client, home_page):
    import json

    live = ContactPersonFactory(name="Anna de Vries")
    draft = ContactPersonFactory(name="Nog Niet Goedgekeurd", live=False)
    ContentPageFactory(
        parent=home_page,
        slug="hulp",
        body=json.dumps(
            [{"type": "contacts", "value": {"title": "Hulp", "people": [live.pk, draft.pk]}}]
        ),
    )

    assert _names_on(employee_client, "/hulp/") == ["Anna de Vries"]


@pytest.mark.django_db
def test_a_draft_person_stays_out_of_the_search_index():
    live = ContactPersonFactory(name="Anna de Vries")
    ContactPersonFactory(name="Nog Niet Goedgekeurd", live=False)

    assert list(ContactPerson.get_indexed_objects()) == [live]
    assert list(ContactPerson.objects.live()) == [live]


@pytest.mark.django_db
def test_each_person_has_an_address_on_the_contact_page(employee_client, contact_page):
    person = ContactPersonFactory(name="Anna de Vries")

    soup = BeautifulSoup(employee_client.get("/praten/").content, "html.parser")

    card = soup.find(id=f"persoon-{person.pk}")
    assert card is not None and "Anna de Vries" in card.get_text()
    assert person.anchor == f"persoon-{person.pk}"


@pytest.mark.django_db
def test_listing_says_ja_or_nee_and_keeps_phone_numbers_whole(client, coordinator):
    ContactPersonFactory(name="Sandra Meijer", is_external=True, phone="088-123 45 67")
    ContactPersonFactory(name="Anna de Vries", is_external=False)
    client.force_login(coordinator)

    soup = BeautifulSoup(
        client.get(reverse("wagtailsnippets_kennisbank_contactperson:list")).content,
        "html.parser",
    )

    rows = {
        row.find("a").get_text(strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in soup.select("tbody tr")
    }
    sandra, anna = rows["Sandra Meijer"], rows["Anna de Vries"]
    assert "Ja" in sandra and "Nee" in anna
    assert "True" not in str(rows) and "False" not in str(rows)
    assert "088\u2011123\u00a045\u00a067" in sandra  # non-breaking: the number never wraps


@pytest.mark.django_db
def test_the_migration_makes_existing_persons_live_and_assigns_the_workflow():
    person = ContactPersonFactory(name="Anna de Vries")
    ContactPerson.objects.filter(pk=person.pk).update(
        live=False, first_published_at=None, last_published_at=None
    )
    WorkflowContentType.objects.filter(content_type__model="contactperson").delete()
    migration = importlib.import_module(
        "kennisbank.migrations.0009_contact_person_workflow_and_checks"
    )

    migration.moderate_contact_persons(apps, None)

    person.refresh_from_db()
    assert person.live and person.first_published_at is not None
    assert ContactPerson.get_default_workflow().name == "de coördinator"
