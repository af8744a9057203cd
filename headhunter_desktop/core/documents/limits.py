"""How much of a file the extraction is willing to read, inflate and return."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ExtractionLimits:
    """Bounds that keep one hostile or huge file from stalling or exhausting an import."""

    max_file_bytes: int = 20 * MB
    max_pages: int = 50
    max_chars: int = 200_000
    # A real DOCX inflates to a few MB: images are stored nearly uncompressed and XML
    # compresses about 10:1, so 100 MB or 100:1 on a large member means a bomb.
    max_docx_uncompressed_bytes: int = 100 * MB
    max_docx_compression_ratio: float = 100.0
    max_docx_members: int = 5_000
    max_links: int = 50


DEFAULT_LIMITS = ExtractionLimits()
