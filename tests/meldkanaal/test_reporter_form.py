"""The report form as a reporter and an editor meet it: errors, Back, preview, side column."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from kennisbank.models import ContactOverviewPage, ContentPage
from meldkanaal.constants import Identiteit, Soort
from meldkanaal.models import MeldFormPage, MeldFormSoort, Melding, MeldVraag
from tests.meldkanaal.factories import PDF, make_form_page

pytestmark = pytest.mark.django_db


def _token(client):
    html = client.get("/melden/").content.decode()
    return re.search(r'name="formulier_token" value="([^"]+)"', html).group(1)


def _post(client, **overrides):
    data = {
        "formulier_token": _token(client),
        "soort": Soort.MISSTAND,
        "beschrijving": "Er verdwijnt geld uit de kas.",
        "identiteit": Identiteit.ANONIEM,
    }
    data.update(overrides)
    return client.post("/melden/", data)


def _tag(html, element_id):
    return re.search(rf'<[^>]*\bid="{element_id}"[^>]*>', html).group(0)


def test_form_is_not_kept_by_the_browser(client, form_page):
    response = client.get("/melden/#inhoud")
    html = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    form = re.search(r"<form [^>]*data-meldformulier[^>]*>", html).group(0)
    assert 'autocomplete="off"' in form
    # An explicit action without fragment: a refused form never comes back at #inhoud,
    # where the browser would move focus away from the error summary.
    assert 'action="/melden/"' in form
    # The script that empties a form restored from the browser's back-forward cache
    # lives in a file (no inline scripts under the CSP).
    assert "/static/meldkanaal/js/formulier.js" in html
    script = finders.find("meldkanaal/js/formulier.js")
    source = Path(script).read_text(encoding="utf-8")
    assert "event.persisted" in source and "form.reset()" in source


@pytest.fixture
def kinds(form_page):
    for order, soort in enumerate((Soort.MISSTAND, Soort.ANDERS)):
        MeldFormSoort.objects.create(
            page=form_page, soort=soort, uitleg=f"Uitleg {order}", sort_order=order
        )
    return 2


def test_error_summary_links_radio_groups_to_their_first_radio(client, form_page, kinds):
    html = _post(client, soort="", identiteit="").content.decode()
    assert 'href="#"' not in html
    assert 'href="#id_soort_0"' in html and 'href="#id_identiteit_0"' in html
    for index in range(kinds):
        radio = _tag(html, f"id_soort_{index}")
        assert 'aria-invalid="true"' in radio
        # Its own explanation and the group's error, both.
        assert f'aria-describedby="id_soort_{index}_helptext id_soort_error"' in radio
    assert 'id="id_soort_error"' in html
    assert 'id="id_soort_0_helptext"' in html


def test_valid_radio_group_is_not_marked_invalid(client, form_page, kinds):
    html = _post(client, beschrijving="").content.decode()
    radio = _tag(html, "id_soort_0")
    assert "aria-invalid" not in radio
    assert 'aria-describedby="id_soort_0_helptext"' in radio


def test_field_error_keeps_the_help_text_in_aria_describedby(client, form_page):
    html = _post(client, beschrijving=" ").content.decode()
    textarea = _tag(html, "id_beschrijving")
    assert 'aria-invalid="true"' in textarea
    assert 'aria-describedby="id_beschrijving_helptext id_beschrijving_error"' in textarea
    assert 'id="id_beschrijving_helptext"' in html and 'id="id_beschrijving_error"' in html
    # Fields without errors point only at ids that exist.
    for described in re.findall(r'aria-describedby="([^"]+)"', html):
        for element_id in described.split():
            assert f'id="{element_id}"' in html, element_id


def test_checkbox_question_is_described_and_marked_invalid(client, form_page):
    vraag = MeldVraag.objects.create(
        page=form_page,
        label="Mag het meldpunt je bellen?",
        hulptekst="Alleen als je je nummer gaf.",
        veldtype=MeldVraag.JA_NEE,
        verplicht=True,
    )
    html = _post(client).content.decode()
    checkbox = _tag(html, f"id_{vraag.veldnaam}")
    assert 'aria-invalid="true"' in checkbox
    assert f'aria-describedby="id_{vraag.veldnaam}_helptext id_{vraag.veldnaam}_error"' in checkbox


def test_refused_attachment_says_the_others_must_be_chosen_again(client, form_page):
    files = [
        SimpleUploadedFile("brief.pdf", PDF, "application/pdf"),
        SimpleUploadedFile("virus.pdf", b"MZ nope", "application/pdf"),
        SimpleUploadedFile("notulen.pdf", PDF, "application/pdf"),
    ]
    response = _post(client, bijlagen=files)
    html = response.content.decode()
    assert response.status_code == 400
    assert "virus.pdf is geen bestand dat we aannemen" in html
    assert "Je andere bijlagen (brief.pdf, notulen.pdf) zijn wel goed" in html
    assert "opnieuw kiezen" in html
    assert Melding.objects.count() == 0

    one_bad = _post(client, bijlagen=[SimpleUploadedFile("leeg.pdf", b"", "application/pdf")])
    assert "Je andere" not in one_bad.content.decode()  # nothing else to choose again


def test_confirmation_shows_the_code_in_groups_of_four(client, form_page):
    assert _post(client).status_code == 303
    html = client.get("/melden/bevestiging/").content.decode()
    code_html = re.search(r"data-opvolgcode>(.*?)</code>", html).group(1)
    groups = re.findall(r'<span class="meldkanaal-code__groep">([^<]+)</span>', code_html)
    assert len(groups) == 6
    assert all(re.fullmatch(r"[A-Z0-9]{4}-?", g) for g in groups)
    # Copying gives the code as typed: no spaces, the dashes in place.
    code = re.sub(r"<[^>]+>", "", code_html)
    assert re.fullmatch(r"([A-Z0-9]{4}-){5}[A-Z0-9]{4}", code)


def _page_data(page, **overrides):
    data = {
        "title": page.title,
        "slug": page.slug,
        "intro": rich_text("<p>Meld het hier.</p>"),
        "apparaat_waarschuwing": "Let op je werklaptop.",
        "bescherming": rich_text(""),
        "andere_manieren": rich_text(""),
        "soorten": inline_formset([]),
        "vragen": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editor_cannot_offer_a_kind_twice(client, superuser, form_page):
    client.force_login(superuser)
    data = _page_data(
        form_page,
        soorten=inline_formset(
            [{"soort": "misstand", "uitleg": "Ernstig."}, {"soort": "misstand", "uitleg": ""}]
        ),
    )
    data["action-publish"] = "publish"
    response = client.post(f"/admin/pages/{form_page.pk}/edit/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "De soort ‘Vermoeden van een misstand’ staat er al." in html
    assert MeldFormSoort.objects.filter(page=form_page).count() == 0


def test_editor_cannot_ask_the_same_question_twice(client, superuser, form_page):
    client.force_login(superuser)
    question = {"hulptekst": "", "veldtype": "kort", "verplicht": ""}
    data = _page_data(
        form_page,
        vragen=inline_formset(
            [
                {**question, "label": "Op welke afdeling?"},
                {**question, "label": "op  welke afdeling?"},
            ]
        ),
    )
    data["action-publish"] = "publish"
    response = client.post(f"/admin/pages/{form_page.pk}/edit/", data)
    assert response.status_code == 200
    assert "staat er al. Stel elke vraag maar één keer." in response.content.decode()
    assert MeldVraag.objects.filter(page=form_page).count() == 0

    # A question removed in the same edit does not count as a duplicate.
    data = _page_data(
        form_page,
        vragen=inline_formset(
            [
                {**question, "label": "Op welke afdeling?", "DELETE": "1"},
                {**question, "label": "Op welke afdeling?"},
            ]
        ),
    )
    data["action-publish"] = "publish"
    assert client.post(f"/admin/pages/{form_page.pk}/edit/", data).status_code == 302
    assert MeldVraag.objects.filter(page=form_page).count() == 1


def test_preview_shows_the_real_form_that_cannot_be_sent(client, superuser, form_page):
    client.force_login(superuser)
    question = {"hulptekst": "", "veldtype": "kort", "verplicht": ""}
    data = _page_data(
        form_page,
        soorten=inline_formset([{"soort": "misstand", "uitleg": "Iets ernstigs."}]),
        vragen=inline_formset(
            [
                {**question, "label": "Nieuwe vraag een"},
                {**question, "label": "Nieuwe vraag twee", "veldtype": "ja_nee"},
            ]
        ),
    )
    url = f"/admin/pages/{form_page.pk}/edit/preview/"
    assert client.post(url, data).json()["is_valid"]
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vermoeden van een misstand" in html and "Ongewenst gedrag" not in html
    assert "Iets ernstigs." in html
    assert "Nieuwe vraag een" in html and "Nieuwe vraag twee" in html  # both unsaved questions
    assert "Wat is er gebeurd?" in html and "Hoe wil je melden?" in html
    assert "Vanuit het voorbeeld kun je niets versturen" in html
    button = re.search(r"<button[^>]*>Melding versturen", html).group(0)
    assert "disabled" in button
    assert 'name="formulier_token"' not in html  # and the server would refuse it anyway
    assert Melding.objects.count() == 0


def test_side_column_links_the_chosen_pages(client, home_page):
    contact = ContactOverviewPage(title="Met wie kan ik praten?", slug="praten")
    home_page.add_child(instance=contact)
    uitleg = ContentPage(title="Wat is een misstand?", slug="misstand")
    home_page.add_child(instance=uitleg)
    concept = ContentPage(title="Nog niet af", slug="concept", live=False)
    home_page.add_child(instance=concept)
    page = make_form_page(home_page, praten_pagina=contact, misstand_pagina=uitleg)
    html = client.get("/melden/").content.decode()
    aside = html[html.index("<aside") : html.index("</aside>")]
    assert f'href="{contact.url}"' in aside and "Met wie kan ik praten?" in aside
    assert f'href="{uitleg.url}"' in aside

    page.regeling_pagina = concept  # a page that is not live is not linked
    page.save_revision().publish()
    html = client.get("/melden/").content.decode()
    assert concept.url_path not in html


def test_editor_sees_page_choosers_for_the_side_column(client, superuser, form_page):
    client.force_login(superuser)
    html = client.get(f"/admin/pages/{form_page.pk}/edit/").content.decode()
    assert "Links in de zijkolom" in html
    for name in ("praten_pagina", "misstand_pagina", "regeling_pagina"):
        assert f'name="{name}"' in html
    assert MeldFormPage.base_form_class.__name__ == "MeldFormPageForm"
