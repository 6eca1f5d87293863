"""Admin and meldkanaal sessions end after 30 minutes idle and 8 hours in all; a password
change ends the person's other sessions."""

import time

from django.test import Client

import pytest

from integriteitsplein.middleware import SessionTimeoutMiddleware as Timeout
from tests.meldkanaal.factories import team_member


def _age(client, idle: int = 0, total: int = 0) -> None:
    """Move the session's clock back: as if the last request was `idle` seconds ago."""
    session = client.session
    now = int(time.time())
    session[Timeout.LAST] = now - idle
    session[Timeout.STARTED] = now - total
    session.save()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["team", "superuser", "redacteur"])
def test_admin_session_ends_after_30_minutes_idle(who, superuser, redacteur, home_page):
    user = {"team": team_member, "superuser": lambda: superuser, "redacteur": lambda: redacteur}[
        who
    ]()
    client = Client()
    client.force_login(user)
    _age(client, idle=29 * 60)
    assert client.get("/admin/").status_code == 200

    _age(client, idle=31 * 60)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/pages/"
    login_page = client.get(response["Location"])
    assert "30 minuten niets hebt gedaan" in login_page.content.decode()
    assert "_auth_user_id" not in client.session
    # The session is over, not paused: the admin asks for the password again.
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_session_ends_after_8_hours_even_when_busy(home_page):
    client = Client()
    client.force_login(team_member())
    _age(client, idle=10, total=8 * 3600 - 60)
    assert client.get("/admin/").status_code == 200
    _age(client, idle=10, total=8 * 3600 + 1)
    response = client.get("/")
    assert response["Location"] == "/inloggen/?next=/"
    assert "al 8 uur bent ingelogd" in client.get("/inloggen/").content.decode()


@pytest.mark.django_db
def test_a_request_keeps_the_session_alive(home_page):
    client = Client()
    client.force_login(team_member())
    _age(client, idle=25 * 60)
    client.get("/admin/")
    assert int(time.time()) - client.session[Timeout.LAST] < 60


@pytest.mark.django_db
def test_an_employee_on_the_intranet_keeps_the_usual_session(medewerker, home_page):
    client = Client()
    client.force_login(medewerker)
    assert not client.session.get(Timeout.STRICT)
    _age(client, idle=60 * 60)
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_password_change_ends_the_persons_other_sessions(home_page):
    member = team_member()
    laptop, phone = Client(), Client()
    laptop.force_login(member)
    phone.force_login(member)
    assert phone.get("/admin/").status_code == 200

    # However the password changes (the admin's account page, a reset link, a beheerder),
    # Django keeps a hash of it in each session and drops a session whose hash is old.
    member.set_password("een-nieuw-lang-wachtwoord-42")
    member.save()
    assert phone.get("/admin/")["Location"].startswith("/admin/login/")
    assert laptop.get("/admin/")["Location"].startswith("/admin/login/")
