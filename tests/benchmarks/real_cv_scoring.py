"""How one engine's text of one CV is scored against the page (see bench_real_cvs.py).

- Facts (name, e-mails, phones, link targets, employers, hand-checked in
  real_cvs/facts.json) are looked for in the normalised text (real_cv_text.normalise).
  An e-mail or a link matches with whitespace removed on both sides (an address wrapped
  over two lines still reads as one); a link also without its scheme, a leading "www." and
  a trailing "/". A phone matches ignoring spaces, dashes, parentheses and dots (a "+" and
  every other character still count: "(+49) 170-123 45" needs "+4917012345").
  Each kind of fact is thus a substring of one form of the text (`FactMatcher.haystack`).
  facts.json stores only a fact's form's length and its HMAC-SHA256 keyed by the CV file's
  own bytes (`file_key`, real_cv_facts.py): the fact is found when some window of that
  length of the text's form has the same HMAC under that file's key, which is exactly when
  the clear form is a substring of it.
- Lines intact: the reference lines (real_cv_text.reference_lines) found contiguous in the
  engine's text, both normalised for lines.
- Glyph-name tokens: PDF glyph names where characters belong — `/four.lnum`, `/A.sc`,
  `/f_i`, `/uni2014`, `/g123` — and pdfminer's `(cid:123)`.
- Glued words: a word of the engine's text that the reference never shows, and either is
  two or three adjacent reference words written together ("SeniorSoftwareEngineer",
  "2023Mar", "highimpact"), or is a run of 25 or more letters with a lower→upper case
  change inside. Words broken by a hyphen at a reference line end count as shown joined.
  For the reference engine itself this is 0 by construction.
- One-word lines: the share of the text's non-empty lines that hold a single word (a
  lone `\\r` or a break at every font switch makes it jump).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tests.benchmarks.real_cv_text import (
    normalise,
    normalise_for_lines,
    split_lines,
    word_count,
)

FACT_CATEGORIES = ("name", "emails", "phones", "links", "employers")
_PHONE_NOISE = re.compile(r"[\s\-\u00ad\u2010-\u2015\u2212().]")
_LINK_NOISE = re.compile(r"https?://|(?<![\w.])www\.")
_WS = re.compile(r"\s+")
_FEATURE = (
    r"sc|smcp|c2sc|lnum|onum|osf|lf|tf|pnum|tnum|sups|sinf|subs|numr|dnom|sup|inf|"
    r"alt\d*|ss\d\d|cv\d\d|swsh|swash|ital|case|cap|init|medi|fina|isol|liga|dlig|calt|"
    r"ornm|oldstyle|taboldstyle|superior|inferior|fitted|short|narrow|zero|slash|big|small"
)
_DIGIT_NAMES = "zero|one|two|three|four|five|six|seven|eight|nine"
GLYPH_NAME = re.compile(
    rf"/(?:[A-Za-z][A-Za-z0-9]*\.(?:{_FEATURE})(?![A-Za-z])"
    rf"|[A-Za-z](?:_[A-Za-z]){{1,3}}"
    rf"|uni[0-9A-F]{{4,6}}|g\d{{1,5}}(?!\d)|(?:{_DIGIT_NAMES})(?![a-z]))"
    r"|\(cid:\d+\)"
)
_URL_START = re.compile(r"[^\w/]*(?:https?://|www\.|[\w.-]+\.[a-z]{2,}/)")
_TOKEN = re.compile(r"[^\W_]+")
# Web and mail addresses run words together by design ("github.com/janedoedev").
_ADDRESS = re.compile(r"\S*(?:://|www\.|@|\.[a-z]{2,}/)\S*")
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_CAMEL = re.compile(r"[a-z][A-Z]")
_HYPHEN_BREAK = re.compile(r"([^\W\d_]+)[-\u00ad]\n\s*([^\W\d_]+)")
LONG_WORD = 25


@dataclass(frozen=True)
class Fact:
    """One hand-checked fact: its form's length (`fact_form`), a label, and how it is matched.

    Either `clear` is the fact itself (read from a clear copy of facts.json, for debugging,
    never committed; `label` is it too) and it is matched as a plain substring; or `hmac`
    is the hex HMAC-SHA256 of its form keyed by its CV file (`fact_hmac`), and `key` is that
    file's key (`file_key`), bound once the file is read (real_cv_facts.keyed_by).
    """

    category: str  # one of FACT_CATEGORIES
    length: int
    label: str  # how reports name it: the masked hint, or the clear value
    clear: str | None = None
    hmac: str | None = None
    key: bytes | None = field(default=None, repr=False, compare=False)


Facts = Sequence[Fact]  # a file's facts, in FACT_CATEGORIES order


@dataclass
class FactResult:
    """Which facts of one file an engine's text shows."""

    total: int = 0
    found: int = 0
    missing: list[tuple[str, str]] = field(default_factory=list)
    by_category: dict[str, list[int]] = field(default_factory=dict)  # [found, total]


