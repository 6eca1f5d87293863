"""The Coördinator's start page in the admin, and recording a classroom training."""

import datetime

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from agenda.constants import Soort, Status
from agenda.models import Aanmelding
from integriteitsplein import roles
from meldkanaal.models import Melding
from search.models import ZeroResultQuery
from tests.agenda.factories import AgendaPageFactory, EventPageFactory
from tests.factories import UserFactory
from tests.kennisbank.factories import ELearningPageFactory, PolicyDocumentPageFactory
from tests.meldkanaal.factories import make_report
from training.models import Afdeling, Afronding, Profiel

pytestmark = pytest.mark.django_db

PANELS = [
    "training-herziening",
    "training-zoektermen",
    "training-voltooiing",
    "training-meldingen",
    "agenda-komend",
]


def _employees(count, afdeling=None, prefix="m"):
    group = Group.objects.get(name=roles.MEDEWERKER)
    users = []
    for number in range(count):
        user = UserFactory(username=f"{prefix}{number}")
        user.groups.add(group)
        if afdeling:
            Profiel.objects.create(user=user, afdeling=afdeling)
        users.append(user)
    return users


def _panel(html, panel_id):
    start = html.index(f'id="{panel_id}-section"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def dashboard_data(home_page, theme, elearning, classroom, redacteur):
    today = timezone.localdate()
    PolicyDocumentPageFactory(
        parent=home_page, title="Regeling geschenken", review_date=today - datetime.timedelta(1)
    )
    PolicyDocumentPageFactory(
        parent=home_page,
        title="Regeling nevenwerk",
        review_date=today + datetime.timedelta(10),
        owner=redacteur,
    )
    PolicyDocumentPageFactory(
        parent=home_page, title="Regeling later", review_date=today + datetime.timedelta(200)
    )
    for term, hits in (("declaratie", 4), ("fraude jansen", 1)):
        ZeroResultQuery.objects.create(query_string=term, date=today, hits=hits)
    wegen = Afdeling.objects.create(naam="Wegen")
    for user in _employees(8, wegen)[:6]:
        Afronding.objects.create(user=user, module=elearning, gedaan_op=today, bron="zelf")
    reports = [make_report() for _ in range(3)]
    late = reports[0][0] if isinstance(reports[0], tuple) else reports[0]
    Melding.objects.filter(pk=late.pk).update(bevestigen_voor=today - datetime.timedelta(3))


def test_coordinator_sees_every_panel_with_counts_only(client, coordinator, dashboard_data):
    client.force_login(coordinator)
    html = client.get("/admin/").text
    for panel_id in PANELS:
        assert f'id="{panel_id}-section"' in html, panel_id
    review = _panel(html, "training-herziening")
    assert "Regeling geschenken" in review and "(verlopen)" in review
    assert "Regeling nevenwerk" in review and "Regeling later" not in review
    zero = _panel(html, "training-zoektermen")
    assert "declaratie" in zero and "jansen" not in zero  # searched once: never shown
    training = _panel(html, "training-voltooiing")
    # 8 + coordinator required; 6 done, 3 not ("<5"), so the 6 is hidden too.
    assert "E-learning morele oordeelsvorming" in training and "&lt;5" in training
    reports = _panel(html, "training-meldingen")
    assert reports.count("<td>&lt;5</td>") == 3  # 3 this year, 3 this month, 1 overdue
    assert "KANARIE" not in html


def test_editor_sees_only_what_is_theirs(client, redacteur, dashboard_data):
    client.force_login(redacteur)
    html = client.get("/admin/").text
    review = _panel(html, "training-herziening")
    assert "Regeling nevenwerk" in review and "Regeling geschenken" not in review
    assert 'id="training-zoektermen-section"' in html
    assert (
        'id="training-meldingen-section"' not in html
        and 'id="training-voltooiing-section"' not in html
    )


def test_medewerker_has_no_admin(client, medewerker):
    client.force_login(medewerker)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert 'id="training-voltooiing-section"' not in response.text


def test_dashboard_query_budget(client, coordinator, dashboard_data, theme):
    """The start page costs a fixed number of queries, plus one per mandatory module
    (measured: 31 with two modules, 36 with seven)."""
    client.force_login(coordinator)
    client.get("/admin/")  # warm Wagtail's own caches

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/").status_code == 200
        return len(captured)

    before = queries()
    for number in range(5):
        ELearningPageFactory(parent=theme, title=f"Verplicht {number}")
    client.get("/admin/")  # the new pages raised the generation: the site is found once again
    after = queries()
    assert after - before <= 5, (before, after)
    assert before <= 34, before


# --- recording a classroom training --------------------------------------------------------


def test_coordinator_records_by_account_and_from_attendance(
    client, coordinator, classroom, home_page
):
    colleagues = _employees(3, prefix="k")
    client.force_login(coordinator)
    url = f"/admin/trainingen/{classroom.pk}/"
    assert client.get(url).status_code == 200

    wrong = client.post(
        url,
        {
            "actie": "vastleggen",
            "vastleggen-accounts": "k0\nniemand",
            "vastleggen-gedaan_op": "2026-11-02",
        },
    )
    assert wrong.status_code == 400 and "niemand" in wrong.text
    assert not Afronding.objects.exists()

    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    refused = client.post(
        url, {"actie": "vastleggen", "vastleggen-accounts": "k0", "vastleggen-gedaan_op": future}
    )
    assert refused.status_code == 400 and not Afronding.objects.exists()

    ok = client.post(
        url,
        {
            "actie": "vastleggen",
            "vastleggen-accounts": "k0\nk1@provincie.example",
            "vastleggen-gedaan_op": "2026-11-02",
        },
        follow=True,
    )
    assert "Vastgelegd voor" in ok.text
    assert Afronding.objects.filter(module=classroom, gedaan_op="2026-11-02").count() == 2

    agenda = AgendaPageFactory(parent=home_page)
    start = timezone.now() - datetime.timedelta(days=2)
    event = EventPageFactory(
        parent=agenda, soort=Soort.TRAINING, start=start, end=start + datetime.timedelta(hours=3)
    )
    for user, present in ((colleagues[0], True), (colleagues[2], True), (coordinator, False)):
        Aanmelding.objects.create(event=event, user=user, status=Status.AANGEMELD, aanwezig=present)
    client.post(url, {"actie": "aanwezigheid", "aanwezigheid-bijeenkomst": str(event.pk)})
    row = Afronding.objects.get(module=classroom, user=colleagues[2])
    assert row.bijeenkomst == event and row.gedaan_op == timezone.localtime(start).date()
    assert Afronding.objects.get(module=classroom, user=colleagues[0]).gedaan_op == datetime.date(
        2026, 11, 2
    )  # recorded before: kept
    assert not Afronding.objects.filter(user=coordinator).exists()

    client.post(url, {"actie": "intrekken", "intrekken-account": "k2"})
    assert not Afronding.objects.filter(module=classroom, user=colleagues[2]).exists()


def test_editors_cannot_record_or_see_counts(client, redacteur, classroom):
    client.force_login(redacteur)
    for url in ("/admin/trainingen/", f"/admin/trainingen/{classroom.pk}/"):
        response = client.get(url)  # Wagtail's "no permission": back to the start page
        assert response.status_code in (302, 403) and "Per afdeling" not in response.text


def test_coordinator_keeps_departments_and_editors_do_not(client, coordinator, redacteur):
    client.force_login(coordinator)
    assert client.get("/admin/afdelingen/").status_code == 200
    assert client.get("/admin/afdeling-per-medewerker/").status_code == 200
    client.post("/admin/afdelingen/new/", {"naam": "Mobiliteit"})
    assert Afdeling.objects.filter(naam="Mobiliteit").exists()
    assert 'href="/admin/trainingen/"' in client.get("/admin/").text  # the menu item

    client.force_login(redacteur)
    response = client.get("/admin/afdelingen/")
    assert response.status_code in (302, 403) and "Mobiliteit" not in response.text
