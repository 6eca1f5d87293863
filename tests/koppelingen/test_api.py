"""The read API: who may call it, what it shows, what it never shows."""

import json

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest
import wagtail_factories

from integriteitsplein import roles
from koppelingen.models import Koppeling
from tests.factories import UserFactory
from tests.kennisbank.factories import (
    ContactPersonFactory,
    ContentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from tests.meldkanaal.factories import CANARY, make_form_page, make_report

pytestmark = pytest.mark.django_db

ENDPOINTS = ["pages", "nieuws", "evenementen", "contactpersonen", "images", "documents"]


@pytest.fixture
def koppeling_key():
    koppeling = Koppeling(naam="Intranetportaal")
    key = koppeling.issue_key()
    koppeling.save()
    return key


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_without_key_or_session_the_api_answers_401_in_dutch(client):
    response = client.get("/api/v2/pages/")
    assert response.status_code in (401, 403)
    assert "koppeling" in response.json()["detail"]


def test_an_unknown_or_revoked_key_is_refused(client, koppeling_key):
    assert client.get("/api/v2/pages/", **bearer("verzonnen")).status_code == 401
    Koppeling.objects.get().revoke()
    response = client.get("/api/v2/pages/", **bearer(koppeling_key))
    assert response.status_code == 401
    assert response.json()["detail"] == "Deze sleutel is onbekend of ingetrokken."


def test_only_the_hash_of_a_key_is_stored(koppeling_key):
    koppeling = Koppeling.objects.get()
    assert koppeling_key not in koppeling.sleutel_hash
    assert Koppeling.objects.find_by_key(koppeling_key) == koppeling


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_endpoint_answers_a_key_and_an_employee(
    client, koppeling_key, employee_client, endpoint
):
    assert client.get(f"/api/v2/{endpoint}/", **bearer(koppeling_key)).status_code == 200
    assert employee_client.get(f"/api/v2/{endpoint}/").status_code == 200


def test_news_lists_live_public_items_newest_first(client, home_page, koppeling_key):
    index = NewsIndexPageFactory(parent=home_page)
    old = NewsPageFactory(parent=index, title="Oud nieuws", date="2025-01-01")
    new = NewsPageFactory(parent=index, title="Nieuw nieuws", date="2026-06-01")
    hidden = NewsPageFactory(parent=index, title="Alleen voor de redactie")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    draft = NewsPageFactory(parent=index, title="Concept", live=False)

    items = client.get("/api/v2/nieuws/", **bearer(koppeling_key)).json()["items"]

    assert [item["id"] for item in items] == [new.pk, old.pk]
    assert items[0]["intro"] == "Kort nieuws."
    assert hidden.pk not in [i["id"] for i in items] and draft.pk not in [i["id"] for i in items]


def test_pages_never_show_the_meldkanaal(client, home_page, koppeling_key):
    form_page = make_form_page(home_page)
    ContentPageFactory(parent=home_page, title="Wat is een misstand?")
    make_report()

    response = client.get("/api/v2/pages/?limit=50&fields=*", **bearer(koppeling_key))
    ids = [item["id"] for item in response.json()["items"]]

    assert form_page.pk not in ids
    assert client.get(f"/api/v2/pages/{form_page.pk}/", **bearer(koppeling_key)).status_code == 404
    for endpoint in ENDPOINTS:
        body = client.get(f"/api/v2/{endpoint}/?fields=*", **bearer(koppeling_key)).content
        assert CANARY.encode() not in body


def test_search_finds_pages_and_never_the_meldkanaal(client, home_page, koppeling_key):
    """`?search=` goes through the search backend, which must understand the base queryset's
    filters (a correlated subquery there answered 500)."""
    make_form_page(home_page)
    found = ContentPageFactory(parent=home_page, title="Wat is een misstand?")
    make_report()

    for endpoint in ("pages", "nieuws"):
        response = client.get(f"/api/v2/{endpoint}/?search=misstand", **bearer(koppeling_key))
        assert response.status_code == 200, endpoint
        assert CANARY.encode() not in response.content
    items = client.get("/api/v2/pages/?search=misstand", **bearer(koppeling_key)).json()["items"]
    assert [item["id"] for item in items] == [found.pk]


def test_the_tree_root_is_not_a_page_of_the_api(client, koppeling_key):
    ids = [i["id"] for i in client.get("/api/v2/pages/", **bearer(koppeling_key)).json()["items"]]
    assert 1 not in ids
    assert client.get("/api/v2/pages/1/", **bearer(koppeling_key)).status_code == 404


def test_events_earliest_first_and_only_live(client, home_page, koppeling_key):
    from tests.agenda.factories import AgendaPageFactory, EventPageFactory

    agenda = AgendaPageFactory(parent=home_page)
    later = EventPageFactory(parent=agenda, title="Moreel beraad")
    sooner = EventPageFactory(
        parent=agenda, title="Lezing", start=later.start.replace(year=2026, month=1)
    )
    EventPageFactory(parent=agenda, title="Concept", live=False)

    items = client.get("/api/v2/evenementen/", **bearer(koppeling_key)).json()["items"]

    assert [item["id"] for item in items] == [sooner.pk, later.pk]
    assert items[0]["location"] == "Provinciehuis, zaal 2.14"


def test_contact_persons_only_published(client, koppeling_key):
    ContactPersonFactory(name="Anna Vertrouwd")
    ContactPersonFactory(name="Nog niet goedgekeurd", live=False)

    items = client.get("/api/v2/contactpersonen/", **bearer(koppeling_key)).json()["items"]

    assert [item["name"] for item in items] == ["Anna Vertrouwd"]
    assert items[0]["rol"] == "Vertrouwenspersoon integriteit"


def test_documents_of_a_private_collection_are_never_listed(employee_client, koppeling_key, client):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Vertrouwelijk")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    open_doc = wagtail_factories.DocumentFactory(title="Gedragscode")
    wagtail_factories.DocumentFactory(title="Geheim stuk", collection=private)

    for response in (
        client.get("/api/v2/documents/", **bearer(koppeling_key)),
        employee_client.get("/api/v2/documents/"),
    ):
        assert [item["id"] for item in response.json()["items"]] == [open_doc.pk]


@pytest.mark.parametrize(
    "query",
    [
        "?limit=abc",
        "?offset=-5",
        "?type=bestaat.Niet",
        "?onbekend=1",
        "?order=geen_veld",
        "?limit=100000",
    ],
)
def test_odd_queries_get_a_4xx_not_a_5xx(client, koppeling_key, query):
    response = client.get(f"/api/v2/pages/{query}", **bearer(koppeling_key))
    assert 400 <= response.status_code < 500


def test_responses_are_cached_and_dropped_on_publish(client, home_page, koppeling_key):
    index = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=index, title="Eerste")
    assert len(client.get("/api/v2/nieuws/", **bearer(koppeling_key)).json()["items"]) == 1

    second = NewsPageFactory(parent=index, title="Tweede", live=False)
    # Saved but not published: the cached answer stands and is right.
    assert len(client.get("/api/v2/nieuws/", **bearer(koppeling_key)).json()["items"]) == 1
    second.save_revision().publish()
    assert len(client.get("/api/v2/nieuws/", **bearer(koppeling_key)).json()["items"]) == 2


