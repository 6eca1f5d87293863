"""Factories and helpers for the meldkanaal tests."""

import io
import zipfile

from meldkanaal import services
from meldkanaal.constants import Identiteit, Soort
from meldkanaal.models import Rol, Team, Teamlidmaatschap
from meldkanaal.teams import MELDPUNT_INTEGRITEIT, ensure_team
from tests.factories import UserFactory

CANARY = "KANARIE-7f3a9c-geheime-inhoud"

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def team_member(username="meldpunt", team_name=MELDPUNT_INTEGRITEIT, rol=Rol.LID, **kwargs):
    """An account with an active membership of the team (made as the server would: no
    acting user). The notices about it are removed: test_team_model.py tests them; here they
    would only add mails to the outbox of the tests that count mails."""
    from meldkanaal.constants import NotificatieSoort
    from meldkanaal.models import Notificatie

    team = ensure_team(team_name)
    user = UserFactory(username=username, **kwargs)
    Teamlidmaatschap.objects.create(team=team, gebruiker=user, rol=rol)
    Notificatie.objects.filter(soort=NotificatieSoort.TEAMLID).delete()
    return user


def other_team(name="Team ongewenst gedrag", with_reader=True) -> Team:
    """A second team; with one active member, so that reports may be passed on to it."""
    team = ensure_team(name)
    if with_reader and not team.heeft_lezers():
        import uuid

        team_member(f"lezer-{uuid.uuid4().hex[:8]}", team_name=name)
    return team


def make_report(**kwargs):
    values = {
        "soort": Soort.ZAKELIJKE_INTEGRITEIT,
        "identiteit": Identiteit.VERTROUWELIJK,
        "beschrijving": f"Declaraties kloppen niet. {CANARY}",
        "naam": f"Naam {CANARY}",
        "contact": "melder@example.org",
    }
    values.update(kwargs)
    return services.submit_report(**values)


def make_form_page(home_page, **kwargs):
    from meldkanaal.models import MeldFormPage

    page = MeldFormPage(title="Melden", slug="melden", **kwargs)
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page
