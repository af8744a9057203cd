"""Word list paragraphs keep their marks: "• " for a bullet, "1. " or "b) " for a number.

Word stores no bullet or number in a list paragraph's text: the paragraph names a list
(`w:numPr`, in its own properties or in its style's) and numbering.xml says how that list
draws each level. Without the mark, a list of duties reads as loose sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.parts.numbering import NumberingPart
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BULLET = "• "
_LEVEL_REF = re.compile(r"%([1-9])")
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Level:
    """How one level of a list draws its mark."""

    number_format: str  # w:numFmt: bullet, decimal, lowerLetter, upperRoman, …
    text: str  # w:lvlText: "%1.", "%1.%2", "(%1)"
    start: int


class ListNumbering:
    """The marks of a document's list paragraphs, counted in the order they are asked for."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None):
        self._levels = _levels(numbering) if numbering is not None else {}
        self._style_lists = _style_lists(styles) if styles is not None else {}
        self._counters: dict[str, list[int]] = {}

    @classmethod
    def of(cls, document: DocxDocument) -> ListNumbering:
        """The numbering and styles of a python-docx Document (a file may have neither)."""
        try:
            # Not `part.numbering_part`: python-docx cannot make the missing part it asks for.
            part = document.part.part_related_by(RT.NUMBERING)
        except KeyError:
            return cls(None, document.styles.element)
        return cls(cast(NumberingPart, part).element, document.styles.element)

    def prefix(self, paragraph: etree._Element) -> str:
        """The mark a reader sees before `paragraph` ("" for a paragraph of no list)."""
        num_id, level = self._list_of(paragraph)
        if num_id is None or num_id == "0":  # numId 0: numbering switched off
            return ""
        levels = self._levels.get(num_id)
        if not levels or level not in levels:
            return BULLET
        if levels[level].number_format in ("bullet", "none"):
            return BULLET if levels[level].number_format == "bullet" else ""
        counts = self._count(num_id, level, levels)
        text = _LEVEL_REF.sub(
            lambda m: _format(levels, int(m.group(1)) - 1, counts), levels[level].text
        )
        return f"{text} " if text.strip() else ""

    def _list_of(self, paragraph: etree._Element) -> tuple[str | None, int]:
        props = paragraph.find(W + "pPr")
        num_pr = props.find(W + "numPr") if props is not None else None
        style = props.find(W + "pStyle") if props is not None else None
        style_num, style_level = self._style_lists.get(_val(style) or "", (None, 0))
        num_id = _val(num_pr.find(W + "numId")) if num_pr is not None else None
        level = _val(num_pr.find(W + "ilvl")) if num_pr is not None else None
        return num_id or style_num, int(level) if level else style_level

    def _count(self, num_id: str, level: int, levels: dict[int, _Level]) -> dict[int, int]:
        counters = self._counters.setdefault(num_id, [])
        while len(counters) <= level:
            depth = len(counters)
            counters.append(levels[depth].start - 1 if depth in levels else 0)
        counters[level] += 1
        # A deeper level starts over under each new item of this one.
        for deeper in range(level + 1, len(counters)):
            counters[deeper] = levels[deeper].start - 1 if deeper in levels else 0
        return dict(enumerate(counters))


def _val(element: etree._Element | None) -> str | None:
    return element.get(W + "val") if element is not None else None


def _levels(numbering: etree._Element) -> dict[str, dict[int, _Level]]:
    """numId -> its abstract list's levels."""
    abstract: dict[str, dict[int, _Level]] = {}
    for definition in numbering.iter(W + "abstractNum"):
        levels = {}
        for lvl in definition.findall(W + "lvl"):
            start = _val(lvl.find(W + "start"))
            levels[int(lvl.get(W + "ilvl", "0"))] = _Level(
                _val(lvl.find(W + "numFmt")) or "decimal",
                _val(lvl.find(W + "lvlText")) or "",
                int(start) if start and start.lstrip("-").isdigit() else 1,
            )
        abstract[definition.get(W + "abstractNumId", "")] = levels
    return {
        num.get(W + "numId", ""): abstract.get(_val(num.find(W + "abstractNumId")) or "", {})
        for num in numbering.iter(W + "num")
    }


def _style_lists(styles: etree._Element) -> dict[str, tuple[str | None, int]]:
    """styleId -> the list its paragraphs belong to (numId, level), following basedOn."""
    own: dict[str, tuple[str | None, int]] = {}
    based_on: dict[str, str] = {}
    for style in styles.iter(W + "style"):
        style_id = style.get(W + "styleId", "")
        num_pr = style.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            level = _val(num_pr.find(W + "ilvl"))
            own[style_id] = (_val(num_pr.find(W + "numId")), int(level) if level else 0)
        parent = _val(style.find(W + "basedOn"))
        if parent:
            based_on[style_id] = parent
    resolved = {}
    for style_id in {*own, *based_on}:
        seen, current = set(), style_id
        while current not in own and current in based_on and current not in seen:
            seen.add(current)
            current = based_on[current]
        if current in own:
            resolved[style_id] = own[current]
    return resolved


def _format(levels: dict[int, _Level], level: int, counts: dict[int, int]) -> str:
    number = counts.get(level, levels[level].start if level in levels else 1)
    kind = levels[level].number_format if level in levels else "decimal"
    if kind in ("lowerLetter", "upperLetter"):
        letters = _letters(number)
        return letters if kind == "lowerLetter" else letters.upper()
    if kind in ("lowerRoman", "upperRoman"):
        roman = _roman(number)
        return roman if kind == "lowerRoman" else roman.upper()
    if kind == "decimalZero":
        return f"{number:02d}"
    return str(number)  # decimal, and the many national formats read well enough as digits


def _letters(number: int) -> str:
    # Word's letters repeat past z: a … z, aa … zz, aaa …
    number = max(number, 1)
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def _roman(number: int) -> str:
    out = []
    for value, numeral in _ROMAN:
        count, number = divmod(number, value)
        out.append(numeral * count)
    return "".join(out) or "0"