def test_a_key_has_a_request_budget(client, koppeling_key, settings):
    settings.KOPPELINGEN_RATE = "3/min"
    statuses = [
        client.get("/api/v2/images/", **bearer(koppeling_key)).status_code for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_openapi_description_names_every_endpoint(client):
    from openapi_spec_validator import validate

    document = client.get("/api/v2/openapi.json").json()
    validate(document)
    for endpoint in ENDPOINTS:
        assert f"/api/v2/{endpoint}/" in document["paths"]


def test_coordinator_creates_a_koppeling_and_sees_the_key_once(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("koppelingen:add"), {"naam": "HR-systeem", "omschrijving": ""})

    assert response.status_code == 200
    key = response.context["sleutel"]
    koppeling = Koppeling.objects.get(naam="HR-systeem")
    assert koppeling.aangemaakt_door == coordinator
    assert Koppeling.objects.find_by_key(key) == koppeling
    # The list shows only the key's start.
    listing = client.get(reverse("koppelingen:index")).content.decode()
    assert key not in listing and koppeling.sleutel_begin in listing


def test_coordinator_revokes_and_renews(client, coordinator, koppeling_key):
    client.force_login(coordinator)
    koppeling = Koppeling.objects.get()
    response = client.post(reverse("koppelingen:renew", args=[koppeling.pk]))
    new_key = response.context["sleutel"]
    assert Koppeling.objects.find_by_key(koppeling_key) is None
    assert Koppeling.objects.find_by_key(new_key) == koppeling

    client.post(reverse("koppelingen:revoke", args=[koppeling.pk]))
    assert Koppeling.objects.find_by_key(new_key) is None


@pytest.mark.parametrize("role", [roles.REDACTIE, roles.MEDEWERKER])
def test_others_cannot_manage_koppelingen(client, role, koppeling_key):
    user = UserFactory(is_staff=False)
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    koppeling = Koppeling.objects.get()
    assert client.post(reverse("koppelingen:add"), {"naam": "X"}).status_code in (302, 403)
    assert client.post(reverse("koppelingen:revoke", args=[koppeling.pk])).status_code in (302, 403)
    assert Koppeling.objects.find_by_key(koppeling_key) == koppeling
    assert not Koppeling.objects.filter(naam="X").exists()


def test_key_page_is_not_cached(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("koppelingen:add"), {"naam": "Teams-tab"})
    assert "no-store" in response["Cache-Control"]
    assert json.dumps(response.context["sleutel"])


def test_only_what_the_api_shows_drops_its_cache(home_page, monkeypatch):
    from django.db.models.signals import post_save

    from koppelingen import signals

    dropped = []
    monkeypatch.setattr(signals, "forget_cached_responses", lambda: dropped.append(1))
    # Connected per model: a report, an account or a group saved calls nothing here.
    from kennisbank.models import ContactPerson
    from meldkanaal.models import Melding

    def listens(model):
        sync, _async = post_save._live_receivers(model)
        return signals._on_model_change in sync

    assert not listens(Group) and not listens(Melding)
    assert listens(ContactPerson) and listens(type(home_page))
    Group.objects.create(name="Niets voor de koppeling")
    UserFactory(username="niets")
    assert dropped == []
    ContactPersonFactory(name="Anna Vertrouwd")
    assert dropped
    dropped.clear()
    NewsIndexPageFactory(parent=home_page)
    assert dropped
