"""Text clean-up shared by every format: ligatures, invisible characters, spacing, hyphenation."""

from __future__ import annotations

import re
import unicodedata

from .cjk_text import fold_radicals, join_spaced_ideographs

# A lone \r is a line break too: old Mac text files, and Word's carriage returns.
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# Invisible format characters (zero-width space/joiners, bidi marks, BOM), control
# characters, and private-use code points, which icon fonts (phone and mail pictograms)
# leave behind as garbage. Soft hyphens have their own rules (`_soft_hyphens`).
_INVISIBLE = re.compile(
    "[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ue000-\uf8ff\U000f0000-\U0010ffff]"
)
# Runs of two or more spaces, or any other horizontal space (single spaces stay untouched,
# which keeps the substitution cheap).
_SPACES = re.compile(
    r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}|[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
)
_BLANK_LINES = re.compile(r"\n{3,}")
# A word broken by layout: at least two letters, a hyphen ending the line, and the line
# after starting with a lower-case letter. "Front-" + "End" or "2019-" + "2021" stay as they are.
# The word's own punctuation comes up with it ("Develop-" + "ment, Consulting").
_HYPHENATED = re.compile(r"[-\u2010](?<=[^\W\d_]{2}.)\n([^\W\d_]+[.,;:!?)]*)([ \t]+|(?=\n)|\Z)")
# The same at a soft hyphen, before spaces are tidied (so spaces may surround the break).
_SOFT_HYPHENATED = re.compile(
    r"\u00ad(?<=[^\W\d_]{2}.)[ \t]*\n[ \t]*([^\W\d_]+[.,;:!?)]*)([ \t]+|(?=\n)|\Z)"
)
_SOFT_HYPHEN_IN_WORD = re.compile(r"(?<=[^\W\d_])\u00ad(?=[^\W\d_])")
_TRAILING_SPACES = re.compile(r"[ \t]+\n")
_LINE_EDGE_SPACES = re.compile(r" \n ?|\n ")


def normalize_text(
    text: str, *, rejoin_hyphens: bool = False, optional_soft_hyphens: bool = False
) -> str:
    """NFKC (ﬁ → fi), no invisible characters, single spaces, trimmed lines, ≤ 1 blank line.

    `rejoin_hyphens`: rejoin words a layout broke at a hyphen (PDF text). A soft hyphen
    (U+00AD) between letters at a line end joins its word in any text; elsewhere it is a
    hyphen, since fonts that map their hyphen glyph to U+00AD draw it ("Sep. 2023 - Mar.
    2024", "high-impact"). With `optional_soft_hyphens` (text as typed: TXT, DOCX) one
    between two letters is the invisible hyphenation hint Unicode means, and goes.
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = _soft_hyphens(text, optional=optional_soft_hyphens)
    text = fold_radicals(unicodedata.normalize("NFKC", text))
    text = _INVISIBLE.sub("", text)
    text = _LINE_EDGE_SPACES.sub("\n", _SPACES.sub(" ", text))
    text = join_spaced_ideographs(text)
    if rejoin_hyphens:
        text = _rejoin(text, _HYPHENATED)
    return _BLANK_LINES.sub("\n\n", text).strip()


def _soft_hyphens(text: str, *, optional: bool) -> str:
    if "\u00ad" not in text:
        return text
    text = _rejoin(text, _SOFT_HYPHENATED)
    if optional:
        text = _SOFT_HYPHEN_IN_WORD.sub("", text)
    return text.replace("\u00ad", "-")


def _rejoin(text: str, hyphenated: re.Pattern[str]) -> str:
    if "-" not in text and "\u00ad" not in text and "\u2010" not in text:
        return text

    def join(match: re.Match[str]) -> str:
        tail, gap = match.groups()
        if not tail[0].islower():
            return match.group(0)
        return tail + ("\n" if gap else "")

    return hyphenated.sub(join, _TRAILING_SPACES.sub("\n", text))


def truncate(text: str, max_chars: int) -> tuple[str, bool]:
    """`text` cut to `max_chars` at a line break when one is near; True when it was cut."""
    if len(text) <= max_chars:
        return text, False
    cut = text.rfind("\n", max_chars - 2_000, max_chars)
    return text[: cut if cut > 0 else max_chars].rstrip(), True
