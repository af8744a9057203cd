"""Reading order for PDF pages laid out in two columns (a sidebar beside the main text).

pypdf emits text in content-stream order. Generators that draw a page row by row then
interleave a sidebar with the main column line by line ("Python  Senior Engineer, Acme").
Here every text-showing operator becomes one run with its position; a gutter is the x where
many rows start a run after a wide gap. A page with a gutter is rebuilt as full-width rows
(the name across the top) and, between them, the left column then the right column.

Layouts that read right row by row keep pypdf's order: tables (nearly every row has text on
both sides), Europass (labels right-aligned against their values), and a column of dates
or short labels each beside the block it labels (then each label is followed by its block).
Single-column pages keep pypdf's text unchanged.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import dataclass

from pypdf import PageObject
from pypdf.generic import ContentStream, NameObject

_SHOW_TEXT = frozenset({b"Tj", b"TJ", b"'", b'"'})
# An identity `cm` changes nothing on the page, but makes pypdf hand the text shown so far
# to the visitor: one visitor call per text operator instead of one per line.
_FLUSH = ([1, 0, 0, 1, 0, 0], b"cm")
_AVG_CHAR_EM = 0.5  # average glyph width of Latin text, in em, to estimate run widths
_MIN_ROWS = 8
_MIN_SHARE = 0.1  # each column holds at least this share of the page's characters
# Rows with text on both sides: tables reach 0.9, sidebars beside a main column of the
# same length about 0.88 (generated corpus).
_TABLE_SHARE = 0.9


@dataclass(slots=True)
class Run:
    """Text shown by one operator, at its start position (PDF points, y upwards)."""

    index: int
    text: str
    x: float
    y: float
    size: float
    width: float

    @property
    def end(self) -> float:
        """Estimated x where the run ends."""
        return self.x + self.width


Sides = tuple[list[Run], list[Run]]  # one row's runs left and right of the gutter


def page_text(page: PageObject) -> str:
    """The page's text in reading order; two-column pages come out column by column."""
    contents = page.get("/Contents")
    if contents is None:
        return ""
    # "bytes" keeps string operands undecoded, as pypdf's own text extraction does: the
    # font's encoding decodes them, not PDFDocEncoding.
    content = ContentStream(contents.get_object(), page.pdf, "bytes")
    operations = []
    for operation in content.operations:
        operations.append(operation)
        if operation[1] in _SHOW_TEXT:
            operations.append(_FLUSH)
    content.operations = operations
    # The reader is private to one extraction, so changing its page in memory is safe.
    page[NameObject("/Contents")] = content
    collector = _RunCollector()
    # Operator visitors cost a call per operator: only pages drawing forms need them.
    forms = b"Do" in {operator for _, operator in operations}
    text = page.extract_text(
        visitor_text=collector.on_text,
        visitor_operand_before=collector.before if forms else None,
        visitor_operand_after=collector.after if forms else None,
    )
    if collector.unusable:
        return text
    return reflow(collector.runs) or text


class _RunCollector:
    """Visitor callbacks of pypdf's extract_text that record positioned runs."""

    def __init__(self) -> None:
        self.runs: list[Run] = []
        self.unusable = False  # rotated or multi-line runs: keep pypdf's order
        # Text inside form XObjects is reported relative to the form: remember where
        # each form was drawn (pypdf calls the operand visitors around the Do).
        self._form_cms: list[list[float]] = []

    def before(self, operator: bytes, operands: object, cm: list[float], tm: object) -> None:
        if operator == b"Do":
            self._form_cms.append(list(cm))

    def after(self, operator: bytes, operands: object, cm: object, tm: object) -> None:
        if operator == b"Do" and self._form_cms:
            self._form_cms.pop()

    def on_text(
        self, text: str, cm: list[float], tm: list[float], font: object, size: float
    ) -> None:
        stripped = text.strip("\n")
        if not stripped.strip():
            return
        if "\n" in stripped:
            self.unusable = True
            return
        m = _mult(tm, cm)
        for form_cm in reversed(self._form_cms):
            m = _mult(m, form_cm)
        scale_x, scale_y = math.hypot(m[0], m[1]), math.hypot(m[2], m[3])
        if m[0] <= 0 or m[3] <= 0 or abs(m[1]) > 0.01 * scale_x:
            self.unusable = True
            return
        width = len(stripped.strip()) * _AVG_CHAR_EM * float(size) * scale_x
        self.runs.append(
            Run(len(self.runs), stripped, m[4], m[5], float(size) * scale_y or 1.0, width)
        )


def _mult(m: list[float], n: list[float]) -> list[float]:
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def reflow(runs: list[Run]) -> str | None:
    """Column-by-column text of the runs, or None when they show no two-column layout."""
    rows = _rows(runs)
    gutter = find_gutter(rows)
    if gutter is None:
        return None
    return "\n".join(_band_lines(rows, gutter))


def _rows(runs: list[Run]) -> list[list[Run]]:
    rows: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (-r.y, r.x)):
        if rows and abs(rows[-1][0].y - run.y) <= 0.3 * run.size:
            rows[-1].append(run)
        else:
            rows.append([run])
    return [sorted(row, key=lambda r: (r.x, r.index)) for row in rows]


