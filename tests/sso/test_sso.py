"""Single sign-on: roles from the provider's groups, local login as break-glass, Dutch failures.

The whole sign-in against a real provider runs in Chromium (tests/e2e/test_sso.py); these
tests hold the rules that need no provider.
"""

import time

from django.contrib.auth.models import Group

import pytest

from integriteitsplein import roles
from sso.backends import ProvincieOIDCBackend
from sso.models import Identiteit
from sso.roles import has_second_factor, sync_roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MAPPING = {
    roles.REDACTIE: "integriteitsplein-redactie",
    roles.COORDINATOR: "integriteitsplein-coordinator",
}


@pytest.fixture(autouse=True)
def _sso_on(settings):
    settings.OIDC_RP_CLIENT_ID = "integriteitsplein"
    settings.OIDC_ENABLED = True
    settings.OIDC_OP_ISSUER = "https://sso.provincie.example/realms/provincie"
    settings.OIDC_ROLE_MAPPING = MAPPING


def names(user):
    return set(user.groups.values_list("name", flat=True))


def test_groups_at_the_provider_give_roles_and_take_them_away(db):
    user = UserFactory()
    sync_roles(user, {"groups": ["integriteitsplein-redactie", "iets-anders"]})
    assert names(user) == {roles.MEDEWERKER, roles.REDACTIE}

    sync_roles(user, {"groups": ["integriteitsplein-coordinator"]})
    assert names(user) == {roles.MEDEWERKER, roles.COORDINATOR}

    sync_roles(user, {})
    assert names(user) == {roles.MEDEWERKER}


def test_groups_outside_the_mapping_are_left_alone(db):
    """A meldkanaal team (or any other group) is never given or taken by the provider."""
    team = Group.objects.create(name="Meldpunt integriteit (test)")
    user = UserFactory()
    user.groups.add(team)
    sync_roles(user, {"groups": ["Meldpunt integriteit (test)"]})
    assert team in user.groups.all()
    sync_roles(user, {"groups": []})
    assert team in user.groups.all()
    other = UserFactory()
    sync_roles(other, {"groups": ["Meldpunt integriteit (test)"]})
    assert team not in other.groups.all()


def test_first_sign_in_creates_an_account_matched_on_subject(db):
    backend = ProvincieOIDCBackend()
    claims = {
        "sub": "f3a1",
        "preferred_username": "anna.devries",
        "email": "anna@provincie.example",
        "given_name": "Anna",
        "family_name": "de Vries",
        "groups": ["integriteitsplein-redactie"],
    }
    user = backend.create_user(claims)
    assert user.username == "anna.devries"
    assert not user.has_usable_password()
    assert names(user) == {roles.MEDEWERKER, roles.REDACTIE}
    # Matched on sub, not on e-mail: a new address is the same person, a reused one is not.
    assert list(backend.filter_users_by_claims({**claims, "email": "nieuw@x"})) == [user]
    assert not backend.filter_users_by_claims({"sub": "other", "email": "anna@provincie.example"})


def test_the_new_account_stays_logged_in(client):
    """The session holds a hash of the stored password; the account as created must match it."""
    user = ProvincieOIDCBackend().create_user({"sub": "s1", "preferred_username": "piet"})
    client.force_login(user, backend="sso.backends.ProvincieOIDCBackend")
    session = client.session
    session["oidc_id_token_expiration"] = time.time() + 600
    session.save()
    assert client.get("/mijn-account/").status_code == 200


def test_a_username_already_taken_gets_a_suffix(db):
    UserFactory(username="anna.devries")
    user = ProvincieOIDCBackend().create_user({"sub": "x1", "preferred_username": "anna.devries"})
    assert user.username == "anna.devries-2"
    assert Identiteit.objects.get(user=user).subject == "x1"


def test_superuser_is_never_granted_from_claims(db):
    user = ProvincieOIDCBackend().create_user(
        {
            "sub": "x2",
            "preferred_username": "eve",
            "groups": ["admin", "superuser"],
            "is_superuser": True,
        }
    )
    assert not user.is_superuser and not user.is_staff


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"amr": ["pwd"]}, False),
        ({"amr": ["pwd", "otp"]}, True),
        ({"amr": "mfa"}, True),
        ({}, False),
        ({"acr": "urn:provincie:loa:hoog"}, True),
        ({"acr": "urn:provincie:loa:laag"}, False),
    ],
)
def test_second_factor_from_amr_or_acr(settings, payload, expected):
    settings.OIDC_MFA_ACR = ["urn:provincie:loa:hoog"]
    assert has_second_factor(payload) is expected


def test_login_page_offers_the_provider(client):
    page = client.get("/inloggen/").content.decode()
    assert "Inloggen met je provincie-account" in page
    assert 'href="/sso/inloggen/' in page


