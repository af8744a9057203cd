"""TXT decoding, content sniffing, the shared limits and errors."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from headhunter_desktop.core.documents import (
    CorruptFileError,
    EmptyFileError,
    ExtractionError,
    ExtractionLimits,
    NoTextError,
    UnreadableFileError,
    UnsupportedFileError,
    extract_text,
)
from headhunter_desktop.core.errors import UserFacingError
from tests.data import make_cv_corpus as cvs


@pytest.mark.parametrize(
    ("name", "warnings"),
    [
        ("cv_utf8.txt", []),
        ("cv_utf8_bom.txt", []),
        ("cv_utf16.txt", []),
        ("cv_cp1252.txt", ["the text is not UTF-8: read it as Windows-1252"]),
    ],
)
def test_text_files_in_any_common_encoding(
    corpus: dict[str, Path], name: str, warnings: list[str]
) -> None:
    document = extract_text(corpus[name])
    assert document.kind == "txt"
    assert document.text == cvs.TXT_TEXT.strip()  # no BOM, no \r
    assert document.warnings == warnings
    assert document.sha256 == hashlib.sha256(corpus[name].read_bytes()).hexdigest()


def test_utf16_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "cv.txt"
    path.write_bytes(cvs.TXT_TEXT.encode("utf-16-le"))
    assert extract_text(path).text == cvs.TXT_TEXT.strip()


def test_text_starting_like_a_program_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "cv.txt"
    path.write_text("MZ Consulting — Senior Recruiter\n", encoding="utf-8")
    assert extract_text(path).text == "MZ Consulting — Senior Recruiter"


def test_binary_named_txt_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "cv.txt"
    path.write_bytes(b"\x01\x02\x00\xff" * 100)
    with pytest.raises(CorruptFileError, match="the text file is damaged"):
        extract_text(path)


def test_text_is_cut_at_the_character_limit(corpus: dict[str, Path]) -> None:
    document = extract_text(corpus["long.txt"])
    assert corpus["long.txt"].stat().st_size > 200_000
    assert 199_000 <= len(document.text) <= 200_000
    assert document.warnings == ["the text was cut to the first 200,000 characters"]
    short = extract_text(corpus["long.txt"], limits=ExtractionLimits(max_chars=5_000))
    assert len(short.text) <= 5_000
    assert document.text.startswith(short.text)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("spreadsheet.xlsx", "unsupported file type .xlsx: use PDF, DOCX or TXT"),
        ("photo.png", "unsupported file type .png: use PDF, DOCX or TXT"),
        ("legacy.doc", "unsupported file type .doc (Word 97-2003): save it as DOCX or PDF"),
    ],
)
def test_unsupported_types_say_what_to_use(
    corpus: dict[str, Path], name: str, message: str
) -> None:
    with pytest.raises(UnsupportedFileError) as caught:
        extract_text(corpus[name])
    assert str(caught.value) == message
    assert caught.value.code == "unsupported_type"


def test_an_unknown_extension_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "notes.odt"
    path.write_bytes(b"something")
    with pytest.raises(UnsupportedFileError, match=r"^unsupported file type \.odt: use PDF"):
        extract_text(path)


def test_an_empty_file(corpus: dict[str, Path]) -> None:
    with pytest.raises(EmptyFileError) as caught:
        extract_text(corpus["empty.pdf"])
    assert (caught.value.code, str(caught.value)) == ("empty_file", "the file is empty (0 bytes)")


def test_whitespace_only_text_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "cv.txt"
    path.write_text(" \n\t\u200b\n ", encoding="utf-8")
    with pytest.raises(NoTextError, match=r"^the text file contains no text$"):
        extract_text(path)


def test_a_missing_file_or_a_folder_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError) as gone:
        extract_text(tmp_path / "gone.pdf")
    assert str(gone.value) == "the file cannot be read: it no longer exists"
    with pytest.raises(UnreadableFileError) as folder:
        extract_text(tmp_path)
    assert str(folder.value) == "the file cannot be read: it is a folder"


def test_every_error_is_user_facing_with_a_distinct_code() -> None:
    import headhunter_desktop.core.documents as documents

    errors = [
        getattr(documents, name)
        for name in documents.__all__
        if isinstance(getattr(documents, name), type)
        and issubclass(getattr(documents, name), ExtractionError)
    ]
    # 13 (scans: pages for the model, no OCR engine), the budgets: limit, size, time, memory, crash
    assert len(errors) == 18
    assert all(issubclass(error, UserFacingError) for error in errors)
    assert len({error.code for error in errors}) == len(errors)
