"""PDFs that reproduce what went wrong with real CVs' text, one generator per defect.

Each returns the file and what a person reads on its page (the lines, in reading order
where that matters). The producers are imitated by how they write text: Chromium places
each word by itself with no space glyph; Google Docs starts a new text object at every
font switch; Word for Mac separates words with a tab, a carriage return and two spaces;
TeX names glyphs (`/four.lnum`, `/f_i`) without a Unicode map; XeLaTeX spaces words with
TJ offsets in a font that has no space glyph; icon fonts draw pictograms from codes that
are letters. The column cases are layouts whose gutter is not where runs start most often.
"""

from __future__ import annotations

from tests.data.pdf_builder import PAGE_HEIGHT, Pdf, pdf_string, text_width
from tests.data.pdf_fonts import (
    hex_string,
    identity_h,
    labelled_icons,
    named_glyphs,
    standard,
    type3,
    unicode_mapped,
)

SIDEBAR = ["CONTACT", "maria.silva@example.com", "+351 912 345 678", "Lisbon, Portugal"]
SIDEBAR += ["SKILLS", "Kubernetes and Terraform", "Distributed systems", "Go, Python, SQL"]
MAIN = [
    "EXPERIENCE",
    "Senior Software Engineer with 8 years of experience",
    "Built the payment APIs in Go for ten million users",
    "Led a team of five engineers at Northwind Payments",
    "Cut the cloud bill by a third with spot instances",
    "Software Engineer at Contoso Retail from 2015 to 2019",
    "Moved the order system from PHP to Java services",
    "Wrote the on-call handbook used by every team",
]


def chromium_two_columns() -> tuple[bytes, list[str], list[str]]:
    """A sidebar beside the main column, every glyph placed by itself (Chromium, Canva)."""
    font, codes = type3("Maria Silva" + " ".join(SIDEBAR + MAIN), lambda c: text_width(c, 1000))
    pdf = Pdf(fonts={"T3": font})
    page = pdf.new_page()
    page.glyphs(200, 790, "Maria Silva", codes, size=20)
    y = 740
    for index in range(max(len(SIDEBAR), len(MAIN))):
        if index < len(SIDEBAR):
            page.glyphs(40, y, SIDEBAR[index], codes, size=8)
        if index < len(MAIN):
            page.glyphs(200, y, MAIN[index], codes, size=10)
        y -= 14
    return pdf.to_bytes(), SIDEBAR, MAIN


def font_switches() -> tuple[bytes, list[str]]:
    """Lines whose italic parts are text objects of their own, each set back to the line's
    start and moved along it (Google Docs), on a page drawn upside down and flipped."""
    lines = [
        [("Senior Data Engineer, ", "F1"), ("Helios Energy", "F4"), (", Porto", "F1")],
        [("Built ", "F1"), ("streaming", "F4"), (" pipelines on Kafka and Flink", "F1")],
        [("Mentored ", "F1"), ("four", "F4"), (" junior engineers", "F1")],
    ]
    pdf = Pdf(fonts={"F4": standard("Helvetica-Oblique")})
    page = pdf.new_page()
    page.ops.append(f"1 0 0 -1 0 {PAGE_HEIGHT} cm")
    for row, parts in enumerate(lines):
        top = 60 + 18 * row
        offset = 0.0
        for text, font in parts:
            page.ops.append(
                f"BT /{font} 11 Tf 1 0 0 -1 50 {top} Tm {offset:.3f} -9 Td {pdf_string(text)} Tj ET"
            )
            offset += text_width(text, 11)
    return pdf.to_bytes(), ["".join(text for text, _ in parts) for parts in lines]


WORD_FOR_MAC_SPACE = "\t\r \xa0"


