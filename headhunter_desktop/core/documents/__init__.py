"""CV text extraction: PDF, DOCX and TXT in, clean text or a specific error out.

In the app, files are read in worker processes (`extraction_pool.py`), so the app's own
process never loads pypdf or python-docx: importing this package stays light, and
`extract_text` (for in-process use: tests, benchmarks, tools) loads them at its first call.
"""

from __future__ import annotations

from pathlib import Path

from .errors import (
    CorruptFileError,
    EmptyFileError,
    ExtractionCrashedError,
    ExtractionError,
    ExtractionLimitError,
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
)
from .extracted import ExtractedDocument, FileKind
from .limits import DEFAULT_LIMITS, ExtractionLimits

__all__ = [
    "DEFAULT_LIMITS",
    "CorruptFileError",
    "EmptyFileError",
    "ExtractedDocument",
    "ExtractionCrashedError",
    "ExtractionError",
    "ExtractionLimitError",
    "ExtractionLimits",
    "FileKind",
    "FileTooLargeError",
    "InflatedSizeLimitError",
    "MemoryLimitError",
    "NoTextError",
    "OcrUnavailableError",
    "PasswordRequiredError",
    "ScannedDocumentError",
    "ScannedPagesError",
    "TimeLimitError",
    "UnreadableFileError",
    "UnsupportedFileError",
    "WrongPasswordError",
    "ZipBombError",
    "extract_text",
]


def extract_text(
    path: Path,
    *,
    password: str | None = None,
    limits: ExtractionLimits = DEFAULT_LIMITS,
) -> ExtractedDocument:
    """Read a PDF, DOCX or TXT CV into clean text, in this process (blocking)."""
    from .extract import extract_text as extract  # here, not at the top: see above

    return extract(path, password=password, limits=limits)
