"""The page cache (integriteitsplein/pagecache.py, ADR 0019): pages cached per page, variant and
audience; what differs per reader filled per request; never one person's data for another."""

import re
from pathlib import Path

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from integriteitsplein import pagecache
from integriteitsplein.models import SiteSettings
from tests.factories import UserFactory
from tests.kennisbank.factories import (
    ContactPersonFactory,
    ContentPageFactory,
    PolicyDocumentPageFactory,
    PolicyVersionFactory,
    ThemePageFactory,
)

pytestmark = pytest.mark.django_db

TEMPLATES_WITH_NONCE = Path(__file__).parent / "templates"


def state(response):
    return response.get(pagecache.HEADER)


@pytest.fixture(autouse=True)
def _site_settings(home_page):
    """The settings row a first visit would create (its creation forgets the pages)."""
    SiteSettings.for_site(home_page.get_site())


@pytest.fixture
def page(home_page):
    theme = ThemePageFactory(parent=home_page, title="Onderwerp")
    return ContentPageFactory(parent=theme, title="Geschenken", intro="Over geschenken.")


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_page_is_rendered_once_and_then_served_from_the_cache(employee_client, page):
    first = employee_client.get(page.url)
    second = employee_client.get(page.url)
    assert (first.status_code, second.status_code) == (200, 200)
    assert (state(first), state(second)) == ("miss", "hit")
    assert "Over geschenken." in second.text
    # The same page, apart from the CSRF tokens of the logout forms.
    mask = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert mask.sub("", first.text) == mask.sub("", second.text)


def test_two_employees_each_see_their_own_name(page):
    anna = UserFactory(username="anna", first_name="Anna", last_name="de Vries")
    bram = UserFactory(username="bram", first_name="Bram", last_name="Jansen")
    as_anna = _client_for(anna).get(page.url)
    as_bram = _client_for(bram).get(page.url)

    assert (state(as_anna), state(as_bram)) == ("miss", "hit")
    assert "Anna de Vries" in as_anna.text and "Bram Jansen" not in as_anna.text
    assert "Bram Jansen" in as_bram.text and "Anna de Vries" not in as_bram.text


def test_a_name_is_escaped_when_filled_in(page):
    odd = UserFactory(username="odd", first_name="<script>x</script>", last_name="")
    _client_for(UserFactory(username="eerst")).get(page.url)
    response = _client_for(odd).get(page.url)
    assert state(response) == "hit"
    assert "<script>x</script>" not in response.text
    assert "&lt;script&gt;x&lt;/script&gt;" in response.text


def test_editors_and_employees_are_two_audiences(page, medewerker, redacteur):
    as_editor = _client_for(redacteur)
    as_employee = _client_for(medewerker)
    editor_pages = [as_editor.get(page.url) for _ in range(2)]
    employee_pages = [as_employee.get(page.url) for _ in range(2)]

    assert [state(r) for r in editor_pages + employee_pages] == ["miss", "hit", "miss", "hit"]
    for response in editor_pages:
        assert "wagtail-userbar" in response.text
        assert f"/admin/pages/{page.pk}/edit/" in response.text
    for response in employee_pages:
        assert "wagtail-userbar" not in response.text
        assert "/admin/" not in response.text


def test_publishing_shows_the_new_content_at_once(employee_client, page):
    assert state(employee_client.get(page.url)) == "miss"
    assert state(employee_client.get(page.url)) == "hit"

    page.intro = "Nieuwe uitleg over geschenken."
    page.save_revision().publish()

    response = employee_client.get(page.url)
    assert state(response) == "miss"
    assert "Nieuwe uitleg over geschenken." in response.text


def test_unpublishing_moving_and_deleting_are_seen_at_once(employee_client, home_page, page):
    employee_client.get(page.url)
    page.unpublish()
    assert employee_client.get(page.url).status_code == 404

    page.save_revision().publish()
    old_url = page.url
    assert employee_client.get(old_url).status_code == 200
    other = ThemePageFactory(parent=home_page, title="Ander onderwerp")
    page.move(other, pos="last-child")
    page.refresh_from_db()
    moved = employee_client.get(old_url)
    assert (moved.status_code, moved["Location"]) == (301, page.url)  # Wagtail's redirect
    assert employee_client.get(page.url).status_code == 200

    url = page.url
    page.delete()
    assert employee_client.get(url).status_code == 404


