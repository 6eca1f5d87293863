"""Snippets: a window around the first word found, matches marked, everything escaped."""

from search.analysis import query_terms
from search.service import _plain, highlight


def test_matches_in_any_form_are_marked():
    snippet = str(highlight("Meld nevenfuncties bij de Coördinator.", query_terms("coordinator")))
    assert snippet == "Meld nevenfuncties bij de <mark>Coördinator</mark>."
    snippet = str(highlight("Twee meldingen en één melding.", query_terms("melden")))
    assert snippet.count("<mark>") == 2


def test_text_is_escaped():
    snippet = str(highlight('<script>alert("x")</script> over geschenken', query_terms("geschenk")))
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert "<mark>geschenken</mark>" in snippet


def test_long_text_is_cut_around_the_first_match():
    text = (
        "Inleiding zonder het woord. " * 30 + "Hier gaat het over nevenfuncties. " + "Slot. " * 30
    )
    snippet = str(highlight(text, query_terms("nevenfunctie"), length=120))
    assert snippet.startswith("… ")
    assert snippet.endswith(" …")
    assert "<mark>nevenfuncties</mark>" in snippet
    assert len(snippet) < 200


def test_stream_blocks_read_as_sentences():
    assert _plain(["Zo werkt melden", "<p>Praat erover met je leidinggevende.</p>"]) == (
        "Zo werkt melden. Praat erover met je leidinggevende."
    )


def test_the_window_holds_the_most_words_searched_for():
    text = (
        "Wij werken samen en het werk is leuk. " * 10
        + "Pesten op het werk accepteren we niet. "
        + "Slot van de tekst. " * 10
    )
    snippet = str(highlight(text, query_terms("pesten op het werk"), length=120))
    assert "<mark>Pesten</mark>" in snippet
    assert snippet.startswith("… ")


def test_snippets_of_short_texts_are_kept_and_long_texts_are_not():
    """The same snippet again comes from a bounded cache; a long text (a document's) is
    never held by it, whatever its size."""
    from search import service

    service._kept_highlight.cache_clear()
    short = "Hier gaat het over nevenfuncties. " * 10
    first = highlight(short, query_terms("nevenfunctie"))
    assert highlight(short, query_terms("nevenfunctie")) == first
    assert service._kept_highlight.cache_info().hits == 1

    long = "Inleiding. " * 1000 + "Hier gaat het over nevenfuncties."
    assert len(long) > service.HIGHLIGHTS_KEPT_UP_TO
    snippet = str(highlight(long, query_terms("nevenfunctie")))
    assert "<mark>nevenfuncties</mark>" in snippet
    assert service._kept_highlight.cache_info().currsize == 1
