"""Demo content of the kennisbank app, loaded by `manage.py load_demo`.

Idempotent: every page is found by its slug under its parent, every contact person by
name, every version by its label; loading twice updates, never duplicates. Facts and
figures come from the integrity reports in the seeds; the texts are written for the demo.

Dates that must stay in the future (the announced revision of the code of conduct, review
dates) are computed from the day the demo is loaded, so the demo shows an announced version
whenever it is loaded.
"""

import datetime
import hashlib
import io
import json

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone

from PIL import Image, ImageDraw

from integriteitsplein.demo_content import publish_if_changed, upsert_page
from kennisbank.constants import AdoptedBy, Audience, ContactRole, LearningForm, PolicyKind
from kennisbank.models import (
    ContactOverviewPage,
    ContactPerson,
    ContentPage,
    CustomDocument,
    CustomImage,
    ELearningPage,
    NewsIndexPage,
    NewsPage,
    PolicyDocumentPage,
    PolicyVersion,
    RoleExplanation,
    ThemePage,
)

D = datetime.date


# --- Dates relative to the day of loading -------------------------------------------------


def revision_dates(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Adoption and in-force date of the announced revision of the code of conduct.

    It comes into force on the next 1 January and was adopted before today (on 6 October
    when that has passed), so on any day of loading it is adopted but not yet in force.
    """
    adopted = min(D(today.year, 10, 6), today - datetime.timedelta(days=7))
    return adopted, D(today.year + 1, 1, 1)


def revision_news_title(today: datetime.date) -> str:
    """The title of the news item about the revision (browser tests look for it)."""
    return f"Nieuwe gedragscode vanaf 1 januari {revision_dates(today)[1].year}"


def end_of_month_after(today: datetime.date, months: int) -> datetime.date:
    """The last day of the month `months` months from today (a review date still to come)."""
    year, month = divmod(today.month + months, 12)
    return D(today.year + year, month + 1, 1) - datetime.timedelta(days=1)


# --- Block helpers (raw StreamField data) -------------------------------------------------


def p(*paragraphs) -> dict:
    return {"type": "paragraph", "value": "".join(f"<p>{t}</p>" for t in paragraphs)}


def h(text, level="h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


def art(number, text, title="") -> dict:
    return {
        "type": "article",
        "value": {"number": number, "title": title, "text": f"<p>{text}</p>"},
    }


def callout(title, text, kind="info") -> dict:
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": f"<p>{text}</p>"}}


def faq(title, *items) -> dict:
    return {
        "type": "faq",
        "value": {
            "title": title,
            "questions": [{"question": q, "answer": f"<p>{a}</p>"} for q, a in items],
        },
    }


def steps(title, *items) -> dict:
    return {
        "type": "steps",
        "value": {"title": title, "steps": [{"title": t, "text": f"<p>{x}</p>"} for t, x in items]},
    }


def quote(text, who) -> dict:
    return {"type": "quote", "value": {"quote": text, "attribution": who}}


def figures(title, *items) -> dict:
    return {
        "type": "key_figures",
        "value": {
            "title": title,
            "figures": [
                {
                    "number": str(n),
                    "unit": "",
                    "label": label,
                    "previous_year": None if prev is None else str(prev),
                }
                for n, label, prev in items
            ],
        },
    }


def dilemma(title, situation, options, questions) -> dict:
    return {
        "type": "dilemma",
        "value": {
            "title": title,
            "situation": f"<p>{situation}</p>",
            "options": list(options),
            "questions": list(questions),
        },
    }


def contacts(title, people) -> dict:
    return {"type": "contacts", "value": {"title": title, "people": [c.pk for c in people]}}


def image(picture, alt_text, caption="") -> dict:
    return {
        "type": "image",
        "value": {"image": picture.pk, "alt_text": alt_text, "caption": caption},
    }


def documents(title, *docs) -> dict:
    return {
        "type": "documents",
        "value": {"title": title, "documents": [{"document": d.pk, "label": ""} for d in docs]},
    }


def stream(*blocks) -> str:
    return json.dumps(list(blocks))


# --- Page helpers -------------------------------------------------------------------------


def versions_for(page, specs) -> list:
    """Versions by label: existing ones updated, new ones added, in the given order."""
    existing = {v.label: v for v in page.versions.all()} if page and page.pk else {}
    result = []
    for spec in specs:
        version = existing.get(spec["label"]) or PolicyVersion(label=spec["label"])
        for name, value in spec.items():
            setattr(version, name, value)
        result.append(version)
    return result


def policy(parent, slug, *, versions, **fields):
    page = PolicyDocumentPage.objects.child_of(parent).filter(slug=slug).first()
    return upsert_page(
        parent, PolicyDocumentPage, slug, versions=versions_for(page, versions), **fields
    )


# --- Contact persons ----------------------------------------------------------------------

PHOTO_COLOURS = ["#1f5f8b", "#6b3fa0", "#2e7d4f", "#a0522d", "#8b1f4b", "#3d5a80"]


def portrait(name: str, index: int) -> CustomImage:
    """A simple generated portrait placeholder (a coloured disc with initials)."""
    title = f"Portret {name}"
    image = CustomImage.objects.filter(title=title).first()
    if image is not None:
        return image
    canvas = Image.new("RGB", (320, 320), "#f3f3f3")
    draw = ImageDraw.Draw(canvas)
    draw.ellipse((20, 20, 300, 300), fill=PHOTO_COLOURS[index % len(PHOTO_COLOURS)])
    initials = "".join(part[0] for part in name.split() if part[0].isupper())[:2]
    draw.text((160, 160), initials, fill="white", anchor="mm", font_size=110)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    slug = name.lower().replace(" ", "-")
    image = CustomImage(title=title, alt_text=f"Portret van {name}")
    image.file = ImageFile(buffer, name=f"portret-{slug}.png")
    image.save()
    return image


def pdf_bytes(*lines: str) -> bytes:
    """A one-page PDF with these lines of text (Helvetica), readable by PDF readers and pypdf."""
    text = " ".join(f"({line.replace('(', '[').replace(')', ']')}) Tj 0 -20 Td" for line in lines)
    content = f"BT /F1 13 Tf 72 770 Td {text} ET".encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def signed_pdf(title: str, filename: str, *lines: str) -> CustomDocument:
    """The signed version of a policy document as a small PDF (found again by its title)."""
    document = CustomDocument.objects.filter(title=title).first()
    if document is None:
        data = pdf_bytes(title, *lines)
        # Size and hash as the admin's upload form stores them (Wagtail hashes with SHA-1).
        document = CustomDocument(
            title=title,
            file_size=len(data),
            file_hash=hashlib.sha1(data).hexdigest(),  # noqa: S324
        )
        document.file = ContentFile(data, name=filename)
        document.save()
    return document


# Subjects of the 50 conversations with vertrouwenspersonen in 2024 (Zuid-Holland seed).
KWESTIES_2024 = [
    ("Intimidatie", 17),
    ("(Dreigend) arbeidsconflict", 9),
    ("Pesten", 6),
    ("Seksuele intimidatie", 4),
    ("Agressie en geweld", 4),
    ("Zakelijke integriteit", 4),
    ("Advies algemeen", 4),
    ("Discriminatie", 2),
]
KWESTIES_ALT = (
    "Staafdiagram van de 50 gesprekken met vertrouwenspersonen in 2024, per onderwerp: "
    + ", ".join(f"{subject.lower()} {count}" for subject, count in KWESTIES_2024)
    + "."
)


def kwesties_chart() -> CustomImage:
    """A bar chart of the conversations with vertrouwenspersonen in 2024, drawn once."""
    title = "Gesprekken met vertrouwenspersonen 2024"
    image = CustomImage.objects.filter(title=title).first()
    if image is not None:
        return image
    canvas = Image.new("RGB", (960, 520), "white")
    draw = ImageDraw.Draw(canvas)
    draw.text((40, 24), "Gesprekken met vertrouwenspersonen in 2024", fill="#1b1b1b", font_size=30)
    top, step, scale = 90, 52, 30
    for row, (subject, count) in enumerate(KWESTIES_2024):
        y = top + row * step
        draw.text((40, y + 6), subject, fill="#1b1b1b", font_size=22)
        draw.rectangle((380, y, 380 + count * scale, y + 36), fill="#1f5f8b")
        draw.text((390 + count * scale, y + 6), str(count), fill="#1b1b1b", font_size=22)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    image = CustomImage(title=title, alt_text=KWESTIES_ALT)
    image.file = ImageFile(buffer, name="gesprekken-vertrouwenspersonen-2024.png")
    image.save()
    return image


PEOPLE = [
    # name, role, phone, e-mail, availability, external, introduction
    (
        "Anna de Vries",
        ContactRole.VERTROUWENSPERSOON_INTEGRITEIT,
        "050 316 41 20",
        "a.devries@provincie.example",
        "Maandag, dinsdag en donderdag",
        False,
        "Ik werk bij team Financiën en ben sinds 2019 vertrouwenspersoon. "
        "Bij mij kun je in vertrouwen twijfels bespreken over geld, geschenken of nevenwerk.",
    ),
    (
        "Karim El Amrani",
        ContactRole.VERTROUWENSPERSOON_INTEGRITEIT,
        "050 316 41 35",
        "k.elamrani@provincie.example",
        "Dinsdag tot en met vrijdag",
        False,
        "Ik ben jurist bij Ruimte en Wonen. Ik denk met je mee over wat je kunt doen "
        "als je iets ziet dat niet klopt.",
    ),
    (
        "Marieke Bosman",
        ContactRole.VERTROUWENSPERSOON_ONGEWENST_GEDRAG,
        "050 316 42 10",
        "m.bosman@provincie.example",
        "Maandag tot en met donderdag",
        False,
        "Pesten, intimidatie of discriminatie? Ik luister, en samen kijken we wat jij wilt.",
    ),
    (
        "Thijs Hoekstra",
        ContactRole.VERTROUWENSPERSOON_ONGEWENST_GEDRAG,
        "050 316 42 25",
        "t.hoekstra@provincie.example",
        "Woensdag en vrijdag",
        False,
        "Ik werk op de buitendienst en ken het werk op de weg en het water.",
    ),
    (
        "Sandra Meijer",
        ContactRole.EXTERN_VERTROUWENSPERSOON,
        "088 123 45 67",
        "s.meijer@vertrouwenspunt.example",
        "Werkdagen van 8.30 tot 17.00 uur",
        True,
        "Ik werk niet bij de provincie. Wil je liever met iemand van buiten praten? Bel mij.",
    ),
    (
        "Peter Jansen",
        ContactRole.INTEGRITEITSCOORDINATOR,
        "050 316 40 00",
        "integriteit@provincie.example",
        "Werkdagen",
        False,
        "Ik coördineer het integriteitsbeleid: de gedragscode, trainingen en het jaarverslag.",
    ),
    (
        "Meldpunt Integriteit",
        ContactRole.MELDPUNT,
        "050 316 99 99",
        "meldpunt.integriteit@provincie.example",
        "Werkdagen van 9.00 tot 17.00 uur",
        False,
        "Het meldpunt neemt meldingen aan, ook anoniem. Je krijgt binnen 7 dagen een "
        "ontvangstbevestiging.",
    ),
]

ROLE_TEXTS = [
    (
        ContactRole.VERTROUWENSPERSOON_INTEGRITEIT,
        "Luistert naar je twijfel of vermoeden over integriteit, zoals fraude, "
        "belangenverstrengeling of het lekken van informatie. Legt uit wat je kunt doen "
        "en gaat mee als je een melding wilt doen.",
        "Doet geen onderzoek en neemt geen beslissingen. Vertelt niets door zonder jouw "
        "toestemming.",
    ),
    (
        ContactRole.VERTROUWENSPERSOON_ONGEWENST_GEDRAG,
        "Is er voor je bij pesten, seksuele intimidatie, discriminatie, agressie of geweld. "
        "Helpt je om te kiezen wat je wilt doen, bijvoorbeeld een gesprek of een klacht.",
        "Bemiddelt niet en oordeelt niet over de ander. Doet geen onderzoek.",
    ),
    (
        ContactRole.EXTERN_VERTROUWENSPERSOON,
        "Werkt niet bij de provincie. Handig als je liever met iemand van buiten praat.",
        "Doet geen onderzoek en is geen advocaat.",
    ),
    (
        ContactRole.INTEGRITEITSCOORDINATOR,
        "Beantwoordt vragen over de regels, zoals nevenfuncties en geschenken, en "
        "organiseert trainingen en moreel beraad.",
        "Behandelt geen meldingen van collega's over collega's: daarvoor is het meldpunt.",
    ),
    (
        ContactRole.MELDPUNT,
        "Neemt meldingen aan, met je naam, vertrouwelijk of anoniem. Bevestigt binnen "
        "7 dagen en laat binnen 3 maanden weten wat er met je melding gebeurt.",
        "Vertelt je naam niet door zonder jouw toestemming.",
    ),
]


def load_people() -> dict:
    people = {}
    for index, (name, role, phone, email, hours, external, intro) in enumerate(PEOPLE):
        person = ContactPerson.objects.filter(name=name).first() or ContactPerson(name=name)
        person.role, person.phone, person.email = role, phone, email
        person.availability, person.is_external, person.introduction = hours, external, intro
        person.photo = None if role == ContactRole.MELDPUNT else portrait(name, index)
        if person.pk is None:
            person.save()  # a revision needs the row; publishing writes any later change
        # Published like a page: a revision, so the history and workflow start from here.
        publish_if_changed(person)
        people[name] = person
    return people


PENDING_PERSON_NAME = "Yasmina Bakker"


def submit_pending_person(redacteur) -> None:
    """A new vertrouwenspersoon the redacteur added and submitted, waiting for the coördinator.

    Not on the site until approved: the coördinator checks the phone number first. Created
    once; after that whatever the coördinator did with it stays.
    """
    if ContactPerson.objects.filter(name=PENDING_PERSON_NAME).exists():
        return
    person = ContactPerson(
        name=PENDING_PERSON_NAME,
        role=ContactRole.VERTROUWENSPERSOON_ONGEWENST_GEDRAG,
        phone="050 316 43 18",
        email="y.bakker@provincie.example",
        availability="Maandag en dinsdag",
        introduction="Ik werk bij Mobiliteit. Je kunt bij mij terecht als je je niet veilig "
        "voelt op je werk.",
        live=False,
    )
    person.save()
    person.save_revision(user=redacteur)
    person.get_workflow().start(person, redacteur)


# --- The content --------------------------------------------------------------------------


def load_policies(theme, today, signed_2019) -> dict:
    revision_adopted, revision_in_force = revision_dates(today)
    gedragscode = policy(
        theme,
        "gedragscode-ambtelijke-integriteit",
        title="Gedragscode ambtelijke integriteit",
        kind=PolicyKind.GEDRAGSCODE,
        summary="De gedragscode zegt hoe wij ons gedragen als medewerker van de provincie. "
        "Hij gaat over eerlijk werken, geschenken, nevenwerk, informatie en omgaan met "
        "elkaar. Twijfel je? Vraag het je leidinggevende of een vertrouwenspersoon.",
        document_owner="Integriteitscoördinator",
        review_date=end_of_month_after(today, 12),
        versions=[
            {
                "label": "2016",
                "adopted_by": AdoptedBy.GS,
                "adopted_on": D(2016, 5, 10),
                "in_force_from": D(2016, 7, 1),
                "summary_of_changes": "Eerste gedragscode voor alle medewerkers.",
                "articles": stream(
                    h("Algemeen"),
                    art(
                        "1",
                        "Deze code geldt voor iedereen die voor de provincie werkt.",
                        "Voor wie",
                    ),
                    art(
                        "2",
                        "Je werkt eerlijk en zorgvuldig en je houdt je aan de wet.",
                        "Integer werken",
                    ),
                    h("Geschenken en nevenwerk"),
                    art(
                        "3",
                        "Geschenken tot 50 euro mag je houden. Meld ze bij je leidinggevende.",
                        "Geschenken",
                    ),
                    art("4", "Nevenwerk meld je vooraf bij je leidinggevende.", "Nevenwerk"),
                ),
            },
            {
                "label": "2019",
                "adopted_by": AdoptedBy.GS,
                "adopted_on": D(2019, 2, 12),
                "in_force_from": D(2019, 4, 1),
                "summary_of_changes": "Lagere grens voor geschenken, een artikel over "
                "informatie en een artikel over omgaan met elkaar.",
                "articles": stream(
                    h("Algemeen"),
                    art(
                        "1",
                        "Deze code geldt voor iedereen die voor de provincie werkt, "
                        "ook voor inhuur en stagiairs.",
                        "Voor wie",
                    ),
                    art(
                        "2",
                        "Je werkt eerlijk en zorgvuldig en je houdt je aan de wet. Je "
                        "declareert alleen onkosten die je echt voor je werk hebt gemaakt.",
                        "Integer werken",
                    ),
                    h("Geschenken en nevenwerk"),
                    art(
                        "3",
                        "Geschenken tot 25 euro mag je houden. Een geschenk van meer dan "
                        "25 euro meld je bij je leidinggevende.",
                        "Geschenken",
                    ),
                    art(
                        "4",
                        "Nevenwerk meld je vooraf bij je leidinggevende. Je "
                        "leidinggevende legt het vast.",
                        "Nevenwerk",
                    ),
                    art(
                        "5",
                        "Vertrouwelijke informatie deel je alleen met wie het nodig "
                        "heeft voor het werk.",
                        "Informatie",
                    ),
                    art(
                        "6",
                        "Je gaat respectvol met elkaar om. Pesten, intimidatie en "
                        "discriminatie accepteren we niet.",
                        "Omgaan met elkaar",
                    ),
                ),
                "signed_document": signed_2019,
            },
            {
                "label": "herziening 2025",
                "adopted_by": AdoptedBy.GS,
                "adopted_on": revision_adopted,
                "in_force_from": revision_in_force,
                "summary_of_changes": "In 2025 begon de herziening. Dit verandert: je meldt "
                "elk geschenk, ook als het minder dan 25 euro waard is. Er is een nieuw artikel "
                "over sociale media. Nieuwe medewerkers doen de e-learning morele "
                "oordeelsvorming in hun eerste half jaar.",
                "articles": stream(
                    h("Algemeen"),
                    art(
                        "1",
                        "Deze code geldt voor iedereen die voor de provincie werkt, "
                        "ook voor inhuur en stagiairs.",
                        "Voor wie",
                    ),
                    art(
                        "2",
                        "Je werkt eerlijk en zorgvuldig en je houdt je aan de wet. Je "
                        "declareert alleen onkosten die je echt voor je werk hebt gemaakt.",
                        "Integer werken",
                    ),
                    h("Geschenken en nevenwerk"),
                    art(
                        "3",
                        "Meld elk geschenk bij je leidinggevende, ook als het minder dan "
                        "25 euro waard is. Een geschenk van meer dan 25 euro geef je terug.",
                        "Geschenken",
                    ),
                    art(
                        "4",
                        "Nevenwerk meld je vooraf bij je leidinggevende. Je "
                        "leidinggevende legt het vast.",
                        "Nevenwerk",
                    ),
                    art(
                        "5",
                        "Vertrouwelijke informatie deel je alleen met wie het nodig "
                        "heeft voor het werk.",
                        "Informatie",
                    ),
                    art(
                        "6",
                        "Je gaat respectvol met elkaar om. Pesten, intimidatie en "
                        "discriminatie accepteren we niet.",
                        "Omgaan met elkaar",
                    ),
                    art(
                        "7",
                        "Op sociale media laat je zien dat je zorgvuldig omgaat met "
                        "informatie over je werk.",
                        "Sociale media",
                    ),
                    art(
                        "8",
                        "Nieuwe medewerkers doen in hun eerste half jaar de e-learning "
                        "morele oordeelsvorming.",
                        "Leren",
                    ),
                ),
            },
        ],
    )
    misstand = policy(
        theme,
        "regeling-melden-vermoeden-misstand",
        title="Regeling melden vermoeden van een misstand",
        open_without_login=True,  # external reporters need the rules they report under
        kind=PolicyKind.REGELING,
        summary="Zo meld je een vermoeden van een misstand veilig: bij het meldpunt, met je "
        "naam, vertrouwelijk of anoniem. De regeling staat in bijlage 2 van de cao en volgt "
        "de Wet bescherming klokkenluiders.",
        document_owner="Integriteitscoördinator",
        review_date=end_of_month_after(today, 6),
        versions=[
            {
                "label": "2023",
                "adopted_by": AdoptedBy.GS,
                "adopted_on": D(2023, 3, 14),
                "in_force_from": D(2023, 4, 1),
                "summary_of_changes": "Aangepast aan de Wet bescherming klokkenluiders.",
                "articles": stream(
                    art(
                        "1",
                        "Een misstand raakt het algemeen belang, bijvoorbeeld een "
                        "gevaar voor de gezondheid of fraude met publiek geld.",
                        "Begrip",
                    ),
                    art(
                        "2",
                        "Je meldt bij het meldpunt, mondeling of schriftelijk. Dat mag "
                        "ook anoniem.",
                        "Melden",
                    ),
                    art("3", "Je krijgt binnen 7 dagen een ontvangstbevestiging.", "Ontvangst"),
                    art(
                        "4",
                        "Binnen 3 maanden hoor je wat er met je melding gebeurt.",
                        "Terugkoppeling",
                    ),
                    art(
                        "5",
                        "Wie te goeder trouw meldt, wordt daarvoor niet benadeeld.",
                        "Bescherming",
                    ),
                ),
            }
        ],
    )
    onderzoek = policy(
        theme,
        "onderzoeksprotocol",
        title="Onderzoeksprotocol bij vermoedens van integriteitsschendingen",
        kind=PolicyKind.PROTOCOL,
        summary="Het protocol zegt hoe een onderzoek naar een vermoeden van een "
        "integriteitsschending verloopt, en welke rechten de betrokken medewerker heeft.",
        document_owner="Integriteitscoördinator",
        review_date=end_of_month_after(today, 1),
        versions=[
            {
                "label": "2021",
                "adopted_by": AdoptedBy.GS,
                "adopted_on": D(2021, 11, 30),
                "in_force_from": D(2022, 1, 1),
                "articles": stream(
                    art("1", "De directie besluit of er een onderzoek komt.", "Besluit"),
                    art(
                        "2",
                        "De betrokken medewerker hoort dat er een onderzoek is, tenzij "
                        "dat het onderzoek schaadt.",
                        "Informeren",
                    ),
                    art("3", "Bij een gesprek mag de medewerker iemand meenemen.", "Bijstand"),
                    art("4", "De medewerker mag reageren op het verslag.", "Hoor en wederhoor"),
                ),
            }
        ],
    )
    plan = policy(
        theme,
        "integriteitsplan-2018-2022",
        title="Integriteitsplan 2018–2022",
        kind=PolicyKind.BELEIDSPLAN,
        summary="Het plan met de doelen voor integriteit tot en met 2022: bewustwording, "
        "de ambtseed voor iedereen en een veilig meldpunt.",
        document_owner="Integriteitscoördinator",
        review_date=D(2022, 12, 31),  # overdue on purpose: shows in the admin report
        versions=[
            {
                "label": "2018",
                "adopted_by": AdoptedBy.GS,
                "adopted_on": D(2018, 6, 12),
                "in_force_from": D(2018, 7, 1),
                "articles": stream(
                    art("1", "Elke nieuwe medewerker legt de eed of belofte af.", "Ambtseed"),
                    art("2", "Teams bespreken jaarlijks een dilemma.", "Bewustwording"),
                    art("3", "Er is een meldpunt dat veilig en bekend is.", "Melden"),
                ),
            }
        ],
    )
    nevenfuncties = policy(
        theme,
        "regeling-nevenfuncties",
        title="Regeling nevenfuncties",
        kind=PolicyKind.REGELING,
        summary="Werk je naast je baan, betaald of als vrijwilliger? Meld het vooraf. "
        "Zo voorkomen we dat belangen door elkaar lopen.",
        document_owner="HR",
        review_date=end_of_month_after(today, 3),
        versions=[
            {
                "label": "2020",
                "adopted_by": AdoptedBy.GS,
                "adopted_on": D(2020, 1, 14),
                "in_force_from": D(2020, 2, 1),
                "articles": stream(
                    art("1", "Je meldt een nevenfunctie voordat je eraan begint.", "Melden"),
                    art(
                        "2",
                        "Je leidinggevende kijkt of de functie botst met je werk.",
                        "Beoordelen",
                    ),
                    art(
                        "3", "Nevenfuncties van topambtenaren worden openbaar gemaakt.", "Openbaar"
                    ),
                ),
            }
        ],
    )
    geschenken = policy(
        theme,
        "geschenken-en-uitnodigingen",
        title="Regeling geschenken en uitnodigingen",
        kind=PolicyKind.REGELING,
        summary="Een geschenk of uitnodiging van een relatie? Meld het en bespreek het "
        "met je leidinggevende. Bij twijfel: niet doen.",
        document_owner="Integriteitscoördinator",
        review_date=end_of_month_after(today, 3),
        versions=[
            {
                "label": "2019",
                "adopted_by": AdoptedBy.GS,
                "adopted_on": D(2019, 2, 12),
                "in_force_from": D(2019, 4, 1),
                "articles": stream(
                    art("1", "Geschenken laat je op het werkadres bezorgen.", "Adres"),
                    art(
                        "2",
                        "Uitnodigingen voor reizen of diners sla je af, tenzij je "
                        "leidinggevende vooraf akkoord geeft.",
                        "Uitnodigingen",
                    ),
                    art(
                        "3",
                        "Geschenken tijdens een aanbesteding neem je nooit aan.",
                        "Aanbesteding",
                    ),
                ),
            }
        ],
    )
    berijders = policy(
        theme,
        "berijdersprotocol",
        title="Berijdersprotocol dienstauto's",
        kind=PolicyKind.PROTOCOL,
        summary="Rijd je in een dienstauto? Dan gebruik je hem alleen voor je werk en meld "
        "je schade en boetes direct.",
        document_owner="Facilitaire zaken",
        review_date=end_of_month_after(today, 9),
        versions=[
            {
                "label": "2022",
                "adopted_by": AdoptedBy.DIRECTIE,
                "adopted_on": D(2022, 5, 17),
                "in_force_from": D(2022, 6, 1),
                "articles": stream(
                    art("1", "Een dienstauto gebruik je alleen voor je werk.", "Gebruik"),
                    art("2", "Schade meld je dezelfde dag bij Facilitaire zaken.", "Schade"),
                    art("3", "Boetes betaal je zelf.", "Boetes"),
                ),
            }
        ],
    )
    return {
        "gedragscode": gedragscode,
        "misstand": misstand,
        "onderzoek": onderzoek,
        "plan": plan,
        "nevenfuncties": nevenfuncties,
        "geschenken": geschenken,
        "berijders": berijders,
    }


def ul(*items) -> dict:
    return {
        "type": "paragraph",
        "value": "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>",
    }


def privacy_statement() -> list[dict]:
    """The privacy statement in plain Dutch; the facts are those of docs/data_protection.md."""
    return [
        p(
            "De provincie is verantwoordelijk voor de gegevens op het Integriteitsplein. We "
            "bewaren zo weinig mogelijk, en niet langer dan nodig."
        ),
        h("Als je het intranet leest"),
        ul(
            "Je logt in met je account van de provincie: je naam, gebruikersnaam en "
            "e-mailadres. Die bewaren we zolang je account bestaat.",
            "We houden niet bij welke pagina's je leest.",
            "Typ je 10 keer een verkeerd wachtwoord? Dan kun je 15 minuten niet inloggen. "
            "Daarvoor tellen we de pogingen, maar alleen die 15 minuten.",
        ),
        h("Als je zoekt"),
        p(
            "We tellen hoe vaak een zoekwoord op een dag is gebruikt. We bewaren niet wie er "
            "zocht. Zo zien we wat mensen niet kunnen vinden. De redactie ziet alleen woorden "
            "die 3 keer of vaker zijn gezocht. Na 90 dagen wissen we de tellingen."
        ),
        h("Contactpersonen en redactie"),
        ul(
            "Van vertrouwenspersonen, de integriteitscoördinator en het meldpunt tonen we naam, "
            "rol, telefoon, e-mail en soms een foto. Zo kun je hen vinden. Stopt iemand, dan "
            "halen we de gegevens weg.",
            "Bij elke wijziging van een pagina bewaren we wie die wijziging deed. Dat ziet "
            "alleen de redactie.",
        ),
        h("Als je een melding doet"),
        ul(
            "Je melding, je berichten en je bijlagen staan versleuteld opgeslagen. Alleen het "
            "team dat je melding behandelt, kan ze lezen. De redactie en de beheerders van de "
            "site kunnen dat niet.",
            "Meld je anoniem? Dan bewaren we geen naam, geen account, geen IP-adres en niets "
            "over je computer of telefoon.",
            "Meld je met je naam of vertrouwelijk? Dan ziet alleen het team je naam en hoe "
            "het je kan bereiken. Bij vertrouwelijk vertelt het team je naam aan niemand "
            "anders zonder jouw toestemming.",
            "Met je code volg je je melding. Wij kunnen je code niet lezen: we kunnen alleen "
            "nagaan of hij klopt.",
            "We bewaren je melding tot 5 jaar nadat hij is afgesloten. Daarna wissen we de "
            "inhoud, je gegevens en de bijlagen.",
            "Wel houden we altijd bij dat er een melding was: het nummer, de soort, de uitkomst "
            "en de datums. Dat vraagt de Wet bescherming klokkenluiders. In het jaarverslag "
            "staan alleen aantallen.",
        ),
        h("Je rechten"),
        p(
            "Je mag vragen welke gegevens we van je hebben. Je mag ook vragen om ze te "
            "verbeteren of te wissen. Soms mag dat niet, bijvoorbeeld als de wet zegt dat we "
            "iets moeten bewaren. Bij een anonieme melding weten we niet wie je bent. Die "
            "melding kunnen we dus niet aan jou koppelen."
        ),
        h("Vragen of een klacht?"),
        p(
            "Stel je vraag aan de functionaris gegevensbescherming (FG) van de provincie: "
            '<a href="mailto:privacy@provincie.example">privacy@provincie.example</a>. '
            "Ben je het niet eens met het antwoord? Dan kun je een klacht indienen bij de "
            '<a href="https://www.autoriteitpersoonsgegevens.nl">Autoriteit '
            "Persoonsgegevens</a>."
        ),
    ]


PENDING_NEWS_SLUG = "training-morele-oordeelsvorming-leidinggevenden"
PENDING_NEWS_TITLE = "Nieuwe training morele oordeelsvorming voor leidinggevenden"


def submit_pending_news(news_index, theme, redacteur, today: datetime.date) -> None:
    """A news item the redacteur wrote and submitted, waiting for the coördinator.

    So the workflow is visible on day one: the coördinator finds it on the admin's start
    page. Created once; after that whatever the coördinator did with it stays.
    """
    if NewsPage.objects.child_of(news_index).filter(slug=PENDING_NEWS_SLUG).exists():
        return
    page = NewsPage(
        slug=PENDING_NEWS_SLUG,
        title=PENDING_NEWS_TITLE,
        date=today,
        intro="Vanaf februari is er een training van een dagdeel voor alle leidinggevenden. "
        "Je leert hoe je met je team over dilemma's praat.",
        theme=theme,
        body=stream(
            p(
                "De training gaat over de dilemma's die je als leidinggevende tegenkomt: een "
                "nevenfunctie die misschien botst, een geschenk, een collega die zich zorgen "
                "maakt. Je oefent met echte voorbeelden."
            ),
            p("Aanmelden kan bij de integriteitscoördinator."),
        ),
        live=False,
        owner=redacteur,
    )
    news_index.add_child(instance=page)
    page.save_revision(user=redacteur)
    page.get_workflow().start(page, redacteur)


def load(home, accounts, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    revision_year = revision_dates(today)[1].year
    people = load_people()
    signed_2019 = signed_pdf(
        "Gedragscode ambtelijke integriteit 2019 (getekend)",
        "gedragscode-ambtelijke-integriteit-2019.pdf",
        "Gedragscode ambtelijke integriteit, versie 2019.",
        "Vastgesteld door Gedeputeerde Staten op 12 februari 2019.",
        "In werking vanaf 1 april 2019.",
    )

    regels = upsert_page(
        home,
        ThemePage,
        "gedragscode-en-regels",
        title="Gedragscode en regels",
        show_in_menus=True,
        search_description="De gedragscode en de regelingen die nu gelden, en wat er "
        "binnenkort verandert.",
        intro="Hier staan de regels over integriteit die nu gelden. Bij elke regeling zie "
        "je ook de oude versies en wat er verandert.",
        body=stream(
            callout(
                f"Nieuwe gedragscode per 1 januari {revision_year}",
                "Gedeputeerde Staten hebben de herziene gedragscode vastgesteld. Op de pagina "
                "van de gedragscode lees je wat er verandert.",
            ),
            faq(
                "Vragen over de regels",
                (
                    "Mag ik een kerstpakket van een leverancier houden?",
                    "Is het meer dan 25 euro waard? Meld het bij je leidinggevende. Vanaf "
                    f"{revision_year} meld je elk geschenk.",
                ),
                (
                    "Moet ik vrijwilligerswerk melden?",
                    "Ja, als het kan botsen met je werk. Twijfel je? Meld het.",
                ),
            ),
            documents("Om te downloaden", signed_2019),
        ),
    )
    policies = load_policies(regels, today, signed_2019)

    melden = upsert_page(
        home,
        ThemePage,
        "melden-en-vertrouwenspersonen",
        title="Melden en vertrouwenspersonen",
        show_in_menus=True,
        search_description="Met wie kun je praten, en hoe meld je een vermoeden van een misstand?",
        intro="Twijfel je of iets klopt? Praat erover. Wil je iets melden? Dat kan veilig.",
        body=stream(
            steps(
                "Zo werkt melden",
                ("Praat erover", "Met je leidinggevende of een vertrouwenspersoon."),
                ("Meld het", "Bij het meldpunt: met je naam, vertrouwelijk of anoniem."),
                ("Je hoort binnen 7 dagen", "Het meldpunt bevestigt dat je melding er is."),
                ("Binnen 3 maanden", "Je hoort wat er met je melding gebeurt."),
            ),
        ),
    )
    contact_page = ContactOverviewPage.objects.child_of(melden).first()
    existing_roles = {r.role: r for r in contact_page.roles.all()} if contact_page else {}
    roles = []
    for role, does, does_not in ROLE_TEXTS:
        explanation = existing_roles.get(role) or RoleExplanation(role=role)
        explanation.does, explanation.does_not = does, does_not
        roles.append(explanation)
    contact_page = upsert_page(
        melden,
        ContactOverviewPage,
        "met-wie-kan-ik-praten",
        title="Met wie kan ik praten?",
        open_without_login=True,
        search_description="Vertrouwenspersonen, de integriteitscoördinator en het meldpunt.",
        intro="Je hoeft niet alleen te blijven zitten met een vraag of een vermoeden. "
        "Kies hieronder wie bij je vraag past. Alles wat je vertelt, blijft vertrouwelijk.",
        roles=roles,
    )
    upsert_page(
        melden,
        ContentPage,
        "wat-is-een-misstand",
        title="Wat is een misstand?",
        open_without_login=True,
        intro="Niet elk probleem is een misstand. Zo zie je het verschil.",
        body=stream(
            p(
                "Een misstand raakt het algemeen belang. Het gaat om iets ernstigs of iets dat "
                "vaker gebeurt, zoals fraude met subsidies of gevaar voor de gezondheid."
            ),
            p(
                "Een conflict met je leidinggevende is meestal geen misstand. Daarvoor kun je "
                "terecht bij een vertrouwenspersoon ongewenst gedrag."
            ),
            contacts("Twijfel je?", [people["Anna de Vries"], people["Meldpunt Integriteit"]]),
        ),
    )

    leren = upsert_page(
        home,
        ThemePage,
        "leren-en-oefenen",
        title="Leren en oefenen",
        show_in_menus=True,
        search_description="E-learning, het dilemmaspel, moreel beraad en de ambtseed.",
        intro="Integriteit leer je door erover te praten en te oefenen met echte dilemma's.",
        body=stream(
            dilemma(
                "De taart van de aannemer",
                "Een aannemer die net een opdracht kreeg, brengt een grote taart voor je "
                "team. Je collega's staan al met bordjes klaar.",
                [
                    "Je neemt de taart aan en deelt hem uit.",
                    "Je neemt de taart aan en meldt het bij je leidinggevende.",
                    "Je bedankt de aannemer en geeft de taart terug.",
                ],
                [
                    "Maakt het uit of de opdracht al gegund is?",
                    "Wat zou de buitenwereld ervan vinden?",
                ],
            ),
        ),
    )
    upsert_page(
        leren,
        ELearningPage,
        "morele-oordeelsvorming",
        title="E-learning morele oordeelsvorming",
        intro="In deze e-learning oefen je stap voor stap met lastige keuzes in je werk.",
        duration_minutes=45,
        audience=Audience.ALLE_MEDEWERKERS,
        mandatory=True,
        form=LearningForm.ONLINE,
        link_url="https://leren.provincie.example/moreel",
        link_text="Start de e-learning",
        body=stream(
            p("Je doet de e-learning in je eigen tempo. Je kunt stoppen en later verdergaan.")
        ),
    )
    upsert_page(
        leren,
        ELearningPage,
        "dilemmaspel",
        title="Dilemmaspel",
        intro="Speel het dilemmaspel met je team. Er zijn geen goede of foute antwoorden.",
        duration_minutes=60,
        audience=Audience.ALLE_MEDEWERKERS,
        mandatory=False,
        form=LearningForm.KLASSIKAAL,
        link_url="",
        link_text="",
        body=stream(
            quote(
                "Door het spel praatten we voor het eerst echt over geschenken.", "Teamleider Wegen"
            ),
            p("Vraag het spel aan bij de integriteitscoördinator."),
        ),
    )
    upsert_page(
        leren,
        ELearningPage,
        "moreel-beraad",
        title="Moreel beraad voor teams",
        intro="Een gesprek in vaste stappen over een dilemma uit jullie eigen werk.",
        duration_minutes=120,
        audience=Audience.LEIDINGGEVENDEN,
        mandatory=False,
        form=LearningForm.BIJEENKOMST,
        link_url="",
        link_text="",
        body=stream(p("Zes procesbegeleiders zijn opgeleid om een moreel beraad te leiden.")),
    )
    upsert_page(
        leren,
        ELearningPage,
        "ambtseed",
        title="De ambtseed of belofte",
        intro="Elke nieuwe collega legt de eed of belofte af. Zo beloof je dat je eerlijk en "
        "zorgvuldig werkt.",
        duration_minutes=60,
        audience=Audience.NIEUWE_MEDEWERKERS,
        mandatory=True,
        form=LearningForm.BIJEENKOMST,
        link_url="",
        link_text="",
        body=stream(
            p(
                "Je legt de eed of belofte af in je eerste maanden, in een bijeenkomst met "
                "andere nieuwe collega's. De provinciesecretaris neemt de eed of belofte af."
            ),
            steps(
                "Zo gaat de bijeenkomst",
                ("Uitleg", "De integriteitscoördinator vertelt over de gedragscode."),
                ("Eed of belofte", "Je zegt de tekst hardop na. Je kiest zelf: eed of belofte."),
                ("Vragen", "Je kunt vragen stellen over integriteit in je werk."),
            ),
        ),
    )

    weerbaar = upsert_page(
        home,
        ThemePage,
        "weerbaarheid-en-ondermijning",
        title="Weerbaarheid en ondermijning",
        show_in_menus=True,
        search_description="Herken ondermijning door criminelen en weet wat je dan doet.",
        intro="Criminelen proberen soms via de overheid hun geld wit te wassen of "
        "informatie te krijgen. Zo herken je het.",
    )
    upsert_page(
        weerbaar,
        ContentPage,
        "bibob",
        title="Bibob: screenen van aanvragers",
        intro="Met de Wet Bibob kijken we of een aanvrager van een vergunning of subsidie "
        "betrouwbaar is.",
        body=stream(
            figures("Bibob in cijfers", (21, "Bibob-onderzoeken in 2024", None)),
            callout(
                "Let op",
                "Word je benaderd met een vreemd verzoek? Meld het bij het meldpunt.",
                kind="warning",
            ),
        ),
    )

    news_index = upsert_page(
        home,
        NewsIndexPage,
        "nieuws",
        title="Nieuws",
        intro="Nieuws over integriteit bij de provincie.",
    )
    revision_adopted = revision_dates(today)[0]
    # The item about the revision kept its year in the slug in earlier demos: reuse it.
    legacy = NewsPage.objects.child_of(news_index).filter(slug="nieuwe-gedragscode-2027").first()
    if legacy is not None:
        legacy.slug = "nieuwe-gedragscode"
        legacy.save()  # updates its address (url_path) too
    news = [
        (
            "nieuwe-gedragscode",
            revision_news_title(today),
            min(revision_adopted + datetime.timedelta(days=2), today),
            "Gedeputeerde Staten stelden de herziene gedragscode vast. Vanaf "
            f"1 januari {revision_year} meld je elk geschenk.",
            regels,
            stream(
                p(
                    f"De nieuwe gedragscode geldt vanaf 1 januari {revision_year}. Op de "
                    f'<a linktype="page" id="{policies["gedragscode"].pk}">pagina van de '
                    "gedragscode</a> zie je per artikel wat er verandert."
                )
            ),
        ),
        (
            "jaarverslag-integriteit-2024",
            "Jaarverslag integriteit 2024",
            D(2025, 4, 22),
            "In 2024 voerden vertrouwenspersonen 50 gesprekken, meer dan het jaar ervoor.",
            melden,
            stream(
                figures(
                    "Integriteit in 2024",
                    (50, "gesprekken met vertrouwenspersonen", 39),
                    (5, "meldingen", 4),
                    (271, "ambtseden en beloftes", 281),
                ),
                h("Waarover gingen de gesprekken?"),
                image(
                    kwesties_chart(),
                    KWESTIES_ALT,
                    "Intimidatie was het vaakst het onderwerp: 17 van de 50 gesprekken.",
                ),
            ),
        ),
        (
            "ambtseden-2024",
            "156 nieuwe collega's legden de eed of belofte af",
            D(2025, 1, 20),
            "In vier bijeenkomsten legden 156 nieuwe collega's de eed of belofte af.",
            leren,
            stream(
                p(
                    "De eed of belofte is een belofte aan de inwoners: wij werken eerlijk en "
                    "zorgvuldig."
                )
            ),
        ),
        (
            "dilemmaspel-296-keer",
            "Dilemmaspel 296 keer gespeeld",
            D(2025, 3, 10),
            "Collega's speelden het dilemmaspel vorig jaar 296 keer. Speel jij ook mee?",
            leren,
            stream(p("Het spel is aan te vragen bij de integriteitscoördinator.")),
        ),
        (
            "procesbegeleiders-moreel-beraad",
            "Zes procesbegeleiders voor moreel beraad",
            D(2025, 9, 15),
            "Zes collega's zijn opgeleid om een moreel beraad te leiden. Vraag er een aan voor "
            "je team.",
            leren,
            stream(p("Een moreel beraad duurt ongeveer twee uur.")),
        ),
    ]
    for slug, title, date, intro, theme, body in news:
        upsert_page(
            news_index, NewsPage, slug, title=title, date=date, intro=intro, theme=theme, body=body
        )
    submit_pending_news(news_index, leren, accounts["redacteur"], today)
    submit_pending_person(accounts["redacteur"])

    accessibility = upsert_page(
        home,
        ContentPage,
        "toegankelijkheidsverklaring",
        title="Toegankelijkheidsverklaring",
        open_without_login=True,
        intro="Iedereen moet het Integriteitsplein kunnen gebruiken, ook met een beperking.",
        body=stream(
            p(
                "Het Integriteitsplein volgt de WCAG 2.1 op niveau AA. Je kunt de site met het "
                "toetsenbord en een schermlezer gebruiken."
            ),
            h("Wat nog niet goed werkt"),
            p(
                "Sommige oude pdf-bestanden zijn niet toegankelijk. Heb je er een nodig? Vraag "
                "de integriteitscoördinator om een toegankelijke versie."
            ),
            h("Iets gevonden?"),
            p("Meld het bij team Communicatie. Je krijgt binnen 5 werkdagen antwoord."),
        ),
    )
    privacy = upsert_page(
        home,
        ContentPage,
        "privacy",
        title="Privacy op het Integriteitsplein",
        open_without_login=True,
        intro="Welke gegevens het Integriteitsplein en het meldkanaal bewaren, waarom, hoe lang, "
        "en wat je rechten zijn.",
        body=stream(*privacy_statement()),
    )
    return {
        "contact_page": contact_page,
        "accessibility_page": accessibility,
        "privacy_page": privacy,
        "policy_pages": list(policies.values()),
    }
