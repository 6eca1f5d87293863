"""The reporter's path depends only on the database: a Redis that is down or hangs degrades
it (throttles skipped with a log line), never a 500; a replayed POST answers at once with the
first one's result; a confirmation that failed to draw can be reloaded.

The Redis here is real: started for the test on its own Unix socket, then stopped or frozen.
"""

import re
import signal

from django.db import OperationalError

import pytest

from integriteitsplein import cache_backend, resilient_cache
from meldkanaal import views
from meldkanaal.constants import Identiteit, Soort
from meldkanaal.models import FormulierToken, Melding
from tests.factories import UserFactory
from tests.meldkanaal.factories import make_report

pytestmark = pytest.mark.django_db

CODE = re.compile(r"data-opvolgcode>(.*?)</code>", re.S)


@pytest.fixture(autouse=True)
def _no_remembered_outage():
    resilient_cache.reset()
    cache_backend.reset()
    yield
    resilient_cache.reset()
    cache_backend.reset()


def _token(client, url="/melden/"):
    html = client.get(url).content.decode()
    return re.search(r'name="formulier_token" value="([^"]+)"', html).group(1)


def _report(client, token):
    return client.post(
        "/melden/",
        {
            "formulier_token": token,
            "soort": Soort.MISSTAND,
            "beschrijving": "Er verdwijnt geld uit de kas.",
            "identiteit": Identiteit.ANONIEM,
        },
    )


def _every_reporter_page_works(client, form_page, caplog):
    response = _report(client, _token(client))
    assert response.status_code == 303
    shown = client.get(response["Location"]).content.decode()
    assert CODE.search(shown), "no code on the confirmation page"

    _melding, code = make_report()
    assert client.post("/melden/opvolgen/", {"code": code}).status_code == 303
    assert client.get("/melden/opvolgen/").status_code == 200
    assert (
        client.post("/melden/opvolgen/", {"code": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF"}).status_code
        == 400
    )

    UserFactory(username="medewerker", password="goed-wachtwoord-123")
    wrong = {"username": "medewerker", "password": "fout"}
    assert client.post("/inloggen/", wrong).status_code in (200, 400)  # the form, again
    assert client.post("/admin/login/", wrong).status_code in (200, 400)
    right = {"username": "medewerker", "password": "goed-wachtwoord-123"}
    assert client.post("/inloggen/", right).status_code == 302


def test_redis_down_the_reporter_and_both_logins_still_work(client, form_page, redis, caplog):
    redis.terminate()
    redis.wait(timeout=10)

    _every_reporter_page_works(client, form_page, caplog)

    assert Melding.objects.count() == 2
    assert "Cache niet bereikbaar" in caplog.text


def test_redis_hanging_the_reporter_and_both_logins_still_work(client, form_page, redis, caplog):
    redis.send_signal(signal.SIGSTOP)  # accepts connections, never answers

    _every_reporter_page_works(client, form_page, caplog)

    assert Melding.objects.count() == 2
    assert "Cache niet bereikbaar" in caplog.text


def test_with_redis_up_the_code_throttle_still_counts_in_redis(client, form_page, redis):
    from meldkanaal import throttle

    for _ in range(throttle.PREFIX_LIMIT):
        client.post("/melden/opvolgen/", {"code": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF"})

    assert (
        client.post("/melden/opvolgen/", {"code": "AAAA-ZZZZ-CCCC-DDDD-EEEE-FFFF"}).status_code
        == 429
    )


def test_a_replayed_post_answers_at_once_with_the_first_ones_confirmation(client, form_page):
    token = _token(client)
    first = _report(client, token)
    # The browser dropped the first answer (a double click, a reload, a killed worker).
    client.cookies.clear()

    second = _report(client, token)

    assert Melding.objects.count() == 1
    assert second.status_code == 303
    shown = client.get(second["Location"]).content.decode()
    assert CODE.search(shown)
    assert first.cookies[views.CONFIRMATION_COOKIE].value  # the first had one too

    # Once shown, a third POST of the same form says "al verstuurd", without the code.
    third = _report(client, token)
    assert third.status_code == 303
    assert views.CONFIRMATION_COOKIE not in third.cookies
    again = client.get(third["Location"]).content.decode()
    assert "Je melding is al verstuurd" in again
    assert not CODE.search(again)
    assert Melding.objects.count() == 1


def test_a_confirmation_that_failed_to_draw_can_be_reloaded(client, form_page, monkeypatch):
    response = _report(client, _token(client))
    real_render = views.TemplateResponse.render
    calls = []

    def render_once_broken(self):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("de verbinding viel weg")
        return real_render(self)

    monkeypatch.setattr(views.TemplateResponse, "render", render_once_broken)
    with pytest.raises(OSError):
        client.get(response["Location"])

    shown = client.get(response["Location"]).content.decode()  # the reload

    assert CODE.search(shown), "the code was lost with the failed page"
    assert (
        not client.get(response["Location"]).cookies
        or "al verstuurd" in client.get(response["Location"]).content.decode()
    )


def test_the_confirmation_is_shown_once(client, form_page):
    response = _report(client, _token(client))
    cookie = client.cookies[views.CONFIRMATION_COOKIE].value

    assert CODE.search(client.get(response["Location"]).content.decode())
    client.cookies[views.CONFIRMATION_COOKIE] = cookie  # replay the cookie
    again = client.get(response["Location"]).content.decode()

    assert not CODE.search(again)
    assert "al verstuurd" in again
    # Shown: the stored copy for a repeated POST is gone.
    assert not FormulierToken.objects.exclude(bevestiging="").exists()


def test_a_database_error_while_storing_is_a_dutch_503_and_stores_nothing(
    client, form_page, monkeypatch
):
    # The database cannot be failed on cue inside one test; this raises what Django raises
    # when PostgreSQL goes away mid-request (the soak test restarts a real one).
    from meldkanaal.services import intake

    def gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(intake, "_allocate_number", gone)
    token = _token(client)

    response = _report(client, token)

    assert response.status_code == 503
    html = response.content.decode()
    assert "Je melding is niet opgeslagen" in html
    assert "Er verdwijnt geld uit de kas." in html  # what was typed is still there
    assert Melding.objects.count() == 0
    assert not FormulierToken.objects.exists()  # the token is free for the next try
    monkeypatch.undo()
    assert _report(client, token).status_code == 303
    assert Melding.objects.count() == 1


def test_used_tokens_are_forgotten_after_two_days(client, form_page):
    import datetime
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    _report(client, _token(client))
    today = timezone.localdate()
    FormulierToken.objects.create(sleutel="oud", datum=today - datetime.timedelta(days=3))

    call_command("meldkanaal_opschonen", stdout=StringIO())

    assert not FormulierToken.objects.filter(sleutel="oud").exists()
    assert FormulierToken.objects.filter(datum=today).exists()
