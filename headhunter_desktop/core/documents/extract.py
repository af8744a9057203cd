"""The one entry point: a CV file in, its text (or a specific ExtractionError) out."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .detect import detect_kind
from .docx_text import read_docx
from .errors import EmptyFileError, FileTooLargeError, NoTextError, UnreadableFileError
from .extracted import ExtractedDocument, RawText
from .limits import DEFAULT_LIMITS, ExtractionLimits
from .links import add_missing_links, unique
from .normalize import normalize_text, truncate
from .pdf import read_pdf
from .plain_text import read_txt
from .scanned.scan_reader import read_photo
from .text_quality import quality_warnings


def extract_text(
    path: Path,
    *,
    password: str | None = None,
    limits: ExtractionLimits = DEFAULT_LIMITS,
) -> ExtractedDocument:
    """Read a PDF, DOCX or TXT CV into clean text (blocking: run it in an executor)."""
    data = _read_bounded(Path(path), limits.max_file_bytes)
    kind, warnings = detect_kind(data, Path(path).suffix)
    if kind == "pdf":
        raw = read_pdf(data, password, limits)
    elif kind == "docx":
        raw = read_docx(data, limits)
    elif kind == "image":
        raw = read_photo(data, Path(path).suffix, limits)
    else:
        raw = read_txt(data)
    text, links = _finish(raw, kind, limits)
    return ExtractedDocument(
        text=text,
        kind=kind,
        pages=raw.pages,
        links=links,
        warnings=warnings + raw.warnings,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _read_bounded(path: Path, max_bytes: int) -> bytes:
    # The size is checked before reading, and the read is capped too, in case the file
    # grows in between (a download still running).
    try:
        if path.is_dir():
            raise UnreadableFileError("it is a folder")
        size = path.stat().st_size
        if size > max_bytes:
            raise FileTooLargeError(size, max_bytes)
        with path.open("rb") as file:
            # read(n) allocates n bytes up front: ask for the size seen, plus one byte to
            # notice growth, and only then for the rest up to the limit.
            data = file.read(size + 1)
            if len(data) > size:
                data += file.read(max_bytes + 1 - len(data))
    except FileNotFoundError as exc:
        raise UnreadableFileError("it no longer exists") from exc
    except PermissionError as exc:
        raise UnreadableFileError("permission denied") from exc
    except OSError as exc:
        raise UnreadableFileError(exc.strerror or str(exc)) from exc
    if len(data) > max_bytes:
        raise FileTooLargeError(len(data), max_bytes)
    if not data:
        raise EmptyFileError()
    return data


def _finish(raw: RawText, kind: str, limits: ExtractionLimits) -> tuple[str, list[str]]:
    # PDF text is what the page draws; TXT and DOCX text is what was typed (soft hyphens
    # in it are invisible hints).
    text = normalize_text(
        raw.text, rejoin_hyphens=kind == "pdf", optional_soft_hyphens=kind != "pdf"
    )
    if not text:
        raise NoTextError(f"the {'text file' if kind == 'txt' else kind.upper()} contains no text")
    text, cut = truncate(text, limits.max_chars)
    if cut:
        raw.warnings.append(f"the text was cut to the first {limits.max_chars:,} characters")
    raw.warnings.extend(quality_warnings(text))
    links = unique(raw.links, limits.max_links)
    return add_missing_links(text, links), links
