"""Lines of a page made from where its characters sit, not from how they were drawn.

Producers draw text in every order: a word per operator without space glyphs (Chromium,
Canva), a new operator at every font switch (Google Docs), a stray carriage return inside
a line (Word for Mac). Characters on one baseline form a row (a superscript joins the row it
sits on); within a row, a gap wider than the usual gap between letters is a word space, and
a gap wider than an em splits the row into runs (a right-aligned date, a second column).
"""

from __future__ import annotations

import itertools
import statistics
import unicodedata
from dataclasses import dataclass

from .pdf_chars import Glyph

# In em (the font size). Letters sit next to each other, give or take a kern of a few
# hundredths of an em; word spaces are 0.2-0.35 em (Helvetica 0.28, TeX 0.33 shrinking to
# 0.22), squeezed below 0.08 in tight justified lines (WPS), stretched up to about 0.8 em in
# loose ones; a gutter or a tab stop is wider. Text set with letter spacing ("S K I L L S"),
# or in a font whose widths are off, has its own usual gap between letters: a word gap is
# measured from that, for each font of the row.
_WORD_GAP = 0.08
_RUN_GAP = 1.0
_SAME_ROW = 0.15  # baselines this close, in em, are one row
_SCRIPT = 0.8  # a row of smaller type (at most this many em) just above or below: a script
_SCRIPT_SHIFT = 0.6  # how far, in em of the line, a superscript's baseline is raised
_SCRIPT_LENGTH = 4  # characters: "²", "st", "TM", a footnote mark
_SHIFTED = 0.3  # how far, in em, a letter of the same size may be lowered or raised
_SCRIPT_REACH = 3  # rows away from its line a script may be sorted
_OVERPRINT = 0.3  # the same character again this close: drawn twice (fake bold)
# Spacing accents and the combining marks they stand for.
_ACCENTS = {
    "\u00b4": "\u0301",
    "`": "\u0300",
    "\u02dc": "\u0303",
    "\u00a8": "\u0308",
    "\u02c6": "\u0302",
    "\u02c7": "\u030c",
    "\u02d8": "\u0306",
    "\u02d9": "\u0307",
    "\u02da": "\u030a",
    "\u00b8": "\u0327",
    "\u02db": "\u0328",
    "\u00af": "\u0304",
    "\u02dd": "\u030b",
}
_DOTLESS = {"\u0131": "i", "\u0237": "j"}  # TeX puts accents on a dotless i: \'\i is í

Style = tuple[str, float]  # font and size: letters in one style are spaced alike


@dataclass(slots=True)
class Run:
    """Text of one row without a wide gap: its left and right x, baseline y and size."""

    text: str
    x: float
    end: float
    y: float
    size: float

    @property
    def width(self) -> float:
        return self.end - self.x


Row = list[Run]  # the runs of one row, left to right


def page_rows(glyphs: list[Glyph]) -> list[Row]:
    """The page's rows, top to bottom, each split into runs at wide gaps."""
    accents = any(_accent_like(glyph.text) for glyph in glyphs)
    rows = [_runs(row, accents) for row in _with_scripts(_baselines(glyphs))]
    return [row for row in rows if row]


def row_text(row: Row) -> str:
    """The row as one line: its runs joined by a space."""
    return " ".join(run.text for run in row)


def _baselines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    # A baseline joins the row of the one just above when they are this close. Tight:
    # the lines of a column beside another are often only a point or two apart.
    rows: list[list[Glyph]] = []
    above: Glyph | None = None
    for glyph in sorted(glyphs, key=lambda g: -g.base):
        if above and above.base - glyph.base <= _SAME_ROW * min(above.em, glyph.em):
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
        above = glyph
    return rows


def _with_scripts(rows: list[list[Glyph]]) -> list[list[Glyph]]:
    """Short rows raised or lowered against a line joined to it: "m²", "O(n²)", the E of LaTeX.

    The line is looked for among the nearest rows: in a page of two columns, a row of
    the other column may lie in between.
    """
    kept = [True] * len(rows)
    for index, row in enumerate(rows):
        if len(row) > _SCRIPT_LENGTH:
            continue
        lines = (
            rows[max(0, index - _SCRIPT_REACH) : index]
            + rows[index + 1 : index + 1 + _SCRIPT_REACH]
        )
        line = next(
            (line for line in lines if len(line) > len(row) and _script_of(row, line)), None
        )
        if line is not None:
            line.extend(row)
            kept[index] = False
    return [row for row, keep in zip(rows, kept, strict=True) if keep]


