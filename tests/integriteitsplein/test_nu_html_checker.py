"""Every page type of the demo is valid HTML by the Nu Html Checker (vnu.jar).

The pages are rendered from the demo content by Django's test client, as a logged-in
employee unless a line says otherwise, written to files and checked in one run of
vnu.jar (the `vnu-jar` package from the npm registry, run by Java from Debian:
`apt-get install default-jre-headless`; .ci/run installs it). Errors fail the test, each
with its page, line and message; warnings are not counted.

A new page type is one line in PAGES: a name, the address, and optionally who asks and the
status expected (README, "Tests").
"""

import gc
import json
import os
import re
import shutil
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model

import pytest

from tests.e2e.helpers import REPO

VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
GEDRAGSCODE = "/gedragscode-en-regels/gedragscode-ambtelijke-integriteit"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    user: str | None = "medewerker"  # a demo account, or None for a visitor without login
    status: int = 200


PAGES = [
    Page("home", "/"),
    Page("onderwerp", "/gedragscode-en-regels/"),
    Page("beleidsdocument", f"{GEDRAGSCODE}/"),
    Page("beleidsdocument op een datum", f"{GEDRAGSCODE}/?op=2018-01-01"),
    Page("versies", f"{GEDRAGSCODE}/versies/"),
    Page("één versie", f"{GEDRAGSCODE}/versies/2016/"),
    Page("versies vergeleken", f"{GEDRAGSCODE}/vergelijk/2016/2019/"),
    Page("inhoudspagina", "/melden-en-vertrouwenspersonen/wat-is-een-misstand/"),
    Page("inhoudspagina met kerncijfers", "/weerbaarheid-en-ondermijning/bibob/"),
    Page("inhoudspagina zonder login", "/melden-en-vertrouwenspersonen/wat-is-een-misstand/", None),
    Page("nieuws", "/nieuws/"),
    Page("nieuwsbericht", "/nieuws/jaarverslag-integriteit-2024/"),
    Page("e-learning", "/leren-en-oefenen/morele-oordeelsvorming/"),
    Page("e-learning klassikaal", "/leren-en-oefenen/dilemmaspel/"),
    Page("met wie kan ik praten", "/melden-en-vertrouwenspersonen/met-wie-kan-ik-praten/"),
    Page("zoeken met resultaten", "/zoeken/?q=geschenken"),
    Page("zoeken zonder resultaten", "/zoeken/?q=xyzzyquux"),
    Page("meldformulier", "/melden/"),
    Page("meldformulier zonder login", "/melden/", None),
    Page("inloggen", "/inloggen/", None),
    Page("niet gevonden", "/deze-pagina-bestaat-niet/", status=404),
    Page("jaarverslag", "/jaarverslag-integriteit-2024/"),
]


def _tool(path: str | None, what: str) -> str:
    """The tool's path; without it the test skips locally and fails in CI."""
    if path:
        return path
    message = (
        f"The Nu Html Checker needs {what}: `make install` (npm ci) installs vnu.jar, "
        "`apt-get install default-jre-headless` installs Java."
    )
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _confirmation(client) -> str:
    """The meldkanaal's confirmation page, reached by sending the form."""
    form = client.get("/melden/").content.decode()
    token = re.search(r'name="formulier_token" value="([^"]+)"', form).group(1)
    data = {
        "formulier_token": token,
        "soort": "misstand",
        "identiteit": "anoniem",
        "beschrijving": "Er verdwijnt geld uit de kas.",
    }
    response = client.post("/melden/", data)
    assert response.status_code == 303, response.content.decode()[:2000]
    response = client.get(response["Location"])
    assert response.status_code == 200
    return response.content.decode()


def _render(client, page: Page) -> str:
    client.logout()
    if page.user:
        client.force_login(get_user_model().objects.get(username=page.user))
    response = client.get(page.path)
    assert response.status_code == page.status, f"{page.name}: {page.path}"
    return response.content.decode()


def _vnu(files: list[Path]) -> list[dict]:
    java = _tool(shutil.which("java"), "Java")
    jar = _tool(str(VNU_JAR) if VNU_JAR.exists() else None, "node_modules/vnu-jar")
    result = subprocess.run(  # noqa: S603 - fixed command, our own files
        [java, "-Xss1m", "-jar", jar, "--format", "json", "--stdout", "--exit-zero-always"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)["messages"]


@pytest.mark.django_db
def test_every_page_type_is_valid_html(demo, client, tmp_path):

    # Rendering makes the demo's image renditions; Wagtail leaves each one's temporary file
    # to the garbage collector, whose ResourceWarning is silenced and collected here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        rendered = {page.name: _render(client, page) for page in PAGES}
        client.force_login(get_user_model().objects.get(username="medewerker"))
        rendered["meldkanaal bevestiging"] = _confirmation(client)
        gc.collect()

    files = {}
    for number, (name, html) in enumerate(rendered.items()):
        path = tmp_path / f"{number:02d}.html"
        path.write_text(html)
        files[path.name] = name
    errors = [
        m
        for m in _vnu([tmp_path / f for f in files])
        if m["type"] in {"error", "non-document-error"}
    ]

    def page_of(message):
        return files.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url"))

    lines = [
        f"{page_of(m)}, line {m.get('lastLine', '?')}: {m['message']}  "
        f"{m.get('extract', '').strip()[:120]!r}"
        for m in errors
    ]
    assert not errors, f"The Nu Html Checker found {len(errors)} error(s):\n" + "\n".join(lines)
