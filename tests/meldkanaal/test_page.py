"""The form page as editors see it, and what must never happen to a report."""

from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Revision
from wagtail.search import index
from wagtail.snippets.models import get_snippet_models
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from home.models import HomePage
from meldkanaal.models import Bericht, MeldFormPage, Melding
from tests.meldkanaal.factories import CANARY, make_form_page, make_report

pytestmark = pytest.mark.django_db


def test_reports_are_never_indexed_or_snippets():
    for model in (Melding, Bericht):
        assert not issubclass(model, index.Indexed)
        assert model not in get_snippet_models()


def test_editor_can_create_the_form_page_under_home(client, superuser, home_page):
    client.force_login(superuser)
    data = nested_form_data(
        {
            "title": "Melden",
            "slug": "melden",
            "intro": rich_text("<p>Meld het hier.</p>"),
            "apparaat_waarschuwing": "Let op je werklaptop.",
            "bescherming": rich_text(""),
            "andere_manieren": rich_text(""),
            "soorten": inline_formset([{"soort": "misstand", "uitleg": "Ernstig."}]),
            "vragen": inline_formset(
                [{"label": "Waar?", "hulptekst": "", "veldtype": "kort", "verplicht": "on"}]
            ),
            "action-publish": "publish",
        }
    )
    response = client.post(f"/admin/pages/add/meldkanaal/meldformpage/{home_page.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = MeldFormPage.objects.get()
    assert page.url_path.endswith("/melden/")
    assert [s.soort for s in page.soorten.all()] == ["misstand"]
    assert page.vragen.get().verplicht
    assert MeldFormPage in HomePage.allowed_subpage_models()


def test_submission_leaves_nothing_in_wagtail_forms_or_revisions(client, home_page):
    page = make_form_page(home_page)
    revisions_before = Revision.objects.count()
    make_report()
    assert FormSubmission.objects.count() == 0
    assert Revision.objects.count() == revisions_before
    assert not any(CANARY in str(r.content) for r in Revision.objects.all())
    assert page.get_latest_revision() is not None