def test_login_page_without_sso_shows_only_the_form(client, settings):
    settings.OIDC_ENABLED = False
    page = client.get("/inloggen/").content.decode()
    assert "provincie-account" not in page
    assert client.get("/sso/inloggen/").status_code == 404


def test_a_forged_answer_from_the_provider_ends_on_the_login_page_in_dutch(client):
    response = client.get("/sso/callback/?code=gestolen&state=verzonnen", follow=True)
    assert response.redirect_chain[-1][0].startswith("/inloggen/?sso=mislukt")
    assert "Inloggen met je provincie-account lukte niet" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_an_error_from_the_provider_ends_on_the_login_page(client):
    response = client.get("/sso/callback/?error=login_required&state=x", follow=True)
    assert "Je sessie bij de provincie is verlopen" in response.content.decode()


def test_local_login_can_be_switched_off_for_employees_but_not_break_glass(client, settings):
    settings.LOCAL_LOGIN_FOR_EMPLOYEES = False
    UserFactory(username="jan", password="geheim-wachtwoord-1")
    UserFactory(username="noodbeheer", password="geheim-wachtwoord-2", is_superuser=True)

    refused = client.post("/inloggen/", {"username": "jan", "password": "geheim-wachtwoord-1"})
    assert refused.status_code == 400
    assert "alleen nog voor beheerders" in refused.content.decode()

    allowed = client.post(
        "/inloggen/", {"username": "noodbeheer", "password": "geheim-wachtwoord-2"}
    )
    assert allowed.status_code == 302


def test_the_meldkanaal_stays_open_to_external_reporters_with_sso_on(client):
    # No login needed for /melden/ (the form page itself needs the demo tree; its own
    # addresses are enough to prove the path is not sent to the provider).
    response = client.get("/melden/opvolgen/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("mfa_at_provider", "lands_on_second_step"), [(True, False), (False, True)]
)
def test_a_multi_factor_sign_in_at_the_provider_counts_as_the_second_factor(
    client, mfa_at_provider, lands_on_second_step
):
    admin = UserFactory(username="beheer", is_superuser=True, is_staff=True)
    client.force_login(admin, backend="sso.backends.ProvincieOIDCBackend", second_factor=False)
    session = client.session
    session["oidc_id_token_expiration"] = time.time() + 600
    session["sso_tweede_factor"] = mfa_at_provider
    session.save()

    response = client.get("/admin/")

    assert ("tweede-stap" in response.get("Location", "")) is lands_on_second_step


def test_the_department_claim_fills_the_profile_and_follows_a_move(db):
    from training.models import Afdeling

    backend = ProvincieOIDCBackend()
    user = backend.create_user(
        {"sub": "d1", "preferred_username": "bram", "department": "Financiën"}
    )
    assert user.profiel.afdeling.naam == "Financiën"
    # Another spelling of the same name is the same department, not a second one.
    backend.update_user(user, {"sub": "d1", "department": "  financiën "})
    assert Afdeling.objects.filter(naam__iexact="financiën").count() == 1
    # A move at the provider shows at the next sign-in; the manager flag is kept.
    user.profiel.leidinggevende = True
    user.profiel.save()
    backend.update_user(user, {"sub": "d1", "department": "Mobiliteit"})
    user.profiel.refresh_from_db()
    assert (user.profiel.afdeling.naam, user.profiel.leidinggevende) == ("Mobiliteit", True)


@pytest.mark.parametrize(
    "claims", [{}, {"department": ""}, {"department": "   "}, {"department": 7}]
)
def test_no_department_claim_leaves_a_department_set_by_hand(db, claims):
    from training.models import Afdeling, Profiel

    user = UserFactory()
    by_hand = Afdeling.objects.create(naam="Bestuursondersteuning")
    Profiel.objects.create(user=user, afdeling=by_hand)
    ProvincieOIDCBackend().update_user(user, {"sub": "d2", **claims})
    user.profiel.refresh_from_db()
    assert user.profiel.afdeling == by_hand


def test_the_department_claim_name_is_a_setting(db, settings):
    settings.OIDC_DEPARTMENT_CLAIM = "ou"
    user = ProvincieOIDCBackend().create_user(
        {"sub": "d3", "preferred_username": "cor", "department": "Genegeerd", "ou": ["Ruimte", "X"]}
    )
    assert user.profiel.afdeling.naam == "Ruimte"
    settings.OIDC_DEPARTMENT_CLAIM = ""
    other = ProvincieOIDCBackend().create_user({"sub": "d4", "department": "Genegeerd"})
    assert not hasattr(other, "profiel") or other.profiel.afdeling is None