def find_gutter(rows: list[list[Run]]) -> float | None:
    """The x where the right column starts, or None for a single-column page."""
    if len(rows) < _MIN_ROWS:
        return None
    runs = [run for row in rows for run in row]
    left_edge = min(run.x for run in runs)
    right_edge = max(run.end for run in runs)
    # Candidates: runs that open a row, or that follow a gap of at least one em.
    support: Counter[int] = Counter()
    starts: dict[int, float] = {}
    for row in rows:
        previous_end = -math.inf
        for run in row:
            if run.x - previous_end >= run.size and run.x > left_edge + 0.2 * (
                right_edge - left_edge
            ):
                key = round(run.x / 3)
                support[key] += 1
                starts[key] = min(starts.get(key, math.inf), run.x)
            previous_end = max(previous_end, run.end)
    if not support:
        return None
    key = max(support, key=lambda k: support[k - 1] + support[k] + support[k + 1])
    if support[key - 1] + support[key] + support[key + 1] < max(4, 0.2 * len(rows)):
        return None
    gutter = min(starts.get(k, math.inf) for k in (key - 1, key, key + 1))
    return gutter if _plausible(rows, gutter) else None


def _plausible(rows: list[list[Run]], gutter: float) -> bool:
    # Both sides carry real text (right-aligned dates do not make a column), few rows
    # cross the gutter (ordinary paragraphs cross it on every line), and the layout is not
    # one that reads right row by row: a table (nearly every row has both sides) or a
    # Europass label column (labels right-aligned against the values).
    runs = [run for row in rows for run in row]
    row_count = len(rows)
    sides = [s for s in (_split(row, gutter) for row in rows) if not _full_width(s, gutter)]
    both = sum(1 for left, right in sides if left and right)
    if both >= _TABLE_SHARE * sum(1 for left, right in sides if left or right):
        return False
    if _right_aligned([left for left, _ in sides if left]):
        return False
    left = right = crossing = 0
    for run in runs:
        chars = len(run.text.strip())
        if _is_right(run, gutter):
            right += chars
        elif _crosses(run, gutter):
            crossing += 1
        else:
            left += chars
    total = left + right
    return (
        crossing <= 0.25 * row_count and left >= _MIN_SHARE * total and right >= _MIN_SHARE * total
    )


def _right_aligned(lefts: list[list[Run]]) -> bool:
    if len(lefts) < 4:
        return False
    starts = statistics.pstdev(min(r.x for r in row) for row in lefts)
    ends = statistics.pstdev(max(r.end for r in row) for row in lefts)
    return starts > max(2 * ends, lefts[0][0].size)


def _is_right(run: Run, gutter: float) -> bool:
    return run.x >= gutter - 0.5 * run.size


def _crosses(run: Run, gutter: float) -> bool:
    return run.end > gutter + 2 * run.size


def _band_lines(rows: list[list[Run]], gutter: float) -> list[str]:
    split = [_split(row, gutter) for row in rows]
    joint = _joint_starts(split, gutter)
    lines: list[str] = []
    band: Sides = ([], [])

    def flush() -> None:
        for side in band:
            previous: list[Run] | None = None
            for row in side:
                # A blank line before each column and each paragraph within it.
                if lines and lines[-1] and (previous is None or _gap(previous, row)):
                    lines.append("")
                lines.append(_row_text(row))
                previous = row
            side.clear()

    for index, (row, sides) in enumerate(zip(rows, split, strict=True)):
        if _full_width(sides, gutter):
            flush()
            lines.append(_row_text(row))
            continue
        if index in joint:
            flush()  # a label and what it labels start here: keep the pair together
        for side, runs in zip(band, sides, strict=True):
            if runs:
                side.append(runs)
    flush()
    return lines


def _split(row: list[Run], gutter: float) -> Sides:
    return [r for r in row if not _is_right(r, gutter)], [r for r in row if _is_right(r, gutter)]


def _full_width(sides: Sides, gutter: float) -> bool:
    return any(_crosses(r, gutter) for r in sides[0])


def _joint_starts(split: list[Sides], gutter: float) -> set[int]:
    """Rows where a label in the left column starts, beside the text it labels.

    Dates beside jobs and labels beside values (Europass) are short left blocks, each on
    the row where its text starts on the right. A sidebar has long blocks (a list of
    skills) and is better read whole.
    """
    starts: list[tuple[int, bool]] = []  # (row index, right text on that row)
    block_rows = 0
    previous: list[Run] | None = None
    for index, (left, right) in enumerate(split):
        if _full_width((left, right), gutter):
            previous = None
            continue
        if not left:
            continue
        block_rows += 1
        if previous is None or _gap(previous, left):
            starts.append((index, bool(right)))
        previous = left
    joint = {index for index, beside in starts if beside}
    if len(starts) < 3 or len(joint) < 0.75 * len(starts) or block_rows > 2.5 * len(starts):
        return set()
    return joint


def _gap(above: list[Run], row: list[Run]) -> bool:
    # Lines are set 1.1-1.5 em apart; more than that is a paragraph break.
    size = max(run.size for run in row)
    return above[0].y - row[0].y > 1.9 * size


def _row_text(row: list[Run]) -> str:
    parts: list[str] = []
    previous: Run | None = None
    for run in row:
        text = run.text
        if previous is None:
            text = text.lstrip()
        elif (
            run.index != previous.index + 1
            and not text.startswith(" ")
            and not parts[-1].endswith(" ")
        ):
            # pypdf decided the spacing between consecutive operators; between others
            # (a row assembled from separate places in the stream) a space is safer.
            text = " " + text
        parts.append(text)
        previous = run
    return "".join(parts).rstrip()
