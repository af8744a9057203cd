"""OCR boxes into lines: rows across a tilted page, columns like a PDF's, mended addresses."""

from __future__ import annotations

import math

from headhunter_desktop.core.documents.scanned.ocr_engine import TextBox
from headhunter_desktop.core.documents.scanned.ocr_lines import page_text

LINE = 30  # pixels: a box around 10 pt text at 150 dpi, with the detector's padding


def box(text: str, x: float, y: float, width: float, tilt_degrees: float = 0.0) -> TextBox:
    """A box whose top left corner is at (x, y), turned clockwise about the page's origin."""
    corners = [(x, y), (x + width, y), (x + width, y + LINE), (x, y + LINE)]
    turn = math.radians(tilt_degrees)
    cos, sin = math.cos(turn), math.sin(turn)
    return TextBox(
        tuple((px * cos - py * sin, px * sin + py * cos) for px, py in corners), text, 0.99
    )


def test_boxes_of_one_line_make_one_row_even_on_a_tilted_page() -> None:
    boxes = [
        box("Warehouse Supervisor — Portus Shipping", 100, 400, 700, tilt_degrees=2.0),
        box("Jul 2024 – Apr 2025", 1200, 400, 300, tilt_degrees=2.0),
        box("Improved pick accuracy to 99.6%", 100, 440, 600, tilt_degrees=2.0),
    ]
    assert page_text(boxes).split("\n") == [
        "Warehouse Supervisor — Portus Shipping Jul 2024 – Apr 2025",
        "Improved pick accuracy to 99.6%",
    ]


def test_a_scanned_two_column_cv_reads_column_by_column() -> None:
    header = [box("Marta Kowalczyk", 100, 60, 500), box("marta@example.org", 100, 100, 500)]
    sidebar = ["Skills", "Python, SQL", "Kubernetes", "Languages", "Polish, English", "Hobbies"]
    main = [f"Built the billing pipeline, part {n}" for n in range(1, 13)]
    left = [box(text, 100, 200 + 55 * i, 300) for i, text in enumerate(sidebar)]
    right = [box(text, 600, 215 + 37 * i, 800) for i, text in enumerate(main)]
    lines = [line for line in page_text(header + left + right).split("\n") if line]
    assert lines == ["Marta Kowalczyk", "marta@example.org", *sidebar, *main]


def test_a_space_the_recogniser_set_beside_an_at_sign_is_taken_out() -> None:
    text = page_text([box("ana.ruiz @example.org | Engineer @ Google", 100, 100, 900)])
    assert text == "ana.ruiz@example.org | Engineer @ Google"


def test_a_page_without_boxes_has_no_text() -> None:
    assert page_text([]) == ""
