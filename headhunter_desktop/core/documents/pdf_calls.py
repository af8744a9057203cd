"""The PDFium calls made for every character of a page, declared to be cheap to call.

pypdfium2's bindings take and return typed pointers; converting them costs more than the
call itself (a cast of the returned text object alone takes twice as long as the call).
These prototypes of the same C functions take and return plain addresses instead.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pdfium_c

_ADDRESS = ctypes.c_void_p
_INT = ctypes.c_int


def _prototype(function: Any, restype: Any, *argtypes: Any) -> Any:
    return ctypes.CFUNCTYPE(restype, *argtypes)(address(function))


def address(pointer: Any) -> int:
    """The address a pypdfium2 pointer holds (0 for NULL)."""
    return ctypes.cast(pointer, ctypes.c_void_p).value or 0


def page_object(object_address: int) -> Any:
    """A text object's address as the pointer pypdfium2's bindings take."""
    return ctypes.cast(object_address, pdfium_c.FPDF_PAGEOBJECT)


# (textpage, index) -> address of the character's text object; None if PDFium made it up
text_object = _prototype(pdfium_c.FPDFText_GetTextObject, _ADDRESS, _ADDRESS, _INT)
# (textpage, index) -> 1 when the font does not map the character to Unicode
has_map_error = _prototype(pdfium_c.FPDFText_HasUnicodeMapError, _INT, _ADDRESS, _INT)
# (textpage, index, FS_RECTF address) -> 1 when the box was written
loose_box = _prototype(pdfium_c.FPDFText_GetLooseCharBox, _INT, _ADDRESS, _INT, _ADDRESS)
# (textpage, index, x address, y address) -> 1 when the origin was written
char_origin = _prototype(pdfium_c.FPDFText_GetCharOrigin, _INT, _ADDRESS, _INT, _ADDRESS, _ADDRESS)
