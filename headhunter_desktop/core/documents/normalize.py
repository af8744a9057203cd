"""Text clean-up shared by every format: ligatures, invisible characters, spacing, hyphenation."""

from __future__ import annotations

import re
import unicodedata

_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# Invisible format characters (soft hyphen, zero-width space/joiners, bidi marks, BOM),
# control characters, and private-use code points, which icon fonts (phone and mail
# pictograms) leave behind as garbage.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
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
_HYPHENATED = re.compile(r"[-\u00ad](?<=[^\W\d_]{2}.)\n([^\W\d_]+)([ \t]+|(?=\n)|\Z)")
_TRAILING_SPACES = re.compile(r"[ \t]+\n")
_LINE_EDGE_SPACES = re.compile(r" \n ?|\n ")


def normalize_text(text: str, *, rejoin_hyphens: bool = False) -> str:
    """NFKC (ﬁ → fi), no invisible characters, single spaces, trimmed lines, ≤ 1 blank line."""
    text = _LINE_BREAKS.sub("\n", text)
    if rejoin_hyphens:
        # Before NFKC and the invisible-character pass: a soft hyphen at a line end is a
        # hyphenation point, elsewhere it is just dropped.
        text = _rejoin(text)
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _LINE_EDGE_SPACES.sub("\n", _SPACES.sub(" ", text))
    if rejoin_hyphens:
        text = _rejoin(text)
    return _BLANK_LINES.sub("\n\n", text).strip()


def _rejoin(text: str) -> str:
    if "-" not in text and "\u00ad" not in text:
        return text

    def join(match: re.Match[str]) -> str:
        tail, gap = match.groups()
        if not tail[0].islower():
            return match.group(0)
        return tail + ("\n" if gap else "")

    return _HYPHENATED.sub(join, _TRAILING_SPACES.sub("\n", text))


def truncate(text: str, max_chars: int) -> tuple[str, bool]:
    """`text` cut to `max_chars` at a line break when one is near; True when it was cut."""
    if len(text) <= max_chars:
        return text, False
    cut = text.rfind("\n", max_chars - 2_000, max_chars)
    return text[: cut if cut > 0 else max_chars].rstrip(), True
