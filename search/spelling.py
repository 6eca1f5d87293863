"""A "Bedoel je …?" correction for a query that found nothing.

Employees type "vertrouwenpersoon", "gedragscod" or "nevenfunc". When a search finds
nothing, each word that is not a known word is replaced by the closest known word: first one
that starts with it (a word typed half), else one that differs by a letter or two (difflib).
Known words are the words of the titles the visitor may see, the contact roles and the
synonym list: never a word only a hidden page holds.
"""

import difflib

from search.analysis import SYNONYMS, fold, is_stop_word, query_tokens, stem, tokenize

MIN_PREFIX = 4  # "nevenf" completes, "ne" does not
CUTOFF = 0.8  # difflib ratio: "vertrouwenpersoon" ~ "vertrouwenspersoon" is 0.97


def vocabulary(texts) -> dict[str, str]:
    """Known words: stem -> the shortest word seen with that stem (what a suggestion shows)."""
    words: dict[str, str] = {}
    for text in texts:
        for token in tokenize(text):
            if is_stop_word(token) or token.isdigit() or len(token) < 3:
                continue
            key = stem(token)
            if key not in words or len(token) < len(words[key]):
                words[key] = token
    for word in SYNONYMS:
        words.setdefault(stem(fold(word)), fold(word))
    return words


def _closest(token: str, words: dict[str, str]) -> str | None:
    if len(token) >= MIN_PREFIX:
        completions = sorted(
            (w for w in words.values() if w.startswith(token) and w != token), key=len
        )
        if completions:
            return completions[0]
    # Compare like with like: words of about the same length and the same first letter.
    candidates = [w for w in words.values() if w[:1] == token[:1] and abs(len(w) - len(token)) <= 2]
    match = difflib.get_close_matches(token, candidates, n=1, cutoff=CUTOFF)
    return match[0] if match else None


def correct(query: str, words: dict[str, str]) -> str | None:
    """The query with unknown words replaced by known ones, or None when nothing changed."""
    out = []
    changed = False
    for token in query_tokens(query):
        if is_stop_word(token) or token.isdigit() or stem(token) in words:
            out.append(token)
            continue
        replacement = _closest(token, words)
        if replacement:
            out.append(replacement)
            changed = True
        else:
            out.append(token)
    return " ".join(out) if changed else None
