"""Plain-text CVs: find the encoding (BOMs, UTF-8, UTF-16 without BOM, Windows-1252)."""

from __future__ import annotations

import codecs

from .errors import CorruptFileError
from .extracted import RawText

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def read_txt(data: bytes) -> RawText:
    """Decode a text file; undecodable bytes become U+FFFD rather than failing the file."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return RawText(data[len(bom) :].decode(encoding, errors="replace"))
    utf16 = _utf16_without_bom(data)
    if utf16:
        return RawText(data.decode(utf16, errors="replace"))
    if b"\x00" in data[:65536]:
        raise CorruptFileError("text file", "it contains binary data, not text")
    try:
        return RawText(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte.
        text = data.decode("latin-1")
    return RawText(text, warnings=["the text is not UTF-8: read it as Windows-1252"])


def _utf16_without_bom(data: bytes) -> str | None:
    # Latin-script UTF-16 has a zero in (nearly) every other byte; plain text has none.
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    zeros_odd = sample[1 : pairs * 2 : 2].count(0)
    zeros_even = sample[0 : pairs * 2 : 2].count(0)
    if zeros_odd > 0.7 * pairs and zeros_even == 0:
        encoding = "utf-16-le"
    elif zeros_even > 0.7 * pairs and zeros_odd == 0:
        encoding = "utf-16-be"
    else:
        return None
    text = sample[: pairs * 2].decode(encoding, errors="replace")
    readable = sum(ch.isprintable() or ch.isspace() for ch in text)
    return encoding if readable > 0.95 * len(text) else None
