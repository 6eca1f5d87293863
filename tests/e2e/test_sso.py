"""Single sign-on against a real OpenID Connect provider, in Chromium.

The provider is node-oidc-provider (tests/oidc_provider/provider.mjs) on a free loopback
port; the plein runs beside it with OIDC_* set, on the same demo database as the other
journeys. People and their groups "at the provider" live in a JSON file the test rewrites.
"""

import json
import os
import shutil
import subprocess
import time

import pytest

from tests.e2e.conftest import _free_port, serve
from tests.e2e.helpers import REPO

pytestmark = pytest.mark.e2e

PROVIDER_DIR = REPO / "tests" / "oidc_provider"
CLIENT_ID = "integriteitsplein"
CLIENT_SECRET = "test-only-secret"


def _accounts(groups, amr=None):
    return {
        "anna": {
            "password": "provincie",
            "amr": amr or ["pwd"],
            "claims": {
                "preferred_username": "anna.devries",
                "given_name": "Anna",
                "family_name": "de Vries",
                "email": "anna.devries@provincie.example",
                "groups": groups,
                "department": "Financiën",
            },
        }
    }


class Provider:
    def __init__(self, tmp, site_port):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.accounts_file = tmp / "accounts.json"
        self.set_groups(["integriteitsplein-redactie"])
        self.log_path = tmp / "provider.log"
        self.env = {
            **os.environ,
            "PORT": str(self.port),
            "ACCOUNTS_FILE": str(self.accounts_file),
            "CLIENT_ID": CLIENT_ID,
            "CLIENT_SECRET": CLIENT_SECRET,
            "REDIRECT_URI": f"http://127.0.0.1:{site_port}/sso/callback/",
            "POST_LOGOUT_URI": f"http://127.0.0.1:{site_port}/inloggen/?uitgelogd=1",
        }
        self.process = None

    def set_groups(self, groups, amr=None):
        self.accounts_file.write_text(json.dumps(_accounts(groups, amr)))

    def start(self):
        node = shutil.which("node")
        if node is None or not (PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
            pytest.fail(
                "The test provider needs node and `make install` (npm ci in tests/oidc_provider)."
            )
        self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - our own script
            [node, "provider.mjs"],
            cwd=PROVIDER_DIR,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        import urllib.request

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/.well-known/openid-configuration", timeout=2)  # noqa: S310
                return
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"The test provider did not start:\n{self.log_path.read_text()[-2000:]}")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.log.close()
            self.process = None


@pytest.fixture(scope="module")
def sso_site(live_site, tmp_path_factory):
    """The demo site again, now with single sign-on, beside a real provider."""
    tmp = tmp_path_factory.mktemp("sso")
    port = _free_port()
    provider = Provider(tmp, port)
    provider.start()
    # The served demo's own environment (database, files, secrets), with single sign-on on.
    env = dict(live_site.env)
    env.update(
        OIDC_RP_CLIENT_ID=CLIENT_ID,
        OIDC_RP_CLIENT_SECRET=CLIENT_SECRET,
        OIDC_OP_ISSUER=provider.url,
        OIDC_OP_AUTHORIZATION_ENDPOINT=f"{provider.url}/auth",
        OIDC_OP_TOKEN_ENDPOINT=f"{provider.url}/token",
        OIDC_OP_USER_ENDPOINT=f"{provider.url}/me",
        OIDC_OP_JWKS_ENDPOINT=f"{provider.url}/jwks",
        OIDC_OP_LOGOUT_ENDPOINT=f"{provider.url}/session/end",
        OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS="4",
    )
    try:
        with serve(env, tmp / "server.log", port) as site:
            site.provider = provider
            yield site
    finally:
        provider.stop()


@pytest.fixture
def sso_page(browser, sso_site):
    context = browser.new_context(base_url=sso_site.url, locale="nl-NL")
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def sign_in_at_provider(page):
    page.goto("/inloggen/")
    page.get_by_role("link", name="Inloggen met je provincie-account").click()
    page.get_by_label("Gebruikersnaam").fill("anna")
    page.get_by_label("Wachtwoord").fill("provincie")
    with page.expect_navigation(
        url=lambda url: (
            "/sso/callback/" not in url and "/auth" not in url and "/interaction/" not in url
        )
    ):
        page.get_by_role("button", name="Inloggen bij de provincie").click()
    assert "/inloggen/" not in page.url, page.locator("main").inner_text()


def roles_on_account_page(page):
    page.goto("/mijn-account/")
    return page.locator("dt:has-text('Rollen') + dd").inner_text()


def test_sign_in_role_change_and_logout_at_the_provider(sso_page, sso_site):
    sso_site.provider.set_groups(["integriteitsplein-redactie"])
    sign_in_at_provider(sso_page)
    assert "Anna de Vries" in sso_page.locator(".site-user__name").inner_text()
    assert roles_on_account_page(sso_page) == "Medewerker, Redactie"
    # The department comes from the provider's claim (training counts per afdeling).
    assert sso_page.locator("dt:has-text('Afdeling') + dd").inner_text() == "Financiën"

    # The provider takes Redactie away; logging out ends the session there too.
    sso_site.provider.set_groups([])
    sso_page.get_by_role("button", name="Uitloggen").first.click()
    sso_page.wait_for_url("**/inloggen/?uitgelogd=1")
    assert "Je bent uitgelogd, ook bij de provincie" in sso_page.content()

    # Signing in again asks for the password at the provider (its session ended) and
    # brings the new roles.
    sign_in_at_provider(sso_page)
    assert roles_on_account_page(sso_page) == "Medewerker"


def test_a_session_that_ended_at_the_provider_ends_here_with_a_dutch_message(sso_page, sso_site):
    sign_in_at_provider(sso_page)
    # The provider forgets every session (a restart: its sessions live in memory).
    sso_site.provider.stop()
    sso_site.provider.start()
    time.sleep(5)  # past OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS of this server
    sso_page.goto("/")
    sso_page.wait_for_url("**/inloggen/?sso=verlopen")
    assert "Je sessie bij de provincie is verlopen" in sso_page.content()
    sso_page.goto("/mijn-account/")
    assert "/inloggen/" in sso_page.url


def test_external_reporter_reaches_the_meldkanaal_with_sso_on(sso_page):
    sso_page.goto("/melden/")
    assert "/inloggen/" not in sso_page.url
    assert sso_page.get_by_role("heading", level=1).count() == 1
