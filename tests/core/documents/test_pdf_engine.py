"""The PDF text engine (PDFium through pypdfium2) inside the extraction's safety limits."""

from __future__ import annotations

import threading
import zlib
from pathlib import Path

import pytest

from headhunter_desktop.core.documents import ExtractionLimits, InflatedSizeLimitError, extract_text
from headhunter_desktop.core.documents.pdf_glyphs import base_font_name, glyph_text, is_icon_font
from tests.data import make_cv_corpus as cvs
from tests.data.pdf_builder import Pdf
from tests.helpers.pdf_bombs import MB, deflated_zeros


def font_with_bomb(add, stream) -> int:
    """A TrueType font whose embedded program inflates to 64 MB (deflated twice)."""
    data = zlib.compress(deflated_zeros(64 * MB), 9)
    program = add(
        f"<< /Length {len(data)} /Filter [/FlateDecode /FlateDecode] >>\nstream\n".encode()
        + data
        + b"\nendstream"
    )
    descriptor = add(
        "<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 -200 1000 800] "
        f"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 "
        f"/FontFile2 {program} 0 R >>"
    )
    return add(
        "<< /Type /Font /Subtype /TrueType /BaseFont /Bomb /FirstChar 32 /LastChar 126 "
        f"/Widths [{' '.join(['500'] * 95)}] /FontDescriptor {descriptor} 0 R "
        "/Encoding /WinAnsiEncoding >>"
    )


def test_a_font_program_inflating_past_the_budget_is_refused_before_pdfium_reads_it(
    tmp_path: Path,
) -> None:
    # PDFium inflates what it reads without a budget: pypdf inflates every stream of the
    # page's text first, under the file's budget (pdf_streams.py).
    pdf = Pdf(fonts={"F5": font_with_bomb})
    pdf.new_page().text(50, 790, "Ada Lovelace, analyst", font="F5")
    path = tmp_path / "font_bomb.pdf"
    path.write_bytes(pdf.to_bytes())
    with pytest.raises(InflatedSizeLimitError):
        extract_text(path, limits=ExtractionLimits(max_inflated_bytes=8 * MB))
    document = extract_text(path, limits=ExtractionLimits(max_inflated_bytes=80 * MB))
    assert document.text == "Ada Lovelace, analyst"


def test_a_scan_whose_image_inflates_past_the_budget_is_refused_before_rendering(
    tmp_path: Path,
) -> None:
    # A page without text is rendered by PDFium to be read (OCR or a model): its image
    # is inflated under the budget first.
    pdf = Pdf()
    pdf.new_page().image("Im0", 8192, 8192, bytes(64 * MB), (0, 0, 595, 842))
    path = tmp_path / "scan_bomb.pdf"
    path.write_bytes(pdf.to_bytes())
    assert path.stat().st_size < MB
    with pytest.raises(InflatedSizeLimitError):
        extract_text(path, limits=ExtractionLimits(max_inflated_bytes=8 * MB))


def test_rotated_text_is_read_apart_from_the_lines_it_crosses(tmp_path: Path) -> None:
    pdf = Pdf()
    page = pdf.new_page()
    page.text(60, 790, "Grace Hopper, rear admiral")
    page.text(60, 776, "Invented the first compiler")
    page.ops.append("BT /F1 12 Tf 0 1 -1 0 30 700 Tm (CURRICULUM VITAE) Tj ET")
    path = tmp_path / "rotated.pdf"
    path.write_bytes(pdf.to_bytes())
    lines = [line for line in extract_text(path).text.splitlines() if line]
    assert lines == [
        "Grace Hopper, rear admiral",
        "Invented the first compiler",
        "CURRICULUM VITAE",
    ]


def test_threads_reading_pdfs_at_once_get_what_one_thread_gets(
    corpus: dict[str, Path],
) -> None:
    # PDFium is not thread-safe: its use is serialised (pdf_text.py).
    names = ["two_column.pdf", "plain.pdf", "europass.pdf", "links.pdf"]
    expected = {name: extract_text(corpus[name]).text for name in names}
    results: dict[str, set[str]] = {name: set() for name in names}

    def work(name: str) -> None:
        for _ in range(5):
            results[name].add(extract_text(corpus[name]).text)

    threads = [threading.Thread(target=work, args=(name,)) for name in names * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {name: {text} for name, text in expected.items()}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("four.lnum", "4"),
        ("A.sc", "A"),
        ("f_i", "fi"),
        ("f_f_i", "ffi"),
        ("uni00E9", "é"),
        ("one.pnum6", "1"),
        ("uniF1C0", ""),  # a private-use code point: an icon, not text
        ("map_marker", ""),
    ],
)
def test_glyph_names_read_by_the_adobe_glyph_list(name: str, text: str) -> None:
    assert glyph_text(name) == text


def test_fonts_are_told_apart_by_name() -> None:
    assert base_font_name("/QGTSJM+Raleway-Regular") == "Raleway-Regular"
    assert base_font_name("Raleway-Regular") == "Raleway-Regular"
    for icon in ("FontAwesome", "FontAwesome5Free-Solid", "SimpleIconsFiltered", "fa-brands-400"):
        assert is_icon_font(icon), icon
    for text_font in ("Raleway-Regular", "SourceSans3-Light", "Lato-Bold", "Helvetica"):
        assert not is_icon_font(text_font), text_font


def test_an_encrypted_pdf_is_read_with_the_password_that_opened_it(
    corpus: dict[str, Path],
) -> None:
    # pypdf checks the password; PDFium opens the file with the one that worked.
    document = extract_text(corpus["encrypted_password.pdf"], password=cvs.PDF_PASSWORD)
    assert document.text == extract_text(corpus["plain.pdf"]).text
