"""What an extraction returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# "image": a PNG or JPEG, a photo or scan of a printed CV (read by OCR or a vision model).
FileKind = Literal["pdf", "docx", "txt", "image"]

KIND_LABELS: dict[str, str] = {
    "pdf": "PDF",
    "docx": "DOCX",
    "txt": "text file",
    "image": "picture",
}


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """The text of a CV file, ready for parsing, plus what was noticed on the way."""

    text: str
    kind: FileKind
    pages: int | None
    links: list[str]
    warnings: list[str]
    sha256: str


@dataclass(slots=True)
class RawText:
    """One format reader's output, before the shared clean-up and limits."""

    text: str
    pages: int | None = None
    links: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
