"""Reading order of a page: rows top to bottom, a stretch in two columns one after the other.

Where part of a page is laid out in two columns (pdf_gutters.py), that stretch is read
as its left column, then its right one; what lies above and below it is read the same
way, and so is each column (a column may hold a column of dates beside its text). Lines
that cross the gutter (the name, a header) stay whole.

Two exceptions keep what belongs together together. A column of short labels or dates,
each beside the block it labels, is read label by label, each followed by its block. And
a side block is never spliced into a sentence: when the text beside it runs on below the
stretch (a letter beside the sender's address), the block follows the end of that
paragraph.
"""

from __future__ import annotations

from .pdf_gutters import Stretch, find_stretch, paragraph_gap, split
from .pdf_lines import Row, Run, row_text

_MAX_DEPTH = 3  # columns within columns, at most


def page_lines(rows: list[Row]) -> list[str]:
    """The lines of the page in reading order; "" between paragraphs and columns."""
    return _join(_region(rows, 0))


def _region(rows: list[Row], depth: int) -> list[list[str]]:
    """Blocks of lines (each block a paragraph or a column) for rows in reading order."""
    stretch = find_stretch(rows) if depth < _MAX_DEPTH and rows else None
    if stretch is None:
        return _paragraphs(rows)
    above, below = rows[: stretch.start], rows[stretch.end :]
    inside = rows[stretch.start : stretch.end]
    joint = _label_pairs(inside, stretch.gutter)
    if joint is not None:
        return _region(above, depth) + joint + _region(below, depth)
    left, right = _columns(inside, stretch.gutter, depth)
    runs_on = below[: _paragraph_end(below)] if _continues(inside, below, stretch) else []
    return (
        _region(above, depth)
        + left
        + _paragraphs(runs_on)
        + right
        + _region(below[len(runs_on) :], depth)
    )


def _columns(rows: list[Row], gutter: float, depth: int) -> tuple[list[list[str]], ...]:
    sides = [split(row, gutter) for row in rows]
    left = _region([left for left, _ in sides if left], depth + 1)
    right = _region([right for _, right in sides if right], depth + 1)
    return left, right


def _continues(inside: list[Row], below: list[Row], stretch: Stretch) -> bool:
    """The left column's last line runs on into the text below the stretch."""
    lefts = [left for left, _ in (split(row, stretch.gutter) for row in inside) if left]
    return bool(below and lefts) and not paragraph_gap(lefts[-1], below[0])


def _paragraph_end(rows: list[Row]) -> int:
    for index in range(1, len(rows)):
        if paragraph_gap(rows[index - 1], rows[index]):
            return index
    return len(rows)


def _paragraphs(rows: list[Row]) -> list[list[str]]:
    blocks: list[list[str]] = []
    previous: Row | None = None
    for row in rows:
        if previous is None or paragraph_gap(previous, row):
            blocks.append([])
        blocks[-1].append(row_text(row))
        previous = row
    return blocks


def _label_pairs(rows: list[Row], gutter: float) -> list[list[str]] | None:
    """Label by label, each followed by its block, for a column of labels or dates.

    Dates beside jobs and labels beside values are short left blocks, each on the row
    where a block starts on the right. A sidebar has long blocks (a list of skills), or
    blocks that start beside the middle of a paragraph: it is no column of labels.
    """
    sides = [split(row, gutter) for row in rows]
    left_starts = _block_starts([left for left, _ in sides])
    right_starts = _block_starts([right for _, right in sides])
    left_rows = sum(1 for left, _ in sides if left)
    beside = left_starts & right_starts
    if len(left_starts) < 3 or len(beside) < 0.75 * len(left_starts):
        return None
    if left_rows > 2.5 * len(left_starts):
        return None
    blocks: list[list[str]] = []
    for index, (left, right) in enumerate(sides):
        if index in beside or not blocks:
            blocks += [[], []]
        for block, runs in zip(blocks[-2:], (left, right), strict=True):
            if runs:
                block.append(row_text(runs))
    return [block for block in blocks if block]


def _block_starts(side: list[list[Run]]) -> set[int]:
    starts: set[int] = set()
    previous: list[Run] | None = None
    for index, runs in enumerate(side):
        if runs:
            if previous is None or paragraph_gap(previous, runs):
                starts.add(index)
            previous = runs
    return starts


def _join(blocks: list[list[str]]) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if block:
            if lines:
                lines.append("")
            lines.extend(block)
    return lines
