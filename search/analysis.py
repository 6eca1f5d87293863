"""Dutch text analysis done in Python, for the database search backends.

SQLite's FTS5 has no Dutch stemmer and PostgreSQL's `unaccent` extension is not always
installed, so the database backends (search/backends/) run every indexed text and every
query through `analyze()`: accent folding (NFKD), lower case, Dutch stop words dropped,
each word replaced by its dictionary form (simplemma's Dutch lexicon: "gepest" -> "pesten",
"steelt" and "gestolen" -> "stelen", "externe" -> "extern"), then Snowball's Dutch stemmer.
Snowball alone does not conflate those: it stems "gepest" to "pes" but "pesten" to "pest".
Queries are also expanded with a small synonym list. Elasticsearch does the same work with
its own analyzer (see `elasticsearch_analysis()`), so the synonym and stop word lists below
are the single source for both. See docs/adr/0004.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from simplemma.strategies import LOW_MEMORY_DICTIONARY_FACTORY, DictionaryLookupStrategy
from simplemma.strategies.dictionaries import DefaultDictionaryFactory

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
        # Not in Snowball's list, but as empty in a question ("ik word gepest", "wat
        # moet jij doen"): forms of the verbs above and pronouns. Elasticsearch has no
        # lemmatizer, so the forms are listed; the database backends also drop every
        # word whose dictionary form is a stop word (`is_stop_word`).
        "word",
        "bent",
        "hebt",
        "kun",
        "kunt",
        "wilt",
        "zult",
        "mag",
        "jij",
        "jou",
        "jouw",
        "we",
        "wij",
        "onze",
        "jullie",
        "welke",
        "waar",
        "wanneer",
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
    # Zakelijke integriteit. The demo content says "fraude" (Wat is een misstand?, the
    # Regeling melden, the vertrouwenspersoon integriteit) and treats bribes under gifts
    # and conflicts of interest; "corruptie" itself is in no indexed text yet.
    "diefstal": ["fraude"],
    "stelen": ["fraude"],
    "verduisteren": ["fraude"],
    "corruptie": ["fraude", "belangenverstrengeling"],
    "omkoping": ["corruptie", "geschenk", "belangenverstrengeling"],
    "omkopen": ["corruptie", "geschenk", "belangenverstrengeling"],
    "steekpenning": ["corruptie", "geschenk", "belangenverstrengeling"],
    "smeergeld": ["corruptie", "geschenk", "belangenverstrengeling"],
}

# Words that only make a sentence a question or a request ("is het toegestaan", "waar vind
# ik", "ik wil graag weten"): dropped from queries, never from indexed text, so adding one
# needs no new index. Checked on the word and on its dictionary form ("toegestaan" ->
# "toestaan"). The stop words above already drop "mag ik", "hoe", "wat moet ik doen als".
QUESTION_WORDS = frozenset(
    [
        "toegestaan",
        "toestaan",
        "mogen",
        "moeten",
        "willen",
        "graag",
        "eigenlijk",
        "precies",
        "welk",
        "hoeveel",
        "waarom",
        "waarover",
        "waarvoor",
        "terecht",
        "vind",
        "vinden",
        "weten",
        "zoeken",
        "zoek",
        "even",
        "nou",
        "soms",
        "misschien",
        "gewoon",
        "ergens",
        "alsjeblieft",
        "please",
        "oke",
        "ok",
    ]
)

# Words that say who or where rather than what a question is about ("mijn collega steelt",
# "pesten op het werk"). They are searched like any word, but a title holding only them
# does not lift a result (search/service.py, `_reorder`).
CONTEXT_WORDS = frozenset(
    ["collega", "medewerker", "leidinggevende", "baas", "manager", "werk", "provincie"]
)

# Where simplemma's lexicon picks the wrong dictionary form for this site (a word that
# maps to itself keeps Snowball's stem).
LEMMA_OVERRIDES = {
    "stal": "stelen",  # "stole" here, not "stable"
    "gedragen": "gedragen",  # "zich gedragen" (behave), not "verdragen"
    "gegevens": "gegevens",  # data, not "geven"
    "eerste": "eerste",  # not "een", a stop word
    "wassen": "wassen",  # not "was", a stop word
}

_TOKEN = re.compile(r"[a-z0-9]+")
_TAG = re.compile(r"<[^>]+>")
_stemmer = snowballstemmer.stemmer("dutch")
# Dictionary lookup only (no guessing rules): a word the lexicon does not know is kept as
# typed. The low-memory variant reads the Dutch lexicon (370,000 forms) in ~13 MB.
_lexicon = DictionaryLookupStrategy(LOW_MEMORY_DICTIONARY_FACTORY)


def fold(text: str) -> str:
    """Lower case without accents: "Coördinator" -> "coordinator"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tokenize(text: str) -> list[str]:
    """Folded words of a text (HTML tags removed), one-letter words dropped."""
    return query_tokens(_TAG.sub(" ", text))


