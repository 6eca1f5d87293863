"""A new version starts as a copy of the latest one; the Coördinator approves it from a page
that shows the changes word by word, and Wagtail's own compare shows the same marks
(issue 15; kennisbank/approval.py)."""

import datetime
import re

from django.test import Client
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from kennisbank.approval import pending_version_changes, version_changes
from kennisbank.constants import PolicyKind
from kennisbank.models import PolicyDocumentPage
from tests.kennisbank.factories import PolicyDocumentPageFactory, PolicyVersionFactory, articles

pytestmark = pytest.mark.django_db


@pytest.fixture
def code(home_page):
    page = PolicyDocumentPageFactory(
        parent=home_page,
        title="Gedragscode",
        slug="gedragscode",
        kind=PolicyKind.GEDRAGSCODE,
        summary="Hoe wij werken.",
        document_owner="IC",
    )
    PolicyVersionFactory(
        page=page,
        label="2016",
        adopted_on=datetime.date(2016, 1, 5),
        in_force_from=datetime.date(2016, 2, 1),
        articles=articles(("1", "Geschenken tot 50 euro mag je houden.")),
    )
    PolicyVersionFactory(
        page=page,
        label="2019",
        adopted_on=datetime.date(2019, 1, 5),
        in_force_from=datetime.date(2019, 2, 1),
        summary_of_changes="Lagere grens voor geschenken.",
        articles=articles(
            ("1", "Geschenken tot 25 euro mag je houden."),
            ("2", "Nevenwerk meld je vooraf."),
        ),
    )
    page.save_revision().publish()
    return PolicyDocumentPage.objects.get(pk=page.pk)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _version_data(version, **changes):
    data = {
        "id": version.pk,
        "label": version.label,
        "adopted_by": version.adopted_by,
        "adopted_on": version.adopted_on.isoformat(),
        "in_force_from": version.in_force_from.isoformat(),
        "summary_of_changes": version.summary_of_changes,
        "articles": streamfield(
            [
                (
                    "article",
                    {
                        "number": b.value["number"],
                        "title": "",
                        "text": rich_text(b.value["text"].source),
                    },
                )
                for b in version.articles
            ]
        ),
        "signed_document": "",
    }
    data.update(changes)
    return data


def _new_version(label, items):
    return {
        "label": label,
        "adopted_by": "gs",
        "adopted_on": "2025-06-01",
        "in_force_from": "2026-01-01",
        "summary_of_changes": "Elk geschenk melden.",
        "articles": streamfield(
            [
                ("article", {"number": number, "title": "", "text": rich_text(text)})
                for number, text in items
            ]
        ),
        "signed_document": "",
    }


def test_add_version_starts_as_a_copy_of_the_latest_marked_as_a_draft(code, redacteur):
    response = _client(redacteur).get(reverse("wagtailadmin_pages:edit", args=[code.pk]))

    html = response.content.decode()
    # The template "Voeg versie toe" clones in the browser (prefix __prefix__).
    template = html[html.index('id="id_versions-__prefix__-label"') - 2000 :]
    template = template[: template.index("</template>")]
    assert 'value="concept nieuwe versie"' in template
    assert "Concept op basis van versie 2019" in template
    assert "Lagere grens voor geschenken." in template
    assert "Geschenken tot 25 euro mag je houden." in template
    assert "Nevenwerk meld je vooraf." in template
    assert "50 euro" not in template
    # The existing versions keep their own text.
    assert html.count('value="concept nieuwe versie"') == 1


def test_a_new_page_has_no_version_to_copy(home_page, redacteur):
    url = reverse("wagtailadmin_pages:add", args=["kennisbank", "policydocumentpage", home_page.pk])
    html = _client(redacteur).get(url).content.decode()
    assert "concept nieuwe versie" not in html


