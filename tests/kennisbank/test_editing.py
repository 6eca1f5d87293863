"""What editors do: create every page type in the admin, submit, approve, schedule."""

import datetime

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from integriteitsplein import roles
from kennisbank.models import (
    ContactOverviewPage,
    ContactPerson,
    ContentPage,
    ELearningPage,
    NewsIndexPage,
    NewsPage,
    PolicyDocumentPage,
    ThemePage,
)
from tests.factories import UserFactory
from tests.kennisbank.factories import (
    ContentPageFactory,
    NewsIndexPageFactory,
    PolicyDocumentPageFactory,
    PolicyVersionFactory,
    ThemePageFactory,
)


class TestEditorCreatesEveryPageType(WagtailPageTestCase):
    """A member of Redactie creates each page type through the admin (saved as a draft)."""

    def setUp(self):
        self.home = Site.objects.get(is_default_site=True).root_page.specific
        self.editor = UserFactory(username="redactie-test")
        self.editor.groups.add(Group.objects.get(name=roles.REDACTIE))
        self.client.force_login(self.editor)
        self.theme = ThemePageFactory(parent=self.home, title="Regels", slug="regels")

    def test_theme_page(self):
        data = nested_form_data(
            {
                "title": "Leren en oefenen",
                "intro": "Trainingen en e-learning.",
                "body": streamfield([("paragraph", rich_text("Zo leer je het."))]),
            }
        )
        self.assertCanCreate(self.home, ThemePage, data, publish=False)

    def test_content_page(self):
        data = nested_form_data(
            {"title": "Privacy", "intro": "Wat we bewaren.", "body": streamfield([])}
        )
        self.assertCanCreate(self.theme, ContentPage, data, publish=False)

    def test_policy_document_page_with_a_version(self):
        data = nested_form_data(
            {
                "title": "Regeling nevenfuncties",
                "kind": "regeling",
                "summary": "Meld werk naast je baan.",
                "document_owner": "Integriteitscoördinator",
                "review_date": "2027-06-01",
                "versions": inline_formset(
                    [
                        {
                            "label": "2020",
                            "adopted_by": "gs",
                            "adopted_on": "2020-01-14",
                            "in_force_from": "2020-02-01",
                            "summary_of_changes": "",
                            "articles": streamfield(
                                [
                                    (
                                        "article",
                                        {
                                            "number": "1",
                                            "title": "Melden",
                                            "text": rich_text("Meld elke nevenfunctie."),
                                        },
                                    )
                                ]
                            ),
                            "signed_document": "",
                        }
                    ],
                    min=1,
                ),
            }
        )
        self.assertCanCreate(self.theme, PolicyDocumentPage, data, publish=False)
        page = PolicyDocumentPage.objects.get(slug="regeling-nevenfuncties")
        version = page.get_latest_revision_as_object().versions.get()
        assert version.label == "2020"

    def test_policy_document_rejects_two_versions_with_one_label(self):
        version = {
            "label": "2020",
            "adopted_by": "gs",
            "adopted_on": "2020-01-14",
            "in_force_from": "2020-02-01",
            "summary_of_changes": "",
            "articles": streamfield(
                [("article", {"number": "1", "title": "", "text": rich_text("Tekst.")})]
            ),
            "signed_document": "",
        }
        data = nested_form_data(
            {
                "title": "Dubbel",
                "slug": "dubbel",
                "kind": "regeling",
                "summary": "Samenvatting.",
                "document_owner": "IC",
                "review_date": "",
                "versions": inline_formset([version, dict(version)], min=1),
            }
        )
        url = reverse(
            "wagtailadmin_pages:add", args=["kennisbank", "policydocumentpage", self.theme.pk]
        )

        response = self.client.post(url, data)

        assert response.status_code == 200  # the form again, with the error
        assert "Twee versies hebben hetzelfde label" in response.content.decode()
        assert not PolicyDocumentPage.objects.filter(slug="dubbel").exists()

    def test_elearning_page(self):
        data = nested_form_data(
            {
                "title": "Morele oordeelsvorming",
                "intro": "Leer een dilemma stap voor stap wegen.",
                "duration_minutes": "45",
                "audience": "alle_medewerkers",
                "mandatory": "on",
                "form": "online",
                "link_url": "https://leren.provincie.example/moreel",
                "link_text": "Start de module",
                "body": streamfield([]),
            }
        )
        self.assertCanCreate(self.theme, ELearningPage, data, publish=False)

    def test_contact_overview_page(self):
        data = nested_form_data(
            {
                "title": "Met wie kan ik praten?",
                "intro": "Kies wie bij je vraag past.",
                "roles": inline_formset(
                    [
                        {
                            "role": "vertrouwenspersoon_integriteit",
                            "does": "Luistert en adviseert.",
                            "does_not": "Doet geen onderzoek.",
                        }
                    ]
                ),
            }
        )
        self.assertCanCreate(self.home, ContactOverviewPage, data, publish=False)

    def test_news_index_and_news_page(self):
        self.assertCanCreate(
            self.home,
            NewsIndexPage,
            nested_form_data({"title": "Nieuws", "intro": ""}),
            publish=False,
        )
        index = NewsIndexPage.objects.get()
        data = nested_form_data(
            {
                "title": "118 ambtseden afgelegd",
                "date": "2026-11-20",
                "intro": "Nieuwe collega's legden de eed of belofte af.",
                "theme": str(self.theme.pk),
                "body": streamfield([("paragraph", rich_text("Welkom!"))]),
            }
        )
        self.assertCanCreate(index, NewsPage, data, publish=False)

    def test_page_tree_is_fixed_in_code(self):
        self.assertCanNotCreateAt(ContentPage, PolicyDocumentPage)
        self.assertCanNotCreateAt(ThemePage, NewsPage)
        self.assertCanNotCreateAt(Page, ThemePage)
        self.assertAllowedParentPageTypes(ELearningPage, {ThemePage})


