"""Whether the texts the model read support a value it gave, and which page supports it best.

A prompt cannot make a model stop inventing; this check can refuse what it invents where
an invention is most tempting and easiest to catch: a founding year must be written in the
texts, and the numbers and words that carry a size or a place must appear there too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from headhunter_desktop.core.services.company_sources import SourceText

# Words that only frame a size or a place ("about 120 employees", "based in Leeds"): a
# value may add them although the text says it otherwise.
_FRAMING = frozenset({
    "about", "around", "approximately", "approx", "over", "more", "than", "less", "fewer",
    "under", "nearly", "almost", "some", "employees", "employee", "people", "staff",
    "members", "team", "headcount", "workers", "colleagues", "strong", "based",
    "headquartered", "headquarters", "head", "office", "located", "the", "and", "of", "in",
    "at", "city",
})  # fmt: skip
_EARLIEST_YEAR = 1000  # a "3" or "95" in the answer is no year, whatever the text says
# Numbers with thousands separators ("1,200", "1.200", "1'200") are one number.
_WORD = re.compile(r"\d{1,3}(?:[,.'’]\d{3})+(?!\d)|\d+|[^\W\d_]+")


def tokens(text: str) -> set[str]:
    """The text's words, case-folded, and its numbers without thousands separators."""
    return {_normalised(match) for match in _WORD.findall(text.casefold())}


def key_tokens(value: str) -> set[str]:
    """What carries the value's meaning: its numbers and its words but the framing ones."""
    return {token for token in tokens(value) if token not in _FRAMING}


def year_is_stated(year: int, texts: Sequence[SourceText]) -> bool:
    """The year is a plausible founding year and is written, as such, in one of the texts."""
    if not _EARLIEST_YEAR <= year <= date.today().year:
        return False
    pattern = re.compile(rf"(?<!\d){year}(?!\d)")
    return any(pattern.search(text.text) for text in texts)


def is_supported(value: str, texts: Sequence[SourceText]) -> bool:
    """Every key token of `value` appears in the texts (a value of framing words only
    says nothing, and is not supported)."""
    wanted = key_tokens(value)
    return bool(wanted) and wanted <= _all_tokens(texts)


def supported_parts(place: str, texts: Sequence[SourceText]) -> str:
    """The comma-separated parts of `place` the texts support ("Leeds, United Kingdom"
    becomes "Leeds" when the texts never name the country); "" when none is."""
    parts = [part.strip() for part in place.split(",") if part.strip()]
    return ", ".join(part for part in parts if is_supported(part, texts))


def best_text(value: object, texts: Sequence[SourceText]) -> SourceText | None:
    """The text sharing the most tokens with `value` (the first of equals: the home page)."""
    wanted = key_tokens(" ".join(_strings(value)))
    best, best_overlap = None, -1
    for text in texts:
        overlap = len(wanted & tokens(f"{text.title} {text.text}"))
        if overlap > best_overlap:
            best, best_overlap = text, overlap
    return best


def _all_tokens(texts: Iterable[SourceText]) -> set[str]:
    found: set[str] = set()
    for text in texts:
        found |= tokens(f"{text.title}\n{text.text}")
    return found


def _normalised(token: str) -> str:
    if token[0].isdigit():
        return re.sub(r"[,.'’]", "", token)
    return token


def _strings(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    return [] if value is None else [str(value)]
