"""The read API from outside Django: httpx against the served demo site, for every endpoint
and every way in (a koppeling's key, each role's session), with a planted meldkanaal canary
that must never come back."""

import httpx
import pytest

from tests.e2e.helpers import login

pytestmark = pytest.mark.e2e

CANARY = "API-KANARIE-4c1e9b"
ENDPOINTS = ["pages", "nieuws", "evenementen", "contactpersonen", "images", "documents"]
ROLES = ["medewerker", "redacteur", "coordinator"]


@pytest.fixture(scope="module")
def koppeling_key(browser, live_site):
    """The Coördinator makes a koppeling in the admin and copies the key shown once."""
    context = browser.new_context(base_url=live_site.url, locale="nl-NL")
    try:
        page = context.new_page()
        login(page, "coordinator")
        page.goto("/admin/koppelingen/new/")
        page.get_by_label("Naam").fill("Intranetportaal (test)")
        page.get_by_role("button", name="Toevoegen").click()
        key = page.get_by_label("Sleutel").input_value()
        assert len(key) > 30
        return key
    finally:
        context.close()


@pytest.fixture(scope="module")
def planted_report(browser, live_site):
    """An anonymous report with the canary in it, sent through the form."""
    context = browser.new_context(base_url=live_site.url, locale="nl-NL")
    try:
        page = context.new_page()
        page.goto("/melden/")
        form = page.get_by_role("main")
        form.get_by_role("radio", name="Ongewenst gedrag").check()
        form.get_by_label("Wat is er gebeurd?").fill(f"Iemand deed iets. {CANARY}")
        form.get_by_role("radio", name="Anoniem").check()
        form.get_by_role("button", name="Melding versturen").click()
        page.get_by_role("heading", level=1, name="Je melding is verstuurd").wait_for()
    finally:
        context.close()


def session_cookies(browser, live_site, username):
    context = browser.new_context(base_url=live_site.url, locale="nl-NL")
    try:
        login(context.new_page(), username)
        return {c["name"]: c["value"] for c in context.cookies()}
    finally:
        context.close()


def read_everything(client: httpx.Client) -> list[httpx.Response]:
    """Every endpoint's listing (all pages of it, every field) and every item's detail."""
    responses = []
    for endpoint in ENDPOINTS:
        offset = 0
        while True:
            listing = client.get(f"/api/v2/{endpoint}/", params={"limit": 50, "offset": offset})
            responses.append(listing)
            assert listing.status_code == 200, (endpoint, listing.text[:300])
            items = listing.json()["items"]
            for item in items:
                responses.append(client.get(f"/api/v2/{endpoint}/{item['id']}/"))
            offset += len(items)
            if not items or offset >= listing.json()["meta"]["total_count"]:
                break
    return responses


def test_a_koppeling_reads_every_endpoint_and_never_the_meldkanaal(
    live_site, koppeling_key, planted_report
):
    with httpx.Client(
        base_url=live_site.url, headers={"Authorization": f"Bearer {koppeling_key}"}, timeout=30
    ) as client:
        responses = read_everything(client)
        types = {
            item["meta"]["type"] for item in client.get("/api/v2/pages/?limit=50").json()["items"]
        }

    assert all(r.status_code == 200 for r in responses), [
        r.url for r in responses if r.status_code != 200
    ]
    assert not any(CANARY in r.text for r in responses)
    assert not any(t.startswith("meldkanaal.") for t in types)
    assert len(responses) > 20  # the demo's pages, news, people, images and documents


@pytest.mark.parametrize("username", ROLES)
def test_each_role_reads_with_its_session(browser, live_site, planted_report, username):
    cookies = session_cookies(browser, live_site, username)
    with httpx.Client(base_url=live_site.url, cookies=cookies, timeout=30) as client:
        responses = read_everything(client)
    assert not any(CANARY in r.text for r in responses)


def test_without_a_key_or_session_nothing_is_read(live_site):
    with httpx.Client(base_url=live_site.url, timeout=30) as client:
        for endpoint in ENDPOINTS:
            response = client.get(f"/api/v2/{endpoint}/")
            assert response.status_code == 401
            assert "Bearer" in response.headers["WWW-Authenticate"]
        forged = client.get("/api/v2/pages/", headers={"Authorization": "Bearer verzonnen"})
        assert forged.status_code == 401
        assert client.get("/api/v2/openapi.json").json()["openapi"].startswith("3.1")
