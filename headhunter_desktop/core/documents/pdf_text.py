"""A page's text as a person reads it: PDFium's characters, laid out in lines and columns.

PDFium (pypdfium2: Apache-2.0 / BSD) reads the characters and their boxes; pdf_lines.py
makes rows and word spaces from the boxes, pdf_columns.py the reading order. PDFium is not
thread-safe, so one lock serialises its use within a process (the app reads files in
worker processes, one file at a time each; in-process callers may use threads).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium

from .pdf_chars import read_chars
from .pdf_columns import page_lines
from .pdf_glyphs import PageFonts
from .pdf_lines import page_rows

PdfiumError = pdfium.PdfiumError
_lock = threading.Lock()


@contextmanager
def open_pdfium(data: bytes, password: str | None) -> Iterator[pdfium.PdfDocument]:
    """The document opened by PDFium, for this thread alone until the block ends."""
    with _lock:
        document = pdfium.PdfDocument(data, password=password)
        try:
            yield document
        finally:
            document.close()


def page_text(document: pdfium.PdfDocument, index: int, fonts: PageFonts) -> str:
    """The text of page `index` (from 0) in reading order; "" between paragraphs."""
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            chars = read_chars(textpage.raw, fonts)
        finally:
            textpage.close()
    finally:
        page.close()
    lines = page_lines(page_rows(chars.glyphs))
    if chars.rotated:
        lines += ["", *chars.rotated]
    return "\n".join(lines)