def word_for_mac() -> tuple[bytes, list[str]]:
    """Words separated by a tab, a carriage return and two spaces (Word for Mac)."""
    lines = [
        "Leo Leopard",
        "555 La Verne Way, La Verne, CA",
        "Dean's List Fall 2013 to Spring 2014",
    ]
    pdf = Pdf()
    page = pdf.new_page()
    for row, line in enumerate(lines):
        page.text(50, 790 - 16 * row, line.replace(" ", WORD_FOR_MAC_SPACE), size=11)
    return pdf.to_bytes(), lines


# TeX's Raleway: codes 27-29 are its ligatures and the digits its lining figures; in
# its small-capitals variant (a second font of the same name) lower-case letters are
# small capitals.
TEX_NAMES = {27: "f_f", 28: "f_i", 29: "f_l"}
TEX_NAMES |= {48 + d: f"{n}.lnum" for d, n in enumerate(["zero", "one", "two", "three", "four"])}
TEX_NAMES |= {53 + d: f"{n}.lnum" for d, n in enumerate(["five", "six", "seven", "eight", "nine"])}
SMALL_CAPS = {ord(c): f"{c.upper()}.sc" for c in "abcdefghijklmnopqrstuvwxyz"}
GLYPH_NAME_LINES = [  # (what the page shows, the font, the codes drawn)
    ("JAN KOWALSKI", "F6", "Jan kowalski"),
    ("Phone +49 176 4912 0357", "F5", "Phone +49 176 4912 0357"),
    (
        "Scientific Employee, University of Bremen",
        "F5",
        "Scienti\x1cc Employee, University of Bremen",
    ),
    (
        "Built a flexible and effective test rig",
        "F5",
        "Built a \x1dexible and e\x1bective test rig",
    ),
]


def glyph_names() -> tuple[bytes, list[str]]:
    """TeX fonts whose glyphs have only names: lining figures, small caps, ligatures."""
    fonts = {
        "F5": named_glyphs("QGTSJM+Raleway-Regular", TEX_NAMES),
        "F6": named_glyphs("QGTSJM+Raleway-Regular", SMALL_CAPS),
    }
    pdf = Pdf(fonts=fonts)
    page = pdf.new_page()
    for row, (_, font, codes) in enumerate(GLYPH_NAME_LINES):
        page.ops.append(f"BT /{font} 11 Tf 50 {790 - 18 * row} Td {pdf_string(codes)} Tj ET")
    return pdf.to_bytes(), [shown for shown, _, _ in GLYPH_NAME_LINES]


ACTUAL_TEXT = "tel:(+49) 421 218 0001"
ICON_NAMES = {33: "map_marker", 34: "mobile_phone", 35: "globe", 36: "envelope"}
ICON_LINES = [  # (icon code, text beside it)
    (33, "Bremen, Germany"),
    (34, "+49 176 4912 0357"),
    (35, "jankuester.com"),
    (36, "jan@example.com"),
]


def icon_fonts() -> tuple[bytes, list[str]]:
    """Contact lines, each after a FontAwesome pictogram; and one labelled icon ("phone:")."""
    fonts = {
        "F5": named_glyphs("IFPXXH+FontAwesome", ICON_NAMES, symbolic=True),
        "F6": labelled_icons("FontAwesome5Free-Solid", {0x21: "phone:"}),
    }
    pdf = Pdf(fonts=fonts)
    page = pdf.new_page()
    for row, (code, text) in enumerate(ICON_LINES):
        y = 790 - 16 * row
        page.ops.append(f"BT /F5 10 Tf 50 {y} Td {hex_string([code])} Tj ET")
        page.text(66, y, text)
    page.ops.append(f"BT /F6 10 Tf 50 700 Td {hex_string([0x21])} Tj ET")
    page.text(66, 700, "+49 421 218 0000")
    # What the author says a phone icon and its number read as (LuaTeX's Awesome-CV).
    page.ops.append(f"/Span << /ActualText {pdf_string(ACTUAL_TEXT)} >> BDC")
    page.ops.append(f"BT /F5 10 Tf 50 680 Td {hex_string([34])} Tj ET")
    page.text(66, 680, "(+49) 421 218 0001")
    page.ops.append("EMC")
    shown = [text for _, text in ICON_LINES] + ["phone: +49 421 218 0000", ACTUAL_TEXT]
    return pdf.to_bytes(), shown


