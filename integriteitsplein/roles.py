"""The roles of the Integriteitsplein as Django groups (the table in README.md, "Two commands").

Created after every `migrate` (post_migrate), because permissions only exist once
all apps have migrated. Idempotent: running it again changes nothing. The
meldkanaal creates its own team groups; a team reads only its own reports.
"""

from django.contrib.auth.models import Group, Permission

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

MEDEWERKER = "Medewerker"
REDACTIE = "Redactie"
COORDINATOR = "Coördinator"

# Page permissions on the site root, per role. Redactie may not publish: it submits
# to the moderation workflow, which the Coördinator approves.
PAGE_PERMISSIONS = {
    REDACTIE: ["add_page", "change_page", "lock_page"],
    COORDINATOR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}

# Model permissions (app_label.codename) per role: the admin, images, documents, settings.
_EDITING = [
    "wagtailadmin.access_admin",
    # kennisbank: contact persons are snippets with the pages' workflow: Redactie adds and
    # changes them and submits; only the Coördinator publishes (below)
    "kennisbank.view_contactperson",
    "kennisbank.add_contactperson",
    "kennisbank.change_contactperson",
    "kennisbank.lock_contactperson",
    # search: promoted results ("Tip van de redactie") and the search term reports
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
    "wagtailsearchpromotions.delete_searchpromotion",
    "search.view_zeroresultquery",
    # search: the synonym list (live on save, like the promoted results)
    "search.view_synoniem",
    "search.add_synoniem",
    "search.change_synoniem",
    "search.delete_synoniem",
]
MODEL_PERMISSIONS = {
    MEDEWERKER: [],
    REDACTIE: _EDITING,
    COORDINATOR: [
        *_EDITING,
        "kennisbank.delete_contactperson",
        "kennisbank.publish_contactperson",
        "kennisbank.unlock_contactperson",
        "integriteitsplein.change_sitesettings",
        # koppelingen: keys for other intranet applications that read the API
        "koppelingen.view_koppeling",
        "koppelingen.add_koppeling",
        "koppelingen.change_koppeling",
    ],
}

# Permissions an earlier release gave and that a role must no longer have; removed on every
# migrate, so an existing deployment follows. Site settings (the meldpunt's phone number in
# every footer) go live without approval, so only the Coördinator changes them.
REVOKED_MODEL_PERMISSIONS = {
    REDACTIE: ["integriteitsplein.change_sitesettings", "kennisbank.publish_contactperson"],
}


# Wagtail checks image and document permissions per collection (GroupCollectionPermission),
# under the names of its own models even with custom models; granted on the root collection.
# Redactie uploads and chooses, and may change or delete its own uploads (Wagtail's
# ownership rule); the Coördinator may change and delete every image and document.
COLLECTION_PERMISSIONS = {
    REDACTIE: [
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ],
}
COLLECTION_PERMISSIONS[COORDINATOR] = [
    *COLLECTION_PERMISSIONS[REDACTIE],
    "wagtailimages.change_image",
    "wagtailimages.delete_image",
    "wagtaildocs.change_document",
    "wagtaildocs.delete_document",
]


def _permission(dotted: str) -> Permission | None:
    app_label, codename = dotted.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def add_model_permissions(group_name: str, permissions: list[str]) -> None:
    """Give a role extra model permissions; other apps call this from their own post_migrate."""
    group, _ = Group.objects.get_or_create(name=group_name)
    found = [p for p in (_permission(d) for d in permissions) if p is not None]
    group.permissions.add(*found)


# Wagtail's own starter groups. The roles above replace them; next to "Redactie" and
# "Coördinator" they only confuse whoever hands out rights. Removed while nobody is in them.
WAGTAIL_STARTER_GROUPS = ["Editors", "Moderators"]


def ensure_roles() -> None:
    Group.objects.filter(name__in=WAGTAIL_STARTER_GROUPS, user__isnull=True).delete()
    for name, permissions in MODEL_PERMISSIONS.items():
        add_model_permissions(name, permissions)
    for name, permissions in REVOKED_MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.remove(*filter(None, map(_permission, permissions)))

    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for name, permissions in COLLECTION_PERMISSIONS.items():
            group = Group.objects.get(name=name)
            for permission in filter(None, map(_permission, permissions)):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )

    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    for name, codenames in PAGE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        for codename in codenames:
            permission = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=codename
            ).first()
            if permission:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=permission
                )
