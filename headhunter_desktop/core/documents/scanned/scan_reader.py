"""A scan's text, as `ExtractionLimits.scans` says: OCR here, page images for a vision
model (`ScannedPagesError`), or a clear refusal."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from ..detect import unsupported_image
from ..errors import ScannedDocumentError, ScannedPagesError
from ..extracted import KIND_LABELS, RawText
from ..extraction_process import ask_for_time
from ..limits import ExtractionLimits
from .page_images import MODEL_DPI, OCR_DPI, open_photo, png_bytes, render_pdf_pages

if TYPE_CHECKING:
    from PIL.Image import Image

    from .ocr_engine import TextBox

OCR_WARNING = "read from a scan by OCR: check names and numbers"
TURNED_OFF = "reading scans is turned off in Settings"
# OCR takes 1-4 s of CPU per page (`bench_scanned_cvs.py`), several times that on a busy
# machine: the extraction process asks the app for this much more time per page.
OCR_SECONDS_PER_PAGE = 30.0
# No page is begun that would likely end past this share of the time (the slowest page so
# far, times the margin, from now): the pages read are kept, never lost to the time limit.
_OCR_TIME_SHARE = 0.9
_SLOWEST_MARGIN = 1.5
_UPRIGHT_CONFIDENCE = 0.8  # below: the page may be upside down (see `confidence`)


def read_scanned_pdf(document: object, raw: RawText, limits: ExtractionLimits) -> RawText:
    """The text of a PDF (open in PDFium) whose pages have images and no text layer;
    `raw`: what the text reader found (the page count, its warnings, the links)."""
    if limits.scans == "refuse":
        raise ScannedDocumentError(TURNED_OFF)
    total = raw.pages or 0
    count = min(total, limits.max_pages, limits.max_scanned_pages)
    dpi = OCR_DPI if limits.scans == "ocr" else MODEL_DPI
    images = render_pdf_pages(document, count, dpi)
    if count < total:
        raw.warnings.append(f"only the first {count} of {total} scanned pages were read")
    return _read("pdf", images, raw, limits)


def read_photo(data: bytes, suffix: str, limits: ExtractionLimits) -> RawText:
    """The text of a PNG or JPEG (named `*suffix`): a photo or scan of a printed CV."""
    if limits.scans == "refuse":
        raise unsupported_image(data, suffix)  # what a picture was before scans were read
    image = open_photo(data, KIND_LABELS["image"])
    return _read("image", [image], RawText("", pages=1), limits)


def _read(kind: str, images: list[Image], raw: RawText, limits: ExtractionLimits) -> RawText:
    if limits.scans == "render":
        pages = [png_bytes(image) for image in images]
        raise ScannedPagesError(kind, pages, raw.pages or len(images), raw.warnings)
    ask_for_time(len(images) * OCR_SECONDS_PER_PAGE)
    texts = _ocr(images, limits.max_seconds + len(images) * OCR_SECONDS_PER_PAGE, raw.warnings)
    if not any(text.strip() for text in texts):
        raise ScannedDocumentError("OCR found no text on it")
    raw.text = "\n\n".join(texts)
    raw.warnings.append(OCR_WARNING)
    return raw


def _ocr(images: list[Image], seconds: float, warnings: list[str]) -> list[str]:
    """Each page's text; pages that could not end in `seconds` are left out, with a warning."""
    from .ocr_engine import give_back_memory

    try:
        return _ocr_pages(images, seconds, warnings)
    finally:
        give_back_memory()  # the extraction process stays for the next files


def _ocr_pages(images: list[Image], seconds: float, warnings: list[str]) -> list[str]:
    from .ocr_lines import page_text  # here: loads numpy and the engine's modules

    started, slowest, texts = time.monotonic(), 0.0, list[str]()
    for image in images:
        elapsed = time.monotonic() - started
        if texts and elapsed + _SLOWEST_MARGIN * slowest > _OCR_TIME_SHARE * seconds:
            warnings.append(f"only the first {len(texts)} scanned pages were read (time limit)")
            break
        texts.append(page_text(_page_boxes(image)))
        slowest = max(slowest, time.monotonic() - started - elapsed)
    return texts


def _page_boxes(image: Image) -> list[TextBox]:
    from .ocr_engine import confidence, recognise

    boxes = recognise(image)
    if confidence(boxes) >= _UPRIGHT_CONFIDENCE:
        return boxes
    turned = recognise(image.rotate(180))  # a sheet fed upside down
    return turned if confidence(turned) > confidence(boxes) else boxes