XELATEX_LINES = [
    "Claud D. Park",
    "Designed and provisioned the entire infrastructure on AWS",
    "Saved over thirty percent of the overall cloud costs",
]


def xelatex_spacing() -> tuple[bytes, list[str]]:
    """Words spaced by TJ offsets in an Identity-H font with no space glyph (XeLaTeX)."""
    font, ids = identity_h("SourceSans3-Light", "".join(XELATEX_LINES).replace(" ", ""))
    pdf = Pdf(fonts={"F5": font})
    page = pdf.new_page()
    for row, line in enumerate(XELATEX_LINES):
        words = [hex_string([ids[c] for c in word], 2) for word in line.split(" ")]
        page.ops.append(f"BT /F5 10 Tf 50 {790 - 14 * row} Td [{' -155 '.join(words)}] TJ ET")
    return pdf.to_bytes(), XELATEX_LINES


def tex_marks() -> tuple[bytes, list[str]]:
    """What TeX draws as glyphs of their own: an accent over a letter (\\'o), the raised
    and lowered letters of the LaTeX logo, a superscript."""
    pdf = Pdf()
    page = pdf.new_page()
    x = 50 + text_width("Informaci", 10)
    page.text(50, 790, "Informaci")
    page.text(x, 790, "o")
    page.text(x + (text_width("o", 10) - text_width("\xb4", 10)) / 2, 790, "\xb4")
    page.text(x + text_width("o", 10), 790, "n Personal")
    x = 50 + text_width("Skills: Python, L", 10)
    page.text(50, 770, "Skills: Python, L")
    page.text(x - 4, 772.2, "A", size=7)
    page.text(x + 0.5, 770, "T")
    page.text(x + 0.5 + text_width("T", 10) - 1.2, 767.8, "E")
    page.text(x + 0.5 + text_width("TE", 10) - 2.4, 770, "X, SQL")
    page.text(50, 750, "E = mc")
    page.text(50 + text_width("E = mc", 10), 753.5, "2", size=7)
    page.text(50 + text_width("E = mc", 10) + text_width("2", 7), 750, " in 1905")
    return pdf.to_bytes(), ["Información Personal", "Skills: Python, LATEX, SQL", "E = mc2 in 1905"]


def drawn_twice() -> tuple[bytes, list[str]]:
    """A name made bold by drawing it twice, a fraction of a point apart."""
    pdf = Pdf()
    page = pdf.new_page()
    page.text(50, 790, "Maria Silva", size=18)
    page.text(50.4, 790, "Maria Silva", size=18)
    page.text(50, 770, "Data Engineer")
    return pdf.to_bytes(), ["Maria Silva", "Data Engineer"]


# Codes of a font whose ToUnicode map says more than one character for a glyph.
_ASCII = {code: chr(code) for code in range(32, 127)}


def mapped_characters() -> tuple[bytes, list[str]]:
    """A hyphen glyph mapped to three dashes (Word for Mac: "-", U+00AD, U+2010), and a
    pictogram mapped to an emoji beyond U+FFFF (Chrome)."""
    fonts = {
        "F5": unicode_mapped("ArialMT", _ASCII | {0x2D: "-\u00ad\u2010"}, symbolic=False),
        "F6": unicode_mapped("NotoColorEmoji", {0x21: "\U0001f431"}, symbolic=True),
    }
    pdf = Pdf(fonts=fonts)
    page = pdf.new_page()
    page.ops.append(f"BT /F5 10 Tf 50 790 Td {pdf_string('(909) 555-5555')} Tj ET")
    page.ops.append(f"BT /F6 10 Tf 50 770 Td {hex_string([0x21])} Tj ET")
    page.text(65, 770, "Outgoing: loves meetups")
    return pdf.to_bytes(), ["(909) 555-5555", "\U0001f431 Outgoing: loves meetups"]
