"""PDF text as the page shows it: word spaces, glyph names, icons and line breaks.

Each case is a generated PDF (tests/data/pdf_defects.py) that imitates how a producer
writes text, and that the pypdf-based extraction got wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from headhunter_desktop.core.documents import extract_text
from tests.data import pdf_defects


def lines_of(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def read(tmp_path: Path, make: Callable[[], tuple], name: str = "cv.pdf") -> tuple[str, tuple]:
    data, *expected = make()
    path = tmp_path / name
    path.write_bytes(data)
    return extract_text(path).text, tuple(expected)


def test_words_placed_one_glyph_at_a_time_keep_their_spaces_in_two_columns(
    tmp_path: Path,
) -> None:
    # Chromium draws every glyph, spaces too, with its own operator; the columns are
    # reordered and every word stays apart from the next.
    text, (sidebar, main) = read(tmp_path, pdf_defects.chromium_two_columns)
    lines = lines_of(text)
    assert lines[0] == "Maria Silva"
    assert lines[1 : 1 + len(sidebar)] == sidebar
    assert lines[1 + len(sidebar) :] == main


def test_a_font_switch_inside_a_line_does_not_break_it(tmp_path: Path) -> None:
    # Google Docs: every italic part is a text object of its own, set back to the line's
    # start and moved along it.
    text, (expected,) = read(tmp_path, pdf_defects.font_switches)
    assert lines_of(text) == expected


def test_a_lone_carriage_return_between_words_is_no_line_break(tmp_path: Path) -> None:
    # Word for Mac separates words with a tab, a carriage return and two spaces.
    text, (expected,) = read(tmp_path, pdf_defects.word_for_mac)
    assert lines_of(text) == expected


def test_glyph_names_become_the_characters_they_name(tmp_path: Path) -> None:
    # TeX's lining figures (/four.lnum), small capitals (/A.sc), ligatures (/f_i).
    text, (expected,) = read(tmp_path, pdf_defects.glyph_names)
    assert lines_of(text) == expected
    assert "/" not in text


def test_icons_are_left_out_and_labelled_icons_read_as_their_label(tmp_path: Path) -> None:
    text, (expected,) = read(tmp_path, pdf_defects.icon_fonts)
    assert lines_of(text) == expected  # no "/map_marker", no "✉", the ActualText kept


def test_words_spaced_by_tj_offsets_are_not_glued(tmp_path: Path) -> None:
    # XeLaTeX and LuaTeX: a justified line's word gaps are TJ offsets in an Identity-H
    # font; pypdf takes the narrow ones for kerning.
    text, (expected,) = read(tmp_path, pdf_defects.xelatex_spacing)
    assert lines_of(text) == expected


def test_accents_scripts_and_the_latex_logo_join_their_line(tmp_path: Path) -> None:
    # TeX draws an accent as a glyph of its own over the letter, and raises or lowers the
    # letters of the LaTeX logo and superscripts.
    text, (expected,) = read(tmp_path, pdf_defects.tex_marks)
    assert lines_of(text) == expected


def test_text_drawn_twice_for_boldness_reads_once(tmp_path: Path) -> None:
    text, (expected,) = read(tmp_path, pdf_defects.drawn_twice)
    assert lines_of(text) == expected


def test_one_glyph_mapped_to_several_characters_reads_as_shown(tmp_path: Path) -> None:
    # A hyphen mapped to three dashes is one hyphen; an emoji beyond U+FFFF stays whole.
    text, (expected,) = read(tmp_path, pdf_defects.mapped_characters)
    assert lines_of(text) == expected
