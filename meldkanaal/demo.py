"""Demo content of the meldkanaal, loaded by `manage.py load_demo` (idempotent).

The report form page at /melden/, two teams with their routes, the `meldpunt` account as
beheerder of both (so every route has a reader), `meldpunt2` as a plain member of the first
(excluded by the reporter from one report), and a few reports in different states: one
with an unread answer from the reporter, one without a behandelaar after 9 days.
Reports are made through the services (so they are encrypted like real ones) and only when
there are none yet.
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from integriteitsplein.demo_content import publish_if_changed

from . import services
from .constants import Identiteit, Soort, Status, Uitkomst
from .memberships import bootstrap_beheerder
from .models import MeldFormPage, MeldFormSoort, Melding, MeldVraag, Rol, Route, Teamlidmaatschap
from .teams import MELDPUNT_INTEGRITEIT, ensure_team

# One team handles social, business and public-interest reports (as Zuid-Holland does);
# reports of subversion go to a second team that also does the Bibob screenings.
TEAM_ONDERMIJNING = "Team ondermijning"

INTRO = (
    "<p>Vermoed je een integriteitsschending of een misstand bij de provincie? Meld het hier. "
    "Je kunt melden met je naam, vertrouwelijk of anoniem. Alleen het team dat je melding "
    "behandelt, kan hem lezen. Redacteuren en beheerders van deze site kunnen dat niet.</p>"
)
BESCHERMING = (
    "<p>De <b>Wet bescherming klokkenluiders</b> beschermt je als je een vermoeden van een "
    "misstand meldt. Je mag daardoor niet benadeeld worden: niet in je werk, je beoordeling "
    "of je contract. Ook wie je helpt bij het melden, is beschermd.</p>"
    "<p>Het meldpunt bevestigt binnen 7 dagen dat je melding binnen is. Binnen 3 maanden daarna "
    "hoor je wat er met je melding gebeurt.</p>"
)
ANDERE_MANIEREN = (
    "<ul><li>Bel het meldpunt op 050 316 99 99 (werkdagen 9.00 tot 17.00 uur).</li>"
    "<li>Vraag een gesprek aan met het meldpunt. We maken een verslag dat jij eerst leest.</li>"
    "<li>Twijfel je nog? Praat dan eerst in vertrouwen met een vertrouwenspersoon.</li>"
    "<li>Je kunt ook advies vragen aan, of extern melden bij, het "
    '<a href="https://www.huisvoorklokkenluiders.nl/">Huis voor Klokkenluiders</a>.</li></ul>'
)

SOORT_UITLEG = {
    Soort.ONGEWENST_GEDRAG: "Pesten, intimidatie, seksuele intimidatie, discriminatie, agressie.",
    Soort.ZAKELIJKE_INTEGRITEIT: "Fraude, corruptie, lekken van informatie, geschenken, "
    "nevenfuncties, declaraties.",
    Soort.MISSTAND: "Iets dat het algemeen belang raakt en ernstig of structureel is.",
    Soort.ONDERMIJNING: "Criminelen die misbruik maken van de provincie of haar vergunningen.",
    Soort.ANDERS: "Je weet niet goed waar het onder valt. Dat is niet erg.",
}


def load_teams(accounts) -> dict:
    meldpunt = ensure_team(MELDPUNT_INTEGRITEIT)
    ondermijning = ensure_team(TEAM_ONDERMIJNING)
    if "meldpunt" in accounts:
        for team in (meldpunt, ondermijning):
            bootstrap_beheerder(team.naam, accounts["meldpunt"].get_username())
    if "meldpunt2" in accounts:
        # A second member, so that the form has a name to exclude and a report can show it.
        Teamlidmaatschap.objects.get_or_create(
            team=meldpunt, gebruiker=accounts["meldpunt2"], defaults={"rol": Rol.LID}
        )
    for soort in Soort.values:
        team = ondermijning if soort == Soort.ONDERMIJNING else meldpunt
        Route.objects.update_or_create(soort=soort, defaults={"team": team})
    return {"meldpunt": meldpunt, "ondermijning": ondermijning}


def load_page(home) -> MeldFormPage:
    slug = settings.MELDKANAAL_PATH.strip("/")  # the page is where MELDKANAAL_PATH says
    page = MeldFormPage.objects.child_of(home).filter(slug=slug).first()
    if page is None:
        page = MeldFormPage(title="Iets melden", slug=slug)
        home.add_child(instance=page)
    page.title = "Iets melden"
    page.intro = INTRO
    page.bescherming = BESCHERMING
    page.andere_manieren = ANDERE_MANIEREN
    page.search_description = "Meld veilig een vermoeden van een integriteitsschending of misstand."
    page.soorten = [
        MeldFormSoort(soort=soort, uitleg=SOORT_UITLEG[soort], sort_order=index)
        for index, soort in enumerate(Soort.values)
    ]
    page.vragen = [
        MeldVraag(
            label="Wanneer is het gebeurd?",
            hulptekst="Ongeveer is ook goed.",
            veldtype=MeldVraag.KORT,
            sort_order=0,
        ),
        MeldVraag(
            label="Heb je dit al eerder ergens gemeld?",
            veldtype=MeldVraag.JA_NEE,
            sort_order=1,
        ),
    ]
    page.praten_pagina = _kennisbank_page("ContactOverviewPage", "met-wie-kan-ik-praten")
    page.misstand_pagina = _kennisbank_page("ContentPage", "wat-is-een-misstand")
    page.regeling_pagina = _kennisbank_page(
        "PolicyDocumentPage", "regeling-melden-vermoeden-misstand"
    )
    publish_if_changed(page)
    return page


def _kennisbank_page(model_name: str, slug: str):
    """A page of the kennisbank demo (loaded before this one), found by type and slug."""
    model = apps.get_model("kennisbank", model_name)
    return model.objects.filter(slug=slug).live().first()


def load_reports(accounts) -> None:
    if Melding.objects.exists() or "meldpunt" not in accounts:
        return
    member = accounts["meldpunt"]
    today = timezone.localdate()

    # The reporter ticked the second member on the form: she sees only that this case exists.
    excluded = [accounts["meldpunt2"]] if "meldpunt2" in accounts else []
    services.submit_report(
        uitgesloten=excluded,
        soort=Soort.ZAKELIJKE_INTEGRITEIT,
        identiteit=Identiteit.VERTROUWELIJK,
        beschrijving="Een collega laat al maanden taxiritten declareren die niet voor het werk "
        "zijn. Ik heb de bonnen gezien bij de afdeling Financiën.",
        naam="Demo Melder",
        contact="06 12 34 56 78",
        antwoorden={"Wanneer is het gebeurd?": "Sinds het voorjaar"},
        bijlagen=[
            services.Upload(
                "overzicht-declaraties.pdf",
                b"%PDF-1.4\n% demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                "application/pdf",
            )
        ],
    )

    handled, _ = services.submit_report(
        soort=Soort.MISSTAND,
        identiteit=Identiteit.GENOEMD,
        beschrijving="Bij een aanbesteding kreeg steeds hetzelfde bureau de opdracht, zonder "
        "dat andere bureaus een offerte mochten doen.",
        naam="Demo Melder",
    )
    services.acknowledge(member, handled)
    services.change_status(member, handled, Status.IN_BEHANDELING)
    services.assign_handler(member, handled, member)
    services.message_reporter(
        member, handled, "Mogen we je bellen voor een gesprek? Laat hier weten wanneer het kan."
    )
    # The reporter answered: marked as new in the list and on the dashboard until opened.
    services.reporter_message(handled, "Bellen kan op dinsdagmiddag, na twee uur.")

    late, _ = services.submit_report(
        soort=Soort.ANDERS,
        identiteit=Identiteit.ANONIEM,
        beschrijving="Ik denk dat er vertrouwelijke stukken worden doorgestuurd naar een "
        "privémailadres.",
    )
    received = today - datetime.timedelta(days=9)
    late.ontvangen_op = received
    late.save()  # no behandelaar after 9 days: flagged "Geen behandelaar"

    closed, _ = services.submit_report(
        soort=Soort.ZAKELIJKE_INTEGRITEIT,
        identiteit=Identiteit.VERTROUWELIJK,
        beschrijving="Een leidinggevende nam een dure uitnodiging van een leverancier aan.",
        naam="Demo Melder",
    )
    services.acknowledge(member, closed)
    services.change_status(member, closed, Status.IN_BEHANDELING)
    services.message_reporter(
        member,
        closed,
        "We hebben je melding onderzocht. De uitnodiging is gemeld en teruggegeven. Dank je "
        "wel voor je melding.",
        terugkoppeling=True,
    )
    services.record_outcome(member, closed, Uitkomst.GEGROND)
    services.change_status(member, closed, Status.AFGEROND)


def load(home, accounts) -> dict:
    load_teams(accounts)
    page = load_page(home)
    load_reports(accounts)
    return {"report_page": page}