def query_tokens(query: str) -> list[str]:
    """Folded words of what someone typed, one-letter words dropped. Unlike indexed text,
    a query is not HTML: in "<img src=x onerror=alert(1)>" the words are searched for."""
    return [t for t in _TOKEN.findall(fold(query)) if len(t) > 1 or t.isdigit()]


@lru_cache(maxsize=50_000)
def lemma(token: str) -> str:
    """The dictionary form of one folded token ("gepest" -> "pesten"), or the token itself."""
    if token in LEMMA_OVERRIDES:
        return LEMMA_OVERRIDES[token]
    found = _lexicon.get_lemma(token, "nl")
    # Separable verbs come as "aan_nemen"; a lemma is folded like the text.
    folded = "".join(_TOKEN.findall(fold(found))) if found else ""
    return folded or token


@lru_cache(maxsize=50_000)
def stem(token: str) -> str:
    """The Dutch stem of one folded token: Snowball's stem of its dictionary form, so
    every form of a verb or adjective meets the others ("gepest", "pest", "pesten")."""
    if token in STEM_OVERRIDES:
        return STEM_OVERRIDES[token]
    word = lemma(token)
    if word in STEM_OVERRIDES:
        return STEM_OVERRIDES[word]
    return _stemmer.stemWord(word)


@lru_cache(maxsize=1)
def context_stems() -> frozenset[str]:
    return frozenset(stem(word) for word in CONTEXT_WORDS)


def is_stop_word(token: str) -> bool:
    """A stop word, or a form of one ("word" of "worden", "bent" of "zijn")."""
    return token in STOP_WORDS or lemma(token) in STOP_WORDS


def is_question_word(token: str) -> bool:
    return token in QUESTION_WORDS or lemma(token) in QUESTION_WORDS


def query_words(query: str) -> list[str]:
    """The words of a query that say what it is about: no stop words, no question words.

    "is het toegestaan om een bijbaan te hebben" -> ["bijbaan"]. When only question words
    are left, they are kept; a query of stop words only keeps its words (someone searching
    "wie" should still find something).
    """
    tokens = query_tokens(query)
    words = [t for t in tokens if not is_stop_word(t)]
    return [t for t in words if not is_question_word(t)] or words or tokens


def analyze(text: str) -> list[str]:
    """Terms to index or search for: folded, stop words dropped, stemmed."""
    return [stem(t) for t in tokenize(text) if not is_stop_word(t)]


def analyze_text(text: str) -> str:
    """`analyze()` joined with spaces: the text stored in the database index."""
    return " ".join(analyze(text))


def fold_text(text: str) -> str:
    """Folded words joined with spaces: for autocomplete fields (prefix matching, no stemming)."""
    return " ".join(tokenize(text))


def synonym_pairs() -> tuple[tuple[str, str], ...]:
    """(word or words typed, words they also mean): the list in code, then the Redactie's
    (search.Synoniem, cached; search/synonyms.py) in both directions."""
    from search.synonyms import redactie_synonym_pairs

    built_in = tuple(
        (word, expansion) for word, expansions in SYNONYMS.items() for expansion in expansions
    )
    return built_in + redactie_synonym_pairs()


@lru_cache(maxsize=8)
def _synonym_table(pairs) -> dict[tuple[str, ...], list[tuple[list[str], str]]]:
    """Stems of what is typed -> [(stems of what it also means, that text as typed)]."""
    table: dict[tuple[str, ...], list[tuple[list[str], str]]] = {}
    for word, expansion in pairs:
        key = tuple(analyze(word))
        terms = analyze(expansion)
        if key and terms and list(key) != terms:
            entries = table.setdefault(key, [])
            if all(terms != known for known, _text in entries):
                entries.append((terms, expansion))
    return table


@dataclass
class QueryGroup:
    """One thing a query asks for: a word (or a phrase the synonym list knows), and what
    else may stand for it. A result must match one alternative of every group."""

    text: str  # as typed (folded): "sociale media", "bijbaan"
    alternatives: list[list[str]] = field(default_factory=list)  # stems, each all required
    phrases: list[str] = field(default_factory=list)  # the same alternatives as plain text


def query_groups(query: str) -> list[QueryGroup]:
    """A query as groups of alternatives (see QueryGroup), question and stop words left out.

    A phrase in the synonym list ("sociale media", "social media") is one group when its
    words stand together in the query; the longest phrase wins.
    """
    words = list(dict.fromkeys(query_words(query)))
    stems = [stem(w) for w in words]
    table = _synonym_table(synonym_pairs())
    longest = max((len(key) for key in table), default=1)
    groups: list[QueryGroup] = []
    position = 0
    while position < len(words):
        size = next(
            (
                n
                for n in range(min(longest, len(words) - position), 1, -1)
                if tuple(stems[position : position + n]) in table
            ),
            1,
        )
        key = tuple(stems[position : position + size])
        group = QueryGroup(" ".join(words[position : position + size]), [list(key)])
        group.phrases.append(group.text)
        for terms, text in table.get(key, []):
            if terms not in group.alternatives:
                group.alternatives.append(terms)
                group.phrases.append(fold(text))
        groups.append(group)
        position += size
    return groups


