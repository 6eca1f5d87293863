"""A crash while reporting never mails or shows the report, the reporter or their device."""

import logging
import sys

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.log import AdminEmailHandler

import pytest

from meldkanaal import services
from tests.meldkanaal.factories import CANARY, PDF
from tests.meldkanaal.test_reporting import _token

pytestmark = pytest.mark.django_db

ADDRESS = "10.99.88.77"
AGENT = "Canarybrowser/4.2"
FILE_NAME = f"bewijs-{CANARY}.pdf"


def _post_and_crash(medewerker, monkeypatch):
    monkeypatch.setattr(services, "submit_report", _crash)
    client = Client(raise_request_exception=False)
    client.force_login(medewerker)
    response = client.post(
        "/melden/",
        {
            "formulier_token": _token(client),
            "soort": "misstand",
            "beschrijving": f"Er verdwijnt geld. {CANARY}",
            "identiteit": "anoniem",
            "bijlagen": [SimpleUploadedFile(FILE_NAME, PDF, "application/pdf")],
        },
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=AGENT,
    )
    assert response.status_code == 500
    return response


def _assert_clean(text: str) -> None:
    for secret in (CANARY, ADDRESS, AGENT, "medewerker", "Er verdwijnt geld"):
        assert secret not in text, secret


def test_error_mail_to_admins_has_nothing_of_the_report(
    form_page, medewerker, monkeypatch, settings
):
    settings.ADMINS = [("Beheer", "beheer@provincie.example")]
    handler = AdminEmailHandler(include_html=True)
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        _post_and_crash(medewerker, monkeypatch)
    finally:
        logger.removeHandler(handler)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "/melden/" in message.subject
    assert "RuntimeError" in message.body  # the mail still says what broke and where
    assert "_crash" in message.body
    _assert_clean(message.subject + message.body)
    _assert_clean(message.alternatives[0].content)


def test_debug_page_has_nothing_of_the_report(form_page, medewerker, monkeypatch, settings):
    settings.DEBUG = True
    response = _post_and_crash(medewerker, monkeypatch)
    html = response.content.decode()
    assert "RuntimeError" in html
    _assert_clean(html)


def test_other_pages_keep_djangos_usual_error_report(rf):
    from meldkanaal.errors import MeldkanaalExceptionReporter

    request = rf.post("/zoeken/", {"q": "geschenken"})
    request.user = type("U", (), {"__str__": lambda self: "redacteur"})()
    try:
        raise ValueError("zoeken stuk")
    except ValueError as error:
        text = MeldkanaalExceptionReporter(request, type(error), error, None).get_traceback_text()
    assert "zoeken stuk" in text
    assert "redacteur" in text


# Last in the file: the debug page shows the source lines around the crash, and they must
# not be the test's own constants.


def _crash(**kwargs):
    beschrijving = kwargs["beschrijving"]  # a local variable holding the plain text
    raise RuntimeError(f"stuk bij het opslaan van {beschrijving}")


def test_log_line_of_a_crash_keeps_the_traceback_not_the_text(rf):
    from meldkanaal.errors import HideMeldkanaalDetails

    # The console handler of django.request (settings LOGGING) carries the filter.
    handlers = logging.getLogger("django.request").handlers
    assert any(isinstance(f, HideMeldkanaalDetails) for h in handlers for f in h.filters)

    def line(path):
        try:
            raise ValueError(f"waarde {CANARY}")
        except ValueError:
            record = logging.makeLogRecord(
                {"msg": "Internal Server Error: %s", "args": (path,), "levelno": logging.ERROR}
            )
            record.exc_info = sys.exc_info()
        record.request = rf.post(path)
        HideMeldkanaalDetails().filter(record)
        return logging.Formatter().format(record)

    text = line("/melden/")
    assert "ValueError" in text and "test_errors.py" in text
    assert CANARY not in text
    assert CANARY in line("/zoeken/")  # other pages log as Django does
