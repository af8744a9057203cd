"""Folding, tokenising and query parsing shared by both keyword backends and the shortlist.

The token rules mirror the SQLite FTS5 tokenizer of migration 0003
(`unicode61 remove_diacritics 2 tokenchars '+#'`): a token is a run of letters, digits,
'+' and '#', lower-cased and without diacritics. '+' and '#' are token characters so that
"C++", "C#" and "F#" stay words of their own instead of all collapsing into "c".
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

# Letters and digits (any script), plus '+' and '#'; '_' (made a blank first) and all
# punctuation separate. One character class: an alternation here is 4x slower.
_TOKEN_RE = re.compile(r"[\w+#]+")
# The combining diacritical mark blocks: what NFKD splits off "ë", "å", "ç"…
_DIACRITICS_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_HAS_ALNUM_RE = re.compile(r"[^\W_]")
# A "quoted phrase" (closed quotes only) or a run of non-blanks, in the order written.
_CHUNK_RE = re.compile(r'"([^"]*)"|(\S+)')

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
MAX_TERM_TOKENS = 16
# Longer "words" are base64, hashes or glued junk: PostgreSQL refuses lexemes > 2 KB anyway.
MAX_TOKEN_CHARS = 100
PREFIX_MIN_CHARS = 3


def fold(text: str) -> str:
    """Lower-case `text` and strip diacritics ("Zoë Ångström" -> "zoe angstrom")."""
    decomposed = unicodedata.normalize("NFKD", text)
    if not decomposed.isascii():
        decomposed = _DIACRITICS_RE.sub("", decomposed)
    return decomposed.lower()


def tokens(text: str) -> list[str]:
    """The folded tokens of `text`, in order (the same words the FTS5 tokenizer sees)."""
    found = _TOKEN_RE.findall(fold(text).replace("_", " "))
    return [t for t in found if len(t) <= MAX_TOKEN_CHARS]


@dataclass(frozen=True)
class Term:
    """One search term: a word or a phrase (several tokens that must be adjacent).

    `text` is the term as the user wrote it, for "matched: …" in the UI; `prefix` says
    whether its last token may also match longer words ("kube" -> "kubernetes").
    """

    text: str
    tokens: tuple[str, ...]
    prefix: bool


def parse_query(query: str, *, prefix_min_chars: int = PREFIX_MIN_CHARS) -> list[Term]:
    """Split a user's query into safe terms: "quoted phrases" and whitespace-separated words.

    No character of the query has a meaning to the database: operators (AND, NOT, -, *,
    parentheses, stray quotes) become plain words or vanish, so no query can fail to parse.
    """
    query = query[:MAX_QUERY_CHARS]
    chunks = [
        m.group(1) if m.group(1) is not None else m.group(2) for m in _CHUNK_RE.finditer(query)
    ]
    terms: list[Term] = []
    seen: set[tuple[str, ...]] = set()
    for chunk in chunks:
        term = make_term(chunk, prefix_min_chars)
        if term is None or term.tokens in seen:
            continue
        seen.add(term.tokens)
        terms.append(term)
        if len(terms) == MAX_TERMS:
            break
    return terms


def make_term(chunk: str, prefix_min_chars: int = PREFIX_MIN_CHARS) -> Term | None:
    """The term of one word or phrase as typed; None when it holds no letter or digit."""
    # A lone '+' or '#' is no word: drop tokens without a letter or digit.
    toks = tuple(t for t in tokens(chunk) if _HAS_ALNUM_RE.search(t))[:MAX_TERM_TOKENS]
    if not toks:
        return None
    prefix = prefix_min_chars > 0 and len(toks[-1]) >= prefix_min_chars
    return Term(_display(chunk), toks, prefix)


class TextTokens:
    """One text's tokens, ready for many `contains` checks (sorted for prefix look-ups)."""

    def __init__(self, text: str) -> None:
        self.words = tokens(text)
        self._sorted = sorted(set(self.words))

    def contains(self, term: Term) -> bool:
        """Whether the text holds `term`, by the same rule as the FTS5 and tsvector queries."""
        # Its tokens in a row, the last one as a prefix when the term allows it.
        *head, last = term.tokens
        if not self._has(last, term.prefix):
            return False  # the cheap test first: most terms are one word
        n = len(head)
        return any(
            words[n] == last or (term.prefix and words[n].startswith(last))
            for i in range(len(self.words) - n)
            if (words := self.words[i : i + n + 1])[:n] == head
        )

    def _has(self, token: str, prefix: bool) -> bool:
        i = bisect.bisect_left(self._sorted, token)
        if i == len(self._sorted):
            return False
        return self._sorted[i] == token or (prefix and self._sorted[i].startswith(token))


def _display(chunk: str) -> str:
    # Keep the user's spelling ("Kubernetes", "C++") minus quotes and stray punctuation.
    return " ".join(chunk.split()).strip("\"'()[]{},;:!?*-.") or chunk.strip()
