"""Fonts for the PDF defect cases, as TeX, XeLaTeX and icon packages write them.

None is embedded: the cases are about how a font maps codes to text, and a reader takes
advances from /Widths and line boxes from the font descriptor. Each maker is a
`pdf_builder.FontMaker`: it writes the font's objects and returns the font's number.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.data.pdf_builder import FontMaker

WIDTH = 500  # every glyph's advance, in thousandths of an em

Add = Callable[[str | bytes], int]
Stream = Callable[..., int]


def _descriptor(add: Add, base_font: str, *, symbolic: bool) -> int:
    flags = 4 if symbolic else 32
    return add(
        f"<< /Type /FontDescriptor /FontName /{base_font} /Flags {flags} "
        "/FontBBox [-100 -250 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -250 "
        "/CapHeight 700 /StemV 80 >>"
    )


def _unicode_map(entries: dict[int, str], code_bytes: int) -> bytes:
    digits = 2 * code_bytes
    lines = [
        f"<{code:0{digits}X}> <{text.encode('utf-16-be').hex().upper()}>"
        for code, text in sorted(entries.items())
    ]
    low, high = "0" * digits, "F" * digits
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Test-UCS def /CMapType 2 def\n"
        f"1 begincodespacerange <{low}> <{high}> endcodespacerange\n"
        f"{len(lines)} beginbfchar\n" + "\n".join(lines) + "\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode("ascii")


def named_glyphs(base_font: str, names: dict[int, str], *, symbolic: bool = False) -> FontMaker:
    """A Type 1 font whose /Differences name glyphs (`/four.lnum`), with no ToUnicode map.

    Codes not in `names` keep their WinAnsi meaning, as in TeX's fonts.
    """

    def make(add: Add, stream: Stream) -> int:
        differences = " ".join(f"{code} /{name}" for code, name in sorted(names.items()))
        descriptor = _descriptor(add, base_font, symbolic=symbolic)
        widths = " ".join([str(WIDTH)] * 256)
        return add(
            f"<< /Type /Font /Subtype /Type1 /BaseFont /{base_font} /FirstChar 0 "
            f"/LastChar 255 /Widths [{widths}] /FontDescriptor {descriptor} 0 R "
            f"/Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding "
            f"/Differences [{differences}] >> >>"
        )

    return make


def unicode_mapped(base_font: str, unicode: dict[int, str], *, symbolic: bool) -> FontMaker:
    """A Type 1 font whose ToUnicode map gives each code's text (several characters, or
    one beyond the Basic Multilingual Plane, as some producers write)."""

    def make(add: Add, stream: Stream) -> int:
        descriptor = _descriptor(add, base_font, symbolic=symbolic)
        cmap = stream(_unicode_map(unicode, 1))
        widths = " ".join([str(WIDTH * 2 if symbolic else WIDTH)] * 256)
        return add(
            f"<< /Type /Font /Subtype /Type1 /BaseFont /{base_font} /FirstChar 0 "
            f"/LastChar 255 /Widths [{widths}] /FontDescriptor {descriptor} 0 R "
            f"/ToUnicode {cmap} 0 R >>"
        )

    return make


def labelled_icons(base_font: str, labels: dict[int, str]) -> FontMaker:
    """An icon font whose ToUnicode map says what each icon means ("phone:"), as
    LaTeX's fontawesome5 package writes it."""
    return unicode_mapped(base_font, labels, symbolic=True)


def identity_h(base_font: str, text: str) -> tuple[FontMaker, dict[str, int]]:
    """A Type 0 font with Identity-H encoding and one glyph id per character of `text`,
    as XeLaTeX and LuaTeX write it (no space glyph: words are spaced by TJ offsets).

    The font has a space glyph, never drawn, as wide as its letters (an em): pypdf takes
    the word gaps of a tight justified line (0.155 em, LuaTeX's Awesome-CV) for kerning.
    Returns the maker and the glyph id of each character.
    """
    ids = {char: index + 1 for index, char in enumerate(dict.fromkeys(" " + text))}
    widths = [1000] * len(ids)

    def make(add: Add, stream: Stream) -> int:
        descriptor = _descriptor(add, base_font, symbolic=True)
        cmap = stream(_unicode_map({gid: char for char, gid in ids.items()}, 2))
        glyph_widths = " ".join(str(width) for width in widths)
        cid_font = add(
            f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{base_font} "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            f"/FontDescriptor {descriptor} 0 R /W [1 [{glyph_widths}]] /CIDToGIDMap /Identity >>"
        )
        return add(
            f"<< /Type /Font /Subtype /Type0 /BaseFont /{base_font} /Encoding /Identity-H "
            f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {cmap} 0 R >>"
        )

    return make, ids


def type3(text: str, widths_of: Callable[[str], float]) -> tuple[FontMaker, dict[str, int]]:
    """A Type 3 font with one glyph per character of `text` (procedures that draw
    nothing), glyph names /g1, /g2... and a ToUnicode map, as Chromium (Skia) writes the
    fonts it cannot embed otherwise. Returns the maker and the code of each character."""
    codes = {char: index + 1 for index, char in enumerate(dict.fromkeys(text))}

    def make(add: Add, stream: Stream) -> int:
        procedures = {
            code: stream(f"{widths_of(char):g} 0 0 -200 {widths_of(char):g} 700 d1".encode())
            for char, code in codes.items()
        }
        names = " ".join(f"/g{code}" for code in procedures)
        procs = " ".join(f"/g{code} {number} 0 R" for code, number in procedures.items())
        cmap = stream(_unicode_map({code: char for char, code in codes.items()}, 1))
        widths = " ".join(f"{widths_of(char):g}" for char in codes)
        return add(
            "<< /Type /Font /Subtype /Type3 /FontMatrix [0.001 0 0 0.001 0 0] "
            f"/FontBBox [0 -200 1000 700] /Resources << >> /CharProcs << {procs} >> "
            f"/Encoding << /Type /Encoding /Differences [1 {names}] >> /FirstChar 1 "
            f"/LastChar {len(codes)} /Widths [{widths}] /ToUnicode {cmap} 0 R >>"
        )

    return make, codes


def standard(base_font: str) -> FontMaker:
    """One of the 14 standard fonts (Helvetica-Oblique...), WinAnsi encoded."""

    def make(add: Add, stream: Stream) -> int:
        return add(
            f"<< /Type /Font /Subtype /Type1 /BaseFont /{base_font} /Encoding /WinAnsiEncoding >>"
        )

    return make


def hex_string(codes: list[int], code_bytes: int = 1) -> str:
    """A PDF hex string of character codes."""
    return "<" + "".join(f"{code:0{2 * code_bytes}X}" for code in codes) + ">"
