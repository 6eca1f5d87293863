"""The demo publishes a page or snippet only when its content changed (demo_content.py), so
loading the demo again leaves the pages' histories as they were; its accounts share one hash
of the demo password, kept while it still holds."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password

from wagtail.models import Revision

import pytest

from home.demo import DEMO_ACCOUNTS, load_accounts
from integriteitsplein import demo_content
from integriteitsplein.demo_content import publish_if_changed, upsert_page
from kennisbank import demo
from kennisbank.constants import AdoptedBy, ContactRole, PolicyKind
from kennisbank.models import ContactPerson, ThemePage

pytestmark = pytest.mark.django_db


def theme_fields(answer="Ja, als het kan botsen met je werk.", title="Gedragscode en regels"):
    # As the demo writes them: StreamField JSON without block ids, a ListBlock (the FAQ's
    # questions) as a plain list.
    return {
        "title": title,
        "intro": "De regels die nu gelden.",
        "body": demo.stream(
            demo.callout("Nieuwe gedragscode", "Op de pagina lees je wat er verandert."),
            demo.faq("Vragen", ("Moet ik vrijwilligerswerk melden?", answer)),
        ),
    }


def policy_versions(summary="Eerste versie."):
    return [
        {
            "label": "2019",
            "adopted_by": AdoptedBy.GS,
            "adopted_on": datetime.date(2019, 2, 12),
            "in_force_from": datetime.date(2019, 4, 1),
            "summary_of_changes": summary,
            "articles": demo.stream(
                demo.h("Algemeen"), demo.art("1", "Je handelt integer.", "Integer")
            ),
        }
    ]


def load_policy(theme, summary="Eerste versie."):
    return demo.policy(
        theme,
        "gedragscode",
        title="Gedragscode",
        kind=PolicyKind.GEDRAGSCODE,
        summary="Hoe wij ons gedragen.",
        document_owner="Integriteitscoördinator",
        versions=policy_versions(summary),
    )


def revisions(obj) -> int:
    return Revision.objects.for_instance(obj).count()


@pytest.fixture
def theme(home_page) -> ThemePage:
    return upsert_page(home_page, ThemePage, "regels", **theme_fields())


def test_the_same_content_again_adds_no_revision(home_page, theme):
    assert revisions(theme) == 1
    first = theme.live_revision_id

    again = upsert_page(home_page, ThemePage, "regels", **theme_fields())

    assert revisions(again) == 1
    assert again.live_revision_id == first and not again.has_unpublished_changes


@pytest.mark.parametrize(
    "change",
    [{"title": "Regels"}, {"answer": "Nee, nooit."}],
    ids=["title", "one block's text"],
)
def test_a_change_adds_one_revision_and_publishes_it(home_page, theme, change):
    again = upsert_page(home_page, ThemePage, "regels", **theme_fields(**change))

    assert revisions(again) == 2
    assert again.live_revision_id == again.latest_revision_id != theme.live_revision_id
    assert not again.has_unpublished_changes
    assert again.title == change.get("title", "Gedragscode en regels")
    answer = again.body[1].value["questions"][0]["answer"].source
    assert answer == f"<p>{change.get('answer', 'Ja, als het kan botsen met je werk.')}</p>"


def test_an_inline_child_is_compared_too(theme):
    page = load_policy(theme)
    assert revisions(page) == 1

    assert revisions(load_policy(theme)) == 1  # the versions' articles have no ids either

    page = load_policy(theme, summary="Tweede lezing.")
    assert revisions(page) == 2
    assert page.live_revision_id == page.latest_revision_id
    assert page.versions.get().summary_of_changes == "Tweede lezing."


def test_list_items_stored_as_items_read_as_the_demos_plain_list(home_page):
    # Once its blocks were read (by the admin, or the search index on saving), a revision
    # stores the FAQ's questions as {"type": "item", "value": ..., "id": ...}; the demo
    # writes a plain list.
    page = ThemePage(slug="regels", **theme_fields())
    home_page.add_child(instance=page)
    assert [block.value for block in page.body]
    stored = page.save_revision()
    stored.publish()
    assert '"questions": [{"type": "item"' in stored.content["body"]

    again = upsert_page(home_page, ThemePage, "regels", **theme_fields())

    assert revisions(again) == 1


def test_an_editors_draft_on_top_is_published_over_as_before(home_page, theme):
    draft = ThemePage.objects.get(pk=theme.pk)
    draft.title = "Concept van de redactie"
    draft.save_revision()

    again = upsert_page(home_page, ThemePage, "regels", **theme_fields())

    assert revisions(again) == 3
    assert again.title == "Gedragscode en regels" and not again.has_unpublished_changes


def test_an_unpublished_page_is_published_again(home_page, theme):
    theme.unpublish()

    again = upsert_page(home_page, ThemePage, "regels", **theme_fields())

    assert again.live and revisions(again) == 2


def test_a_snippet_with_revisions(db):
    person = ContactPerson(name="Anna de Vries", role=ContactRole.MELDPUNT, phone="4120")
    person.save()
    assert publish_if_changed(person)

    person = ContactPerson.objects.get(pk=person.pk)
    person.phone = "4120"
    assert not publish_if_changed(person)

    person.phone = "4121"
    assert publish_if_changed(person)
    assert revisions(person) == 2
    assert ContactPerson.objects.get(pk=person.pk).phone == "4121"


def test_a_draft_that_stays_a_draft(home_page):
    page = ThemePage(slug="concept", live=False, **theme_fields())
    home_page.add_child(instance=page)
    assert publish_if_changed(page, publish=False)
    assert not publish_if_changed(ThemePage.objects.get(pk=page.pk), publish=False)

    assert revisions(page) == 1 and not ThemePage.objects.get(pk=page.pk).live


# --- the demo accounts' password -------------------------------------------------------


@pytest.fixture
def new_process(monkeypatch):
    """As in a new `make run`: no demo hash chosen yet in this process."""
    monkeypatch.setattr(demo_content, "_demo_hashes", {})


def _demo_hashes():
    return dict(
        get_user_model()
        .objects.filter(username__in=DEMO_ACCOUNTS)
        .values_list("username", "password")
    )


def test_the_accounts_share_one_hash_of_the_demo_password(new_process):
    load_accounts()

    hashes = _demo_hashes()
    assert set(hashes) == set(DEMO_ACCOUNTS)
    assert len(set(hashes.values())) == 1
    assert check_password(settings.DEMO_PASSWORD, next(iter(hashes.values())))


def test_loading_again_keeps_the_hash_so_sessions_stay(new_process, monkeypatch, client):
    load_accounts()
    client.login(username="medewerker", password=settings.DEMO_PASSWORD)
    before = _demo_hashes()

    monkeypatch.setattr(demo_content, "_demo_hashes", {})  # the next `make run`
    load_accounts()

    assert _demo_hashes() == before
    # The session's hash of the password still matches: the reader stays logged in.
    assert client.get("/", follow=False).wsgi_request.user.username == "medewerker"


def test_another_demo_password_or_hasher_gets_a_new_hash(new_process, settings, monkeypatch):
    load_accounts()
    old = _demo_hashes()["medewerker"]

    settings.DEMO_PASSWORD = "ander-wachtwoord"
    load_accounts()
    changed = _demo_hashes()["medewerker"]
    assert changed != old and check_password("ander-wachtwoord", changed)

    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    monkeypatch.setattr(demo_content, "_demo_hashes", {})
    load_accounts()
    upgraded = _demo_hashes()["medewerker"]
    assert upgraded.startswith("pbkdf2_sha256$")
    assert check_password("ander-wachtwoord", upgraded)
