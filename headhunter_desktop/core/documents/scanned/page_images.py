"""Scanned pages as gray-scale images: PDF pages rendered by PDFium, photos by Pillow."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..errors import CorruptFileError, UnsupportedFileError

if TYPE_CHECKING:
    from PIL.Image import Image
    from pypdfium2 import PdfPage

OCR_DPI = 150  # the recognizer reads 8 pt print well from here; more only costs time
MODEL_DPI = 110  # vision models scale a page to about 768 x 1024 pixels anyway
# A page image's long side, whatever the page's size: a poster-sized page or a 48 MP photo
# is scaled down, so one image never holds more than ~2000 x 2800 pixels.
MAX_SIDE = 2000
# A 600 dpi A4 scan has 35 Mpx and a phone photo 12-48; past this a file is refused
# before it is decoded (an image that claims 60,000 x 60,000 pixels is a bomb).
MAX_PIXELS = 64_000_000


def render_pdf_pages(document: object, count: int, dpi: int) -> list[Image]:
    """The first `count` pages of a PDFium document at `dpi` (less for a page too large
    for MAX_SIDE); the caller holds PDFium's lock (`pdf_text.open_pdfium`)."""
    import pypdfium2 as pdfium

    assert isinstance(document, pdfium.PdfDocument)
    try:
        return [_render(document[i], dpi) for i in range(min(count, len(document)))]
    except pdfium.PdfiumError as exc:
        raise CorruptFileError("PDF", "its pages cannot be rendered") from exc


def _render(page: PdfPage, dpi: int) -> Image:
    width, height = page.get_size()  # in points
    scale = min(dpi / 72, MAX_SIDE / max(width, height, 1))
    try:
        return page.render(scale=scale, grayscale=True).to_pil()
    finally:
        page.close()


def open_photo(data: bytes, kind_label: str) -> Image:
    """A PNG or JPEG as an upright gray-scale image, its long side at most MAX_SIDE."""
    from PIL import Image as Pillow
    from PIL import ImageOps, UnidentifiedImageError

    try:
        file = Pillow.open(io.BytesIO(data))
        if file.width * file.height > MAX_PIXELS:
            raise UnsupportedFileError(
                f"{kind_label} of {file.width:,} x {file.height:,} pixels",
                "scan it at 300 dpi or less",
            )
        file.draft("L", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a reduced size, much faster
        image = ImageOps.exif_transpose(file).convert("L")
    except (UnidentifiedImageError, OSError, ValueError, Pillow.DecompressionBombError) as exc:
        raise CorruptFileError(kind_label) from exc
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    return image


def png_bytes(image: Image) -> bytes:
    """The image as a PNG file (gray-scale, so a page is ~100-300 KB)."""
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