def analyze_query(query: str) -> list[list[list[str]]]:
    """A query as groups of alternatives: each group must match, any alternative in it may.

    "VP cadeaus" -> [[["vp"], ["vertrouwenspersoon"]], [["cadeau"], ["schenk"]]]: every
    alternative is a list of terms that must all occur.
    """
    return [group.alternatives for group in query_groups(query)]


def query_terms(query: str) -> set[str]:
    """Every stem a query may match, synonyms included: used to highlight snippets."""
    return group_terms(analyze_query(query))


def group_terms(groups: list[list[list[str]]]) -> set[str]:
    """Every stem of `analyze_query`'s groups (`query_terms` of a query analysed already)."""
    return {term for group in groups for alt in group for term in alt}


# Elasticsearch has no Dutch lexicon: for these words (and the synonym list's) every form
# the lexicon knows becomes a stemmer_override rule, so "gepest" meets "pesten" there too.
# Other words rely on Elasticsearch's own Dutch stemmer.
ELASTICSEARCH_LEMMAS = [
    # What employees ask about (ongewenst gedrag, zakelijke integriteit) ...
    "pesten",
    "melden",
    "stelen",
    "omkopen",
    "bedreigen",
    "intimideren",
    "discrimineren",
    "schelden",
    "uitschelden",
    "slaan",
    "roddelen",
    "negeren",
    "buitensluiten",
    "aanranden",
    "chanteren",
    "liegen",
    "bedriegen",
    "lekken",
    "vervalsen",
    "verduisteren",
    "frauderen",
    "declareren",
    "misbruiken",
    # ... what they do with gifts and side jobs ...
    "krijgen",
    "nemen",
    "aannemen",
    "geven",
    "ontvangen",
    "aanbieden",
    "betalen",
    "werken",
    # ... whom they talk to, and how.
    "vragen",
    "praten",
    "vertellen",
    "helpen",
    "extern",
    "intern",
    "ongewenst",
    "anoniem",
    "vertrouwelijk",
    "seksueel",
]


def _clean(word: str) -> str:
    return "".join(_TOKEN.findall(fold(word)))


@lru_cache(maxsize=1)
def lexicon_forms() -> dict[str, tuple[str, ...]]:
    """Lemma -> every folded form whose dictionary form it is, for ELASTICSEARCH_LEMMAS and
    the synonym words. Only to build the ES settings: one pass over the lexicon read in
    full (under a second; its ~60 MB are freed after, the low-memory reader is slow to walk)."""
    wanted = {lemma(_clean(w)) for w in [*ELASTICSEARCH_LEMMAS, *SYNONYMS]}
    found: dict[str, set[str]] = {w: {w} for w in wanted}
    full_lexicon = DefaultDictionaryFactory(cache_max_size=0).get_dictionary("nl")
    for form, base in full_lexicon.items():
        base = base.replace("_", "").lower()  # "aan_nemen"; the lemmas wanted are plain
        if base in wanted:
            found[base].add(_clean(form))
    # Keep a form only where our own analysis reads it the same way (a form of two verbs,
    # like "gedragen", goes where `lemma()` puts it), and never a stop word.
    return {
        base: tuple(sorted(f for f in forms if f and lemma(f) == base and not is_stop_word(f)))
        for base, forms in found.items()
    }


def elasticsearch_analysis() -> dict:
    """The same analysis as an Elasticsearch `analysis` block (index settings).

    `default` is the analyzer of every text field; searches use `default_search`,
    which adds the synonyms (a synonym_graph filter handles the
    multi-word ones). Elasticsearch's own Dutch stemmer is Snowball's Dutch; every form
    of the words in `lexicon_forms()` is mapped to our stem before it (stemmer_override),
    so those words meet each other whatever the stemmer makes of them.
    """
    forms = lexicon_forms()
    rules = []
    for word, expansions in SYNONYMS.items():
        folded = fold(word)
        for form in forms.get(lemma(_clean(word)), (folded,)):
            rules.append(f"{form} => {form}, {', '.join(map(fold, expansions))}")
    overrides = [f"{word} => {target}" for word, target in STEM_OVERRIDES.items()]
    taken = set(STEM_OVERRIDES)
    for base, words in sorted(forms.items()):
        words = [w for w in words if w not in taken]
        taken.update(words)
        if words:
            overrides.append(f"{', '.join(words)} => {stem(base)}")
    common = ["lowercase", "asciifolding", "dutch_stop"]
    return {
        "filter": {
            "dutch_stop": {"type": "stop", "stopwords": sorted(STOP_WORDS)},
            "dutch_stemmer": {"type": "stemmer", "language": "dutch"},
            "dutch_overrides": {"type": "stemmer_override", "rules": overrides},
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
