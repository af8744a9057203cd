"""The text a PDF shows, as a reader's copy-and-paste would give it (pypdf)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from pypdf import PdfReader


def pdf_text(path: Path) -> str:
    """Every page's text, words joined by single spaces; ligatures (ﬁ) as plain letters."""
    reader = PdfReader(path)
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def pdf_title(path: Path) -> str | None:
    """The document title in the PDF's metadata."""
    metadata = PdfReader(path).metadata
    return None if metadata is None else metadata.title