@pytest.mark.parametrize(
    "change",
    [
        lambda: ContactPersonFactory(),
        lambda: SiteSettings.objects.update_or_create(pk=SiteSettings.objects.first().pk)[0].save(),
    ],
    ids=["contact person", "site settings"],
)
def test_a_change_of_a_snippet_or_setting_forgets_the_pages(employee_client, page, change):
    employee_client.get(page.url)
    assert state(employee_client.get(page.url)) == "hit"
    change()
    assert state(employee_client.get(page.url)) == "miss"


def test_the_day_is_part_of_the_key(employee_client, page, monkeypatch):
    """A version that comes into force tomorrow is shown tomorrow, not at the cache's leisure."""
    employee_client.get(page.url)
    assert state(employee_client.get(page.url)) == "hit"
    import datetime

    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(pagecache.timezone, "localdate", lambda: tomorrow)
    assert state(employee_client.get(page.url)) == "miss"


def test_a_version_coming_into_force_is_shown_that_day(employee_client, home_page, monkeypatch):
    import datetime

    today = datetime.date.today()
    policy = PolicyDocumentPageFactory(parent=home_page, title="Regeling geschenken")
    PolicyVersionFactory(page=policy, label="Oud", in_force_from="2020-01-01")
    PolicyVersionFactory(page=policy, label="Morgen", in_force_from=today + datetime.timedelta(1))
    policy.save_revision().publish()
    employee_client.get(policy.url)
    before = employee_client.get(policy.url)
    assert state(before) == "hit"

    monkeypatch.setattr(pagecache.timezone, "localdate", lambda *a: today + datetime.timedelta(1))
    after = employee_client.get(policy.url)
    assert state(after) == "miss"
    assert after.text != before.text


def test_variants_by_query_parameter_and_no_cache_for_others(employee_client, home_page):
    policy = PolicyDocumentPageFactory(parent=home_page, title="Regeling")
    PolicyVersionFactory(page=policy, label="2016", in_force_from="2016-01-01")
    PolicyVersionFactory(page=policy, label="2024", in_force_from="2024-01-01")
    assert state(employee_client.get(policy.url + "?op=2017-06-01")) == "miss"
    assert state(employee_client.get(policy.url + "?op=2025-06-01")) == "miss"
    assert state(employee_client.get(policy.url + "?op=2017-06-01")) == "hit"
    # A parameter the page does not know: could be reflected anywhere, so never cached.
    assert state(employee_client.get(policy.url + "?utm=x")) is None


def test_made_up_variants_fill_the_cache_only_up_to_a_bound(employee_client, page, settings):
    """Anyone can invent `?pagina=` values; each stored would be a page of HTML in Redis."""
    settings.PAGE_CACHE_VARIANTS_PER_PAGE = 2
    states = [state(employee_client.get(f"{page.url}?pagina={n}")) for n in range(1, 5)]
    assert states == ["miss", "miss", "pass", "pass"]
    assert state(employee_client.get(f"{page.url}?pagina=1")) == "hit"  # stored ones stay
    # The page itself is always stored, and a new generation counts again.
    assert [state(employee_client.get(page.url)) for _ in range(2)] == ["miss", "hit"]
    pagecache.invalidate()
    assert state(employee_client.get(f"{page.url}?pagina=4")) == "miss"


def test_of_the_meldkanaal_only_the_empty_form_is_cached(employee_client, home_page, settings):
    """ADR 0025: the form page opts in (tests/meldkanaal/test_form_cache.py); the pages below
    it and a POST never touch the cache."""
    from tests.meldkanaal.factories import make_form_page

    form_page = make_form_page(home_page)
    assert form_page.url == settings.MELDKANAAL_PATH
    assert pagecache.page_is_cacheable(form_page)
    for client in (employee_client, Client()):
        assert [state(client.get(form_page.url)) for _ in range(2)] == ["miss", "hit"]
        for path in ("bevestiging/", "opvolgen/"):
            for _ in range(2):
                response = client.get(f"{form_page.url}{path}")
                assert response.status_code == 200
                assert state(response) is None
        assert state(client.post(form_page.url, {})) is None


def test_a_page_type_of_an_excluded_app_must_opt_in_itself():
    class OptedIn:
        page_cache = True

    class Inherited(OptedIn):
        pass

    assert pagecache.opted_in(OptedIn)
    assert not pagecache.opted_in(Inherited)