@pytest.mark.django_db
def test_redacteur_adds_a_contact_person_as_a_snippet(client, redacteur):
    client.force_login(redacteur)

    response = client.post(
        reverse("wagtailsnippets_kennisbank_contactperson:add"),
        {
            "name": "Anna de Vries",
            "role": "vertrouwenspersoon_integriteit",
            "phone": "050 316 12 34",
            "email": "anna@provincie.example",
            "availability": "Dinsdag",
            "introduction": "Ik luister.",
        },
    )

    assert response.status_code == 302
    assert ContactPerson.objects.get().name == "Anna de Vries"


@pytest.mark.django_db
def test_medewerker_cannot_add_contact_persons(client, medewerker):
    client.force_login(medewerker)

    response = client.get(reverse("wagtailsnippets_kennisbank_contactperson:add"))

    assert response.status_code in (302, 403)
    assert not ContactPerson.objects.exists()


# --- Workflow: Redactie submits, Coördinator approves and publishes ----------------------


@pytest.fixture
def draft(home_page):
    page = ContentPageFactory(parent=home_page, title="Concept", slug="concept")
    page.unpublish()
    page.title = "Concept klaar"
    page.save_revision()
    return Page.objects.get(pk=page.pk).specific


@pytest.mark.django_db
def test_migration_assigns_the_workflow_to_every_page(draft):
    workflow = draft.get_workflow()

    assert workflow.name == "Redactie naar Coördinator"
    task = workflow.tasks.get().specific
    assert [g.name for g in task.groups.all()] == [roles.COORDINATOR]


@pytest.mark.django_db
def test_redacteur_cannot_publish_but_coordinator_can(draft, redacteur, coordinator):
    assert draft.permissions_for_user(redacteur).can_edit()
    assert not draft.permissions_for_user(redacteur).can_publish()
    assert draft.permissions_for_user(coordinator).can_publish()


@pytest.mark.django_db
def test_redacteur_publish_button_does_not_publish(client, draft, redacteur):
    client.force_login(redacteur)
    data = nested_form_data(
        {"title": "Toch gepubliceerd?", "slug": "concept", "intro": "", "body": streamfield([])}
    )
    data["action-publish"] = "action-publish"

    client.post(reverse("wagtailadmin_pages:edit", args=[draft.pk]), data)

    draft.refresh_from_db()
    assert not draft.live


@pytest.mark.django_db
def test_redacteur_submits_and_coordinator_approves(client, draft, redacteur, coordinator):
    client.force_login(redacteur)
    data = nested_form_data(
        {"title": "Ter goedkeuring", "slug": "concept", "intro": "", "body": streamfield([])}
    )
    data["action-submit"] = "action-submit"
    client.post(reverse("wagtailadmin_pages:edit", args=[draft.pk]), data)

    draft.refresh_from_db()
    state = draft.current_workflow_state
    assert state is not None and not draft.live
    task = state.current_task_state.task.specific
    assert task.get_actions(draft, redacteur) == []
    assert "approve" in [name for name, *_ in task.get_actions(draft, coordinator)]

    state.current_task_state.approve(user=coordinator)

    draft.refresh_from_db()
    assert draft.live
    assert draft.title == "Ter goedkeuring"


# --- Scheduled publishing -----------------------------------------------------------------


@pytest.mark.django_db
def test_scheduled_page_goes_live_when_its_time_has_come(draft, coordinator):
    draft.go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision = draft.save_revision(user=coordinator)
    revision.publish(user=coordinator)
    draft.refresh_from_db()
    assert not draft.live  # scheduled, not yet published

    call_command("publish_scheduled")
    draft.refresh_from_db()
    assert not draft.live  # the time has not come

    # Let the clock pass the go-live moment: move the scheduled moment into the past.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.refresh_from_db()
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled")

    draft.refresh_from_db()
    assert draft.live


@pytest.mark.django_db
def test_expired_page_goes_offline(home_page):
    page = ContentPageFactory(parent=home_page, slug="verloopt")
    page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save()

    call_command("publish_scheduled")

    page.refresh_from_db()
    assert not page.live
    assert page.expired


# --- Review dates ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_lists_policy_documents_past_their_review_date(client, coordinator, home_page):
    today = timezone.localdate()
    overdue = PolicyDocumentPageFactory(
        parent=home_page,
        title="Integriteitsplan 2018–2022",
        review_date=today.replace(year=today.year - 1),
    )
    PolicyVersionFactory(page=overdue, label="2018")
    PolicyDocumentPageFactory(
        parent=home_page, title="Nieuwe regeling", review_date=today.replace(year=today.year + 1)
    )
    client.force_login(coordinator)

    response = client.get(reverse("kennisbank_review_overdue"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Integriteitsplan 2018–2022" in html
    assert "Nieuwe regeling" not in html
    assert list(PolicyDocumentPage.objects.overdue_for_review(today)) == [overdue]


@pytest.mark.django_db
def test_news_index_exists_once(home_page):
    NewsIndexPageFactory(parent=home_page)

    assert not NewsIndexPage.can_create_at(home_page)


@pytest.mark.django_db
def test_admin_edit_forms_and_listings_open(client, redacteur, home_page):
    page = PolicyDocumentPageFactory(parent=home_page)
    PolicyVersionFactory(page=page, label="2019")
    client.force_login(redacteur)

    for url in [
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:add", args=["kennisbank", "themepage", home_page.pk]),
        reverse("wagtailsnippets_kennisbank_contactperson:list"),
        reverse("wagtailadmin_home"),
    ]:
        assert client.get(url).status_code == 200, url
