"""Dutch words find each other in every form, on the database backend in use.

Run on SQLite by default and on PostgreSQL with DATABASE_URL (see README, "Zoeken").
"""

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from search.analysis import (
    analyze,
    analyze_query,
    elasticsearch_analysis,
    fold,
    lemma,
    query_terms,
    stem,
)
from tests.kennisbank.factories import ContentPageFactory

PAIRS = [
    ("melding", "meldingen"),
    ("vertrouwenspersoon", "vertrouwenspersonen"),
    ("gedragscode", "gedragscodes"),
    ("misstand", "misstanden"),
    ("nevenfunctie", "nevenfuncties"),
    ("coördinator", "coordinator"),
    # Verb forms and adjectives, which Snowball's Dutch stemmer does not conflate
    # ("gepest" -> "pes", "pesten" -> "pest"): the lexicon gives their dictionary form.
    ("gepest", "pesten"),
    ("gestolen", "stelen"),
    ("steelt", "stelen"),
    ("gekregen", "krijgt"),
    ("externe", "extern"),
    ("grote", "groot"),
]


def test_fold_removes_accents_and_case():
    assert fold("Coördinator Één Café") == "coordinator een cafe"


@pytest.mark.parametrize(("one", "other"), PAIRS)
def test_each_pair_has_one_stem(one, other):
    assert analyze(one) == analyze(other)
    assert len(analyze(one)) == 1


def test_stop_words_are_dropped_but_a_query_of_stop_words_is_kept():
    assert analyze("de gedragscode van de provincie") == analyze("gedragscode provincie")
    assert analyze_query("wie") == [[["wie"]]]


def test_forms_of_stop_words_decide_nothing():
    """A question is about its content words: "word" (worden), "ik", "mijn" are dropped."""
    assert analyze("ik word gepest") == analyze("pesten")
    assert analyze("mijn collega steelt") == analyze("collega stelen")
    assert analyze("Ben jij ook gepest?") == analyze("pesten")


def test_a_word_the_lexicon_does_not_know_keeps_snowballs_stem():
    assert lemma("bibob") == "bibob"
    assert stem("vertrouwenspersonen") == stem("vertrouwenspersoon")


def test_zakelijke_integriteit_synonyms_reach_words_the_content_uses():
    assert stem("fraude") in query_terms("diefstal")
    assert stem("fraude") in query_terms("mijn collega steelt")
    for word in ("omkoping", "steekpenningen", "smeergeld"):
        assert {stem("corruptie"), stem("geschenk")} <= query_terms(word), word


def test_synonyms_expand_a_query():
    assert query_terms("VP") == {"vp", "vertrouwenspersoon"}
    groups = analyze_query("klokkenluider")
    assert groups[0][1] == analyze("misstand melden")
    assert analyze("geschenk")[0] in query_terms("cadeaus")


def test_melden_meets_melding():
    assert analyze("melden") == analyze("melding") == analyze("gemeld")


def _page(home_page, title, intro):
    return ContentPageFactory(parent=home_page, title=title, intro=intro)


@pytest.mark.django_db
@pytest.mark.parametrize(("one", "other"), PAIRS + [(b, a) for a, b in PAIRS])
def test_pairs_find_each_other(home_page, one, other):
    wanted = _page(home_page, "Uitleg", f"Hier staat iets over de {one} in ons werk.")
    _page(home_page, "Iets anders", "Over de fietsregeling en parkeren.")

    found = list(Page.objects.live().search(other))

    assert [p.pk for p in found] == [wanted.pk]


@pytest.mark.django_db
def test_title_with_accent_found_without(home_page):
    wanted = _page(home_page, "De integriteitscoördinator", "Wie zij is.")
    assert wanted.pk in [p.pk for p in Page.objects.live().search("integriteitscoordinator")]
    assert wanted.pk in [p.pk for p in Page.objects.live().search("INTEGRITEITSCOÖRDINATOR")]


@pytest.mark.django_db
def test_synonym_finds_page(home_page):
    wanted = _page(home_page, "Geschenken en uitnodigingen", "Wat mag je aannemen?")
    assert [p.pk for p in Page.objects.live().search("cadeau")] == [wanted.pk]
    vp = _page(home_page, "Onze vertrouwenspersonen", "Praat in vertrouwen.")
    assert [p.pk for p in Page.objects.live().search("vp")] == [vp.pk]


@pytest.mark.django_db
def test_the_index_holds_analysed_text(home_page):
    """Guards the hook into Wagtail's indexer: the stored body is stemmed and folded."""
    from wagtail.search.models import IndexEntry

    page = _page(home_page, "Nevenfuncties", "Meldingen bij de coördinator.")
    entry = IndexEntry.objects.get(object_id=str(page.pk), content_type=page.content_type)
    # SQLite stores the text ("meld coordinator"); PostgreSQL a tsvector ("'meld':1 ...").
    terms = {word.split(":")[0].strip("'") for word in str(entry.body).split()}
    assert terms == {"meld", "coordinator"}  # stems, no accents, no stop words
    assert get_search_backend().__class__.__name__.startswith("Dutch")


def test_elasticsearch_analysis_uses_the_same_lists():
    analysis = elasticsearch_analysis()
    assert analysis["filter"]["dutch_stemmer"] == {"type": "stemmer", "language": "dutch"}
    assert "asciifolding" in analysis["analyzer"]["default"]["filter"]
    assert "dutch_synonyms" in analysis["analyzer"]["default_search"]["filter"]
    assert "dutch_synonyms" not in analysis["analyzer"]["default"]["filter"]
    assert "vp => vp, vertrouwenspersoon" in analysis["filter"]["dutch_synonyms"]["synonyms"]
    assert "de" in analysis["filter"]["dutch_stop"]["stopwords"]
    assert "word" in analysis["filter"]["dutch_stop"]["stopwords"]


def test_elasticsearch_maps_every_form_of_the_domain_verbs_to_our_stem():
    """Elasticsearch has no Dutch lexicon: the forms it would stem apart are listed."""
    analysis = elasticsearch_analysis()
    overrides = {}
    for rule in analysis["filter"]["dutch_overrides"]["rules"]:
        words, target = rule.split(" => ")
        for word in words.split(", "):
            assert word not in overrides, f"{word} in two rules"
            overrides[word] = target
    for word in ("gepest", "pesten", "pest"):
        assert overrides[word] == stem("pesten")
    for word in ("gestolen", "steelt", "stelen"):
        assert overrides[word] == stem("stelen")
    assert overrides["externe"] == overrides["extern"]
    assert all(overrides[word] == stem(word) for word in overrides)  # as in Python
    synonyms = analysis["filter"]["dutch_synonyms"]["synonyms"]
    assert "steelt => steelt, fraude" in synonyms
    assert "diefstal => diefstal, fraude" in synonyms


@pytest.mark.django_db
def test_update_index_rebuilds_with_the_dutch_analysis(home_page):
    import io

    from django.core.management import call_command

    wanted = _page(home_page, "Misstanden", "Over vertrouwenspersonen.")
    call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())

    assert [p.pk for p in Page.objects.live().search("misstand vertrouwenspersoon")] == [wanted.pk]


@pytest.mark.django_db
def test_a_word_in_the_title_ranks_above_the_same_word_in_the_text(home_page):
    _page(home_page, "Regels", "Nevenfunctie, nevenfunctie en nog een nevenfunctie.")
    wanted = _page(home_page, "Nevenfuncties", "Wat je moet weten over regels.")
    assert Page.objects.live().search("nevenfunctie")[0].pk == wanted.pk
