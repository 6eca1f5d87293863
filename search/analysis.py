"""Dutch text analysis done in Python, for the database search backends.

SQLite's FTS5 has no Dutch stemmer and PostgreSQL's `unaccent` extension is not always
installed, so the database backends (search/backends.py) run every indexed text and every
query through `analyze()`: accent folding (NFKD), lower case, Dutch stop words dropped,
Snowball's Dutch stemmer. Queries are also expanded with a small synonym list. Elasticsearch
does the same work with its own analyzer (see `elasticsearch_analysis()`), so the synonym and
stop word lists below are the single source for both. See docs/adr/0004.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Snowball's Dutch stop word list (https://snowballstem.org/algorithms/dutch/stop.txt),
# accent-folded. Dropped from indexed text and from queries alike.
STOP_WORDS = frozenset(
    [
        "de",
        "en",
        "van",
        "ik",
        "te",
        "dat",
        "die",
        "in",
        "een",
        "hij",
        "het",
        "niet",
        "zijn",
        "is",
        "was",
        "op",
        "aan",
        "met",
        "als",
        "voor",
        "had",
        "er",
        "maar",
        "om",
        "hem",
        "dan",
        "zou",
        "of",
        "wat",
        "mijn",
        "men",
        "dit",
        "zo",
        "door",
        "over",
        "ze",
        "zich",
        "bij",
        "ook",
        "tot",
        "je",
        "mij",
        "uit",
        "der",
        "daar",
        "haar",
        "naar",
        "heb",
        "hoe",
        "heeft",
        "hebben",
        "deze",
        "u",
        "want",
        "nog",
        "zal",
        "me",
        "zij",
        "nu",
        "ge",
        "geen",
        "omdat",
        "iets",
        "worden",
        "toch",
        "al",
        "waren",
        "veel",
        "meer",
        "doen",
        "toen",
        "moet",
        "ben",
        "zonder",
        "kan",
        "hun",
        "dus",
        "alles",
        "onder",
        "ja",
        "eens",
        "hier",
        "wie",
        "werd",
        "altijd",
        "doch",
        "wordt",
        "wezen",
        "kunnen",
        "ons",
        "zelf",
        "tegen",
        "na",
        "reeds",
        "wil",
        "kon",
        "niets",
        "uw",
        "iemand",
        "geweest",
        "andere",
    ]
)

# Words the stemmer gets wrong for this domain: folded word -> stem. "melden" and
# "gemeld" must meet "melding" and "meldingen" (all "meld").
STEM_OVERRIDES = {
    "melden": "meld",
    "meldt": "meld",
    "coordinatoren": "coordinator",
    "integriteitscoordinatoren": "integriteitscoordinator",
    "gemeld": "meld",
    "meld": "meld",
}

# A small synonym list: what employees type -> words the policy texts use. Applied to
# queries only (an indexed text is never expanded), so one entry costs nothing at index time.
SYNONYMS = {
    "vp": ["vertrouwenspersoon"],
    "klokkenluider": ["misstand melden"],
    "klokkenluiden": ["misstand melden"],
    "cadeau": ["geschenk"],
    "relatiegeschenk": ["geschenk"],
    "gift": ["geschenk"],
    "bijbaan": ["nevenfunctie"],
    "nevenwerkzaamheden": ["nevenfunctie"],
    "nevenactiviteit": ["nevenfunctie"],
    "ic": ["integriteitscoordinator"],
    "coordinator": ["integriteitscoordinator"],
    "dilemma": ["dilemmaspel"],
    "kerstpakket": ["geschenk"],
    "vrijwilligerswerk": ["nevenfunctie"],
    "vog": ["verklaring omtrent gedrag"],
    "pesten": ["ongewenst gedrag"],
    "eed": ["ambtseed"],
    "leaseauto": ["berijdersprotocol"],
    "dienstauto": ["berijdersprotocol"],
}

_TOKEN = re.compile(r"[a-z0-9]+")
_TAG = re.compile(r"<[^>]+>")
_stemmer = snowballstemmer.stemmer("dutch")


def fold(text: str) -> str:
    """Lower case without accents: "Coördinator" -> "coordinator"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tokenize(text: str) -> list[str]:
    """Folded words of a text (HTML tags removed), one-letter words dropped."""
    return [t for t in _TOKEN.findall(fold(_TAG.sub(" ", text))) if len(t) > 1 or t.isdigit()]


@lru_cache(maxsize=20_000)
def stem(token: str) -> str:
    """The Dutch stem of one folded token."""
    if token in STEM_OVERRIDES:
        return STEM_OVERRIDES[token]
    return _stemmer.stemWord(token)


def analyze(text: str) -> list[str]:
    """Terms to index or search for: folded, stop words dropped, stemmed."""
    return [stem(t) for t in tokenize(text) if t not in STOP_WORDS]


def analyze_text(text: str) -> str:
    """`analyze()` joined with spaces: the text stored in the database index."""
    return " ".join(analyze(text))


def fold_text(text: str) -> str:
    """Folded words joined with spaces: for autocomplete fields (prefix matching, no stemming)."""
    return " ".join(tokenize(text))


@lru_cache(maxsize=1)
def _synonyms_by_stem() -> dict[str, list[list[str]]]:
    table: dict[str, list[list[str]]] = {}
    for word, expansions in SYNONYMS.items():
        for expansion in expansions:
            table.setdefault(stem(fold(word)), []).append(analyze(expansion))
    return table


def analyze_query(query: str) -> list[list[list[str]]]:
    """A query as groups of alternatives: each group must match, any alternative in it may.

    "VP cadeaus" -> [[["vp"], ["vertrouwenspersoon"]], [["cadeau"], ["schenk"]]]: every
    alternative is a list of terms that must all occur. A query of stop words only keeps
    its words (someone searching "wie" should still find something).
    """
    tokens = tokenize(query)
    words = [t for t in tokens if t not in STOP_WORDS] or tokens
    synonyms = _synonyms_by_stem()
    groups = []
    for word in dict.fromkeys(words):
        term = stem(word)
        alternatives = [[term]]
        for expansion in synonyms.get(term, []):
            if expansion and expansion not in alternatives:
                alternatives.append(expansion)
        groups.append(alternatives)
    return groups


def query_terms(query: str) -> set[str]:
    """Every stem a query may match, synonyms included: used to highlight snippets."""
    return {term for group in analyze_query(query) for alt in group for term in alt}


def elasticsearch_analysis() -> dict:
    """The same analysis as an Elasticsearch `analysis` block (index settings).

    `default` is the analyzer of every text field; searches use `default_search`,
    which adds the synonyms (a synonym_graph filter handles the
    multi-word ones). Elasticsearch's own Dutch stemmer is Snowball's Dutch.
    """
    rules = [
        f"{fold(word)} => {fold(word)}, {', '.join(map(fold, exp))}"
        for word, exp in SYNONYMS.items()
    ]
    common = ["lowercase", "asciifolding", "dutch_stop"]
    return {
        "filter": {
            "dutch_stop": {"type": "stop", "stopwords": sorted(STOP_WORDS)},
            "dutch_stemmer": {"type": "stemmer", "language": "dutch"},
            "dutch_overrides": {
                "type": "stemmer_override",
                "rules": [f"{word} => {target}" for word, target in STEM_OVERRIDES.items()],
            },
            "dutch_synonyms": {"type": "synonym_graph", "synonyms": rules},
        },
        "analyzer": {
            "default": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": [*common, "dutch_overrides", "dutch_stemmer"],
            },
            "default_search": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": [*common, "dutch_synonyms", "dutch_overrides", "dutch_stemmer"],
            },
        },
    }
