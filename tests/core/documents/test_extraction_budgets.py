"""A file's budget of inflated bytes, shared by all its streams; errors that cross processes."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from headhunter_desktop.core.documents import (
    CorruptFileError,
    EmptyFileError,
    ExtractionCrashedError,
    ExtractionError,
    ExtractionLimitError,
    ExtractionLimits,
    FileTooLargeError,
    InflatedSizeLimitError,
    MemoryLimitError,
    NoTextError,
    OcrUnavailableError,
    PasswordRequiredError,
    ScannedDocumentError,
    ScannedPagesError,
    TimeLimitError,
    UnreadableFileError,
    UnsupportedFileError,
    WrongPasswordError,
    ZipBombError,
    extract_text,
)
from tests.helpers.pdf_bombs import GB, MB, bomb_pdf


def test_the_streams_of_a_pdf_share_one_inflation_budget(tmp_path: Path) -> None:
    # Each stream is far under pypdf's own limit (75 MB per stream); together they are over
    # the file's budget. The file: fifty such streams, 3.5 GB, 271 s.
    path = tmp_path / "many_streams.pdf"
    path.write_bytes(bomb_pdf(4, 2 * MB))
    with pytest.raises(InflatedSizeLimitError) as refused:
        extract_text(path, limits=ExtractionLimits(max_inflated_bytes=5 * MB))
    assert refused.value.code == "inflated_size_limit"
    assert "more than 5 MB" in str(refused.value) and "print it to a new PDF" in str(refused.value)
    # With room for all four, the same file is read (its pages hold no text): the budget
    # refused it, not a damage in the file.
    with pytest.raises(NoTextError):
        extract_text(path, limits=ExtractionLimits(max_inflated_bytes=9 * MB))


def test_a_stream_inflating_to_gigabytes_stops_at_the_default_budget(tmp_path: Path) -> None:
    path = tmp_path / "nested.pdf"
    path.write_bytes(bomb_pdf(1, 4 * GB, nested=True))
    assert path.stat().st_size < 64 * 1024
    with pytest.raises(InflatedSizeLimitError, match="more than 128 MB"):
        extract_text(path)


ERRORS = [
    UnreadableFileError("permission denied"),
    UnsupportedFileError(".xlsx"),
    EmptyFileError(),
    FileTooLargeError(30 * MB, 20 * MB),
    CorruptFileError("PDF", "its page list is broken"),
    PasswordRequiredError(),
    WrongPasswordError(),
    ScannedDocumentError(),
    ScannedPagesError("pdf", [b"\x89PNG page 1"], 3, ["only the first 1 of 3 pages were read"]),
    OcrUnavailableError("onnxruntime is missing"),
    ZipBombError("DOCX", "it holds 9,000 files"),
    NoTextError(),
    InflatedSizeLimitError(128 * MB),
    TimeLimitError(60),
    MemoryLimitError(GB),
    ExtractionCrashedError(-11),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda error: type(error).__name__)
def test_every_extraction_error_survives_pickling(error: ExtractionError) -> None:
    # Errors come back from the extraction processes pickled; most take their own
    # arguments, which the default pickling of exceptions cannot call them with.
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert (str(copy), copy.code, vars(copy)) == (str(error), error.code, vars(error))


def test_the_pickling_test_covers_every_error_class() -> None:
    def subclasses(cls: type) -> set[type]:
        direct = set(cls.__subclasses__())
        return direct.union(*(subclasses(sub) for sub in direct))

    groups = {ExtractionLimitError}  # raised only as one of its subclasses
    assert subclasses(ExtractionError) - groups == {type(error) for error in ERRORS}
