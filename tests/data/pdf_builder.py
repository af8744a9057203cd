"""A tiny PDF writer for the test corpus: exact control over content streams and objects.

Real CV generators differ in how they order text operators; writing the content streams by
hand lets the corpus reproduce the orders that break naive extraction (two columns written
row by row, one BT block for a whole page), link annotations and ligature glyphs.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

PAGE_WIDTH = 595
PAGE_HEIGHT = 842

# Ligature glyphs live in the 0x80.. range of a custom encoding, as in PDFs made by TeX or
# InDesign; the ToUnicode map says they are U+FB00.., which is what pypdf then extracts.
LIGATURE_CODES = {"ﬁ": 0x80, "ﬂ": 0x81, "ﬀ": 0x82, "ﬃ": 0x83, "ﬄ": 0x84}
_LIGATURE_GLYPHS = ["fi", "fl", "ff", "ffi", "ffl"]

FONTS = {
    "F1": "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    "F2": "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
}
# Helvetica's advance widths (its AFM, in thousandths of an em) for placing words one by one
# as Chromium does; Helvetica-Oblique has the same.
_HELVETICA = dict(
    zip(
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
        "abcdefghijklmnopqrstuvwxyz{|}~",
        [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278]
        + [556] * 10
        + [278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278]
        + [500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667]
        + [611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222]
        + [222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500]
        + [500, 334, 260, 334, 584],
        strict=True,
    )
)
_HELVETICA.update({"–": 556, "•": 350, "·": 278, "\xb4": 333})


def text_width(text: str, size: float) -> float:
    """Width of `text` set in Helvetica at `size` points."""
    return sum(_HELVETICA[char] for char in text) * size / 1000


# A font maker gets `add(body) -> number` and `stream(data, extra="") -> number`.
FontMaker = Callable[[Callable[[str | bytes], int], Callable[..., int]], int]


def _tounicode_cmap() -> bytes:
    entries = "\n".join(f"<{code:02X}> <{ord(char):04X}>" for char, code in LIGATURE_CODES.items())
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Lig-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        "95 beginbfrange <20> <7E> <0020> endbfrange\n"
        f"{len(LIGATURE_CODES)} beginbfchar\n{entries}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode("ascii")


def pdf_string(text: str, *, ligatures: bool = False) -> str:
    """A PDF literal string for `text` in WinAnsi (or the ligature font's) encoding."""
    out = []
    for char in text:
        if ligatures and char in LIGATURE_CODES:
            codes = bytes([LIGATURE_CODES[char]])
        else:
            codes = char.encode("cp1252")
        for code in codes:
            if chr(code) in "()\\":
                out.append("\\" + chr(code))
            elif 32 <= code < 127:
                out.append(chr(code))
            else:
                out.append(f"\\{code:03o}")
    return "(" + "".join(out) + ")"


@dataclass
class Page:
    """One page: content stream operators, link annotations and images."""

    ops: list[str] = field(default_factory=list)
    links: list[tuple[tuple[float, float, float, float], str]] = field(default_factory=list)
    images: dict[str, tuple[int, int, bytes]] = field(default_factory=dict)

    def text(self, x: float, y: float, text: str, *, font: str = "F1", size: float = 10) -> None:
        """Show `text` at (x, y) in its own BT/ET block, as most producers do."""
        lig = font == "F3"
        self.ops.append(
            f"BT /{font} {size:g} Tf {x:g} {y:g} Td {pdf_string(text, ligatures=lig)} Tj ET"
        )

    def glyphs(
        self, x: float, y: float, text: str, codes: dict[str, int], *, size: float = 10
    ) -> None:
        """Show `text` one glyph at a time in font /T3 (`codes` maps its characters), each
        moved to by Td and shown by its own Tj, spaces too (Chromium's way)."""
        ops = [f"BT /T3 {size:g} Tf 1 0 0 1 {x:g} {y:g} Tm"]
        step = 0.0
        for char in text:
            ops.append(f"{step:.3f} 0 Td <{codes[char]:02X}> Tj")
            step = text_width(char, size)
        self.ops.append(" ".join(ops) + " ET")

    def link(self, rect: tuple[float, float, float, float], uri: str) -> None:
        """Add a /Link annotation with a /URI action over `rect`."""
        self.links.append((rect, uri))

    def image(self, name: str, width: int, height: int, gray: bytes, box: tuple) -> None:
        """Draw a gray-scale image `gray` (width*height bytes) into box (x, y, w, h)."""
        self.images[name] = (width, height, gray)
        x, y, w, h = box
        self.ops.append(f"q {w:g} 0 0 {h:g} {x:g} {y:g} cm /{name} Do Q")


@dataclass
class Pdf:
    """A document made of pages; `to_bytes()` writes a classic xref-table PDF."""

    pages: list[Page] = field(default_factory=list)
    ligature_font: bool = False
    # More fonts by resource name: each writes its objects and returns the font's number.
    fonts: dict[str, FontMaker] = field(default_factory=dict)

    def new_page(self) -> Page:
        """Append and return an empty page."""
        page = Page()
        self.pages.append(page)
        return page

    def to_bytes(self, *, repeat_first_page: int = 1) -> bytes:
        """Serialise; `repeat_first_page` > 1 makes many pages share one content stream."""
        objs: list[bytes] = []

        def add(body: str | bytes) -> int:
            objs.append(body.encode("latin-1") if isinstance(body, str) else body)
            return len(objs)

        def stream(data: bytes, extra: str = "") -> int:
            packed = zlib.compress(data, 9)
            head = f"<< {extra} /Filter /FlateDecode /Length {len(packed)} >>\nstream\n"
            return add(head.encode("latin-1") + packed + b"\nendstream")

        catalog = add("")
        pages_obj = add("")
        fonts = {name: add(body) for name, body in FONTS.items()}
        if self.ligature_font:
            cmap = stream(_tounicode_cmap())
            diffs = " ".join(f"/{g}" for g in _LIGATURE_GLYPHS)
            fonts["F3"] = add(
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding "
                f"<< /BaseEncoding /WinAnsiEncoding /Differences [128 {diffs}] >> "
                f"/ToUnicode {cmap} 0 R >>"
            )
        for name, make in self.fonts.items():
            fonts[name] = make(add, stream)
        font_res = " ".join(f"/{name} {num} 0 R" for name, num in fonts.items())
        kids = []
        sources = self.pages if repeat_first_page == 1 else self.pages[:1] * repeat_first_page
        made: dict[int, int] = {}
        for page in sources:
            if id(page) not in made:
                made[id(page)] = self._page_objects(page, add, stream)
            content, xobjects, annots = made[id(page)]
            kids.append(
                add(
                    f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 {PAGE_WIDTH} "
                    f"{PAGE_HEIGHT}] /Resources << /Font << {font_res} >> {xobjects} >> "
                    f"/Contents {content} 0 R {annots} >>"
                )
            )
        objs[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode()
        kid_refs = " ".join(f"{k} 0 R" for k in kids)
        objs[pages_obj - 1] = f"<< /Type /Pages /Kids [{kid_refs}] /Count {len(kids)} >>".encode()
        return _serialise(objs, catalog)

    @staticmethod
    def _page_objects(page: Page, add, stream) -> tuple[int, str, str]:
        content = stream("\n".join(page.ops).encode("latin-1"))
        xobjects = ""
        if page.images:
            refs = []
            for name, (w, h, gray) in page.images.items():
                extra = (
                    f"/Type /XObject /Subtype /Image /Width {w} /Height {h} "
                    "/ColorSpace /DeviceGray /BitsPerComponent 8"
                )
                refs.append(f"/{name} {stream(gray, extra)} 0 R")
            xobjects = f"/XObject << {' '.join(refs)} >>"
        annots = ""
        if page.links:
            refs = []
            for (x0, y0, x1, y1), uri in page.links:
                num = add(
                    f"<< /Type /Annot /Subtype /Link /Rect [{x0:g} {y0:g} {x1:g} {y1:g}] "
                    f"/Border [0 0 0] /A << /S /URI /URI {pdf_string(uri)} >> >>"
                )
                refs.append(f"{num} 0 R")
            annots = f"/Annots [{' '.join(refs)}]"
        return content, xobjects, annots


def _serialise(objs: list[bytes], root: int) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{num} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root {root} 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
