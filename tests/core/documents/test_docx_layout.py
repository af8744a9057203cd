"""DOCX layout: tables that lay out a page read as a person reads them, lists keep their marks."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.table import _Cell

from headhunter_desktop.core.documents import extract_text
from tests.helpers.document_files import write_docx

SIDEBAR = ["Contact", "jane.roe@example.org", "+44 7700 900123", "Skills", "SQL", "Triage"]
MAIN = [
    "Jane Roe",
    "Senior nurse with ten years on acute wards.",
    "Experience",
    "Ward sister, St Mary's Hospital, 2019 - 2024",
    "Led a team of 14 nurses through the ward's move to electronic records.",
]


def save(document: Document, path: Path) -> Path:
    document.save(str(path))
    return path


def fill(cell: _Cell, lines: list[str]) -> None:
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def test_a_sidebar_beside_the_main_column_reads_column_by_column(tmp_path: Path) -> None:
    document = docx.Document()
    sidebar, main = document.add_table(rows=1, cols=2).rows[0].cells
    fill(sidebar, SIDEBAR)
    fill(main, MAIN)
    lines = extract_text(save(document, tmp_path / "sidebar.docx")).text.splitlines()
    assert lines == [*SIDEBAR, *MAIN]


def test_a_main_cell_merged_down_beside_contact_rows_reads_column_by_column(
    tmp_path: Path,
) -> None:
    # Word templates stack the sidebar's lines one per row beside one tall main cell.
    document = docx.Document()
    table = document.add_table(rows=len(SIDEBAR), cols=2)
    for row, line in zip(table.rows, SIDEBAR, strict=True):
        row.cells[0].text = line
    main = table.cell(0, 1).merge(table.cell(len(SIDEBAR) - 1, 1))
    fill(main, MAIN)
    lines = extract_text(save(document, tmp_path / "merged.docx")).text.splitlines()
    assert lines == [*SIDEBAR, *MAIN]


def test_headings_beside_their_sections_read_row_by_row(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "EXPERIENCE"
    fill(table.cell(0, 1), MAIN[3:])
    table.cell(1, 0).text = "EDUCATION"
    fill(table.cell(1, 1), ["BSc Nursing, King's College London", "2010 - 2013"])
    lines = extract_text(save(document, tmp_path / "headings.docx")).text.splitlines()
    assert lines == [
        "EXPERIENCE",
        *MAIN[3:],
        "EDUCATION",
        "BSc Nursing, King's College London",
        "2010 - 2013",
    ]


def test_a_data_table_keeps_one_line_per_row(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    rows = [
        ("2019 - 2024", "St Mary's Hospital", "Ward sister"),
        ("2015 - 2019", "Royal Free Hospital", "Staff nurse"),
        ("2013 - 2015", "Guy's Hospital", "Nurse"),
    ]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    text = extract_text(save(document, tmp_path / "data.docx")).text
    assert text.splitlines() == [" | ".join(values) for values in rows]


def test_a_full_width_banner_row_stays_above_the_columns(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1 + len(SIDEBAR), cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "JANE ROE - REGISTERED NURSE"
    for index, line in enumerate(SIDEBAR, start=1):
        table.cell(index, 0).text = line
    fill(table.cell(1, 1).merge(table.cell(len(SIDEBAR), 1)), MAIN[1:])
    lines = extract_text(save(document, tmp_path / "banner.docx")).text.splitlines()
    assert lines == ["JANE ROE - REGISTERED NURSE", *SIDEBAR, *MAIN[1:]]


def test_list_paragraphs_keep_bullets_and_numbers(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Duties")
    document.add_paragraph("Triage of emergency admissions", style="List Bullet")
    document.add_paragraph("Medication rounds", style="List Bullet")
    document.add_paragraph("Steps")
    document.add_paragraph("Assess", style="List Number")
    document.add_paragraph("Plan", style="List Number")
    document.add_paragraph("Act", style="List Number")
    lines = extract_text(save(document, tmp_path / "lists.docx")).text.splitlines()
    assert lines == [
        "Duties",
        "• Triage of emergency admissions",
        "• Medication rounds",
        "Steps",
        "1. Assess",
        "2. Plan",
        "3. Act",
    ]


@pytest.mark.parametrize(
    ("number_format", "level_text", "marks"),
    [
        ("decimal", "%1.", ["1.", "2."]),
        ("lowerLetter", "%1)", ["a)", "b)"]),
        ("upperRoman", "%1.", ["I.", "II."]),
        ("bullet", "\uf0b7", ["•", "•"]),  # a Symbol-font bullet: shown as •
    ],
)
def test_direct_numbering_in_paragraph_properties_is_followed(
    tmp_path: Path, number_format: str, level_text: str, marks: list[str]
) -> None:
    path = write_docx(tmp_path / "numbered.docx", ["Languages", "English", "German"])
    document = docx.Document(str(path))
    numbering = document.part.numbering_part.element
    abstract = numbering.makeelement(_w("abstractNum"), {_w("abstractNumId"): "90"})
    level = abstract.makeelement(_w("lvl"), {_w("ilvl"): "0"})
    abstract.append(level)
    for tag, value in (("start", "1"), ("numFmt", number_format), ("lvlText", level_text)):
        level.append(level.makeelement(_w(tag), {_w("val"): value}))
    numbering.insert(0, abstract)  # Word wants every w:abstractNum before the first w:num
    num = numbering.makeelement(_w("num"), {_w("numId"): "90"})
    num.append(num.makeelement(_w("abstractNumId"), {_w("val"): "90"}))
    numbering.append(num)
    for paragraph in document.paragraphs[1:]:
        properties = paragraph._p.get_or_add_pPr()
        num_pr = properties.makeelement(_w("numPr"), {})
        num_pr.append(num_pr.makeelement(_w("ilvl"), {_w("val"): "0"}))
        num_pr.append(num_pr.makeelement(_w("numId"), {_w("val"): "90"}))
        properties.append(num_pr)
    lines = extract_text(save(document, path)).text.splitlines()
    assert lines == ["Languages", f"{marks[0]} English", f"{marks[1]} German"]


def test_a_docx_without_a_numbering_part_reads(tmp_path: Path) -> None:
    # Word always writes numbering.xml; other producers leave it out when nothing is a list.
    path = write_docx(tmp_path / "plain.docx", ["Jane Roe", "Ward Sister"])
    with zipfile.ZipFile(path) as source:
        parts = {item.filename: source.read(item) for item in source.infolist()}
    del parts["word/numbering.xml"]
    for name in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
        parts[name] = re.sub(rb"<[^<>]*numbering[^<>]*/>", b"", parts[name])
    stripped = tmp_path / "stripped.docx"
    with zipfile.ZipFile(stripped, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    assert extract_text(stripped).text.splitlines() == ["Jane Roe", "Ward Sister"]


def test_a_carriage_return_inside_docx_text_is_a_line_break(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "mac.docx", ["placeholder"])
    document = docx.Document(str(path))
    document.paragraphs[0].runs[0]._r.find(_w("t")).text = "Jane Roe\rNurse"
    assert extract_text(save(document, path)).text.splitlines() == ["Jane Roe", "Nurse"]


def _w(tag: str) -> str:
    return f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{tag}"