class FactMatcher:
    """One engine text, prepared once for every kind of fact."""

    def __init__(self, text: str) -> None:
        self.plain = normalise(text)
        self.compact = _WS.sub("", self.plain)
        self.links = _LINK_NOISE.sub("", self.compact)
        self.phones = _PHONE_NOISE.sub("", self.plain)
        self._windows: dict[tuple[str, int, bytes], set[bytes]] = {}

    def haystack(self, category: str) -> str:
        """The form of the text a fact of this kind must be a substring of."""
        if category == "phones":
            return self.phones
        if category == "emails":
            return self.compact
        if category == "links":
            return self.links
        return self.plain

    def has(self, fact: Fact) -> bool:
        if fact.clear is not None:
            return fact_form(fact.category, fact.clear) in self.haystack(fact.category)
        if fact.hmac is None or fact.key is None:
            raise ValueError(f"a keyed {fact.category} fact needs its file's key (keyed_by)")
        windows = (fact.category, fact.length, fact.key)
        if windows not in self._windows:
            haystack = self.haystack(fact.category)
            self._windows[windows] = window_hmacs(haystack, fact.length, fact.key)
        return bytes.fromhex(fact.hmac) in self._windows[windows]


def fact_form(category: str, value: str) -> str:
    """A fact as it is matched (and hashed): see the module docstring."""
    if category == "phones":
        return _PHONE_NOISE.sub("", normalise(value))
    if category == "emails":
        return _WS.sub("", normalise(value))
    if category == "links":
        return link_form(value)
    return normalise(value)


def file_key(data: bytes) -> bytes:
    """The key a CV file's facts are hashed with: the SHA-512 of the file's bytes.

    Not the sha256 manifest.json publishes: checking a guessed fact needs the file itself,
    which shows the fact anyway, so facts.json alone gives nothing away.
    """
    return hashlib.sha512(data).digest()


def fact_hmac(key: bytes, form: str) -> str:
    """The hex HMAC-SHA256 of a fact's form (UTF-8) under its file's key."""
    return hmac.digest(key, form.encode("utf-8"), "sha256").hex()


def window_hmacs(text: str, length: int, key: bytes) -> set[bytes]:
    """The HMAC (as `fact_hmac`, raw) of every `length`-character window of `text`."""
    data = text.encode("utf-8")
    if len(data) == len(text):
        offsets: Sequence[int] = range(len(data) + 1)
    else:  # character i starts at byte offsets[i]
        widths = (len(char.encode("utf-8")) for char in text)
        offsets = list(itertools.accumulate(widths, initial=0))
    starts = range(len(text) - length + 1)
    return {hmac.digest(key, data[offsets[i] : offsets[i + length]], "sha256") for i in starts}


def link_form(link: str) -> str:
    """A link as matched: normalised, no whitespace, scheme, leading www. or trailing /."""
    compact = _WS.sub("", normalise(link))
    return _LINK_NOISE.sub("", compact).rstrip("/")


def score_facts(facts: Facts, text: str) -> FactResult:
    """Count the facts of one file that `text` shows."""
    matcher = FactMatcher(text)
    result = FactResult()
    for fact in facts:
        hit = matcher.has(fact)
        tally = result.by_category.setdefault(fact.category, [0, 0])
        tally[0] += hit
        tally[1] += 1
        result.total += 1
        result.found += hit
        if not hit:
            result.missing.append((fact.category, fact.label))
    return result


def lines_intact(reference: list[str], text: str) -> list[str]:
    """The reference lines (already normalised for lines) that `text` does NOT show whole."""
    haystack = normalise_for_lines(text)
    return [line for line in reference if line not in haystack]


def glyph_name_tokens(text: str) -> list[str]:
    """Glyph names left where characters should be (not path parts of a web address)."""
    found = []
    for match in GLYPH_NAME.finditer(text):
        word_start = max(text.rfind(" ", 0, match.start()), text.rfind("\n", 0, match.start()))
        if not _URL_START.match(text[word_start + 1 : match.start() + 1]):
            found.append(match.group())
    return found


def reference_vocabulary(reference_text: str) -> tuple[set[str], set[str]]:
    """(words the reference shows, two or three adjacent reference words written together)."""
    folded = normalise(reference_text)
    words = set(_TOKEN.findall(folded))
    rejoined = (a + b for a, b in _HYPHEN_BREAK.findall(reference_text.casefold()))
    words.update(normalise(word) for word in rejoined)
    sequence = _TOKEN.findall(folded)
    joined = {a + b for a, b in itertools.pairwise(sequence)}
    joined |= {a + b + c for a, b, c in zip(sequence, sequence[1:], sequence[2:], strict=False)}
    return words, joined - words


def glued_words(text: str, vocabulary: tuple[set[str], set[str]]) -> list[str]:
    """Words of `text` that are reference words run together (see the module docstring)."""
    words, joined = vocabulary
    found = []
    for raw in _TOKEN.findall(_ADDRESS.sub(" ", text)):
        token = normalise(raw)
        if token in words or _CJK.search(token) or token.isdigit():
            continue
        if token in joined or (len(token) >= LONG_WORD and _CAMEL.search(raw)):
            found.append(raw)
    return found


def one_word_lines(text: str) -> tuple[int, int]:
    """(lines holding one word, non-empty lines); a lone \r does not end a line."""
    counts = [word_count(line) for line in split_lines(text) if line.strip()]
    return sum(1 for count in counts if count == 1), len(counts)


def share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def first(items: Iterable[str], n: int) -> list[str]:
    """At most n items, for reports."""
    return [item for _, item in zip(range(n), items, strict=False)]
