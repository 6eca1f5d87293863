from django.test import Client

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

import pytest

from home.models import HomePage


@pytest.mark.django_db
def test_home_page_renders_for_logged_in_employee(employee_client, home_page):
    response = employee_client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert "Iets melden?" in html
    assert "Met wie kan ik praten?" in html
    assert 'href="#inhoud"' in html  # skip link to the main landmark
    assert '<main id="inhoud"' in html


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(client, home_page):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/inloggen/?next=/"


@pytest.mark.django_db
def test_login_page_is_dutch_and_open(client, home_page):
    response = client.get("/inloggen/")

    assert response.status_code == 200
    assert "Inloggen op het Integriteitsplein" in response.content.decode()


@pytest.mark.django_db
def test_login_with_wrong_password_explains_in_dutch(client, medewerker):
    response = client.post("/inloggen/", {"username": "medewerker", "password": "fout"})

    assert response.status_code == 400
    assert "Inloggen lukte niet" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_then_back_to_the_page_asked_for(client, medewerker, home_page):
    response = client.post(
        "/inloggen/",
        {"username": "medewerker", "password": "geheim-wachtwoord", "next": "/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_intranet_can_be_opened_by_setting(client, home_page, settings):
    settings.INTRANET_LOGIN_REQUIRED = False

    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_home_page_shows_entrances_to_chosen_pages(employee_client, home_page):
    report = home_page.add_child(instance=Page(title="Melden", slug="melden"))
    contact = home_page.add_child(instance=Page(title="Vertrouwenspersonen", slug="praten"))
    home_page.report_page = report
    home_page.contact_page = contact
    home_page.save_revision().publish()

    html = employee_client.get("/").content.decode()

    assert 'href="/melden/"' in html
    assert 'href="/praten/"' in html


@pytest.mark.django_db
def test_theme_tiles_are_live_children_in_menu(employee_client, home_page):
    home_page.add_child(
        instance=Page(title="Gedragscode en regels", slug="regels", show_in_menus=True)
    )
    home_page.add_child(instance=Page(title="Verborgen", slug="verborgen", show_in_menus=False))
    home_page.add_child(
        instance=Page(title="Concept", slug="concept", show_in_menus=True, live=False)
    )

    html = employee_client.get("/").content.decode()

    assert "Gedragscode en regels" in html
    assert "Verborgen" not in html
    assert "Concept" not in html


@pytest.mark.django_db
def test_unknown_page_is_a_dutch_404(employee_client, home_page):
    response = employee_client.get("/bestaat-niet/")

    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


class TestHomePageTree(WagtailPageTestCase):
    def test_home_page_sits_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_holds_themes_and_the_report_form(self):
        from kennisbank.models import ContactOverviewPage, NewsIndexPage, ThemePage
        from meldkanaal.models import MeldFormPage

        self.assertCanCreateAt(HomePage, ThemePage)
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        self.assertCanCreateAt(HomePage, ContactOverviewPage)
        self.assertCanCreateAt(HomePage, MeldFormPage)
        self.assertCanNotCreateAt(HomePage, HomePage)


@pytest.mark.django_db
def test_latest_news_leads_to_all_news_and_the_feed(employee_client, home_page):
    from tests.kennisbank.factories import NewsIndexPageFactory, NewsPageFactory

    index = NewsIndexPageFactory(parent=home_page, slug="nieuws")
    NewsPageFactory(parent=index, title="Eerste bericht")

    html = employee_client.get("/").content.decode()

    assert "Eerste bericht" in html
    assert '<a class="utrecht-link" href="/nieuws/">Alle nieuws</a>' in html
    assert 'href="/nieuws/rss/">Nieuws als RSS-feed</a>' in html


@pytest.mark.django_db
def test_news_published_after_home_was_rendered_shows_on_the_next_render(
    employee_client, home_page, settings
):
    """Home keeps its lists per process until the site changes (HomePage.shared_lists):
    a publication is such a change, for the next reader at once."""
    from tests.kennisbank.factories import NewsIndexPageFactory, NewsPageFactory

    settings.PAGE_CACHE_ENABLED = False  # every request renders: the lists are what is kept
    index = NewsIndexPageFactory(parent=home_page, slug="nieuws")
    NewsPageFactory(parent=index, title="Eerste bericht")
    assert "Eerste bericht" in employee_client.get("/").content.decode()

    NewsPageFactory(parent=index, title="Tweede bericht")

    html = employee_client.get("/").content.decode()
    assert "Tweede bericht" in html and "Eerste bericht" in html


@pytest.mark.django_db
def test_a_preview_of_home_with_another_chosen_page_never_reaches_readers(
    employee_client, home_page, redacteur, settings
):
    """An editor's preview shows the draft's chosen pages; what readers see stays the
    published home (the lists kept per process are never the draft's)."""
    from tests.kennisbank.factories import ContentPageFactory

    settings.PAGE_CACHE_ENABLED = False  # every request renders: the lists are what is kept
    published = ContentPageFactory(parent=home_page, title="Melden", slug="melden-nu")
    drafted = ContentPageFactory(parent=home_page, title="Concept", slug="melden-concept")
    home_page.report_page = published
    home_page.save_revision().publish()
    editor = Client()
    editor.force_login(redacteur)
    assert 'href="/melden-nu/"' in employee_client.get("/").content.decode()

    home_page.report_page = drafted  # changed in the editor, not published
    # Wagtail renders a preview with a request made from the editor's (its cookie).
    preview = home_page.make_preview_request(original_request=editor.get("/").wsgi_request)

    assert 'href="/melden-concept/"' in preview.content.decode()
    for _ in range(2):
        html = employee_client.get("/").content.decode()
        assert 'href="/melden-nu/"' in html and "melden-concept" not in html


@pytest.mark.django_db
def test_with_redis_down_home_reads_its_lists_on_every_render(employee_client, home_page, redis):
    """Without the shared cache the site's generation is unknown: home keeps nothing and a
    publication shows at once (slower, never stale)."""
    from tests.kennisbank.factories import NewsIndexPageFactory, NewsPageFactory

    index = NewsIndexPageFactory(parent=home_page, slug="nieuws")
    NewsPageFactory(parent=index, title="Eerste bericht")
    redis.terminate()
    redis.wait(timeout=10)
    assert "Eerste bericht" in employee_client.get("/").content.decode()

    NewsPageFactory(parent=index, title="Tweede bericht")  # its invalidation reaches no one

    response = employee_client.get("/")
    assert response.status_code == 200
    assert "Tweede bericht" in response.content.decode()
