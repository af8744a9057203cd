"""OCR text boxes into lines in reading order, by the rules a PDF page's text follows.

Boxes on one line of the page form a row; rows become `pdf_lines.Run`s, so the columns
of a scanned two-column CV are found and read like those of a PDF (`pdf_columns`). A
slightly skewed scan is straightened first: boxes of one line would otherwise drift
apart in height from its left end to its right end.
"""

from __future__ import annotations

import math
import re
import statistics

from ..pdf_columns import page_lines
from ..pdf_lines import Row, Run
from .ocr_engine import TextBox

_SAME_ROW = 0.5  # centres this close, in heights of the smaller box, are one row
# The detector pads each line: a box is about 1.25 em tall (measured on 10-18 pt text).
_BOX_EM = 1.25
_MIN_SKEW_WIDTH = 4  # only boxes this many times wider than tall tell the skew
_SPACED_AT = re.compile(r"(?<=[\w.+-])[ \t]*@[ \t]*(?=[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}\b)")


def page_text(boxes: list[TextBox]) -> str:
    """The page's text: lines in reading order, a blank line between blocks."""
    if not boxes:
        return ""
    angle = _skew(boxes)
    return _mend_addresses("\n".join(page_lines(_rows(boxes, angle))))


def _mend_addresses(text: str) -> str:
    # The recogniser sets a space beside an @ now and then ("ana.ruiz @example.org"); a
    # space before a domain (a dot in it) is that, "Engineer @ Google" is not.
    return _SPACED_AT.sub("@", text)


def _skew(boxes: list[TextBox]) -> float:
    """The page's tilt in radians: the median slope of the top edges of long boxes."""
    slopes = []
    for box in boxes:
        (x0, y0), (x1, y1) = box.corners[0], box.corners[1]
        if x1 - x0 > _MIN_SKEW_WIDTH * _height(box):
            slopes.append(math.atan2(y1 - y0, x1 - x0))
    return statistics.median(slopes) if slopes else 0.0


def _rows(boxes: list[TextBox], angle: float) -> list[Row]:
    runs = sorted((_run(box, angle) for box in boxes), key=lambda run: -run.y)
    rows: list[Row] = []
    for run in runs:
        if rows and abs(rows[-1][0].y - run.y) <= _SAME_ROW * _BOX_EM * min(
            rows[-1][0].size, run.size
        ):
            rows[-1].append(run)
        else:
            rows.append([run])
    return [sorted(row, key=lambda run: run.x) for row in rows]


def _run(box: TextBox, angle: float) -> Run:
    """The box as a run in upright page coordinates: y grows upwards, as in a PDF."""
    cos, sin = math.cos(-angle), math.sin(-angle)
    turned = [(x * cos - y * sin, x * sin + y * cos) for x, y in box.corners]
    xs = [x for x, _ in turned]
    ys = [y for _, y in turned]
    size = (max(ys) - min(ys)) / _BOX_EM
    return Run(box.text.strip(), min(xs), max(xs), -(min(ys) + max(ys)) / 2, size)


def _height(box: TextBox) -> float:
    ys = [y for _, y in box.corners]
    return max(ys) - min(ys)
