"""Demo content of the plein itself: the accounts of each role and the home page.

Called by `manage.py load_demo`, which then asks each app for its own demo content.
Everything is found by a stable key (username, slug) so loading twice changes nothing.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Site

from home.models import HomePage
from integriteitsplein import roles
from integriteitsplein.demo_content import demo_password_hash, publish_if_changed
from integriteitsplein.models import SiteSettings

# username -> (first name, last name, groups, superuser)
DEMO_ACCOUNTS = {
    "medewerker": ("Mila", "de Medewerker", [roles.MEDEWERKER], False),
    "redacteur": ("Ruben", "de Redacteur", [roles.MEDEWERKER, roles.REDACTIE], False),
    "coordinator": ("Cora", "de Coördinator", [roles.MEDEWERKER, roles.COORDINATOR], False),
    # The meldkanaal's demo adds this account to its team.
    "meldpunt": ("Mehmet", "van het Meldpunt", [roles.MEDEWERKER], False),
    "meldpunt2": ("Sanne", "de Vries", [roles.MEDEWERKER], False),
    "admin": ("Ada", "de Beheerder", [], True),
    # The kwestieregistratie's demo makes this account a vertrouwenspersoon.
    "vertrouwenspersoon": ("Vera", "de Vertrouwenspersoon", [roles.MEDEWERKER], False),
}

ROLE_DESCRIPTIONS = {
    "medewerker": "leest het intranet, meldt en volgt een melding",
    "redacteur": "bewerkt pagina's en legt ze ter goedkeuring voor",
    "coordinator": "keurt goed en publiceert; ziet alleen aantallen meldingen",
    "meldpunt": "behandelt de meldingen van het eigen team",
    "meldpunt2": "lid van het meldpunt; uitgesloten van één melding (ziet alleen dat die bestaat)",
    "admin": "beheert de site; leest geen meldingen en geen kwesties",
    "vertrouwenspersoon": "legt gesprekken vast (maand, onderwerp, vervolg); alleen zij zien die",
}


def load_accounts() -> dict:
    User = get_user_model()
    accounts = {}
    password = demo_password_hash(
        User.objects.filter(username__in=DEMO_ACCOUNTS).values_list("password", flat=True)
    )
    for username, (first, last, groups, superuser) in DEMO_ACCOUNTS.items():
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@provincie.example"
        user.is_superuser = user.is_staff = superuser
        user.password = password
        user.save()
        user.groups.add(*[Group.objects.get(name=name) for name in groups])
        accounts[username] = user
    return accounts


def load_home() -> HomePage:
    home = HomePage.objects.get(depth=2)
    home.title = "Integriteitsplein"
    home.intro = (
        "<p>Alles over integriteit op één plek: de gedragscode en regelingen die nu gelden, "
        "e-learning en trainingen, nieuws, en de mensen met wie je in vertrouwen kunt praten. "
        "En een veilige manier om een vermoeden van een misstand te melden.</p>"
    )
    home.search_description = "Het Integriteitsplein van de provincie."
    publish_if_changed(home)

    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    site_settings.meldpunt_phone = "050 316 99 99"
    site_settings.meldpunt_email = "meldpunt.integriteit@provincie.example"
    site_settings.meldpunt_hours = "Bereikbaar op werkdagen van 9.00 tot 17.00 uur"
    site_settings.footer_text = (
        "Integriteitsplein – een uitgave van team Communicatie en de integriteitscoördinator."
    )
    site_settings.save()
    return home


def link_home(home: HomePage, pages: dict) -> None:
    """Point the home page's two entrances at the pages the apps created."""
    changed = False
    for field in ("report_page", "contact_page"):
        page = pages.get(field)
        if page is not None and getattr(home, f"{field}_id") != page.pk:
            setattr(home, field, page)
            changed = True
    if changed:
        publish_if_changed(home)

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for field in ("accessibility_page", "privacy_page"):
        if pages.get(field) is not None:
            setattr(site_settings, field, pages[field])
    site_settings.save()
