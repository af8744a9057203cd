"""The streams a page's text is read from, inflated by pypdf under the file's budget first.

PDFium is C code: it inflates streams without asking anyone, and past the worker process's
memory cap it would abort instead of raising. So before PDFium reads a page, pypdf decodes
every stream PDFium will inflate for its text (the content streams, the forms they draw,
the fonts' programs and Unicode maps, Type 3 glyph procedures) inside the inflation budget
(inflation.py): a decompression bomb is refused with its specific error before PDFium
touches it. pypdf keeps each decoded stream, so a font shared by many pages counts once.
"""

from __future__ import annotations

import logging
from typing import Any

from pypdf import PageObject
from pypdf.errors import LimitReachedError

from .errors import ExtractionLimitError

log = logging.getLogger(__name__)

_MAX_DEPTH = 4  # forms inside forms; deeper nesting is not read
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def inflate_page_streams(page: PageObject) -> None:
    """Decode, under the active inflation budget, every stream PDFium reads for the text."""
    seen: set[int] = set()
    _inflate(page.get("/Contents"), seen)
    _inflate_resources(page.get("/Resources"), seen, 0)


def inflate_page_images(page: PageObject) -> None:
    """Decode the page's images under the budget: PDFium inflates them to render a scan.

    A filter pypdf cannot decode (JBIG2 without its tool) is left to PDFium: only the
    budget's refusal matters here.
    """
    for image in _images(page.get("/Resources"), 0):
        try:
            _inflate(image, set())
        except (ExtractionLimitError, LimitReachedError, MemoryError):
            raise
        except Exception as exc:
            log.info("PDF image not decoded before rendering: %r", exc)


def _images(resources: Any, depth: int) -> list[Any]:
    if resources is None or depth > _MAX_DEPTH:
        return []
    found = []
    for xobject in _values(resources.get_object().get("/XObject")):
        if xobject.get("/Subtype") == "/Image":
            found.append(xobject)
        elif xobject.get("/Subtype") == "/Form":
            found += _images(xobject.get("/Resources"), depth + 1)
    return found


def _inflate(obj: Any, seen: set[int]) -> None:
    if obj is None:
        return
    target = obj.get_object()
    if isinstance(target, list):
        for item in target:
            _inflate(item, seen)
        return
    if id(target) in seen or not hasattr(target, "get_data"):
        return
    seen.add(id(target))
    target.get_data()


def _inflate_resources(resources: Any, seen: set[int], depth: int) -> None:
    if resources is None or depth > _MAX_DEPTH:
        return
    resources = resources.get_object()
    for font in _values(resources.get("/Font")):
        _inflate_font(font, seen, depth)
    for xobject in _values(resources.get("/XObject")):
        if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
            _inflate(xobject, seen)
            _inflate_resources(xobject.get("/Resources"), seen, depth + 1)


def _inflate_font(font: Any, seen: set[int], depth: int) -> None:
    _inflate(font.get("/ToUnicode"), seen)
    for descendant in font.get("/DescendantFonts") or []:
        _inflate_font(descendant.get_object(), seen, depth)
    descriptor = font.get("/FontDescriptor")
    if descriptor is not None:
        descriptor = descriptor.get_object()
        for key in _FONT_FILES:
            _inflate(descriptor.get(key), seen)
    for procedure in _values(font.get("/CharProcs")):
        _inflate(procedure, seen)
    _inflate_resources(font.get("/Resources"), seen, depth + 1)


def _values(dictionary: Any) -> list:
    if dictionary is None:
        return []
    return [value.get_object() for value in dictionary.get_object().values()]
