"""Mandatory training: the employee marks an e-learning done, sees the date, and the counts."""

import datetime

from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

import pytest

from integriteitsplein import roles
from kennisbank.constants import Audience
from tests.factories import UserFactory
from tests.kennisbank.factories import ELearningPageFactory
from tests.readers import clients_for
from training import services
from training.models import Afdeling, Afronding, Bron, Profiel

pytestmark = pytest.mark.django_db


def _employee(username, afdeling=None, **kwargs):
    user = UserFactory(username=username, **kwargs)
    user.groups.add(Group.objects.get(name=roles.MEDEWERKER))
    if afdeling is not None:
        Profiel.objects.create(user=user, afdeling=afdeling)
    return user


def test_employee_marks_elearning_done_once_and_sees_the_date(
    employee_client, medewerker, elearning
):
    page = employee_client.get(elearning.url)
    assert "Ik heb deze e-learning gedaan" in page.text and "Gedaan op" not in page.text

    response = employee_client.post(f"/mijn-trainingen/{elearning.pk}/gedaan/", follow=True)
    today = timezone.localdate()
    row = Afronding.objects.get(user=medewerker, module=elearning)
    assert (row.gedaan_op, row.bron) == (today, Bron.ZELF)
    day = services.day_label(today)
    assert f"Gedaan op {day}" in response.text
    assert f"Vastgelegd: je hebt ‘{elearning.title}’ gedaan op {day}." in response.text
    assert "Ik heb deze e-learning gedaan" not in response.text

    again = employee_client.post(f"/mijn-trainingen/{elearning.pk}/gedaan/", follow=True)
    assert Afronding.objects.filter(user=medewerker).count() == 1
    assert "Dat stond al vast" in again.text


def test_marking_done_needs_a_post_with_csrf(medewerker, elearning):
    client = Client(enforce_csrf_checks=True)
    client.force_login(medewerker)
    assert client.get(f"/mijn-trainingen/{elearning.pk}/gedaan/").status_code == 405
    assert client.post(f"/mijn-trainingen/{elearning.pk}/gedaan/").status_code == 403
    assert not Afronding.objects.exists()


@pytest.mark.parametrize("case", ["classroom", "not_mandatory", "forged"])
def test_refused_marks_say_why_in_dutch_and_change_nothing(employee_client, theme, classroom, case):
    if case == "classroom":
        pk, text = classroom.pk, "De organisator legt vast"
    elif case == "not_mandatory":
        pk = ELearningPageFactory(parent=theme, mandatory=False).pk
        text = "Deze training is niet verplicht"
    else:
        pk, text = 999999, "Deze training bestaat niet (meer)."
    response = employee_client.post(f"/mijn-trainingen/{pk}/gedaan/")
    assert response.status_code == 400
    assert text in response.text and "Er is niets veranderd." in response.text
    assert not Afronding.objects.exists()


def test_classroom_training_page_says_the_organiser_records_it(employee_client, classroom):
    page = employee_client.get(classroom.url)
    assert "De organisator legt vast dat je hem gevolgd hebt" in page.text
    assert "<form" not in page.text.split('id="mijn-voortgang"')[1].split("</section>")[0]


def test_my_trainings_lists_done_and_open(employee_client, medewerker, elearning, classroom):
    Afronding.objects.create(
        user=medewerker, module=elearning, gedaan_op=datetime.date(2026, 3, 2), bron=Bron.ZELF
    )
    page = employee_client.get("/mijn-trainingen/")
    assert page.status_code == 200
    assert "Gedaan op 2 maart 2026" in page.text
    assert classroom.title in page.text and "Nog 1 verplichte training te doen." in page.text


def test_my_account_and_my_registrations_link_to_my_trainings(employee_client, home_page):
    from tests.agenda.factories import AgendaPageFactory

    agenda = AgendaPageFactory(parent=home_page)
    assert 'href="/mijn-trainingen/"' in employee_client.get("/mijn-account/").text
    mine = employee_client.get(f"{agenda.url}mijn-aanmeldingen/").text
    assert 'href="/mijn-trainingen/"' in mine


def test_required_users_follow_the_audience(theme):
    afdeling = Afdeling.objects.create(naam="Wegen")
    new = _employee("nieuw")
    old = _employee("oud", date_joined=timezone.now() - datetime.timedelta(days=800))
    boss = _employee("baas", date_joined=timezone.now() - datetime.timedelta(days=800))
    Profiel.objects.create(user=boss, afdeling=afdeling, leidinggevende=True)
    UserFactory(username="geen-medewerker")  # no role: not an employee of the plein
    _employee("weg", is_active=False)

    def required(audience):
        module = ELearningPageFactory(parent=theme, audience=audience)
        return set(services.required_users(module).values_list("username", flat=True))

    assert required(Audience.ALLE_MEDEWERKERS) == {"nieuw", "oud", "baas"}
    assert required(Audience.LEIDINGGEVENDEN) == {"baas"}
    assert required(Audience.NIEUWE_MEDEWERKERS) == {"nieuw"}
    assert new and old


