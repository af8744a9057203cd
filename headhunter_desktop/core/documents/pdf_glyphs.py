"""Characters for glyphs a PDF font does not map to Unicode, and which fonts draw icons.

TeX fonts with old-style numerals, small capitals and ligatures name their glyphs in the
font's /Differences (`/four.lnum`, `/A.sc`, `/f_i`) without a ToUnicode map; PDFium decodes
most of these names but not all (ligatures), and reports the character code instead. The
Adobe Glyph List (fontTools' `agl`) turns a name into text: suffixes after a period are
variants of the same letter, underscores join the letters of a ligature.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from fontTools import agl
from pypdf import PageObject

log = logging.getLogger(__name__)

# Icon fonts draw pictograms (a phone, a map pin) whose codes are letters, punctuation or
# private-use code points: as text they are junk ("♂¶ap-¶arker"). Known by their names.
_ICON_FONT = re.compile(
    r"awesome|icons|glyphicon|octicon|ionicon|material.?symbols|icomoon|fontello|entypo"
    r"|typicons|devicon|\bfa-(solid|regular|brands)",
    re.IGNORECASE,
)
# What an icon font may still say aloud: LaTeX's fontawesome5 maps icons to labels such as
# "phone:" or "email:", which a reader of the page understands as the icon.
_ICON_LABEL = re.compile(r"[A-Za-z][A-Za-z ]*:")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
_MAX_FORM_DEPTH = 3
_SYMBOLIC = 4  # font descriptor flag: codes are the font's own, not a standard encoding
_STANDARD = frozenset(
    f"{family}{style}"
    for family, styles in (
        ("Helvetica", ("", "-Bold", "-Oblique", "-BoldOblique")),
        ("Times", ("-Roman", "-Bold", "-Italic", "-BoldItalic")),
        ("Courier", ("", "-Bold", "-Oblique", "-BoldOblique")),
    )
    for style in styles
)

GlyphNames = dict[str, dict[int, str]]  # font name (no subset tag) -> code -> glyph name


def is_icon_font(font_name: str) -> bool:
    """The font draws pictograms, not letters (FontAwesome and its kin)."""
    return bool(_ICON_FONT.search(font_name))


def icon_label(text: str) -> str:
    """What to keep of text drawn in an icon font: a label like "phone:", else nothing."""
    stripped = text.strip()
    return stripped if _ICON_LABEL.fullmatch(stripped) else ""


def base_font_name(name: str) -> str:
    """The font's name without its subset tag: "ABCDEF+Raleway-Regular" -> "Raleway-Regular"."""
    name = name.lstrip("/")
    tag, plus, rest = name.partition("+")
    return rest if plus and len(tag) == 6 and tag.isupper() else name


def glyph_text(name: str) -> str:
    """The text a glyph name stands for ("f_i" -> "fi", "four.lnum" -> "4"); "" if none."""
    text = agl.toUnicode(name)
    return "" if _PRIVATE_USE.search(text) else text


@dataclass(slots=True)
class PageFonts:
    """What the page's font dictionaries say: glyph names, and which fonts map to Unicode."""

    names: GlyphNames = field(default_factory=dict)
    unmapped: set[str] = field(default_factory=set)  # fonts PDFium may not decode

    def may_be_unmapped(self, font: str) -> bool:
        """The font has no ToUnicode map and its own codes: some glyphs may be unknown."""
        return font in self.unmapped or font not in self.names


def page_fonts(page: PageObject) -> PageFonts:
    """The fonts the page (and its forms) draws with, by name without subset tag."""
    fonts = PageFonts()
    try:
        _collect(page.get("/Resources"), fonts, 0)
    except Exception as exc:  # a broken font dictionary costs its glyph names, not the page
        log.info("PDF font encodings unreadable: %r", exc)
    return fonts


def _collect(resources: Any, fonts: PageFonts, depth: int) -> None:
    if resources is None or depth > _MAX_FORM_DEPTH:
        return
    resources = resources.get_object()
    for font in _values(resources.get("/Font")):
        _add_font(font, fonts)
    for xobject in _values(resources.get("/XObject")):
        if xobject.get("/Subtype") == "/Form":
            _collect(xobject.get("/Resources"), fonts, depth + 1)


def _add_font(font: Any, fonts: PageFonts) -> None:
    name = base_font_name(str(font.get("/BaseFont", "")))
    differences = _differences(font.get("/Encoding"))
    codes = fonts.names.setdefault(name, {})
    for code, glyph in differences.items():
        codes.setdefault(code, glyph)
    if differences or not (font.get("/ToUnicode") or _plain_encoding(font)):
        fonts.unmapped.add(name)


def _plain_encoding(font: Any) -> bool:
    """A simple font of letters (not symbols), coded by a standard encoding: PDFium knows it."""
    if font.get("/Subtype") not in ("/Type1", "/TrueType", "/MMType1"):
        return False
    descriptor = font.get("/FontDescriptor")
    flags = int(descriptor.get_object().get("/Flags", 0)) if descriptor is not None else 0
    return not flags & _SYMBOLIC or str(font.get("/BaseFont", "")).lstrip("/") in _STANDARD


def _values(dictionary: Any) -> list[Any]:
    if dictionary is None:
        return []
    return [value.get_object() for value in dictionary.get_object().values()]


def _differences(encoding: Any) -> dict[int, str]:
    if encoding is None:
        return {}
    encoding = encoding.get_object()
    if not hasattr(encoding, "get"):
        return {}  # a named encoding (/WinAnsiEncoding): PDFium knows it
    codes: dict[int, str] = {}
    code = 0
    for item in encoding.get("/Differences") or []:
        item = item.get_object() if hasattr(item, "get_object") else item
        if isinstance(item, int):
            code = item
        else:
            codes[code] = str(item).lstrip("/")
            code += 1
    return codes
