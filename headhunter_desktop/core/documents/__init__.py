"""CV text extraction: PDF, DOCX and TXT in, clean text or a specific error out."""

from .errors import (
    CorruptFileError,
    EmptyFileError,
    ExtractionError,
    FileTooLargeError,
    NoTextError,
    PasswordRequiredError,
    ScannedDocumentError,
    UnreadableFileError,
    UnsupportedFileError,
    WrongPasswordError,
    ZipBombError,
)
from .extract import extract_text
from .extracted import ExtractedDocument, FileKind
from .limits import DEFAULT_LIMITS, ExtractionLimits

__all__ = [
    "DEFAULT_LIMITS",
    "CorruptFileError",
    "EmptyFileError",
    "ExtractedDocument",
    "ExtractionError",
    "ExtractionLimits",
    "FileKind",
    "FileTooLargeError",
    "NoTextError",
    "PasswordRequiredError",
    "ScannedDocumentError",
    "UnreadableFileError",
    "UnsupportedFileError",
    "WrongPasswordError",
    "ZipBombError",
    "extract_text",
]
