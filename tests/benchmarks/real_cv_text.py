"""Text normalisation and the reference lines the real-CV benchmark compares engines with.

Normalising (every engine and the reference alike): NFKC, case-folded, a soft hyphen or a
Unicode hyphen read as "-" (some fonts map the printed hyphen to U+00AD; Word for Mac writes
"-", U+00AD and U+2010 for one hyphen, so a run of them is one "-"), every run of whitespace
collapsed to one space, and no space between a CJK character and a Latin one
("基于 Vue.js 的" reads as "基于Vue.js的": engines differ, a reader does not care). For *line*
matching only, private-use and control characters (icon fonts: phone, mail, bullet glyphs)
are dropped,
and so is any space next to a CJK character: Chinese and Japanese put no spaces between
words, and engines (pdftotext included) space CJK glyphs inconsistently. Facts keep a space
between two CJK characters, so a name printed "张三" and read "张 三" still fails its fact.

Reference lines: for a PDF, `pdftotext FILE -` (reading order, not -layout); for a DOCX,
every paragraph of the document, its headers and footers, its table cells and its text
boxes (python-docx's `Document.paragraphs` skips the last three; a text box's VML fallback
copy is skipped). A line counts when it has at least 5 words, a CJK character counting as
one word.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

from lxml import etree

MIN_WORDS = 5
# A lone \r is not a line break: Word for Mac writes "\t\r\u00a0" between words.
_LINE_BREAK = re.compile(r"\r?\n|\f")
_WS = re.compile(r"\s+")
_CJK = "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) | (?=[{_CJK}])")
_CJK_LATIN_GAP = re.compile(f"(?<=[{_CJK}]) (?=[^\\s{_CJK}])|(?<=[^\\s{_CJK}]) (?=[{_CJK}])")
# pdfTeX writes \\'{\\i} as a dotless i and a combining accent: read it as the accented i.
_DOTLESS_I = re.compile("\u0131(?=[\u0300-\u036f])")
_HYPHENS = re.compile("[-\u00ad\u2010\u2011]+")
# Icon glyphs: private-use code points, or control codes some icon fonts map to.
_PRIVATE_USE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\U000f0000-\U0010ffff]")
_LINE_END_HYPHEN = re.compile(r"[^\W\d_][-\u00ad]$")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_DOCX_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")


def normalise(text: str) -> str:
    """NFKC, case-folded, hyphens as "-", whitespace collapsed: the form facts are matched in.

    No space is kept between a CJK character and a Latin one (see the module docstring).
    """
    composed = unicodedata.normalize("NFKC", _DOTLESS_I.sub("i", text))
    folded = _HYPHENS.sub("-", composed.casefold())
    return _CJK_LATIN_GAP.sub("", _WS.sub(" ", folded).strip())


def normalise_for_lines(text: str) -> str:
    """`normalise` without private-use (icon) characters or spaces next to CJK characters."""
    return _CJK_GAP.sub("", normalise(_PRIVATE_USE.sub("", text)))


def word_count(line: str) -> int:
    """Whitespace words, each CJK character counting as a word of its own."""
    cjk = len(_CJK_CHAR.findall(line))
    latin = len(_CJK_CHAR.sub(" ", line).split())
    return cjk + latin


def line_to_match(line: str) -> str | None:
    """The part of a reference line an engine must show contiguously, or None if too short.

    A line ending in a word broken by a hyphen loses that fragment: an engine that rejoins
    the word ("experi-" + "ence") is right to, and the rest of the line still has to match.
    """
    stripped = _PRIVATE_USE.sub("", line).strip()
    if word_count(stripped) < MIN_WORDS:
        return None
    if _LINE_END_HYPHEN.search(stripped):
        stripped = stripped.rsplit(" ", 1)[0] if " " in stripped else stripped[:-1]
    return normalise_for_lines(stripped)


def pdftotext(path: Path) -> str:
    """Poppler's reading-order text of a PDF (the reference; not installed in CI)."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=False
    )
    return result.stdout.decode("utf-8", "replace")


def split_lines(text: str) -> list[str]:
    """Lines split at \n, \r\n or a form feed (page break), never at a lone \r."""
    return _LINE_BREAK.split(text)


def reference_lines(text: str) -> list[str]:
    """The lines of a reference text worth matching, normalised (see `line_to_match`)."""
    lines = (line_to_match(line) for line in split_lines(text))
    return [line for line in lines if line]


def _own_text(paragraph: etree._Element) -> str:
    """A paragraph's text without that of text boxes nested in it."""
    parts = []
    for node in paragraph.iter(W + "t", W + "tab", W + "br", W + "cr"):
        owner = next(node.iterancestors(W + "p"), None)
        if owner is not paragraph or any(True for _ in node.iterancestors(MC_FALLBACK)):
            continue
        parts.append((node.text or "") if node.tag == W + "t" else " ")
    return "".join(parts)


def docx_paragraphs(path: Path) -> list[str]:
    """Every visible paragraph of a DOCX: headers, body, tables, text boxes, footers."""
    paragraphs: list[str] = []
    with zipfile.ZipFile(path) as archive:
        names = sorted(n for n in archive.namelist() if _DOCX_PARTS.fullmatch(n))
        for name in names:
            root = etree.fromstring(archive.read(name))
            for paragraph in root.iter(W + "p"):
                if not any(True for _ in paragraph.iterancestors(MC_FALLBACK)):
                    paragraphs.append(_own_text(paragraph))
    return [p for p in paragraphs if p.strip()]


def docx_reference_text(path: Path) -> str:
    """A DOCX's paragraphs, one per line: the DOCX counterpart of pdftotext's output."""
    return "\n".join(docx_paragraphs(path))
