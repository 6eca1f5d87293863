"""The large site of issue 13, generated on top of the demo content (`make bench`, search bench).

`generate(pages=10_000)` adds, until the site holds that many pages:

- 2,000 news items (`NewsPage`, each with a theme);
- 500 policy documents with 3 versions each: one superseded (2023), one in force (2025) and
  one announced (adopted, in force from two years on), the version in force signed as a PDF;
- themes of hundreds of children: generated themes beside the demo's, content pages spread
  over them round-robin (about 300 children a theme at 10,000 pages);
- 1,000 real PDF documents with text (a minimal one-page PDF written here, read back by the
  same pypdf code the upload uses), half of them used on a policy document;
- 200 contact persons over every role.

Text is made of the domain's words (`WORDS`), so common queries ("integriteit", "melden")
match thousands of pages and rare ones ("bibob") a few: the worst case for a search page
that counts its filters. Deterministic (seeded) and resumable: a second run adds only what
is missing. Runs inside a configured Django (bench/search_bench.py, bench/site_bench.py).
"""

from __future__ import annotations

import datetime
import random
import sys
import time

WORDS = [
    "integriteit",
    "melden",
    "melding",
    "vertrouwenspersoon",
    "geschenk",
    "nevenfunctie",
    "leidinggevende",
    "medewerker",
    "provincie",
    "regeling",
    "gedragscode",
    "misstand",
    "fraude",
    "informatie",
    "vertrouwelijk",
    "ongewenst",
    "gedrag",
    "pesten",
    "intimidatie",
    "uitnodiging",
    "leverancier",
    "dienstauto",
    "declaratie",
    "onderzoek",
    "team",
    "afdeling",
    "gesprek",
    "twijfel",
    "vraag",
    "advies",
    "beleid",
    "werk",
    "collega's",
    "afspraak",
    "verantwoordelijk",
    "eerlijk",
    "open",
    "respect",
    "veilig",
    "dilemma",
    "training",
    "moreel",
    "beraad",
    "ambtseed",
]

NEWS = 2_000
POLICIES = 500
PDFS = 1_000
CONTACTS = 200
CHILDREN_PER_THEME = 300
BATCH = 200
SEED = 5
GENERATED_THEME = "Thema (bench) {}"


