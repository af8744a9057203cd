"""PDF extraction on generated files: layouts, links, ligatures, passwords, scans, limits."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pypdf
import pytest

from headhunter_desktop.core.documents import (
    CorruptFileError,
    ExtractionLimits,
    FileTooLargeError,
    NoTextError,
    PasswordRequiredError,
    ScannedDocumentError,
    UnsupportedFileError,
    WrongPasswordError,
    extract_text,
    pdf,
)
from tests.data import make_cv_corpus as cvs
from tests.data.pdf_builder import Pdf


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def lines_of(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def assert_contiguous(lines: list[str], block: list[str]) -> None:
    start = lines.index(block[0])
    assert lines[start : start + len(block)] == block


def test_single_column_text_is_unchanged_line_for_line(tmp_path: Path) -> None:
    cv = cvs.generate_cvs(4, cvs.SEED, first_serial=9001)[0]
    data, expected = cvs.single_column_pdf(cv)
    path = tmp_path / "single.pdf"
    path.write_bytes(data)
    document = extract_text(path)
    assert document.kind == "pdf"
    assert document.pages == 1
    # Right-aligned dates stay on their job's line: no false column split.
    assert lines_of(document.text) == [nfkc(line) for line in expected]


@pytest.mark.parametrize("name", ["two_column.pdf", "two_column_single_bt.pdf"])
def test_two_columns_are_read_one_after_the_other(corpus: dict[str, Path], name: str) -> None:
    cv = cvs.generate_cvs(4, cvs.SEED, first_serial=9001)[1]
    _, left, right = cvs.two_column_pdf(cv)
    left, right = [nfkc(t) for t in left], [nfkc(t) for t in right]  # "m²" becomes "m2"
    naive = pypdf.PdfReader(corpus[name]).pages[0].extract_text()
    mixed = [
        line
        for line in naive.splitlines()
        if any(line.startswith(item + " ") for item in left[2:])
        and any(line.endswith(" " + item) for item in right)
    ]
    assert len(mixed) >= 5  # the file does fool plain pypdf: sidebar and job history on one line

    lines = lines_of(extract_text(corpus[name]).text)
    assert_contiguous(lines, right)  # the job history in order, nothing in between
    assert_contiguous(lines, left[2:])  # the sidebar, the same
    assert lines[:2] == left[:2]  # name and title span both columns, so they come first


def test_a_label_column_keeps_each_date_next_to_its_job(corpus: dict[str, Path]) -> None:
    _, pairs = cvs.label_column_pdf()
    lines = lines_of(extract_text(corpus["label_column.pdf"]).text)
    for dates, title in pairs:
        assert lines.index(title) == lines.index(dates) + 1


@pytest.mark.parametrize(
    ("name", "rows"), [("europass.pdf", cvs.EUROPASS_ROWS), ("skills_table.pdf", cvs.SKILL_TABLE)]
)
def test_tables_and_label_columns_stay_row_by_row(
    corpus: dict[str, Path], name: str, rows: list[tuple[str, str]]
) -> None:
    lines = lines_of(extract_text(corpus[name]).text)
    expected = [f"{label} {value}" for label, value in rows]
    assert [line for line in lines if line in expected] == expected


def test_link_annotations_become_links_and_text(corpus: dict[str, Path]) -> None:
    document = extract_text(corpus["links.pdf"])
    assert document.links == list(cvs.LINKS_PDF.values())  # not the javascript: one
    linkedin = cvs.LINKS_PDF["LinkedIn"]
    # Only the LinkedIn URL is not visible in the text, so only it is appended.
    assert document.text.endswith(f"Links:\n{linkedin}")
    assert document.text.count("github.com/mkowalczyk") == 1
    assert "javascript" not in document.text


def test_ligatures_spacing_and_hyphenation_are_normalised(corpus: dict[str, Path]) -> None:
    text = extract_text(corpus["ligatures.pdf"]).text
    raw = pypdf.PdfReader(corpus["ligatures.pdf"]).pages[0].extract_text()
    assert "ﬁnance" in raw  # the PDF really has ligature glyphs
    assert "Head of finance, Northwind Cloud" in text
    assert "Streamlined the office workflow for 40 staff" in text
    assert "Reduced baffling effort in filing" in text
    assert not any(0xFB00 <= ord(ch) <= 0xFB06 for ch in text)
    assert "Led the development\nof the billing platform and the calculation\nengine." in text
    assert "Skills: SAP, IFRS and budgeting" in text
    assert "Project Manager" in text


def test_empty_user_password_opens_silently(corpus: dict[str, Path]) -> None:
    document = extract_text(corpus["encrypted_empty_password.pdf"])
    assert document.text == extract_text(corpus["plain.pdf"]).text


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_a_password_is_required_then_checked(
    corpus: dict[str, Path], tmp_path: Path, algorithm: str
) -> None:
    path = corpus["encrypted_password.pdf"]
    if algorithm != "RC4-128":
        pytest.importorskip("cryptography", reason="pypdf needs it for AES")
        path = tmp_path / "aes.pdf"
        plain = corpus["plain.pdf"].read_bytes()
        path.write_bytes(cvs.encrypted_pdf(plain, cvs.PDF_PASSWORD, algorithm))
    with pytest.raises(PasswordRequiredError) as required:
        extract_text(path)
    assert required.value.code == "password_required"
    assert str(required.value) == "the PDF is password-protected: enter its password"
    with pytest.raises(WrongPasswordError) as wrong:
        extract_text(path, password="guess")
    assert wrong.value.code == "wrong_password"
    assert isinstance(wrong.value, PasswordRequiredError)  # the UI asks again
    document = extract_text(path, password=cvs.PDF_PASSWORD)
    assert document.text == extract_text(corpus["plain.pdf"]).text


def test_a_scan_is_not_an_empty_profile(corpus: dict[str, Path]) -> None:
    with pytest.raises(ScannedDocumentError) as caught:
        extract_text(corpus["scanned.pdf"])
    assert str(caught.value).startswith("no text layer: scanned document")
    assert caught.value.code == "scanned_document"


def test_scanned_pages_among_text_pages_are_a_warning(tmp_path: Path) -> None:
    pdf = Pdf()
    pdf.new_page().text(50, 790, "Page one has text: Kubernetes, SQL")
    pdf.new_page().image("Im0", 2, 2, bytes(4), (0, 0, 595, 842))
    path = tmp_path / "mixed.pdf"
    path.write_bytes(pdf.to_bytes())
    document = extract_text(path)
    assert document.text == "Page one has text: Kubernetes, SQL"
    assert document.warnings == ["page 2 has no text layer (scanned): not read"]


@pytest.mark.parametrize(
    ("name", "error", "code", "message"),
    [
        ("blank_page.pdf", NoTextError, "no_text", "the PDF contains no text"),
        ("zero_pages.pdf", NoTextError, "no_text", "the PDF has no pages"),
        ("garbage.pdf", CorruptFileError, "corrupt_file", "the PDF is damaged and cannot be read"),
        (
            "truncated.pdf",
            CorruptFileError,
            "corrupt_file",
            "the PDF is damaged and cannot be read",
        ),
        (
            "program.pdf",
            UnsupportedFileError,
            "unsupported_type",
            "unsupported file type .exe (a Windows program, named .pdf): use PDF, DOCX or TXT",
        ),
    ],
)
def test_broken_pdfs_raise_a_specific_error(
    corpus: dict[str, Path], name: str, error: type, code: str, message: str
) -> None:
    with pytest.raises(error) as caught:
        extract_text(corpus[name])
    assert caught.value.code == code
    assert str(caught.value) == message


def test_a_long_pdf_stops_at_the_page_limit(
    corpus: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[int] = []

    def page_text(document: object, index: int, fonts: object) -> str:
        read.append(index)
        return original(document, index, fonts)

    original = pdf.page_text
    monkeypatch.setattr(pdf, "page_text", page_text)
    document = extract_text(corpus["many_pages.pdf"], limits=ExtractionLimits(max_pages=20))
    assert read == list(range(20))  # the other 1,980 pages are never read
    assert document.pages == 2000
    assert document.text.count("Appendix: publication list") == 20
    assert document.warnings == ["only the first 20 of 2000 pages were read"]


def test_a_file_over_the_limit_is_refused_unread(corpus: dict[str, Path], opens_of) -> None:
    path = corpus["huge.pdf"]
    opens = opens_of(path)
    with pytest.raises(FileTooLargeError) as caught:
        extract_text(path)
    assert opens == []
    assert caught.value.code == "file_too_large"
    assert str(caught.value) == "the file is too large: 25 MB, the limit is 20 MB"


def test_the_size_limit_is_configurable(corpus: dict[str, Path], opens_of) -> None:
    path = corpus["plain.pdf"]
    opens = opens_of(path)
    with pytest.raises(FileTooLargeError, match=r"the limit is 1 KB$"):
        extract_text(path, limits=ExtractionLimits(max_file_bytes=1024))
    assert opens == []
    extract_text(path)
    assert len(opens) == 1  # read once, then parsed from memory
