"""DOCX CVs: body, tables, text boxes, headers and footers and hyperlinks, without repeats.

The XML is walked directly (python-docx opens the package and resolves parts) because
`Paragraph.text` skips text boxes, and a text box is stored twice (DrawingML choice and
VML fallback) while a merged table cell repeats in python-docx's cell lists.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
from lxml import etree

from .docx_lists import ListNumbering
from .docx_tables import TableCell, table_lines
from .errors import (
    CorruptFileError,
    NoTextError,
    ScannedDocumentError,
    UnsupportedFileError,
    ZipBombError,
)
from .extracted import RawText
from .limits import MB, ExtractionLimits
from .links import clean_link

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"
_HYPERLINK_FIELD = re.compile(r'HYPERLINK\s+"([^"]+)"')
# Deleted revisions and field instructions are not visible text.
_SKIP = frozenset({W + "del", W + "moveFrom", W + "instrText", W + "delText", MC + "Fallback"})
_HEADER_ORDER = {"first": 0, "default": 1, "even": 2}  # the order a reader meets them


def check_zip(data: bytes, limits: ExtractionLimits) -> None:
    """Refuse a DOCX whose ZIP directory announces a bomb, before anything is inflated."""
    # zipfile never inflates a member past the size its directory entry declares, so
    # checking the declared sizes bounds what python-docx can inflate later.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CorruptFileError("DOCX", "the ZIP container is broken") from exc
    if len(members) > limits.max_docx_members:
        raise ZipBombError("DOCX", f"it holds {len(members):,} files")
    total = sum(member.file_size for member in members)
    if total > limits.max_docx_uncompressed_bytes:
        raise ZipBombError("DOCX", f"it would inflate to {total / MB:,.0f} MB")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MB and ratio > limits.max_docx_compression_ratio:
            raise ZipBombError("DOCX", f"{member.filename} is compressed {ratio:,.0f}:1")


def read_docx(data: bytes, limits: ExtractionLimits) -> RawText:
    """Headers first (contact details live there), then the body, then footers."""
    check_zip(data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
        walker = _Walker(limits.max_chars, ListNumbering.of(document))
        body = document.element.body
        headers, footers = _header_footer_parts(document)
        header_lines = walker.parts(headers)
        body_lines = walker.blocks(body, document.part)
        footer_lines = walker.parts(footers)
    except ValueError as exc:
        if "not a Word file" in str(exc):  # .docm, .dotx: python-docx refuses them
            raise UnsupportedFileError(".docm/.dotx", "save it as DOCX or PDF") from exc
        raise CorruptFileError("DOCX") from exc
    except Exception as exc:
        # python-docx has no error base class: a missing part is a KeyError, bad XML an
        # lxml error, a bad CRC a BadZipFile... all of them mean a damaged file.
        raise CorruptFileError("DOCX") from exc
    text = "\n".join([*header_lines, "", *body_lines, "", *footer_lines])
    if not text.strip():
        if any(True for _ in body.iter(_BLIP, _VML_IMAGE)):
            raise ScannedDocumentError()
        raise NoTextError("the DOCX contains no text")
    return RawText(text, links=walker.links)


def _header_footer_parts(document: docx.document.Document) -> tuple[list, list]:
    # Every section names its own header/footer parts; a section "linked to previous"
    # simply names none. Parts shared by several sections are read once.
    headers: dict[str, object] = {}
    footers: dict[str, object] = {}
    main = document.part
    for sect_pr in document.element.body.iter(W + "sectPr"):
        for tag, found in (("headerReference", headers), ("footerReference", footers)):
            refs = sect_pr.findall(W + tag)
            refs.sort(key=lambda ref: _HEADER_ORDER.get(ref.get(W + "type"), 1))
            for ref in refs:
                part = main.related_parts.get(ref.get(R + "id"))
                if part is not None:
                    found.setdefault(str(part.partname), part)
    return list(headers.values()), list(footers.values())


def _grid_count(element: etree._Element | None) -> int:
    value = element.get(W + "val") if element is not None else None
    return int(value) if value and value.isdigit() else 0


_WRAPPERS = frozenset({W + "sdt", W + "sdtContent", W + "customXml"})


def _children(element: etree._Element, tag: str) -> list[etree._Element]:
    """Child elements with `tag`, also those wrapped in content controls (rows, cells)."""
    found = []
    for child in element:
        if child.tag == tag:
            found.append(child)
        elif child.tag in _WRAPPERS:
            found.extend(_children(child, tag))
    return found


class _Walker:
    """Turns WordprocessingML blocks into lines and gathers hyperlinks on the way."""

    def __init__(self, max_chars: int, numbering: ListNumbering) -> None:
        self.links: list[str] = []
        self._numbering = numbering
        self._chars = 0
        # Past the character limit the rest would be cut anyway: stop walking.
        self._max_chars = max_chars

    def parts(self, parts: list) -> list[str]:
        """Lines of header or footer parts; a line repeated in several parts is kept once."""
        lines: list[str] = []
        for part in parts:
            lines.extend(self.blocks(part.element, part))
        return list(dict.fromkeys(line for line in lines if line.strip()))

    def blocks(self, container: etree._Element, part: object) -> list[str]:
        """Lines of a body, cell, text box, header or footer, in document order."""
        lines: list[str] = []
        for child in container:
            if self._chars > self._max_chars:
                break
            tag = child.tag
            if tag == W + "p":
                boxes: list[str] = []
                text = self._inline(child, part, boxes)
                lines.append(self._numbering.prefix(child) + text if text.strip() else text)
                lines.extend(boxes)
            elif tag == W + "tbl":
                lines.extend(self._table(child, part))
            elif tag in (W + "sdt", W + "customXml", W + "sdtContent", MC + "AlternateContent"):
                inner = child.find(W + "sdtContent") if tag == W + "sdt" else child
                if tag == MC + "AlternateContent":
                    inner = child.find(MC + "Choice")
                if inner is not None:
                    lines.extend(self.blocks(inner, part))
        return lines

    def _table(self, table: etree._Element, part: object) -> list[str]:
        rows = []
        for row in _children(table, W + "tr"):
            # Cells sit in grid columns: a row may skip some first (gridBefore), a cell
            # may cover several (gridSpan). A vertically merged cell is empty below its
            # first row, so nothing repeats.
            column = _grid_count(row.find(f"{W}trPr/{W}gridBefore"))
            cells = []
            for cell in _children(row, W + "tc"):
                span = _grid_count(cell.find(f"{W}tcPr/{W}gridSpan")) or 1
                merge = cell.find(f"{W}tcPr/{W}vMerge")
                lines = [
                    line.strip()
                    for block in self.blocks(cell, part)
                    for line in block.split("\n")
                    if line.strip()
                ]
                restart = merge is not None and merge.get(W + "val") == "restart"
                cells.append(TableCell(column, span, lines, merged_down=restart))
                column += span
            rows.append(cells)
        return table_lines(rows)

    def _inline(self, element: etree._Element, part: object, boxes: list[str]) -> str:
        out: list[str] = []
        for child in element:
            tag = child.tag
            if tag in _SKIP or not isinstance(tag, str):
                continue
            if tag == W + "t":
                out.append(child.text or "")
                self._chars += len(out[-1])
            elif tag in (W + "tab", W + "ptab"):
                out.append("\t")
            elif tag in (W + "br", W + "cr"):
                out.append("\n")
            elif tag == W + "noBreakHyphen":
                out.append("-")
            elif tag == W + "txbxContent":
                boxes.extend(self.blocks(child, part))
            elif tag == MC + "AlternateContent":
                choice = child.find(MC + "Choice")
                if choice is not None:
                    out.append(self._inline(choice, part, boxes))
            else:
                if tag == W + "hyperlink":
                    self._hyperlink(child, part)
                elif tag == W + "fldSimple":
                    self._field(child.get(W + "instr", ""))
                elif tag == W + "r":
                    for instr in child.iter(W + "instrText"):
                        self._field(instr.text or "")
                out.append(self._inline(child, part, boxes))
        return "".join(out)

    def _hyperlink(self, element: etree._Element, part: object) -> None:
        rel_id = element.get(R + "id")
        rel = part.rels.get(rel_id) if rel_id else None
        if rel is None or not rel.is_external:
            return  # internal bookmark
        target = rel.target_ref
        if element.get(W + "anchor"):
            target += "#" + element.get(W + "anchor")
        link = clean_link(target)
        if link:
            self.links.append(link)

    def _field(self, instruction: str) -> None:
        match = _HYPERLINK_FIELD.search(instruction)
        link = clean_link(match.group(1)) if match else None
        if link:
            self.links.append(link)