def sentence(rng: random.Random, length: int = 12) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def _log(message: str, started: float) -> None:
    print(f"  {message} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)


# --- the parts -------------------------------------------------------------------------


def _documents(rng: random.Random, started: float) -> list:
    """PDFs_ generated PDFs; their text read with the upload's own pypdf code, in-process
    (the sandboxed child process per upload would add ~0.1 s each)."""
    from django.core.files.base import ContentFile
    from django.db import transaction
    from django.db.models.signals import pre_save

    from wagtail.documents import get_document_model

    from kennisbank.demo import pdf_bytes
    from search.extract_worker import pdf_text
    from search.extraction import fill_extracted_text

    model = get_document_model()
    have = list(model.objects.filter(title__startswith="Bijlage (bench)").order_by("pk"))
    pre_save.disconnect(fill_extracted_text, sender=model, dispatch_uid="search-extract-text")
    try:
        for start in range(len(have), PDFS, BATCH):
            with transaction.atomic():
                for n in range(start, min(start + BATCH, PDFS)):
                    title = f"Bijlage (bench) {n}: {rng.choice(WORDS)} {rng.choice(WORDS)}"
                    lines = [sentence(rng, 10) for _ in range(12)]
                    data = pdf_bytes(title, *lines)
                    document = model(title=title)
                    document.file.save(f"bench-{n}.pdf", ContentFile(data), save=False)
                    document.file_size = len(data)
                    document.extracted_text = pdf_text(data, 10, 200_000)
                    document.save()
                    have.append(document)
            _log(f"{len(have)} PDF documents", started)
    finally:
        pre_save.connect(fill_extracted_text, sender=model, dispatch_uid="search-extract-text")
    return have


def _themes(home, wanted: int, started: float) -> list:
    from kennisbank.models import ThemePage

    themes = list(ThemePage.objects.live().order_by("path"))
    n = sum(1 for t in themes if t.title.startswith("Thema (bench)"))
    while len(themes) < wanted:
        theme = ThemePage(title=GENERATED_THEME.format(n), intro=f"Generated theme {n}.")
        home.add_child(instance=theme)
        themes.append(theme)
        n += 1
    _log(f"{len(themes)} themes", started)
    return themes


def _articles(rng: random.Random, count: int = 5) -> list[dict]:
    return [
        {
            "type": "article",
            "value": {
                "number": str(n),
                "title": "",
                "text": f"<p>{sentence(rng, 25)}</p>",
            },
        }
        for n in range(1, count + 1)
    ]


def _policy(rng: random.Random, title: str, pdf) -> object:
    from kennisbank.constants import AdoptedBy, PolicyKind
    from kennisbank.models import PolicyDocumentPage, PolicyVersion

    today = datetime.date.today()
    page = PolicyDocumentPage(
        title=title,
        kind=PolicyKind.REGELING,
        summary=sentence(rng),
        document_owner="integriteitscoördinator",
    )
    for label, adopted, in_force in (
        ("2023", datetime.date(2023, 1, 1), datetime.date(2023, 2, 1)),
        ("2025", datetime.date(2025, 1, 1), datetime.date(2025, 2, 1)),
        # Announced: adopted already, in force two years from now.
        (
            str(today.year + 2),
            today - datetime.timedelta(days=30),
            today.replace(year=today.year + 2),
        ),
    ):
        page.versions.add(
            PolicyVersion(
                label=label,
                adopted_by=AdoptedBy.GS,
                adopted_on=adopted,
                in_force_from=in_force,
                articles=_articles(rng),
                summary_of_changes=sentence(rng, 8),
                signed_document=pdf if label == "2025" else None,
            )
        )
    return page


def generate(
    pages: int = 10_000, seed: int = SEED, news: int = NEWS, contacts: int = CONTACTS
) -> int:
    """Adds news, policies, themes, pages, PDFs and contact persons until the site holds
    `pages` pages; returns how many pages were made now."""
    from django.db import transaction

    from wagtail.models import Page

    from home.models import HomePage
    from kennisbank.constants import ContactRole
    from kennisbank.models import (
        ContactPerson,
        ContentPage,
        NewsIndexPage,
        NewsPage,
        PolicyDocumentPage,
    )

    rng = random.Random(seed)  # noqa: S311 - filler text, not secrets
    started = time.perf_counter()
    documents = _documents(rng, started)

    roles = [value for value, _label in ContactRole.choices]
    have = ContactPerson.objects.filter(name__startswith="Contactpersoon (bench)").count()
    with transaction.atomic():
        for n in range(have, contacts):
            ContactPerson.objects.create(
                name=f"Contactpersoon (bench) {n}",
                role=roles[n % len(roles)],
                introduction=sentence(rng, 15),
            )

    home = HomePage.objects.live().first()
    news_have = NewsPage.objects.filter(title__startswith="Nieuws (bench)").count()
    policy_have = PolicyDocumentPage.objects.filter(title__contains="(bench)").count()
    missing = pages - Page.objects.count()
    if missing <= 0:
        _log(f"{pages - missing} pages already", started)
        return 0
    # Content pages and policies go under themes: enough themes for ~300 children each.
    wanted_themes = max(1, (missing - max(0, news - news_have)) // CHILDREN_PER_THEME)
    before = Page.objects.count()
    themes = _themes(home, wanted_themes, started)
    existing = Page.objects.count()
    made = existing - before
    missing = pages - existing
    news_todo = max(0, min(news - news_have, missing))
    policy_todo = max(0, min(POLICIES - policy_have, missing - news_todo))
    rest = max(0, missing - news_todo - policy_todo)
    index = NewsIndexPage.objects.live().first()

    for start in range(news_have, news_have + news_todo, BATCH):
        with transaction.atomic():
            for n in range(start, min(start + BATCH, news_have + news_todo)):
                index.add_child(
                    instance=NewsPage(
                        title=f"Nieuws (bench) {n}: {rng.choice(WORDS)} {rng.choice(WORDS)}",
                        intro=sentence(rng),
                        date=datetime.date(2010 + n % 16, 1 + n % 12, 1 + n % 28),
                        theme=themes[n % len(themes)],
                        body=[{"type": "paragraph", "value": f"<p>{sentence(rng, 40)}</p>"}],
                    )
                )
        _log(f"{n + 1 - news_have} news items", started)
    made += news_todo

    todo = policy_todo + rest
    for start in range(0, todo, BATCH):
        with transaction.atomic():
            for k in range(start, min(start + BATCH, todo)):
                number = existing + news_todo + k
                title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} (bench) {number}"
                if k < policy_todo:
                    which = policy_have + k
                    pdf = documents[which] if which < len(documents) // 2 else None
                    page = _policy(rng, title, pdf)
                else:
                    page = ContentPage(
                        title=title,
                        intro=sentence(rng),
                        body=[
                            {"type": "paragraph", "value": f"<p>{sentence(rng, 40)}</p>"}
                            for _ in range(3)
                        ],
                    )
                themes[k % len(themes)].add_child(instance=page)
        _log(f"{existing + news_todo + k + 1} pages", started)
    made += todo
    return made
