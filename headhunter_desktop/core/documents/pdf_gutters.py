"""Where a page (or a stretch of it) is laid out in two columns: the gutter between them.

A gutter is a vertical band of whitespace that runs through a stretch of consecutive rows:
in none of them does text cross the band. Most two-column CVs have one through nearly the
whole page, with only full-width lines (the name across the top) crossing it; a cover
letter has one beside its sender's block only. A stretch of rows is read as two columns
when the band runs through enough rows, both sides carry text, and the layout is not one
that reads right row by row: a table (each right-hand cell beside a left one, all short),
Europass (labels right-aligned against their values), dates beside the lines of a single
column. A line or two above a gap across both sides is a header, not part of the columns.
A page with no such stretch is one column.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

from .pdf_lines import Row, Run

_MIN_ROWS = 4  # rows a stretch of two columns spans at least
_MIN_SIDE_ROWS = 3  # rows with text on each side, at least
_MIN_SHARE = 0.04  # each column holds at least this share of the stretch's characters
# Right-hand rows with a left one beside them: a table's are nearly all.
_TABLE_SHARE = 0.9
_CELL_LENGTH = 40  # characters: the median line of a table's column is no longer
_MIN_GUTTER = 0.8  # em: the narrowest band of whitespace that separates two columns
_PARAGRAPH_GAP = 1.8  # lines are set 1.1-1.5 em apart; more than that is a new paragraph
_HEADER_ROWS = 3  # rows above a paragraph gap at the top of a stretch: a header, not columns

Sides = tuple[list[Run], list[Run]]  # one row's runs left and right of the gutter


@dataclass(frozen=True, slots=True)
class Stretch:
    """Rows `start` to `end` (exclusive) read as two columns split at x = `gutter`."""

    start: int
    end: int
    gutter: float

    @property
    def rows(self) -> int:
        return self.end - self.start


def find_stretch(rows: list[Row]) -> Stretch | None:
    """The longest stretch of rows laid out in two columns, or None."""
    best: Stretch | None = None
    for gutter in _candidates(rows):
        for start, end in _free_ranges(rows, gutter):
            start = _below_header(rows, start, end, gutter)
            if end - start < _MIN_ROWS or (best and end - start <= best.rows):
                continue
            if _two_columns(rows[start:end], gutter):
                best = Stretch(start, end, gutter)
    return best


def split(row: Row, gutter: float) -> Sides:
    """The runs of a row left and right of the gutter."""
    left = [run for run in row if not _is_right(run, gutter)]
    return left, [run for run in row if _is_right(run, gutter)]


def paragraph_gap(above: Row, row: Row) -> bool:
    """More space between the two rows than between the lines of a paragraph."""
    size = max(run.size for run in row)
    return above[0].y - row[0].y > _PARAGRAPH_GAP * size


def _candidates(rows: list[Row]) -> list[float]:
    """Where right columns may start: left edges shared by the runs of a few rows.

    The columns' rows need not share baselines: a sidebar's lines may fall between the
    main column's, so the edge is looked for in every run, not only after a gap in a row.
    """
    margin = min(run.x for row in rows for run in row)
    starts: Counter[int] = Counter()
    lowest: dict[int, float] = {}
    for row in rows:
        for run in row:
            if run.x > margin + run.size:
                key = round(run.x / 2)
                starts[key] += 1
                lowest[key] = min(lowest.get(key, run.x), run.x)
    return [lowest[key] for key, count in starts.most_common() if count >= _MIN_SIDE_ROWS]


def _free_ranges(rows: list[Row], gutter: float) -> list[tuple[int, int]]:
    """Maximal ranges of consecutive rows that no text crosses at the gutter."""
    ranges: list[tuple[int, int]] = []
    start = 0
    for index, row in enumerate(rows):
        if _crosses(row, gutter):
            if index > start:
                ranges.append((start, index))
            start = index + 1
    if len(rows) > start:
        ranges.append((start, len(rows)))
    return ranges


def _crosses(row: Row, gutter: float) -> bool:
    return any(
        not _is_right(run, gutter) and run.end > gutter - _MIN_GUTTER * run.size for run in row
    )


def _is_right(run: Run, gutter: float) -> bool:
    return run.x >= gutter - 0.5 * run.size


def _below_header(rows: list[Row], start: int, end: int, gutter: float) -> int:
    """The first row of the columns: the few lines above a gap across both are a header.

    Of several such gaps, the widest: the one under a section heading that tops both
    columns is narrower than the one between the header and the columns.
    """
    first, widest = start, 0.0
    for index in range(start + 1, min(start + _HEADER_ROWS, end - 1) + 1):
        gap = rows[index - 1][0].y - rows[index][0].y
        if gap > widest and _gap_across(rows[start:index], rows[index:end], gutter):
            first, widest = index, gap
    return first


def _gap_across(above: list[Row], below: list[Row], gutter: float) -> bool:
    """On each side of the gutter, more space than between lines of a paragraph."""
    for side in (0, 1):
        last = next((s[side] for s in (split(r, gutter) for r in reversed(above)) if s[side]), None)
        next_ = next((s[side] for s in (split(r, gutter) for r in below) if s[side]), None)
        if last and next_ and not paragraph_gap(last, next_):
            return False
    return True


def _two_columns(rows: list[Row], gutter: float) -> bool:
    sides = [split(row, gutter) for row in rows]
    lefts = [left for left, _ in sides if left]
    rights = [right for _, right in sides if right]
    if len(lefts) < _MIN_SIDE_ROWS or len(rights) < _MIN_SIDE_ROWS:
        return False
    if _table(sides, lefts, rights) or _beside_lines(sides):
        return False
    if _right_aligned(lefts) or _right_aligned(rights):
        return False  # labels against their values, or dates against the right margin
    left_chars = sum(len(run.text) for row in lefts for run in row)
    right_chars = sum(len(run.text) for row in rights for run in row)
    total = left_chars + right_chars
    return min(left_chars, right_chars) >= _MIN_SHARE * total


def _table(sides: list[Sides], lefts: list[list[Run]], rights: list[list[Run]]) -> bool:
    """Nearly every right-hand cell has one beside it on the left, and cells are short.

    A sidebar set line for line beside the main column has as many rows on both sides,
    but the main column's lines are sentences.
    """
    both = sum(1 for left, right in sides if left and right)
    if both < _TABLE_SHARE * len(rights):
        return False
    longest = max(_median_length(lefts), _median_length(rights))
    return longest <= _CELL_LENGTH


def _beside_lines(sides: list[Sides]) -> bool:
    """Each right-hand row stands beside a line of the left, one here and one there: the
    dates of a single column's jobs, not a column of their own."""
    rights = [index for index, (_, right) in enumerate(sides) if right]
    beside = sum(1 for index in rights if sides[index][0])
    alone = sum(1 for index in rights if not (index and sides[index - 1][1]))
    return beside >= _TABLE_SHARE * len(rights) and alone >= 0.5 * len(rights)


def _median_length(rows: list[list[Run]]) -> float:
    return statistics.median(sum(len(run.text) for run in row) for row in rows)


def _right_aligned(rows: list[list[Run]]) -> bool:
    if len(rows) < 3:
        return False
    starts = statistics.pstdev(row[0].x for row in rows)
    ends = statistics.pstdev(row[-1].end for row in rows)
    return starts > max(2 * ends, rows[0][0].size)