def test_counts_per_department_mask_small_cells(elearning):
    wegen, financien = (
        Afdeling.objects.create(naam="Wegen"),
        Afdeling.objects.create(naam="Financiën"),
    )
    today = timezone.localdate()
    for number in range(12):
        user = _employee(f"wegen{number}", wegen)
        if number < 7:
            Afronding.objects.create(user=user, module=elearning, gedaan_op=today, bron="zelf")
    for number in range(6):
        user = _employee(f"fin{number}", financien)
        if number < 2:
            Afronding.objects.create(user=user, module=elearning, gedaan_op=today, bron="zelf")

    stand = services.module_stand(elearning)
    shown = dict(stand.afdelingen)
    assert shown["Financiën"] == "<5"  # 2 done: never shown as 2
    assert "2" not in {stand.gedaan, stand.nog_niet, *shown.values()}
    # One "<5" beside known counts would give it away: another count is hidden.
    assert "*" in {stand.gedaan, stand.nog_niet, stand.verplicht, shown["Wegen"]}


def test_counts_without_small_cells_are_shown(elearning):
    wegen = Afdeling.objects.create(naam="Wegen")
    for number in range(15):
        user = _employee(f"wegen{number}", wegen)
        if number < 10:
            Afronding.objects.create(
                user=user, module=elearning, gedaan_op=timezone.localdate(), bron="zelf"
            )
    stand = services.module_stand(elearning)
    assert (stand.verplicht, stand.gedaan, stand.nog_niet, stand.percentage) == (
        "15",
        "10",
        "5",
        67,
    )
    assert stand.afdelingen == [("Wegen", "10")]


def test_completion_counts_per_year_for_the_yearly_report(elearning, classroom):
    for number in range(6):
        user = _employee(f"m{number}")
        Afronding.objects.create(
            user=user, module=elearning, gedaan_op=datetime.date(2025, 5, 1), bron="zelf"
        )
    Afronding.objects.create(
        user=_employee("k"), module=classroom, gedaan_op=datetime.date(2025, 6, 1), bron="zelf"
    )
    Afronding.objects.create(
        user=_employee("j"), module=elearning, gedaan_op=datetime.date(2024, 6, 1), bron="zelf"
    )
    rows = {row.module: row for row in services.completion_counts(2025)}
    assert (rows[elearning.title].gedaan, rows[elearning.title].getoond) == (6, "6")
    assert (rows[classroom.title].gedaan, rows[classroom.title].getoond) == (1, "<5")
    assert rows[classroom.title].vorm == "Training"
    assert {row.getoond for row in services.completion_counts(2023)} == {"0"}


def test_the_progress_costs_three_queries_on_a_mandatory_page(employee_client, theme, elearning):
    """The module (the fragment reads it by number: on a cache hit there is no page), own
    completion and "is it for me?"; a page that is not mandatory reads nothing more."""
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    optional = ELearningPageFactory(parent=theme, mandatory=False)

    def queries(url):
        # What rendering costs: the page cache (ADR 0019) would serve the optional page.
        with override_settings(PAGE_CACHE_ENABLED=False):
            employee_client.get(url)
            with CaptureQueriesContext(connection) as captured:
                employee_client.get(url)
        return len(captured)

    assert queries(elearning.url) <= queries(optional.url) + 3


def test_the_module_page_is_cached_and_each_reader_sees_their_own_progress(elearning):
    """The page is the same for everyone but "Jouw voortgang", which is filled in per reader
    into the cached copy (ADR 0019): one reader's date never reaches another."""
    done, not_done = _employee("klaar"), _employee("nogniet")
    Afronding.objects.create(
        user=done, module=elearning, gedaan_op=datetime.date(2026, 3, 2), bron=Bron.ZELF
    )
    done_client, not_done_client = clients_for(done, not_done)

    first = done_client.get(elearning.url)
    second = not_done_client.get(elearning.url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert (
        "Gedaan op 2 maart 2026" in first.text and "Ik heb deze e-learning gedaan" not in first.text
    )
    assert "Ik heb deze e-learning gedaan" in second.text and "Gedaan op" not in second.text
    # The hit's form posts with this reader's own token.
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = not_done_client.cookies
    token = second.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    strict.post(f"/mijn-trainingen/{elearning.pk}/gedaan/", {"csrfmiddlewaretoken": token})
    assert Afronding.objects.filter(user=not_done, module=elearning).exists()