def test_admin_and_search_are_never_cached(employee_client, page):
    for url in ("/zoeken/?q=geschenken", "/admin/"):
        assert state(employee_client.get(url)) is None
        assert state(employee_client.get(url)) is None


def test_a_page_that_reads_who_the_reader_is_is_not_stored(employee_client, page, monkeypatch):
    from kennisbank.models import ContentPage

    original = ContentPage.get_context

    def personal(self, request, *args, **kwargs):
        context = original(self, request, *args, **kwargs)
        context["intro_extra"] = request.user.email  # per reader
        return context

    monkeypatch.setattr(ContentPage, "get_context", personal)
    assert [state(employee_client.get(page.url)) for _ in range(2)] == ["pass", "pass"]


def test_the_agenda_and_an_event_page_are_stored_without_anyones_registration(
    employee_client, medewerker, home_page
):
    """The agenda's cards and an event page show the reader's own registration: filled in
    per reader (agenda/fragments.py), so the pages themselves are stored for everyone."""
    from tests.agenda.factories import AgendaPageFactory, EventPageFactory

    agenda = AgendaPageFactory(parent=home_page)
    event = EventPageFactory(parent=agenda, title="Lezing ondermijning", capacity=10)
    employee_client.post(f"{event.url}aanmelden/", follow=True)  # shows its message
    for url in (agenda.url, event.url):
        responses = [employee_client.get(url) for _ in range(2)]
        assert [state(r) for r in responses] == ["miss", "hit"], url
        assert "Je bent aangemeld" in responses[1].text
        from_cache = _client_for(UserFactory(username=f"ander-{event.pk}-{len(url)}")).get(url)
        assert state(from_cache) == "hit" and "Je bent aangemeld" not in from_cache.text


def test_a_page_restricted_to_groups_is_not_stored(employee_client, page, medewerker):
    from django.contrib.auth.models import Group

    employee_client.get(page.url)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(*Group.objects.filter(user=medewerker))
    # Adding the restriction forgot the stored page; with it, the page is not stored again.
    assert [state(employee_client.get(page.url)) for _ in range(2)] == ["pass", "pass"]


