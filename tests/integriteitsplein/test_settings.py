import os
import subprocess
import sys
from pathlib import Path

from django.contrib.auth.models import Group

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _check_with_production_settings(extra_env):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "MELDKANAAL_KEY", "DATABASE_URL"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "integriteitsplein.settings.production", **extra_env})
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_secrets():
    result = _check_with_production_settings({})

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "MELDKANAAL_KEY" in result.stderr
    assert "DATABASE_URL" in result.stderr


def test_production_names_only_the_missing_secret():
    result = _check_with_production_settings(
        {"SECRET_KEY": "x" * 60, "DATABASE_URL": "postgres://u@127.0.0.1:5432/db"}
    )

    assert result.returncode != 0
    assert "MELDKANAAL_KEY" in result.stderr
    assert "SECRET_KEY," not in result.stderr


def test_dutch_language_and_amsterdam_time(settings):
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.TIME_ZONE == "Europe/Amsterdam"


@pytest.mark.django_db
def test_roles_exist_and_redactie_cannot_publish():
    from wagtail.models import GroupPagePermission

    redactie = Group.objects.get(name="Redactie")
    coordinator = Group.objects.get(name="Coördinator")
    redactie_page_perms = set(
        GroupPagePermission.objects.filter(group=redactie).values_list(
            "permission__codename", flat=True
        )
    )
    coordinator_page_perms = set(
        GroupPagePermission.objects.filter(group=coordinator).values_list(
            "permission__codename", flat=True
        )
    )

    assert "change_page" in redactie_page_perms
    assert "publish_page" not in redactie_page_perms
    assert "publish_page" in coordinator_page_perms
    assert Group.objects.filter(name="Medewerker").exists()


@pytest.mark.django_db
def test_robots_txt_keeps_search_engines_out(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert "Disallow: /" in response.content.decode()


@pytest.mark.django_db
def test_editors_upload_images_and_documents_only_coordinator_deletes_others(
    redacteur, coordinator
):
    from django.core.files.base import ContentFile

    from wagtail.permissions import policy_registry

    from kennisbank.models import CustomDocument

    policy = policy_registry.get_by_type(CustomDocument)
    document = CustomDocument.objects.create(
        title="Regeling",
        file=ContentFile(b"tekst", name="regeling.txt"),
        uploaded_by_user=coordinator,
    )

    assert policy.user_has_permission(redacteur, "add")
    assert policy.user_has_permission(redacteur, "choose")
    assert not policy.user_has_permission_for_instance(redacteur, "change", document)
    assert not policy.user_has_permission_for_instance(redacteur, "delete", document)
    assert policy.user_has_permission_for_instance(coordinator, "delete", document)
    document.uploaded_by_user = redacteur
    assert policy.user_has_permission_for_instance(redacteur, "change", document)


@pytest.mark.django_db
def test_redacteur_sees_images_and_documents_in_the_admin_menu(client, redacteur):
    client.force_login(redacteur)

    assert client.get("/admin/images/").status_code == 200
    assert client.get("/admin/documents/").status_code == 200


@pytest.mark.django_db
def test_only_the_coordinator_changes_the_site_settings(client, redacteur, coordinator):
    from django.contrib.auth.models import Permission

    from integriteitsplein import roles

    # An older release gave Redactie the permission; the next migrate takes it away.
    Group.objects.get(name=roles.REDACTIE).permissions.add(
        Permission.objects.get(codename="change_sitesettings")
    )
    roles.ensure_roles()
    redacteur = type(redacteur).objects.get(pk=redacteur.pk)  # fresh permission cache

    assert not redacteur.has_perm("integriteitsplein.change_sitesettings")
    assert coordinator.has_perm("integriteitsplein.change_sitesettings")
    client.force_login(redacteur)
    assert client.get("/admin/settings/integriteitsplein/sitesettings/").status_code in (302, 403)


@pytest.mark.django_db
def test_the_meldpunt_phone_must_be_a_number(client, coordinator, home_page):
    client.force_login(coordinator)
    url = "/admin/settings/integriteitsplein/sitesettings/"
    site_id = home_page.get_site().pk
    form = {"meldpunt_phone": "0900 FOUT NUMMER", "meldpunt_email": "", "meldpunt_hours": ""}

    response = client.post(f"{url}{site_id}/", form)

    assert response.status_code == 200
    assert "Vul een telefoonnummer in met cijfers" in response.content.decode()
    form["meldpunt_phone"] = "050 316 99 99"
    assert client.post(f"{url}{site_id}/", form).status_code == 302


@pytest.mark.django_db
def test_wagtails_starter_groups_are_gone_unless_someone_is_in_them(django_user_model):
    from integriteitsplein import roles

    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()

    kept = Group.objects.create(name="Editors")
    django_user_model.objects.create(username="oud").groups.add(kept)
    Group.objects.create(name="Moderators")
    roles.ensure_roles()

    assert list(
        Group.objects.filter(name__in=["Editors", "Moderators"]).values_list("name", flat=True)
    ) == ["Editors"]