def _script_of(script: list[Glyph], line: list[Glyph]) -> bool:
    """A few characters right after (or over) a letter of the line, raised or lowered."""
    first = min(script, key=lambda glyph: glyph.x0)
    before = next((g for g in line if g.x0 < first.x0 <= g.x1 + 0.2 * g.em), None)
    if before is None:
        return False
    shift = abs(first.base - before.base)
    small = all(glyph.em <= _SCRIPT * before.em for glyph in script)
    return shift <= (_SCRIPT_SHIFT if small else _SHIFTED) * before.em


def _runs(glyphs: list[Glyph], accents: bool) -> Row:
    ordered = _without_overprints(sorted(glyphs, key=lambda glyph: glyph.x0))
    if accents:
        ordered = _with_accents(ordered)
    letter_gaps = _letter_gaps(ordered)
    runs = (_run(piece, letter_gaps) for piece in _split_at_wide_gaps(ordered))
    return [run for run in runs if run.text]


def _split_at_wide_gaps(glyphs: list[Glyph]) -> list[list[Glyph]]:
    pieces = [[glyphs[0]]]
    for left, right in itertools.pairwise(glyphs):
        if right.x0 - left.x1 > _RUN_GAP * right.em:
            pieces.append([right])
        else:
            pieces[-1].append(right)
    return pieces


def _run(glyphs: list[Glyph], letter_gaps: dict[Style, float]) -> Run:
    """The glyphs as one run: a space wherever the PDF puts one or the gap is a word's."""
    parts = [glyphs[0].text]
    for left, right in itertools.pairwise(glyphs):
        if left.space_after or right.x0 - left.x1 > _word_gap(left, right, letter_gaps):
            parts.append(" ")
        parts.append(right.text)
    end = max(glyph.x1 for glyph in glyphs)
    size = max(glyph.em for glyph in glyphs)
    return Run("".join(parts).strip(), glyphs[0].x0, end, glyphs[0].base, size)


def _without_overprints(glyphs: list[Glyph]) -> list[Glyph]:
    kept: list[Glyph] = []
    for glyph in glyphs:
        if not (kept and _overprint(kept[-1], glyph)):
            kept.append(glyph)
    return kept


def _overprint(previous: Glyph, glyph: Glyph) -> bool:
    return (
        glyph.text == previous.text
        and abs(glyph.x0 - previous.x0) < _OVERPRINT * (previous.x1 - previous.x0)
        and abs(glyph.base - previous.base) < _OVERPRINT * glyph.em
    )


def _with_accents(glyphs: list[Glyph]) -> list[Glyph]:
    """Accents TeX draws as glyphs of their own over a letter ("o" and "´"), put on it: "ó"."""
    kept: list[Glyph] = []
    for index, glyph in enumerate(glyphs):
        if len(glyph.text) == 2 and glyph.text[0] in _ACCENTS:  # drawn in its letter's box
            glyph.text = _DOTLESS.get(glyph.text[1], glyph.text[1]) + _ACCENTS[glyph.text[0]]
        mark = _ACCENTS.get(glyph.text) or (glyph.text if _is_combining(glyph.text) else "")
        base = _under(glyph, kept[-1:] + glyphs[index + 1 : index + 2]) if mark else None
        if base is None:
            kept.append(glyph)
        else:
            base.text = _DOTLESS.get(base.text, base.text) + mark
    return kept


def _under(accent: Glyph, neighbours: list[Glyph]) -> Glyph | None:
    middle = (accent.x0 + accent.x1) / 2
    for glyph in neighbours:
        if glyph.x0 <= middle <= glyph.x1 and glyph.text.isalpha():
            return glyph
    return None


def _accent_like(text: str) -> bool:
    return text[0] in _ACCENTS or unicodedata.combining(text[-1]) > 0


def _is_combining(text: str) -> bool:
    return len(text) == 1 and unicodedata.combining(text) > 0


def _letter_gaps(glyphs: list[Glyph]) -> dict[Style, float]:
    """For each style of the row, its usual gap between letters, in em (about 0)."""
    gaps: dict[Style, list[float]] = {}
    for left, right in itertools.pairwise(glyphs):
        gap = right.x0 - left.x1
        if left.style == right.style and not left.space_after and gap < _RUN_GAP * right.em:
            gaps.setdefault(right.style, []).append(gap / right.em)
    # Most gaps are between letters; with few, assume letters are set next to each other.
    return {style: max(statistics.median(g), 0.0) for style, g in gaps.items() if len(g) >= 3}


def _word_gap(left: Glyph, right: Glyph, letter_gaps: dict[Style, float]) -> float:
    """The narrowest gap between these two characters that is a word space, in points."""
    letters = max(letter_gaps.get(left.style, 0.0), letter_gaps.get(right.style, 0.0))
    return (letters + _WORD_GAP) * min(left.em, right.em)
