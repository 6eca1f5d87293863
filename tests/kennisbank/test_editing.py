"""What editors do: create every page type in the admin, submit, approve, schedule."""

import datetime
import re

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Site, Workflow, WorkflowState
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest
import wagtail_factories

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


def version(label, adopted="2020-01-14", in_force="2020-02-01", items=(("1", "Tekst."),)):
    """Form data of one inline version, as the browser sends it (type=date: jjjj-mm-dd)."""
    return {
        "label": label,
        "adopted_by": "gs",
        "adopted_on": adopted,
        "in_force_from": in_force,
        "summary_of_changes": "",
        "articles": streamfield(
            [
                (
                    "article",
                    {"number": number, "title": "", "text": rich_text(text)},
                )
                for number, text in items
            ]
        ),
        "signed_document": "",
    }


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

    def _policy_data(self, *versions, slug="dubbel", action=None):
        data = nested_form_data(
            {
                "title": "Regeling " + slug,
                "slug": slug,
                "kind": "regeling",
                "summary": "Samenvatting.",
                "document_owner": "IC",
                "review_date": "",
                "versions": inline_formset(list(versions), min=1),
            }
        )
        if action:
            data[action] = action
        return data

    def _post_policy(self, *versions, action=None):
        url = reverse(
            "wagtailadmin_pages:add", args=["kennisbank", "policydocumentpage", self.theme.pk]
        )
        return self.client.post(url, self._policy_data(*versions, action=action))

    def _assert_refused(self, response, message):
        html = response.content.decode()
        assert response.status_code == 200  # the form again, with the error
        assert message in html, html[html.find("error") - 200 :][:2000]
        assert not PolicyDocumentPage.objects.filter(slug="dubbel").exists()

    def test_policy_document_rejects_two_versions_with_one_label(self):
        response = self._post_policy(
            version("2020"), version("2020", adopted="2021-01-14", in_force="2021-02-01")
        )

        self._assert_refused(response, "Versie ‘2020’ heeft al dit label.")

    def test_policy_document_rejects_labels_that_give_one_address(self):
        response = self._post_policy(
            version("Versie één"),
            version("versie een", adopted="2021-01-14", in_force="2021-02-01"),
        )

        self._assert_refused(response, "Dit label geeft hetzelfde adres (versies/versie-een/)")

    def test_labels_with_spaces_and_accents_are_fine(self):
        data = self._policy_data(version("herziening één"), slug="accenten")
        self.assertCanCreate(self.theme, PolicyDocumentPage, data, publish=False)
        page = PolicyDocumentPage.objects.get(slug="accenten").get_latest_revision_as_object()
        assert page.versions.get().slug == "herziening-een"

    def test_policy_document_rejects_labels_that_would_break_the_address(self):
        for label in ["2025/2", "2025.1", "€", "versie?"]:
            response = self._post_policy(version(label))
            self._assert_refused(response, "Gebruik alleen letters, cijfers, spaties en streepjes")

    def test_policy_document_rejects_labels_that_give_no_address(self):
        """Letters slugify drops (ß, Ω, 日本, Arabic digits) left versies// as the address:
        the versions page could not link the version and failed with a 500."""
        for label in ["ß", "Ω", "日本", "١٢"]:
            response = self._post_policy(version(label))
            self._assert_refused(response, "Dit label geeft geen adres")

    def test_a_draft_needs_a_label_too(self):
        response = self._post_policy(version("  "))  # saved as a draft: other fields may wait

        self._assert_refused(response, "Dit is een verplicht veld.")

    def test_policy_document_rejects_dates_that_cannot_be_right(self):
        """The browser's date field takes 01-01-0001 and 31-12-9999; the page would say
        "geldt vanaf 31 december 9999"."""
        for adopted, in_force in [("0001-01-01", "2020-02-01"), ("1899-12-31", "2020-02-01")]:
            response = self._post_policy(version("2020", adopted=adopted, in_force=in_force))
            self._assert_refused(response, "Deze datum kan niet kloppen. Kies een datum tussen")
        response = self._post_policy(version("2020", in_force="9999-12-31"))
        self._assert_refused(response, "Kies een datum tussen 1 januari 1900 en")

    def test_a_date_ten_years_ahead_is_still_fine(self):
        from kennisbank.validators import latest_date

        data = self._policy_data(
            version("later", in_force=latest_date().isoformat()), slug="ver-weg"
        )
        self.assertCanCreate(self.theme, PolicyDocumentPage, data, publish=False)

    def test_policy_document_rejects_in_force_before_adopted(self):
        response = self._post_policy(version("2020", adopted="2020-03-14", in_force="2020-02-01"))

        self._assert_refused(response, "Een versie gaat pas in werking op of na de dag")

    def test_policy_document_rejects_two_versions_in_force_on_one_day(self):
        response = self._post_policy(
            version("a", adopted="2020-01-14"), version("b", adopted="2020-01-15")
        )

        self._assert_refused(
            response, "Versie ‘a’ gaat ook op 1 februari 2020 in werking. Twee versies kunnen"
        )

    def test_article_needs_a_number_text_and_its_own_number_when_submitted(self):
        cases = [
            ([("", "Tekst.")], "Dit is een verplicht veld."),
            ([("Artikel", "Tekst.")], "Schrijf het nummer van het artikel"),
            ([("1", "")], "Schrijf de tekst van het artikel."),
            ([("3", "Een."), ("art. 3", "Twee.")], "Artikel 3 staat al in deze versie."),
        ]
        for items, message in cases:
            response = self._post_policy(version("2020", items=items), action="action-submit")
            assert message in response.content.decode(), message
            assert not PolicyDocumentPage.objects.filter(slug="dubbel", live=True).exists()
            assert not WorkflowState.objects.exists()  # not submitted for approval
            PolicyDocumentPage.objects.filter(slug="dubbel").delete()  # a draft may be kept

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

    assert workflow.name == "de coördinator"  # the button reads "Stuur door naar de coördinator"
    task = workflow.tasks.get().specific
    assert [g.name for g in task.groups.all()] == [roles.COORDINATOR]
    # Wagtail's own default ("Moderators approval") is retired: one workflow to choose from.
    assert list(Workflow.objects.filter(active=True).values_list("name", flat=True)) == [
        "de coördinator"
    ]


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


