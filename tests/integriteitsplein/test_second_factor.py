"""The second factor: who needs it, setting it up, codes accepted once, recovery codes."""

import re
from io import StringIO
from urllib.parse import quote

from django.core.management import call_command
from django.test import Client

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from integriteitsplein import twofactor
from tests.meldkanaal.factories import make_report, team_member

SETUP = "/inloggen/tweede-stap/instellen/"
STEP = "/inloggen/tweede-stap/"


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The app's code now (or one step later, which the device's tolerance accepts)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += steps_ahead * device.step
    return f"{totp.token():06d}"


def password_only(user) -> Client:
    client = Client()
    client.force_login(user, second_factor=False)
    return client


@pytest.fixture
def meldpunt(db):
    return team_member()


@pytest.mark.django_db
def test_every_admin_and_case_url_needs_the_second_step(meldpunt, superuser, home_page):
    melding, _ = make_report()
    twofactor.give_demo_device(meldpunt)
    client = password_only(meldpunt)
    for url in (
        "/admin/",
        "/admin/meldkanaal/melding/",
        f"/admin/meldkanaal/melding/inspect/{melding.pk}/",
        "/admin/pages/",
        "/admin/account/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{STEP}?next={quote(url)}", url
        # A POST is not let through either.
        assert client.post(url, {}).status_code == 302, url

    # A superuser without an app yet is sent to set one up.
    response = password_only(superuser).get("/admin/")
    assert response["Location"] == f"{SETUP}?next=/admin/"


@pytest.mark.django_db
def test_others_use_the_admin_with_their_password(redacteur, medewerker, home_page):
    assert password_only(redacteur).get("/admin/").status_code == 200
    assert not twofactor.needs_second_factor(redacteur)
    # The intranet itself does not ask a team member for a code.
    assert password_only(team_member()).get("/").status_code == 200


@pytest.mark.django_db
def test_admin_login_leads_to_the_second_step(meldpunt, home_page):
    twofactor.give_demo_device(meldpunt)
    client = Client()
    response = client.post(
        "/admin/login/",
        {"username": "meldpunt", "password": "geheim-wachtwoord", "next": "/admin/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"{STEP}?next=/admin/"
    body = response.content.decode()
    assert "Tweede stap: je code" in body
    assert 'autocomplete="one-time-code"' in body


@pytest.mark.django_db
def test_setting_up_the_app_shows_qr_secret_and_recovery_codes_once(meldpunt, home_page, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no pause after the wrong code below
    client = password_only(meldpunt)
    page = client.get(f"{SETUP}?next=/admin/meldkanaal/melding/")
    body = page.content.decode()
    assert page.status_code == 200
    assert '<svg role="img" aria-label="QR-code om je app te koppelen"' in body
    device = TOTPDevice.objects.get(user=meldpunt, confirmed=False)
    secret = twofactor.secret_of(device)
    assert secret in body
    # The same secret on a reload: the person may scan on the second try.
    assert secret in client.get(SETUP).content.decode()
    assert page["Cache-Control"].startswith("max-age=0")

    wrong = client.post(SETUP, {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "Deze code klopt niet of is al gebruikt" in wrong.content.decode()
    assert 'aria-invalid="true"' in wrong.content.decode()

    done = client.post(SETUP, {"code": code_for(device), "next": "/admin/meldkanaal/melding/"})
    assert done.status_code == 200
    codes = re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", done.content.decode())
    assert len(codes) == twofactor.RECOVERY_CODE_COUNT
    assert 'href="/admin/meldkanaal/melding/"' in done.content.decode()
    assert TOTPDevice.objects.get(user=meldpunt).confirmed
    # This session passed the second step.
    assert client.get("/admin/meldkanaal/melding/").status_code == 200
    # Set up once: the page does not show the secret again, not even to the person.
    again = client.get(SETUP)
    assert again.status_code == 302
    assert secret not in client.get(SETUP, follow=True).content.decode()

    # A recovery code opens a new session once.
    other = password_only(meldpunt)
    used = other.post(STEP, {"code": codes[0].upper(), "next": "/admin/"})
    assert used.status_code == 302 and used["Location"] == "/admin/"
    assert other.get("/admin/").status_code == 200
    third = password_only(meldpunt)
    assert third.post(STEP, {"code": codes[0]}).status_code == 400
    assert StaticDevice.objects.get(user=meldpunt).token_set.count() == 9


@pytest.mark.django_db
def test_a_password_thief_cannot_add_an_app_of_their_own(meldpunt, home_page):
    twofactor.give_demo_device(meldpunt)
    client = password_only(meldpunt)
    response = client.get(SETUP)
    assert response.status_code == 302 and response["Location"].startswith(STEP)
    response = client.post(SETUP, {"code": "123456"})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=meldpunt).count() == 1


@pytest.mark.django_db
def test_a_code_is_accepted_once(meldpunt, home_page):
    device = twofactor.give_demo_device(meldpunt)
    code = code_for(device)

    first = password_only(meldpunt)
    response = first.post(STEP, {"code": code, "next": "/admin/meldkanaal/melding/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/meldkanaal/melding/"
    assert first.get("/admin/meldkanaal/melding/").status_code == 200

    # Someone who saw the code (over a shoulder, a phishing page) cannot use it again.
    replay = password_only(meldpunt)
    response = replay.post(STEP, {"code": code})
    assert response.status_code == 400
    assert "al gebruikt" in response.content.decode()
    assert replay.get("/admin/meldkanaal/melding/").status_code == 302


@pytest.mark.django_db
def test_wrong_codes_pause_the_second_step(meldpunt, home_page, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # the pause after one wrong code: a minute
    device = twofactor.give_demo_device(meldpunt)
    client = password_only(meldpunt)
    right = code_for(device)
    wrong = "000000" if right != "000000" else "111111"
    assert client.post(STEP, {"code": wrong}).status_code == 400
    response = client.post(STEP, {"code": right})
    assert response.status_code == 429
    assert "te vaak een verkeerde code" in response.content.decode()
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_next_stays_on_this_site(meldpunt, home_page):
    device = twofactor.give_demo_device(meldpunt)
    client = password_only(meldpunt)
    response = client.post(STEP, {"code": code_for(device), "next": "https://elders.example/"})
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_reset_second_factor_removes_every_device(meldpunt, home_page):
    twofactor.give_demo_device(meldpunt)
    twofactor.new_recovery_codes(meldpunt)
    verified = Client()
    verified.force_login(meldpunt)
    assert verified.get("/admin/").status_code == 200

    assert twofactor.reset_second_factor(meldpunt) == 2
    assert not TOTPDevice.objects.filter(user=meldpunt).exists()
    assert not StaticDevice.objects.filter(user=meldpunt).exists()
    response = password_only(meldpunt).get("/admin/")
    assert response["Location"] == f"{SETUP}?next=/admin/"
    # A session verified with the old app no longer counts.
    assert verified.get("/admin/")["Location"] == f"{SETUP}?next=/admin/"


@pytest.mark.django_db
def test_demo_totp_prints_the_demo_accounts_code(meldpunt, medewerker):
    device = twofactor.give_demo_device(meldpunt)
    out = StringIO()
    call_command("demo_totp", "meldpunt", stdout=out)
    assert out.getvalue().strip() == code_for(device)
    # A real person's app (another secret) is not the command's business.
    TOTPDevice.objects.filter(pk=device.pk).update(key="00" * 20)
    with pytest.raises(Exception, match="geen app met de demo-sleutel"):
        call_command("demo_totp", "meldpunt", stdout=StringIO())
