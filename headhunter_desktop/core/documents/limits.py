"""How much of a file the extraction is willing to read, inflate and return."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MB = 1024 * 1024
# What the extraction does with a file that is a scan (pages without a text layer, or a
# photo): read it here with the bundled OCR engine, render its pages as images for a
# vision model to read (`ScannedPagesError` carries them), or refuse it (`ScannedDocumentError`).
ScanReading = Literal["ocr", "render", "refuse"]


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
    # Budgets of one file, enforced while it is read. A generated 20-page CV inflates to
    # 41 KB and reads in 0.2 s of CPU (`bench_extraction.py --budgets`); a real one with
    # embedded fonts to a few MB. The PDF's streams are counted together: pypdf's own
    # limits are per stream, and a 3.4 MB file of fifty streams, each under them, inflated
    # to 3.5 GB and took 271 s. Inflating 128 MB takes ~1 s and ~300 MB at the peak.
    max_inflated_bytes: int = 128 * MB
    # Enforced by the extraction processes (extraction_pool.py): the process reading the
    # file is killed past the time, and cannot allocate more than this on top of what it
    # holds at rest (Linux; macOS and Windows have no such cap).
    max_seconds: float = 60.0
    max_memory_bytes: int = 1024 * MB
    # Off unless asked for: the app passes the user's choice (Settings, "Scanned CVs").
    scans: ScanReading = "refuse"
    # OCR takes 1-3 s of CPU per page (`bench_scanned_cvs.py`): a CV longer than this is
    # read in part, with a warning, so a long scan stays inside `max_seconds`.
    max_scanned_pages: int = 6


DEFAULT_LIMITS = ExtractionLimits()
