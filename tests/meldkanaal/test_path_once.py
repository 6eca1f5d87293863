"""The meldkanaal's address is written once: settings.MELDKANAAL_PATH."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("integriteitsplein", "home", "kennisbank", "meldkanaal", "search", "templates")
# The address as a literal (a string or an href), not a word in a sentence or comment.
LITERAL = re.compile(r"""["'=]\s*/melden/""")


def test_the_path_is_a_literal_only_in_the_settings():
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*"):
            if path.suffix not in {".py", ".html", ".js", ".txt"} or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(errors="ignore").splitlines(), 1):
                if LITERAL.search(line) and not line.lstrip().startswith("#"):
                    found.append(f"{path.relative_to(ROOT)}:{number}")

    assert found == ["integriteitsplein/settings/base.py:" + _settings_line()]


def _settings_line() -> str:
    text = (ROOT / "integriteitsplein/settings/base.py").read_text().splitlines()
    return str(next(i for i, line in enumerate(text, 1) if line.startswith("MELDKANAAL_PATH")))


@pytest.mark.django_db
def test_pages_link_to_the_configured_path(client, settings):
    from meldkanaal import views

    html = client.get("/inloggen/").content.decode()

    assert f'href="{settings.MELDKANAAL_PATH}"' in html
    assert views.CONFIRMATION_PATH.startswith(settings.MELDKANAAL_PATH)
    assert views.FOLLOW_UP_PATH.startswith(settings.MELDKANAAL_PATH)