@pytest.mark.django_db
def test_contact_page_explains_each_role_once(client, redacteur, home_page):
    client.force_login(redacteur)
    role = {
        "role": "meldpunt",
        "does": "Neemt meldingen aan.",
        "does_not": "",
    }
    data = nested_form_data(
        {
            "title": "Met wie kan ik praten?",
            "slug": "praten",
            "intro": "",
            "roles": inline_formset([role, dict(role)]),
        }
    )
    url = reverse(
        "wagtailadmin_pages:add", args=["kennisbank", "contactoverviewpage", home_page.pk]
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Deze rol staat er al." in response.content.decode()
    assert not ContactOverviewPage.objects.exists()


@pytest.mark.django_db
def test_redacteur_adds_a_contact_person_with_a_photo(client, redacteur):
    photo = wagtail_factories.ImageFactory(title="Portret", alt_text="Portret van Ilse")
    client.force_login(redacteur)

    response = client.post(
        reverse("wagtailsnippets_kennisbank_contactperson:add"),
        {
            "name": "Ilse Kramer",
            "role": "extern_vertrouwenspersoon",
            "photo": str(photo.pk),
            "phone": "088 765 43 21",
            "email": "",
            "availability": "",
            "is_external": "on",
            "introduction": "",
        },
    )

    assert response.status_code == 302
    person = ContactPerson.objects.get(name="Ilse Kramer")
    assert person.photo == photo and person.is_external


@pytest.mark.django_db
def test_contact_person_needs_a_name_and_a_valid_e_mail_address(client, redacteur):
    client.force_login(redacteur)

    response = client.post(
        reverse("wagtailsnippets_kennisbank_contactperson:add"),
        {"name": "", "role": "meldpunt", "email": "geen-adres"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit is een verplicht veld." in html
    assert "Voer een geldig e-mailadres in." in html
    assert not ContactPerson.objects.exists()


# --- Scheduled publishing through the admin and the workflow ------------------------------


def _news_form(title, go_live="", expire=""):
    return nested_form_data(
        {
            "title": title,
            "slug": "gepland",
            "date": "2026-11-20",
            "intro": "Kort.",
            "theme": "",
            "body": streamfield([]),
            "go_live_at": go_live,
            "expire_at": expire,
        }
    )


def _pass_time(page):
    """Move every scheduled moment of the page a day back, as if a day went by."""
    day = datetime.timedelta(days=1)
    for revision in page.revisions.exclude(approved_go_live_at=None):
        revision.approved_go_live_at -= day
        revision.content["go_live_at"] = revision.approved_go_live_at.isoformat()
        revision.save(update_fields=["approved_go_live_at", "content"])
    Page.objects.filter(pk=page.pk).exclude(expire_at=None).update(
        expire_at=page.expire_at - 2 * day if page.expire_at else None
    )


@pytest.mark.django_db
def test_redacteur_schedules_coordinator_approves_page_goes_live_on_time(
    client, redacteur, coordinator, home_page
):
    index = NewsIndexPageFactory(parent=home_page)
    go_live = (timezone.localtime() + datetime.timedelta(hours=12)).strftime("%d-%m-%Y %H:%M")
    client.force_login(redacteur)
    data = _news_form("Gepland bericht", go_live=go_live)
    data["action-submit"] = "action-submit"
    client.post(reverse("wagtailadmin_pages:add", args=["kennisbank", "newspage", index.pk]), data)
    page = NewsPage.objects.get(slug="gepland")
    assert not page.live and page.current_workflow_state is not None

    page.current_workflow_state.current_task_state.approve(user=coordinator)
    page.refresh_from_db()
    assert not page.live  # approved, but waiting for its moment
    assert page.revisions.exclude(approved_go_live_at=None).exists()

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live

    _pass_time(page)
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live and page.title == "Gepland bericht"


@pytest.mark.django_db
def test_coordinator_sets_an_expiry_date_and_the_page_goes_offline(client, coordinator, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    expire = (timezone.localtime() + datetime.timedelta(hours=12)).strftime("%d-%m-%Y %H:%M")
    client.force_login(coordinator)
    data = _news_form("Tijdelijk bericht", expire=expire)
    data["action-publish"] = "action-publish"
    client.post(reverse("wagtailadmin_pages:add", args=["kennisbank", "newspage", index.pk]), data)
    page = NewsPage.objects.get(slug="gepland")
    assert page.live and page.expire_at is not None

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live

    _pass_time(page)
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live and page.expired


@pytest.mark.django_db
def test_legal_dates_use_the_browsers_own_date_field(client, redacteur, home_page):
    """Not Wagtail's picker, which turns a date it cannot read into today's date unseen."""
    page = PolicyDocumentPageFactory(parent=home_page)
    PolicyVersionFactory(page=page, label="2019")
    index = NewsIndexPageFactory(parent=home_page)
    client.force_login(redacteur)

    policy = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    news = client.get(
        reverse("wagtailadmin_pages:add", args=["kennisbank", "newspage", index.pk])
    ).content.decode()

    for html, name, value in [
        (policy, "versions-0-adopted_on", "2019-01-15"),
        (policy, "versions-0-in_force_from", "2019-03-01"),
        (policy, "review_date", None),
        (news, "date", None),
    ]:
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert 'type="date"' in field, field
        if value:
            assert f'value="{value}"' in field, field


@pytest.mark.django_db
def test_an_owner_filters_the_review_report_to_their_documents(client, coordinator, home_page):
    last_year = timezone.localdate().replace(year=timezone.localdate().year - 1)
    for title, owner in [("Berijdersprotocol", "Facilitaire zaken"), ("Plan", "IC")]:
        PolicyDocumentPageFactory(
            parent=home_page, title=title, document_owner=owner, review_date=last_year
        )
    client.force_login(coordinator)

    everything = client.get(reverse("kennisbank_review_overdue")).content.decode()
    mine = client.get(
        reverse("kennisbank_review_overdue"), {"document_owner": "Facilitaire zaken"}
    ).content.decode()

    assert "Berijdersprotocol" in everything and "Plan<" in everything
    assert '<option value="Facilitaire zaken"' in everything  # the filter lists the owners
    assert "Berijdersprotocol" in mine and "Plan<" not in mine


# --- What the admin says about page types and inline items ------------------------------


@pytest.mark.django_db
def test_every_page_type_has_a_dutch_description_for_the_add_page_chooser():
    from django.apps import apps as django_apps

    from wagtail.models import Page, get_page_models

    ours = [m for m in get_page_models() if m is not Page and m._meta.app_label != "wagtailcore"]
    labels = {f"{m._meta.app_label}.{m.__name__}" for m in ours}
    assert {"home.HomePage", "meldkanaal.MeldFormPage", "kennisbank.PolicyDocumentPage"} <= labels
    for model in ours:
        description = model.get_page_description()
        assert description and "Pagina's van het type" not in description, model
    assert (
        django_apps.get_model("kennisbank", "ThemePage")
        .get_page_description()
        .startswith("Een onderwerp")
    )


@pytest.mark.django_db
def test_add_page_chooser_shows_the_descriptions(client, redacteur, home_page):
    client.force_login(redacteur)

    html = client.get(reverse("wagtailadmin_pages:add_subpage", args=[home_page.pk])).content

    assert "Een gedragscode, regeling, protocol, plan of nota" in html.decode()


@pytest.mark.django_db
def test_inline_add_buttons_read_as_a_sentence(client, redacteur, home_page):
    client.force_login(redacteur)

    policy = client.get(
        reverse("wagtailadmin_pages:add", args=["kennisbank", "policydocumentpage", home_page.pk])
    ).content.decode()
    contact = client.get(
        reverse("wagtailadmin_pages:add", args=["kennisbank", "contactoverviewpage", home_page.pk])
    ).content.decode()

    assert "Voeg versie toe" in policy and "Voeg Versie toe" not in policy
    assert "Voeg rol toe" in contact and "Voeg Rol toe" not in contact


@pytest.mark.django_db
def test_news_date_far_in_the_past_is_refused(client, coordinator, home_page):
    index = NewsIndexPageFactory(parent=home_page, slug="nieuws")
    client.force_login(coordinator)
    data = nested_form_data(
        {
            "title": "Oud",
            "slug": "oud",
            "date": "1850-01-01",
            "intro": "Kort.",
            "theme": "",
            "body": streamfield([]),
        }
    )

    response = client.post(
        reverse("wagtailadmin_pages:add", args=["kennisbank", "newspage", index.pk]), data
    )

    assert response.status_code == 200
    assert "Deze datum kan niet kloppen." in response.content.decode()
    assert not NewsPage.objects.filter(slug="oud").exists()


@pytest.mark.django_db
def test_review_report_is_for_editors_not_for_the_meldpunt(client, redacteur, home_page):
    """The meldpunt uses the admin for its cases; it keeps no pages, so no page report."""
    from tests.meldkanaal.factories import team_member

    meldpunt = team_member()
    report, reports = reverse("kennisbank_review_overdue"), reverse("wagtailadmin_home")

    client.force_login(meldpunt)
    assert "Herziening nodig" not in client.get(reports).content.decode()
    assert client.get(report).status_code in (302, 403)

    client.force_login(redacteur)
    assert "Herziening nodig" in client.get(reports).content.decode()
    assert client.get(report).status_code == 200