def test_version_changes_compare_a_new_version_with_the_one_before(code):
    old = list(code.versions.all())
    draft = PolicyVersionFactory.build(
        page=code,
        label="2026",
        adopted_on=datetime.date(2025, 6, 1),
        in_force_from=datetime.date(2026, 1, 1),
        articles=articles(("1", "Geschenken meld je altijd."), ("2", "Nevenwerk meld je vooraf.")),
    )

    changes = version_changes(old, [*old, draft])

    assert len(changes) == 1
    change = changes[0]
    assert change.is_new and change.old.label == "2019" and change.new.label == "2026"
    first, second = change.comparison
    assert first.change == "changed" and second.change == "unchanged"
    assert ("delete", "tot 25 euro mag") in first.segments
    assert ("insert", "altijd.") in first.segments
    assert change.changed_articles == 1


def _submit_new_version(code, redacteur):
    versions = sorted(code.versions.all(), key=lambda v: v.in_force_from)
    data = nested_form_data(
        {
            "title": code.title,
            "slug": code.slug,
            "kind": code.kind,
            "summary": code.summary,
            "document_owner": code.document_owner,
            "review_date": "",
            "versions": inline_formset(
                [
                    *(_version_data(v) for v in versions),
                    _new_version(
                        "2026",
                        [
                            ("1", "Elk geschenk meld je bij je leidinggevende."),
                            ("2", "Nevenwerk meld je vooraf."),
                        ],
                    ),
                ],
                initial=len(versions),
                min=1,
            ),
        }
    )
    data["action-submit"] = "action-submit"
    response = _client(redacteur).post(reverse("wagtailadmin_pages:edit", args=[code.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return PolicyDocumentPage.objects.get(pk=code.pk)


def test_coordinator_approves_a_new_version_from_the_page_with_its_word_changes(
    code, redacteur, coordinator
):
    page = _submit_new_version(code, redacteur)
    assert page.current_workflow_state is not None
    coordinator_client = _client(coordinator)

    # The status panel of the edit page links to the changes.
    edit = coordinator_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    changes_url = reverse("kennisbank_policy_changes", args=[page.pk])
    assert changes_url in edit.content.decode()

    response = coordinator_client.get(changes_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nieuwe versie ‘2026’, vergeleken met versie ‘2019’" in html
    assert re.search(r'<del class="kb-del"><span class="visually-hidden">verwijderd: </span>', html)
    assert '<ins class="kb-ins"><span class="visually-hidden">toegevoegd: </span>' in html
    assert "1 artikel veranderd" in html
    approve = re.search(r'<form method="post" action="([^"]+/approve/\d+/)"', html)
    assert approve, "an approve button for the coordinator"

    coordinator_client.post(approve.group(1))

    page = PolicyDocumentPage.objects.get(pk=page.pk)
    assert page.live and not page.has_unpublished_changes
    assert sorted(v.label for v in page.versions.all()) == ["2016", "2019", "2026"]
    assert pending_version_changes(page) == []


def test_redactie_sees_the_changes_but_no_approve_button(code, redacteur):
    page = _submit_new_version(code, redacteur)

    html = _client(redacteur).get(reverse("kennisbank_policy_changes", args=[page.pk])).content
    html = html.decode()
    assert "Nieuwe versie ‘2026’" in html
    assert "/approve/" not in html


def test_the_meldpunt_cannot_open_the_changes(code, client, django_user_model):
    outsider = django_user_model.objects.create_user("buiten", password="x", is_staff=True)
    response = _client(outsider).get(reverse("kennisbank_policy_changes", args=[code.pk]))
    assert response.status_code in (302, 403)


def test_wagtails_own_compare_shows_the_same_word_marks(code, redacteur, coordinator):
    page = _submit_new_version(code, redacteur)
    live, draft = page.live_revision, page.get_latest_revision()
    url = reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, live.pk, draft.pk])

    html = _client(coordinator).get(url).content.decode()

    assert '<ins class="kb-ins"><span class="visually-hidden">toegevoegd: </span>' in html
    assert '<del class="kb-del"><span class="visually-hidden">verwijderd: </span>' in html
    assert "Nevenwerk meld je vooraf." in html
