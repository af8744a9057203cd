"""How a Word table reads: a grid of values row by row, a page layout column by column.

CVs use tables two ways. A data table (dates | employer | role) has short cells, and a
row reads as one line, its cells joined by " | ". A layout table puts a sidebar beside
the main column, or headings beside sections: its cells hold whole paragraphs, which
must stay lines of their own. Where the columns flow independently (a main cell merged
down the rows beside a stack of contact lines) each column is read top to bottom before
the next, as a person reads the page; one row of paragraphs (sidebar | main) reads cell
by cell, which is the same.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

CELL_SEPARATOR = " | "


@dataclass(frozen=True, slots=True)
class TableCell:
    """One cell: where it sits in the table grid and the text lines it holds."""

    column: int  # first grid column
    span: int  # grid columns covered (w:gridSpan)
    lines: list[str]  # non-empty lines, nested tables already read
    merged_down: bool = False  # the first cell of a vertical merge (w:vMerge restart)

    @property
    def end(self) -> int:
        return self.column + self.span


def table_lines(rows: Sequence[Sequence[TableCell]]) -> list[str]:
    """The table's text, one entry per line, in reading order."""
    filled = [[cell for cell in row if cell.lines] for row in rows]
    filled = [row for row in filled if row]
    if all(len(cell.lines) <= 1 for row in filled for cell in row):
        return [_row_text(row)[0] for row in filled]  # a data table
    width = max(cell.end for row in filled for cell in row)
    lines: list[str] = []
    for segment in _segments(filled, width):
        lines.extend(_read_segment(segment, width))
    return lines


def _segments(rows: list[list[TableCell]], width: int) -> list[list[list[TableCell]]]:
    """Runs of rows between full-width rows (a name banner, a section heading across)."""
    segments: list[list[list[TableCell]]] = [[]]
    for row in rows:
        if len(row) == 1 and row[0].column == 0 and row[0].end >= width:
            segments += [[row], []]
        else:
            segments[-1].append(row)
    return [segment for segment in segments if segment]


def _read_segment(rows: list[list[TableCell]], width: int) -> list[str]:
    bands = _bands(rows, width)
    # Columns flow apart where a cell is merged down beside others (a sidebar beside a
    # tall main cell). Otherwise rows line up (headings beside their sections) and read
    # in turn; one row of two columns reads the same either way.
    if len(bands) == 1 or not any(cell.merged_down for row in rows for cell in row):
        return [line for row in rows for line in _row_text(row)]
    lines = []
    for first, last in bands:
        for row in rows:
            inside = [cell for cell in row if first <= cell.column and cell.end <= last]
            if inside:
                lines.extend(_row_text(inside))
    return lines


def _bands(rows: list[list[TableCell]], width: int) -> list[tuple[int, int]]:
    """Column bands no cell crosses: the table's columns as a reader sees them."""
    crossed = {
        boundary for row in rows for cell in row for boundary in range(cell.column + 1, cell.end)
    }
    edges = [0, *(b for b in range(1, width) if b not in crossed), width]
    bands = list(itertools.pairwise(edges))
    # A band with no text (a spacer column) is no column of the page.
    return [
        (first, last)
        for first, last in bands
        if any(first <= cell.column < last for row in rows for cell in row)
    ]


def _row_text(cells: Sequence[TableCell]) -> list[str]:
    """A row of short values is one line; cells holding paragraphs keep their lines."""
    if all(len(cell.lines) == 1 for cell in cells):
        return [CELL_SEPARATOR.join(cell.lines[0] for cell in cells)]
    return [line for cell in cells for line in cell.lines]
