"""Scanned copies of CVs: pages rendered to pictures, degraded as a scanner or a phone does.

A text PDF's pages are rendered by PDFium, optionally turned a little (a sheet fed askew),
sprinkled with noise (sensor grain, dust) and saved as JPEG, then put into an image-only
PDF, the way a scanner's "scan to PDF" writes them: no text layer at all.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
from PIL import Image


@dataclass(frozen=True)
class Degradation:
    """How rough a scan is. The defaults are a clean office scanner at 150 dpi."""

    dpi: int = 150
    skew_degrees: float = 0.0  # turned clockwise by this much
    noise: float = 0.0  # standard deviation of gray-level grain (0-255)
    specks: float = 0.0  # share of pixels turned black or white (dust)
    jpeg_quality: int = 85


# An office scanner or a careful phone photo: a sheet fed a little askew, some grain.
OFFICE = Degradation(skew_degrees=1.5, noise=8.0, specks=0.0005, jpeg_quality=75)
# A worn copy: heavy grain, dust, strong JPEG compression.
ROUGH = Degradation(skew_degrees=1.2, noise=12.0, specks=0.002, jpeg_quality=60)


def scanned_pages(pdf: bytes, how: Degradation = Degradation(), seed: int = 0) -> list[Image.Image]:
    """The PDF's pages as degraded gray-scale pictures."""
    rng = random.Random(seed)
    document = pdfium.PdfDocument(pdf)
    try:
        pages = [
            document[i].render(scale=how.dpi / 72, grayscale=True).to_pil()
            for i in range(len(document))
        ]
    finally:
        document.close()
    return [degrade(page, how, rng.randrange(2**31)) for page in pages]


def degrade(page: Image.Image, how: Degradation, seed: int = 0) -> Image.Image:
    """One page picture, turned, grainy and specked as `how` says."""
    image = page.convert("L")
    if how.skew_degrees:
        image = image.rotate(
            -how.skew_degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255
        )
    pixels = np.asarray(image, dtype=np.float32)
    rng = np.random.default_rng(seed)
    if how.noise:
        pixels = pixels + rng.normal(0.0, how.noise, pixels.shape)
    if how.specks:
        dust = rng.random(pixels.shape)
        pixels[dust < how.specks / 2] = 0
        pixels[dust > 1 - how.specks / 2] = 255
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")


def image_only_pdf(pages: list[Image.Image], how: Degradation = Degradation()) -> bytes:
    """A PDF of one JPEG picture per page, sized as printed at `how.dpi`; no text layer."""
    out = io.BytesIO()
    first, *rest = pages
    first.save(
        out,
        format="PDF",
        save_all=True,
        append_images=rest,
        resolution=how.dpi,
        quality=how.jpeg_quality,
    )
    return out.getvalue()


def scanned_copy(pdf: bytes, how: Degradation = Degradation(), seed: int = 0) -> bytes:
    """An image-only PDF of the text PDF's pages, degraded as `how` says."""
    return image_only_pdf(scanned_pages(pdf, how, seed), how)


def jpeg_photo(page: Image.Image, quality: int = 80) -> bytes:
    """A page picture as a JPEG file, as a phone or a scanner's "scan to picture" saves it."""
    out = io.BytesIO()
    page.save(out, format="JPEG", quality=quality)
    return out.getvalue()


def header_picture(pdf: bytes, how: Degradation = Degradation(), seed: int = 0) -> Image.Image:
    """The top of the first page (name, title, contact lines), degraded: a scan small
    enough for a test to read by OCR in a second."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0].render(scale=how.dpi / 72, grayscale=True).to_pil()
    finally:
        document.close()
    top = page.crop((0, 0, page.width, int(page.height * 0.2)))
    return degrade(top, how, seed)
