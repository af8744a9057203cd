"""DOCX extraction on generated files: headers, tables, text boxes, links, bombs, damage."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from headhunter_desktop.core.documents import (
    CorruptFileError,
    ExtractionLimits,
    ScannedDocumentError,
    UnsupportedFileError,
    ZipBombError,
    extract_text,
)
from tests.data import make_cv_corpus as cvs


def test_header_contact_details_come_first_and_once(corpus: dict[str, Path]) -> None:
    document = extract_text(corpus["docx_header_footer.docx"])
    text = document.text
    assert document.kind == "docx"
    assert document.pages is None
    # The first-page header and the default header repeat the same line; the second
    # section's header is linked to the first: the e-mail is still there once.
    assert text.count(cvs.HEADER_EMAIL) == 1
    assert text.count(cvs.HEADER_PHONE) == 1
    assert text.splitlines()[0] == f"Ines Ferreira · {cvs.HEADER_EMAIL} · {cvs.HEADER_PHONE}"
    assert text.splitlines()[-1] == cvs.FOOTER_TEXT
    assert text.count(cvs.FOOTER_TEXT) == 1
    assert "References available on request." in text


def test_table_rows_in_order_with_cells_separated(corpus: dict[str, Path]) -> None:
    lines = extract_text(corpus["docx_table.docx"]).text.splitlines()
    # The merged employer cell counts once, in the row where it starts.
    rows = [" | ".join(row) for row in [*cvs.TABLE_ROWS, cvs.MERGED_ROW]]
    start = lines.index(rows[0])
    assert lines[start - 1] == "Experience"
    assert lines[start : start + len(rows)] == rows
    assert lines[start + len(rows)] == "Skills: laminated doughs, viennoiserie, HACCP"
    assert "\n".join(lines).count("Patisserie Lumière") == 1


def test_text_box_text_is_present_once(corpus: dict[str, Path]) -> None:
    text = extract_text(corpus["docx_textbox.docx"]).text
    lines = text.splitlines()
    # The box is anchored in the first paragraph; its DrawingML and VML copies count once.
    assert lines[:4] == ["Théo Laurent", *cvs.TEXTBOX_LINES]
    for line in cvs.TEXTBOX_LINES:
        assert text.count(line) == 1


def test_hyperlinks_are_collected_and_shown(corpus: dict[str, Path]) -> None:
    document = extract_text(corpus["docx_hyperlinks.docx"])
    assert document.links == [cvs.DOCX_HEADER_LINK, *cvs.DOCX_LINKS.values()]
    for label in [*cvs.DOCX_LINKS, "Portfolio", "See experience"]:
        assert label in document.text
    links_section = document.text.split("\n\nLinks:\n", 1)[1].splitlines()
    # The mailto: address is visible already; the web addresses hide behind labels.
    assert links_section == [
        cvs.DOCX_HEADER_LINK,
        cvs.DOCX_LINKS["LinkedIn profile"],
        cvs.DOCX_LINKS["GitHub"],
    ]


def test_a_pdf_named_docx_content_is_read_as_docx(corpus: dict[str, Path]) -> None:
    document = extract_text(corpus["really_docx.pdf"])
    assert document.kind == "docx"
    assert document.text == extract_text(corpus["docx_table.docx"]).text
    assert document.warnings == ["the file is a DOCX although its name ends in .pdf"]


def test_a_zip_bomb_is_refused_without_inflating_it(corpus: dict[str, Path]) -> None:
    path = corpus["docx_bomb.docx"]
    assert path.stat().st_size < 300_000
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ZipBombError) as caught:
            extract_text(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 1
    assert peak < 5_000_000  # the member inflates to 256 MB
    assert caught.value.code == "zip_bomb"
    assert str(caught.value) == (
        "the DOCX was refused as a possible zip bomb: it would inflate to 256 MB"
    )


def test_a_zip_bomb_under_the_size_limit_is_caught_by_its_ratio(corpus: dict[str, Path]) -> None:
    limits = ExtractionLimits(max_docx_uncompressed_bytes=1024**3)
    with pytest.raises(ZipBombError, match=r"word/media/image1.png is compressed 1,0\d\d:1"):
        extract_text(corpus["docx_bomb.docx"], limits=limits)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("docx_corrupt.docx", "the DOCX is damaged and cannot be read"),
        (
            "docx_truncated.docx",
            "the DOCX is damaged and cannot be read (the ZIP container is broken)",
        ),
    ],
)
def test_a_damaged_docx_names_its_kind(corpus: dict[str, Path], name: str, message: str) -> None:
    with pytest.raises(CorruptFileError) as caught:
        extract_text(corpus[name])
    assert caught.value.code == "corrupt_file"
    assert str(caught.value) == message


def test_a_docx_holding_only_a_picture_is_a_scan(corpus: dict[str, Path]) -> None:
    with pytest.raises(ScannedDocumentError, match=r"^no text layer: scanned document"):
        extract_text(corpus["docx_scan.docx"])


def test_a_password_protected_docx_says_so(corpus: dict[str, Path]) -> None:
    with pytest.raises(UnsupportedFileError) as caught:
        extract_text(corpus["docx_encrypted.docx"])
    assert str(caught.value) == (
        "unsupported file type password-protected DOCX: "
        "remove the password in Word and import it again"
    )
