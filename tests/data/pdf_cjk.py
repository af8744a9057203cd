"""A Chinese CV's page as CJK producers write it, for the CJK defects of the PDF path.

The font is a Type 3 font (glyph procedures that draw nothing) with a ToUnicode map, so
no CJK font is needed on the machine. Its map gives some glyphs a radical's code point
rather than the ideograph the glyph shows, as some CJK fonts do: the Kangxi radical
U+2F12 for 力 and the supplement's U+2ED3 for 长. The name is letter-spaced with a space
glyph ("张 三"); in the language line the Latin and digit tokens are moved to by Td,
with no space glyph between them (the word spaces are only gaps).
"""

from __future__ import annotations

from tests.data.pdf_builder import Pdf
from tests.data.pdf_fonts import hex_string, type3

# (what is drawn, what a person reads) per line; each drawn part is moved to by Td, a
# word gap after the part before it.
NAME = (["张 三"], "张三")
RADICALS = (["求职意向: \u2f08\u2f12资源经理"], "求职意向: 人力资源经理")
SUPPLEMENT = (["籍贯: \u2ed3沙"], "籍贯: 长沙")
LANGUAGE = (["英语", "CET-6", "580", "分"], "英语 CET-6 580 分")
# In em: word spaces of a justified line, narrower than the font's space glyph (half an
# em, as in SimSun): pypdf took them for kerning ("CET-6580").
WORD_GAP = 0.2


def _advance(char: str) -> int:
    """Thousandths of an em: ideographs are an em wide, Latin letters, digits and the
    space half an em (SimSun's half-width forms)."""
    return 500 if char.isascii() else 1000


def chinese_cv() -> tuple[bytes, list[str]]:
    """The name, a line with radicals for ideographs and one with Latin tokens, and what
    the page shows."""
    cases = [NAME, RADICALS, SUPPLEMENT, LANGUAGE]
    font, codes = type3("".join("".join(drawn) for drawn, _ in cases), _advance)
    pdf = Pdf(fonts={"T3": font})
    page = pdf.new_page()
    for row, (parts, _) in enumerate(cases):
        size = 18 if row == 0 else 10
        ops = [f"BT /T3 {size} Tf 50 {790 - 24 * row} Td"]
        step = 0.0
        for part in parts:
            ops.append(f"{step:g} 0 Td {hex_string([codes[char] for char in part])} Tj")
            step = (sum(map(_advance, part)) / 1000 + WORD_GAP) * size
        page.ops.append(" ".join(ops) + " ET")
    return pdf.to_bytes(), [shown for _, shown in cases]
