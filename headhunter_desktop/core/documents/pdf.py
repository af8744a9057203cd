"""PDF CVs: pypdf for the file (passwords, per-page failures, scans, link annotations, page
limits, the inflation budget), PDFium for the text of each page (pdf_text.py)."""

from __future__ import annotations

import io
import logging
from typing import Any

from pypdf import PageObject, PasswordType, PdfReader
from pypdf.errors import DependencyError, LimitReachedError, PdfReadError

from .errors import (
    CorruptFileError,
    ExtractionLimitError,
    NoTextError,
    PasswordRequiredError,
    WrongPasswordError,
    ZipBombError,
)
from .extracted import RawText
from .inflation import inflation_budget
from .limits import ExtractionLimits
from .links import clean_link
from .pdf_glyphs import page_fonts
from .pdf_streams import inflate_page_images, inflate_page_streams
from .pdf_text import PdfiumError, open_pdfium, page_text
from .scanned.scan_reader import read_scanned_pdf

log = logging.getLogger(__name__)


def read_pdf(data: bytes, password: str | None, limits: ExtractionLimits) -> RawText:
    """Text of the first `limits.max_pages` pages, with the URLs of their link annotations."""
    with inflation_budget(limits.max_inflated_bytes):
        reader, password = _open(data, password)
        try:
            total = len(reader.pages)
        except LimitReachedError as exc:
            raise ZipBombError("PDF", "its structure exceeds safety limits") from exc
        except Exception as exc:  # pypdf raises many kinds on a broken page tree
            raise CorruptFileError("PDF", "its page list is broken") from exc
        if total == 0:
            raise NoTextError("the PDF has no pages")
        try:
            with open_pdfium(data, password) as document:
                return _read(reader, document, total, limits)
        except PdfiumError as exc:  # pypdf opened it, PDFium cannot: damaged beyond repair
            raise CorruptFileError("PDF") from exc


def _read(reader: PdfReader, document: object, total: int, limits: ExtractionLimits) -> RawText:
    result = RawText("", pages=total)
    texts: list[str] = []
    image_only: list[int] = []
    failed: list[int] = []
    chars = 0
    for number in range(1, min(total, limits.max_pages) + 1):
        try:
            page = reader.pages[number - 1]
            text = _page_text(page, document, number - 1)
        except LimitReachedError as exc:
            raise ZipBombError("PDF", "a page inflates to an unsafe size") from exc
        except DependencyError as exc:
            raise CorruptFileError("PDF", f"it needs a missing library: {exc}") from exc
        except (ExtractionLimitError, MemoryError):
            raise  # the file's budget, not one damaged page
        except Exception as exc:
            # One damaged page must not cost the rest of the CV; pypdf has no common
            # base class for what a broken content stream raises.
            log.info("PDF page %d unreadable: %r", number, exc)
            failed.append(number)
            continue
        result.links.extend(_page_links(page, limits.max_links))
        if not text.strip() and _has_images(page):
            inflate_page_images(page)  # a scan is rendered by PDFium: its images count too
            image_only.append(number)
        texts.append(text)
        chars += len(text)
        if chars > limits.max_chars:
            break  # the caller cuts the text and says so
    if failed and not texts:
        raise CorruptFileError("PDF", "no page could be read")
    if total > limits.max_pages:
        result.warnings.append(f"only the first {limits.max_pages} of {total} pages were read")
    if failed:
        result.warnings.append(f"{_pages(failed)} could not be read")
    result.text = "\n\n".join(texts)
    if image_only and not result.text.strip():
        return read_scanned_pdf(document, result, limits)  # OCR, or images for a model
    if image_only:
        verb = "has" if len(image_only) == 1 else "have"
        result.warnings.append(f"{_pages(image_only)} {verb} no text layer (scanned): not read")
    return result


def _page_text(page: PageObject, document: object, index: int) -> str:
    # The streams are inflated under the budget before PDFium reads them (pdf_streams.py).
    inflate_page_streams(page)
    return page_text(document, index, page_fonts(page))


def _open(data: bytes, password: str | None) -> tuple[PdfReader, str | None]:
    """The reader, decrypted if need be, and the password that opened it (for PDFium)."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except LimitReachedError as exc:
        raise ZipBombError("PDF", "its structure exceeds safety limits") from exc
    except Exception as exc:  # PdfReadError, ValueError, KeyError...: all mean damage
        raise CorruptFileError("PDF") from exc
    if reader.is_encrypted:
        return reader, _decrypt(reader, password)
    return reader, None


def _decrypt(reader: PdfReader, password: str | None) -> str:
    # An empty user password is the common "may not edit or print" PDF: it opens silently.
    # A given password is tried first; "" after it in case the file did not need one.
    for candidate in ([password] if password else []) + [""]:
        try:
            if reader.decrypt(candidate) != PasswordType.NOT_DECRYPTED:
                return candidate
        except DependencyError as exc:
            raise CorruptFileError(
                "PDF", "its AES encryption needs the 'cryptography' package"
            ) from exc
        except (NotImplementedError, PdfReadError) as exc:
            raise CorruptFileError("PDF", "it uses an unsupported encryption") from exc
    if password:
        raise WrongPasswordError()
    raise PasswordRequiredError()


def _page_links(page: PageObject, limit: int) -> list[str]:
    links: list[str] = []
    try:
        annotations = page.get("/Annots")
        for ref in (annotations.get_object() if annotations else [])[: limit * 4]:
            annotation = ref.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            action = action.get_object() if action is not None else None
            if action is None or action.get("/S") != "/URI":
                continue
            uri = action.get("/URI")
            if isinstance(uri, bytes):
                uri = uri.decode("latin-1")
            link = clean_link(str(uri)) if uri is not None else None
            if link:
                links.append(link)
    except Exception as exc:  # a broken annotation loses its link, never the page
        log.info("PDF link annotations unreadable: %r", exc)
    return links[:limit]


def _has_images(page: PageObject) -> bool:
    try:
        if _resources_have_images(page.get("/Resources"), depth=0):
            return True
        content = page.get_contents()
        return content is not None and any(op == b"INLINE IMAGE" for _, op in content.operations)
    except Exception:  # undecidable: call it an empty page, not a scan
        return False


def _resources_have_images(resources: Any, depth: int) -> bool:
    if resources is None or depth > 3:
        return False
    xobjects = resources.get_object().get("/XObject")
    if xobjects is None:
        return False
    for ref in xobjects.get_object().values():
        xobject = ref.get_object()
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            return True
        if subtype == "/Form" and _resources_have_images(xobject.get("/Resources"), depth + 1):
            return True
    return False


def _pages(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    return "pages " + ", ".join(str(n) for n in numbers)
