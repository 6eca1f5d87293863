"""Media: what an open page shows is served without a login, nothing else is; editors'
documents only through Wagtail's serve view, as attachments with a CSP."""

import gc
import json
import warnings

from django.test import Client

from wagtail.images import get_image_model

import pytest
import wagtail_factories

from kennisbank import blocks
from kennisbank.models.people import PHOTO_FILTER
from tests.kennisbank.factories import (
    ContactOverviewPageFactory,
    ContactPersonFactory,
    ContentPageFactory,
    photo,
)

pytestmark = pytest.mark.django_db


def _publish(page):
    page.save_revision().publish()
    return page


def _rendition(image, spec):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        rendition = image.get_rendition(spec)
        gc.collect()
    return rendition


def _document(name="gedragscode.pdf"):
    document = wagtail_factories.DocumentFactory(
        title="Gedragscode", file__filename=name, file__data=b"%PDF-1.4 " + b"x" * 100
    )
    return document


def fetch(client, url):
    """GET a file and close it (a file left open is a ResourceWarning). Only the file:
    response.close() would end the test's database connection (request_finished)."""
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
        for close in response._resource_closers:
            close()
    return response


def _body(image=None, document=None):
    body = []
    if image:
        body.append({"type": "image", "value": {"image": image.pk, "alt_text": "Overleg"}})
    if document:
        body.append(
            {"type": "documents", "value": {"title": "", "documents": [{"document": document.pk}]}}
        )
    return json.dumps(body)


def test_a_visitor_sees_every_portrait_on_the_open_contact_page(client, home_page):
    people = [ContactPersonFactory(photo=photo(f"Portret {n}")) for n in range(3)]
    draft = ContactPersonFactory(photo=photo("Nog niet gepubliceerd"), live=False)
    page = _publish(
        ContactOverviewPageFactory(parent=home_page, slug="praten", open_without_login=True)
    )

    html = client.get(page.url).content.decode()
    for person in people:
        url = person.photo_rendition.url
        assert url in html
        response = fetch(client, url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("image/")
    # Someone not (yet) on the page: their portrait stays behind the login.
    draft_url = _rendition(draft.photo, PHOTO_FILTER).url
    assert fetch(client, draft_url)["Location"].startswith("/inloggen/")
    # The original upload is never open, only the rendition the page shows.
    assert fetch(client, people[0].photo.file.url)["Location"].startswith("/inloggen/")


def test_any_other_image_asks_for_the_login(client, home_page):
    image = wagtail_factories.ImageFactory()
    closed = _publish(ContentPageFactory(parent=home_page, slug="intern", body=_body(image)))
    rendition = _rendition(image, blocks.IMAGE_RENDITION)
    assert closed.url
    for url in (rendition.url, image.file.url, "/media/images/bestaat-niet.jpg"):
        response = fetch(client, url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/inloggen/?next=/media/"), url
    # Logged in, an employee sees the intranet's images as before.
    employee = Client()
    employee.force_login(_user())
    assert fetch(employee, rendition.url).status_code == 200


def _user():
    from tests.factories import UserFactory

    return UserFactory(username="lezer")


def test_images_and_documents_of_an_open_content_page_are_open(client, home_page):
    image = wagtail_factories.ImageFactory()
    _rendition(image, blocks.IMAGE_RENDITION)
    document = _document()
    page = _publish(
        ContentPageFactory(
            parent=home_page,
            slug="misstand",
            open_without_login=True,
            body=_body(image, document),
        )
    )
    html = client.get(page.url).content.decode()
    rendition = get_image_model().get_rendition_model().objects.get(image=image)
    assert rendition.url in html
    assert fetch(client, rendition.url).status_code == 200
    download = fetch(client, document.url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")

    # Closing the page again closes its media (the answer is not kept after publishing).
    page.open_without_login = False
    _publish(page)
    assert fetch(client, rendition.url).status_code == 302
    assert fetch(client, document.url).status_code == 302


def test_documents_never_come_from_media(home_page):
    document = _document("regeling.pdf")
    employee = Client()
    employee.force_login(_user())
    assert document.file.url.startswith("/media/documents/")
    assert fetch(employee, document.file.url).status_code == 404
    assert fetch(Client(), document.file.url).status_code in (302, 404)

    # Through the serve view: a download with Wagtail's own CSP, never shown inline.
    response = fetch(employee, document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert document.url.startswith("/documenten/")
