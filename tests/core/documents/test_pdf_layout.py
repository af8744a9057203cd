"""Reading order: a gutter is a band of whitespace through a stretch of rows, not an x where
runs often start (tests/data/pdf_layouts.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from headhunter_desktop.core.documents import extract_text
from tests.data import pdf_layouts


def lines_of(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def read(tmp_path: Path, make: Callable[[], tuple]) -> tuple[list[str], tuple]:
    data, *expected = make()
    path = tmp_path / "cv.pdf"
    path.write_bytes(data)
    return lines_of(extract_text(path).text), tuple(expected)


def contiguous(lines: list[str], block: list[str]) -> bool:
    start = lines.index(block[0])
    return lines[start : start + len(block)] == block


def test_a_side_block_is_never_spliced_into_a_sentence(tmp_path: Path) -> None:
    # A letter: the sender's block stands beside the start of a paragraph that runs on
    # across the full width below it.
    lines, (paragraph, sender) = read(tmp_path, pdf_layouts.letter_with_sender_block)
    assert contiguous(lines, paragraph)
    assert contiguous(lines, sender)
    assert lines.index(sender[0]) > lines.index(paragraph[-1])


def test_dates_against_the_right_margin_stay_on_their_line(tmp_path: Path) -> None:
    lines, (titles,) = read(tmp_path, pdf_layouts.dates_at_right_margin)
    assert [line for line in lines if line in titles] == titles


def test_a_line_across_the_top_stays_whole(tmp_path: Path) -> None:
    lines, (contact, side, main) = read(tmp_path, pdf_layouts.contact_line_over_columns)
    assert lines[:2] == ["Maria Silva", contact]
    assert lines[2:] == side + main


def test_the_gutter_is_the_band_of_whitespace_not_the_commonest_edge(tmp_path: Path) -> None:
    # The main column's skill levels start at one x on eight rows; the sidebar on the
    # right has four. The gutter is the band before the sidebar: skill rows stay whole.
    lines, (main, sidebar) = read(tmp_path, pdf_layouts.sidebar_beside_label_rows)
    assert lines == ["Rui Costa", *main, *sidebar]


def test_short_sidebar_blocks_do_not_cut_the_paragraph_beside_them(tmp_path: Path) -> None:
    lines, (paragraph, sidebar) = read(tmp_path, pdf_layouts.sidebar_blocks_beside_paragraph)
    assert lines == ["Jo Walker", *sidebar, *paragraph]
