"""A superuser tries to read a planted canary report, in a browser on the served demo: through
Wagtail's user editor (a new password, e-mail or username for `meldpunt`, also by a forged
POST with the fixed fields re-enabled), and by adding themself to the team. Every way fails,
nothing changes, and the team's beheerder gets an e-mail about it (the demo's console mail,
in the server's log)."""

import re
import subprocess
import sys

import pytest

from tests.e2e.helpers import DEMO_PASSWORD, REPO, login

pytestmark = pytest.mark.e2e

CANARY = "taxiritten declareren"  # in a demo report of Meldpunt integriteit
NEW_PASSWORD = "Overgenomen-door-beheer-99"


def _meldpunt_edit_url(page) -> str:
    page.goto("/admin/users/?q=meldpunt")
    return page.get_by_role("link", name=re.compile("meldpunt", re.I)).first.get_attribute("href")


def test_a_superuser_cannot_get_into_a_team_members_account(browsing, live_site):
    admin = browsing.new_page("admin")
    edit_url = _meldpunt_edit_url(admin)
    admin.goto(edit_url)
    for name in ("username", "email", "password1", "password2"):
        assert admin.locator(f"[name='{name}']").is_disabled(), name
    assert "Alleen het teamlid zelf kan dit wijzigen" in admin.content()

    # A forged POST: the fixed fields enabled again and filled in, as a script would.
    admin.evaluate(
        """([password]) => {
            for (const name of ["username", "email", "password1", "password2"]) {
                const field = document.querySelector(`[name='${name}']`);
                field.disabled = false;
                field.value = name === "username" ? "overgenomen"
                    : name === "email" ? "beheer@provincie.example" : password;
            }
        }""",
        [NEW_PASSWORD],
    )
    admin.evaluate("document.querySelector(\"[name='username']\").form.requestSubmit()")
    admin.get_by_text("Alleen het teamlid zelf kan het wachtwoord").first.wait_for()

    # Joining the team by posting to its page: refused.
    response = admin.request.post(
        "/admin/meldkanaal/teams/1/",
        form={"actie": "toevoegen", "team1-gebruikersnaam": "admin", "team1-rol": "beheerder"},
        headers={"X-CSRFToken": _csrf(admin)},
    )
    assert response.url.endswith("/admin/") or response.status in (302, 403)
    admin.goto("/admin/meldkanaal/melding/")
    assert "/admin/meldkanaal/melding/" not in admin.url or "Openen" not in admin.content()
    for url in ("/admin/meldkanaal/teams/", "/admin/meldkanaal/melding/inspect/1/"):
        admin.goto(url)
        assert CANARY not in admin.content(), url

    # Nothing changed: meldpunt logs in with the old password; the new one is refused.
    other = browsing.new_page()
    other.goto("/inloggen/")
    other.get_by_label("Gebruikersnaam").fill("meldpunt")
    other.get_by_label("Wachtwoord").fill(NEW_PASSWORD)
    other.get_by_role("button", name="Inloggen").click()
    assert "/inloggen/" in other.url
    member = browsing.new_page()
    login(member, "meldpunt", DEMO_PASSWORD)
    member.goto("/admin/meldkanaal/melding/")
    member.get_by_role("link", name="Openen").first.wait_for()

    # The beheerder (meldpunt) was told, without content: the demo's mail goes to the console
    # of the process that sends it (the worker; here the by-hand send).
    sent = subprocess.run(
        [sys.executable, "manage.py", "meldkanaal_verzend"],
        cwd=REPO,
        env=live_site.env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    log = sent.stdout + live_site.log_path.read_text(errors="replace")
    assert "To: meldpunt@provincie.example" in log
    assert "Wijziging van een account geweigerd: meldpunt" in log
    assert "Geweigerd: wijziging in Meldpunt integriteit" in log
    assert CANARY not in log


def _csrf(page) -> str:
    for cookie in page.context.cookies():
        if cookie["name"] == "csrftoken":
            return cookie["value"]
    return ""
