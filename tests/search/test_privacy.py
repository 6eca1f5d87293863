"""Search shows only what the visitor may see, and never a melding."""

import json

from django.contrib.auth.models import Group

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest
from modelsearch.index import class_is_indexed

from integriteitsplein import sitememo
from kennisbank.models import ContentPage
from meldkanaal.models import Melding
from tests.factories import UserFactory
from tests.kennisbank.factories import ContentPageFactory
from tests.meldkanaal.factories import CANARY, make_report
from tests.search.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def _titles(client, query):
    data = json.loads(client.get("/zoeken/", {"q": query, "format": "json"}).content)
    page = client.get("/zoeken/", {"q": query})
    html_titles = (
        [hit.title for hit in page.context["page_obj"].object_list]
        if page.context.get("page_obj")
        else []
    )
    assert sorted(html_titles) == sorted(r["title"] for r in data["results"])
    return html_titles


@pytest.fixture
def restricted(home_page):
    """A subtree only the group 'Directie' may see, and a page that is only a draft."""
    directie = Group.objects.create(name="Directie")
    parent = ContentPageFactory(parent=home_page, title="Directiezaken", intro="Vertrouwelijk.")
    ContentPageFactory(parent=parent, title="Onderzoek fraudezaak", intro="Een fraudezaak.")
    restriction = PageViewRestriction.objects.create(
        page=parent, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(directie)
    draft = ContentPageFactory(parent=home_page, title="Concept fraudebeleid", intro="Fraude.")
    draft.unpublish()
    ContentPageFactory(parent=home_page, title="Fraude melden", intro="Zo meld je fraude.")
    return directie


def test_restricted_and_draft_pages_are_not_found(employee_client, restricted):
    assert _titles(employee_client, "fraude") == ["Fraude melden"]


def test_group_member_finds_the_restricted_page(client, medewerker, restricted):
    medewerker.groups.add(restricted)
    client.force_login(medewerker)
    assert set(_titles(client, "fraudezaak")) == {"Onderzoek fraudezaak"}


def test_a_restricted_page_one_reader_found_is_not_shown_to_the_next(
    client, medewerker, restricted
):
    """The pages of results are kept per process (ADR 0031): a page a group member was
    shown is kept, and still never reaches a reader outside the group."""
    from search import service

    member = UserFactory(username="directielid")
    member.groups.add(restricted)
    client.force_login(member)
    assert set(_titles(client, "fraudezaak")) == {"Onderzoek fraudezaak"}
    assert any(
        page.title == "Onderzoek fraudezaak"
        for page, _text in sitememo.kept(service.RESULT_PAGES).values()
    )

    client.force_login(medewerker)
    assert _titles(client, "fraudezaak") == []
    data = client.get("/zoeken/", {"q": "fraudezaak", "format": "json"}).json()
    assert "Onderzoek" not in json.dumps(data) and data["count"] == 0


def test_login_restricted_page_is_found_by_employees(employee_client, home_page):
    page = ContentPageFactory(parent=home_page, title="Intern overleg", intro="Moreel beraad.")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert _titles(employee_client, "beraad") == ["Intern overleg"]


def test_password_restricted_page_is_not_found(employee_client, home_page):
    page = ContentPageFactory(parent=home_page, title="Geheim overleg", intro="Moreel beraad.")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    assert _titles(employee_client, "beraad") == []


def test_document_in_restricted_collection_is_not_found(employee_client):
    root = Collection.get_first_root_node()
    hidden = root.add_child(name="Directie")
    restriction = CollectionViewRestriction.objects.create(
        collection=hidden, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Directie"))
    DocumentFactory.pdf("Rapport fraudeonderzoek", title="Rapport geheim", collection=hidden)
    DocumentFactory.pdf("Rapport fraudeonderzoek openbaar", title="Rapport open")

    assert _titles(employee_client, "fraudeonderzoek") == ["Rapport open"]


def test_document_only_used_on_a_hidden_page_is_not_found(employee_client, restricted):
    document = DocumentFactory.pdf("Verslag fraudezaak", title="Verslag")
    hidden_parent = ContentPage.objects.get(title="Directiezaken")
    page = ContentPageFactory(
        parent=hidden_parent,
        title="Bijlage directie",
        body=[("paragraph", f'<p><a linktype="document" id="{document.pk}">Verslag</a></p>')],
    )
    page.save_revision().publish()

    assert "Verslag" not in _titles(employee_client, "verslag")


def test_document_only_used_on_a_page_past_its_expiry_date_is_not_found(
    rf, medewerker, home_page, monkeypatch
):
    """Found while the page that uses it is live; left out once that page's expiry date has
    passed, before `publish_scheduled` unpublishes it: time passing changes nothing in the
    site, so what is kept per change of the site must not decide this."""
    import datetime

    from django.utils import timezone

    from search import service

    document = DocumentFactory.pdf("Verslag van de fraudezaak", title="Verslag")
    page = ContentPageFactory(
        parent=home_page,
        title="Bijlage",
        body=[("paragraph", f'<p><a linktype="document" id="{document.pk}">Verslag</a></p>')],
    )
    page.expire_at = timezone.now() + datetime.timedelta(days=1)
    page.save_revision().publish()

    def titles():
        request = rf.get("/zoeken/")
        request.user, request.session = medewerker, {}
        return [hit.title for hit in service.run_search(request, "verslag").hits]

    assert "Verslag" in titles()

    class TwoDaysLater:
        def __getattr__(self, name):
            return getattr(timezone, name)

        def now(self):
            return timezone.now() + datetime.timedelta(days=2)

    monkeypatch.setattr(service, "timezone", TwoDaysLater())
    assert "Verslag" not in titles()


def test_a_melding_is_never_indexed_nor_found(employee_client, superuser, client):
    make_report(beschrijving=f"Declaraties van de afdeling kloppen niet. {CANARY}")

    assert not class_is_indexed(Melding)
    assert _titles(employee_client, "declaraties") == []
    assert _titles(employee_client, CANARY) == []
    client.force_login(superuser)
    assert _titles(client, "declaraties") == []


def test_page_past_its_expiry_date_is_not_found(employee_client, home_page):
    """`publish_scheduled` unpublishes it within minutes; until then search leaves it out."""
    import datetime

    from django.utils import timezone

    expired = ContentPageFactory(parent=home_page, title="Oude fraudeaanpak", intro="Fraude.")
    expired.expire_at = timezone.now() - datetime.timedelta(minutes=5)
    expired.save()
    later = ContentPageFactory(parent=home_page, title="Fraude melden", intro="Zo meld je fraude.")
    later.expire_at = timezone.now() + datetime.timedelta(days=5)
    later.save()

    assert _titles(employee_client, "fraude") == ["Fraude melden"]


def test_counts_and_used_on_links_leave_out_what_the_visitor_may_not_see(
    employee_client, restricted
):
    document = DocumentFactory.pdf("Verslag fraudezaak", title="Verslag")
    hidden = ContentPage.objects.get(title="Onderzoek fraudezaak")
    open_page = ContentPage.objects.get(title="Fraude melden")
    for page in (hidden, open_page):
        page.body = [("paragraph", f'<p><a linktype="document" id="{document.pk}">Verslag</a></p>')]
        page.save_revision().publish()

    response = employee_client.get("/zoeken/", {"q": "fraudezaak"})

    outcome = response.context["outcome"]
    assert [h.title for h in outcome.page_obj.object_list] == ["Verslag"]
    assert [title for title, _url in outcome.page_obj.object_list[0].used_on] == ["Fraude melden"]
    assert {f.label: f.count for f in outcome.type_facets} == {"Document": 1}
    content = response.content.decode()
    assert "Onderzoek fraudezaak" not in content
    assert hidden.url not in content


def test_password_restricted_page_is_found_once_the_password_was_given(employee_client, home_page):
    page = ContentPageFactory(parent=home_page, title="Geheim overleg", intro="Moreel beraad.")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    assert _titles(employee_client, "beraad") == []

    response = employee_client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": "geheim", "return_url": page.url},
    )
    assert response.status_code == 302

    assert _titles(employee_client, "beraad") == ["Geheim overleg"]


def test_promotions_to_hidden_pages_are_left_out_of_page_and_json(employee_client, restricted):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    hidden = ContentPage.objects.get(title="Onderzoek fraudezaak")
    query = Query.get("fraude")
    SearchPromotion.objects.create(query=query, page=hidden, description="Alleen directie.")
    SearchPromotion.objects.create(
        query=query, external_link_url="https://example.org/fraude", external_link_text="Extern"
    )

    page = employee_client.get("/zoeken/", {"q": "fraude"})
    data = json.loads(employee_client.get("/zoeken/", {"q": "fraude", "format": "json"}).content)

    assert [p["title"] for p in page.context["promotions"]] == ["Extern"]
    assert [p["title"] for p in data["promotions"]] == ["Extern"]
    assert "Alleen directie" not in page.content.decode()