def test_a_login_restriction_is_no_reason_not_to_store(employee_client, page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    first = employee_client.get(page.url)
    assert state(first) == "miss", first.wsgi_request._pagecache_reason
    second = employee_client.get(page.url)
    assert state(second) == "hit"
    assert "no-store" in second["Cache-Control"]  # Wagtail's header for browsers, kept


def test_messages_are_never_served_from_or_into_the_cache(employee_client, page):
    from django.contrib.messages import INFO
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse
    from django.test import RequestFactory

    employee_client.get(page.url)
    assert state(employee_client.get(page.url)) == "hit"
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(INFO, "Alleen voor jou bedoeld.")
    carrier = HttpResponse()
    storage.update(carrier)
    employee_client.cookies["messages"] = carrier.cookies["messages"].value

    with_message = employee_client.get(page.url)
    assert state(with_message) is None
    assert "Alleen voor jou bedoeld." in with_message.text
    after = employee_client.get(page.url)
    assert "Alleen voor jou bedoeld." not in after.text
    assert state(after) == "hit"


def test_each_response_has_its_own_nonce_matching_its_policy(employee_client, page, settings):
    """A cached page with an inline script (tests/integriteitsplein/templates adds one)."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [TEMPLATES_WITH_NONCE, *engine["DIRS"]]}]
    nonces = []
    for expected in ("miss", "hit", "hit"):
        response = employee_client.get(page.url)
        assert state(response) == expected
        found = re.findall(r'<script nonce="([^"]+)">', response.text)
        assert len(found) == 1, response.text[-600:]
        policy = response["Content-Security-Policy"]
        assert f"'nonce-{found[0]}'" in policy
        nonces.append(found[0])
    assert len(set(nonces)) == 3


def test_a_form_on_a_cached_page_posts_with_its_filled_in_token(medewerker, page):
    client = Client(enforce_csrf_checks=True)
    client.force_login(medewerker)
    Client().get(page.url)  # anonymous: a redirect, stores nothing
    _client_for(UserFactory(username="eerst")).get(page.url)  # someone else stored the page

    response = client.get(page.url)
    assert state(response) == "hit"
    tokens = {
        field["value"]
        for field in BeautifulSoup(response.content, "html.parser").find_all(
            "input", {"name": "csrfmiddlewaretoken"}
        )
    }
    assert tokens and all(len(t) == 64 for t in tokens)
    assert "<!--" not in "".join(tokens)
    logout = client.post("/uitloggen/", {"csrfmiddlewaretoken": tokens.pop()})
    assert logout.status_code == 302  # not 403: the token belongs to this reader's cookie
    assert "_auth_user_id" not in client.session


def test_a_hit_costs_at_most_three_queries(employee_client, home_page, page):
    policy = PolicyDocumentPageFactory(parent=home_page, title="Regeling")
    PolicyVersionFactory(page=policy, label="2024", in_force_from="2024-01-01")
    for url in (page.url, policy.url):
        employee_client.get(url)
        employee_client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = employee_client.get(url)
        assert state(response) == "hit"
        print(f"\n{url}: {len(captured)} queries on a hit")
        assert len(captured) <= 3, [q["sql"] for q in captured]


def test_the_home_poll_is_filled_in_per_reader(home_page):
    from meedoen import services
    from tests.meedoen.test_polls import make_poll

    poll = make_poll(counts=(10, 6, 0), home=True)
    voter = UserFactory(username="stemmer")
    other = UserFactory(username="nietstemmer")
    services.vote(poll.pk, poll.opties.first().pk, voter)

    as_voter = _client_for(voter).get("/")
    as_other = _client_for(other).get("/")
    assert (state(as_voter), state(as_other)) == ("miss", "hit")
    assert "Je hebt gestemd." in as_voter.text and 'name="antwoord"' not in as_voter.text
    assert 'name="antwoord"' in as_other.text and "Je hebt gestemd." not in as_other.text

    # Someone who has not voted gets the form rendered with the page: one query for the vote.
    third = _client_for(UserFactory(username="derde"))
    third.get("/")
    with CaptureQueriesContext(connection) as captured:
        response = third.get("/")
    assert state(response) == "hit"
    assert len(captured) <= 2, [q["sql"] for q in captured]  # the user, the vote
    # and the form posts: its token is this reader's own
    token = BeautifulSoup(response.content, "html.parser").select_one(
        f"#peiling-{poll.pk} input[name=csrfmiddlewaretoken]"
    )["value"]
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = third.cookies
    optie = poll.opties.last()
    vote = {"antwoord": optie.pk, "next": "/", "csrfmiddlewaretoken": token}
    voted = strict.post(f"/peiling/{poll.pk}/stem/", vote)
    assert voted.status_code == 302
    assert "Je hebt gestemd." in third.get("/").text


def test_an_open_page_is_cached_for_anonymous_readers_apart(employee_client, page):
    page.open_without_login = True
    page.save_revision().publish()
    anonymous = [Client().get(page.url) for _ in range(2)]
    assert [state(r) for r in anonymous] == ["miss", "hit"]
    assert "Uitloggen" not in anonymous[1].text
    employee = employee_client.get(page.url)
    assert state(employee) == "miss"
    assert "Uitloggen" in employee.text


def test_a_cache_outage_renders_the_page(employee_client, page, cache_down):
    """Every call of the page cache fails."""
    for _ in range(2):
        response = employee_client.get(page.url)
        assert response.status_code == 200
        assert "Over geschenken." in response.text


def test_without_the_setting_nothing_is_cached(employee_client, page, settings):
    settings.PAGE_CACHE_ENABLED = False
    assert [state(employee_client.get(page.url)) for _ in range(2)] == [None, None]


def test_the_projects_own_documents_and_images_and_restriction_groups_forget_the_pages(
    employee_client, page, medewerker
):
    """Documents and images are the project's own models (not Wagtail's, which they do not
    subclass), and which groups a restriction lets in is saved after the restriction."""
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction

    assert get_document_model()._meta.label == "kennisbank.CustomDocument"
    assert get_image_model()._meta.label == "kennisbank.CustomImage"
    restriction = PageViewRestriction.objects.create(
        page=page.get_parent(), restriction_type=PageViewRestriction.GROUPS
    )
    before = pagecache.current_generation()
    restriction.groups.add(Group.objects.first())
    after_groups = pagecache.current_generation()
    document = get_document_model().objects.create(
        title="Regeling", file=SimpleUploadedFile("regeling.txt", b"tekst")
    )
    after_document = pagecache.current_generation()
    document.title = "Regeling geschenken"
    document.save()
    assert before < after_groups < after_document < pagecache.current_generation()
