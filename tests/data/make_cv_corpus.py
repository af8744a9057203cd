"""Write the CV test corpus: one file per hard case of CV text extraction.

Usage: python tests/data/make_cv_corpus.py [DIRECTORY]   (default: tests/data/cvs/)

Byte-for-byte deterministic for a given seed, except the encrypted PDFs (random salts). The tests
build the corpus in a temporary folder through a session fixture, so only this script
is committed. `generate_cv_texts` (in cv_content.py, re-exported here) gives any number
of varied plain-text CVs for pipeline, search and benchmark tests.
"""

from __future__ import annotations

import io
import random
import struct
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `tests.data` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from pypdf import PdfWriter

from tests.data.cv_content import (
    Cv,
    generate_cv_texts,
    generate_cvs,
    job_lines,
    render_cv_text,
)
from tests.data.pdf_builder import PAGE_HEIGHT, Pdf, pdf_string

__all__ = ["generate_cv_texts", "generate_cvs", "make_corpus"]

SEED = 20240604
MB = 1024 * 1024

# What the tests look for. Each constant names the file(s) it belongs to.
PDF_PASSWORD = "s3cret-CV"  # encrypted_password.pdf
LINKS_PDF = {  # links.pdf: display text -> URL of the link annotation over it
    "LinkedIn": "https://www.linkedin.com/in/marta-kowalczyk-7781",
    "github.com/mkowalczyk": "https://github.com/mkowalczyk",
    "marta.kowalczyk@example.org": "mailto:marta.kowalczyk@example.org",
}
LIGATURE_LINES = [  # ligatures.pdf, drawn with ligature glyphs (U+FB00..U+FB04)
    "Head of ﬁnance, Northwind Cloud",
    "Streamlined the oﬃce workﬂow for 40 staﬀ",
    "Reduced baﬄing eﬀort in ﬁling",
]
HEADER_EMAIL = "ines.ferreira.00042@example.com"  # docx_header_footer.docx
HEADER_PHONE = "+351 912 000 042"
FOOTER_TEXT = "Ines Ferreira · CV · linkedin.com/in/ines-ferreira"
TABLE_ROWS = [  # docx_table.docx
    ["Dates", "Role", "Employer"],
    ["2021 – present", "Head Pastry Chef", "Maison Olivier, Lyon"],
    ["2017 – 2021", "Chef de Partie (Pastry)", "Hotel Miramar, Lisbon"],
    ["2014 – 2017", "Commis Pâtissier", "Patisserie Lumière, Paris"],
]
MERGED_ROW = ["2012 – 2014", "Apprentice Pâtissier"]  # employer: merged with the row above
TEXTBOX_LINES = ["Contact", "theo.laurent@example.net", "+33 6 12 00 00 77"]  # docx_textbox
DOCX_LINKS = {  # docx_hyperlinks.docx: display text -> URL
    "LinkedIn profile": "https://www.linkedin.com/in/sara-lindqvist",
    "GitHub": "https://github.com/saralindqvist",
    "sara.lindqvist@example.com": "mailto:sara.lindqvist@example.com",
}
DOCX_HEADER_LINK = "https://sara-lindqvist.example.com/portfolio"
TXT_TEXT = (
    "Zoë Müller — Café Konditorei Adler\n"
    "Pâtissière, 5 years, salary €42k\n"
    "Skills: viennoiserie, sugar work\n"
)
SCANNED_PAGES = 2


# ---------------------------------------------------------------- PDF layouts


def _wrap(line: str, width: int) -> list[str]:
    return textwrap.wrap(line, width, break_on_hyphens=False) or [""]


def single_column_pdf(cv: Cv) -> tuple[bytes, list[str]]:
    """A one-column CV (dates right-aligned beside job titles); returns the lines drawn."""
    pdf = Pdf()
    page = pdf.new_page()
    expected: list[str] = []
    y = PAGE_HEIGHT - 60

    def line(text: str, *, font: str = "F1", size: float = 10, right: str = "") -> None:
        nonlocal page, y
        if y < 60:
            page, y = pdf.new_page(), PAGE_HEIGHT - 60
        page.text(50, y, text, font=font, size=size)
        if right:
            page.text(545 - 0.5 * size * len(right), y, right, size=size)
        expected.append(f"{text} {right}" if right else text)
        y -= size + 4

    line(cv.name, font="F2", size=18)
    line(cv.title, size=12)
    line(f"{cv.email} | {cv.phone} | {cv.city}")
    line(cv.linkedin)
    for title, body in (("summary", [cv.summary]),):
        line(cv.section_titles[title], font="F2", size=12)
        for text in body:
            for part in _wrap(text, 95):
                line(part)
    line(cv.section_titles["experience"], font="F2", size=12)
    for job in cv.jobs:
        head, dates, *bullets = job_lines(job, cv.date_style)
        line(head, font="F2", right=dates)
        for bullet in bullets:
            for part in _wrap(bullet, 95):
                line(part)
    line(cv.section_titles["education"], font="F2", size=12)
    for degree, school, year in cv.education:
        line(f"{degree}, {school}, {year}")
    line(cv.section_titles["skills"], font="F2", size=12)
    for part in _wrap(", ".join(cv.skills), 95):
        line(part)
    return pdf.to_bytes(), expected


def _columns(cv: Cv) -> tuple[list[str], list[str]]:
    left = ["CONTACT", cv.email, cv.phone, cv.city, "", "SKILLS", *cv.skills, "", "LANGUAGES"]
    left += [f"{lang} ({level})" for lang, level in cv.languages]
    right = [cv.section_titles["experience"].upper()]
    for job in cv.jobs:
        for text in job_lines(job, cv.date_style):
            right += _wrap(text, 62)
        right.append("")
    right.append(cv.section_titles["education"].upper())
    right += [f"{d}, {s}, {y}" for d, s, y in cv.education]
    return left, right


def two_column_pdf(cv: Cv, *, single_bt: bool = False) -> tuple[bytes, list[str], list[str]]:
    """Sidebar left, experience right, baselines aligned, drawn row by row.

    With `single_bt` the whole page is one BT block positioned with Tm, as TeX does; else
    every line is its own BT/ET block. Returns the file and the lines of each column.
    """
    left, right = _columns(cv)
    pdf = Pdf()
    page = pdf.new_page()
    page.text(170, 790, cv.name, font="F2", size=22)
    page.text(170, 766, f"{cv.title} · {cv.linkedin}", size=10)
    ops = []
    y = 730
    for i in range(max(len(left), len(right))):
        for x, column, size in ((40, left, 9), (200, right, 10)):
            text = column[i] if i < len(column) else ""
            if not text:
                continue
            if single_bt:
                ops.append(f"/F1 {size} Tf 1 0 0 1 {x} {y} Tm {pdf_string(text)} Tj")
            else:
                page.text(x, y, text, size=size)
        y -= 14
    if single_bt:
        page.ops.append("BT\n" + "\n".join(ops) + "\nET")
    header = [cv.name, f"{cv.title} · {cv.linkedin}"]
    return pdf.to_bytes(), header + [t for t in left if t], [t for t in right if t]


def label_column_pdf() -> tuple[bytes, list[tuple[str, str]]]:
    """Europass-style: dates in a left column, each beside the first line of its job."""
    entries = [
        (
            "2021 – present",
            [
                "Senior Data Analyst",
                "Harbour Insurance, Dublin",
                "Built the claims dashboard in Power BI",
                "Automated 12 weekly reports with dbt",
            ],
        ),
        (
            "2018 – 2021",
            [
                "Data Analyst",
                "Meridian Retail Group, Leeds",
                "Ran 40 pricing A/B tests",
                "Maintained the SQL sales mart",
            ],
        ),
        (
            "2015 – 2018",
            [
                "Junior Analyst",
                "Quayside Analytics, Manchester",
                "Cleaned survey data with pandas",
                "Wrote the monthly KPI memo",
            ],
        ),
        (
            "2012 – 2015",
            [
                "BSc Mathematics",
                "University of Leeds",
                "First-class honours",
                "Dissertation on time series",
            ],
        ),
    ]
    pdf = Pdf()
    page = pdf.new_page()
    page.text(50, 790, "Aoife Murphy", font="F2", size=20)
    page.text(50, 768, "Data Analyst · aoife.murphy@example.ie", size=10)
    y = 730
    for dates, lines in entries:
        page.text(50, y, dates, size=9)
        for text in lines:
            page.text(170, y, text, size=10)
            y -= 14
        y -= 14
    return pdf.to_bytes(), [(dates, lines[0]) for dates, lines in entries]


EUROPASS_ROWS = [  # europass.pdf: (label, value) rows, the labels right-aligned in a column
    ("Dates", "2019 – present"),
    ("Occupation", "Nurse Practitioner"),
    ("Employer", "Riverside NHS Trust, London"),
    ("Main activities", "Triage, IV therapy, care planning for a 30-bed ward"),
    ("Dates", "2014 – 2019"),
    ("Occupation", "Staff Nurse"),
    ("Employer", "Klinikum Nordstadt, Hamburg"),
    ("Main activities", "ICU nursing, medication administration"),
]


def europass_pdf() -> bytes:
    """The Europass layout: a label column beside the values, row by row."""
    pdf = Pdf()
    page = pdf.new_page()
    page.text(50, 800, "Curriculum Vitae — Grace Mensah", font="F2", size=16)
    y = 770
    page.text(160 - 5 * len("WORK EXPERIENCE"), y, "WORK EXPERIENCE", size=9)
    y -= 16
    for index, (label, value) in enumerate(EUROPASS_ROWS):
        if index and label == "Dates":
            y -= 14
        page.text(160 - 4.5 * len(label), y, label, size=9)
        page.text(180, y, value, size=10)
        y -= 14
    return pdf.to_bytes()


SKILL_TABLE = [  # skills_table.pdf: a two-column table with one-line cells
    ("Python", "Expert, 8 years"),
    ("Kubernetes", "Advanced, 5 years"),
    ("SQL", "Expert, 10 years"),
    ("Terraform", "Advanced, 4 years"),
    ("Go", "Intermediate, 2 years"),
    ("AWS", "Advanced, 6 years"),
    ("Docker", "Expert, 7 years"),
    ("Kafka", "Intermediate, 3 years"),
    ("Linux", "Expert, 12 years"),
]


def skills_table_pdf() -> bytes:
    """A page that is one table: it must stay row by row, not become two columns."""
    pdf = Pdf()
    page = pdf.new_page()
    page.text(50, 790, "Skills matrix", font="F2", size=16)
    for index, (skill, level) in enumerate(SKILL_TABLE):
        page.text(50, 760 - 14 * index, skill)
        page.text(250, 760 - 14 * index, level)
    return pdf.to_bytes()


def links_pdf() -> bytes:
    """A CV whose LinkedIn, GitHub and e-mail are link annotations over short labels."""
    pdf = Pdf()
    page = pdf.new_page()
    page.text(50, 790, "Marta Kowalczyk", font="F2", size=20)
    page.text(50, 770, "Site Reliability Engineer · Warsaw", size=11)
    x = 50
    for label, uri in LINKS_PDF.items():
        page.text(x, 750, label, size=10)
        page.link((x, 746, x + 6 * len(label), 760), uri)
        x += 6 * len(label) + 20
    page.link((50, 700, 200, 712), "javascript:alert(1)")  # never a link to keep
    page.text(50, 720, "EXPERIENCE", font="F2", size=12)
    page.text(50, 704, "SRE, Bluefin Payments, 2019 – present: Kubernetes, Terraform, Go")
    return pdf.to_bytes()


def ligatures_pdf() -> bytes:
    """Ligature glyphs, a soft-hyphen and a hard-hyphen line break, odd spacing, kerning."""
    pdf = Pdf(ligature_font=True)
    page = pdf.new_page()
    page.text(50, 790, "Noah Andersen", font="F2", size=20)
    y = 760
    for text in LIGATURE_LINES:
        page.text(50, y, text, font="F3", size=11)
        y -= 15
    page.text(50, y, "Led the develop-")
    page.text(50, y - 14, "ment of the billing platform and the cal\xad")
    page.text(50, y - 28, "culation engine.")
    page.text(50, y - 42, "Skills:  \xa0SAP,   IFRS\t and  budgeting")
    # TJ with kerning inside a word (no space) and a word gap made by an offset (a space).
    page.ops.append(f"BT /F1 10 Tf 50 {y - 56} Td [(Pro) 20 (ject) -600 (Manager)] TJ ET")
    return pdf.to_bytes()


def scanned_pdf(pages: int = SCANNED_PAGES) -> bytes:
    """Image-only pages, as a scanner makes them: no text operators at all."""
    rng = random.Random(SEED)
    width, height = 120, 170
    rows = []
    for row in range(height):
        ink = row % 9 < 3 and 10 < row < height - 10  # lines of "print"
        rows.append(bytes(rng.randint(0, 90) if ink else 250 for _ in range(width)))
    pdf = Pdf()
    for _ in range(pages):
        pdf.new_page().image("Im0", width, height, b"".join(rows), (0, 0, 595, 842))
    return pdf.to_bytes()


def zero_page_pdf() -> bytes:
    """A well-formed PDF whose page tree is empty."""
    return Pdf().to_bytes()


def encrypted_pdf(plain: bytes, user_password: str, algorithm: str = "RC4-128") -> bytes:
    """`plain` encrypted with an owner password (RC4 needs no crypto library, AES does)."""
    writer = PdfWriter(clone_from=io.BytesIO(plain))
    writer.encrypt(user_password=user_password, owner_password="owner-only", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def many_pages_pdf(pages: int) -> bytes:
    """`pages` pages sharing one content stream: a long PDF in a few KB."""
    pdf = Pdf()
    page = pdf.new_page()
    page.text(50, 790, "Appendix: publication list", font="F2", size=14)
    for i in range(40):
        page.text(50, 760 - 14 * i, f"Publication {i + 1}: notes on distributed systems, vol. {i}")
    return pdf.to_bytes(repeat_first_page=pages)


# ---------------------------------------------------------------- DOCX


def _save(document: Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return _fixed_timestamps(out.getvalue())


def _fixed_timestamps(data: bytes) -> bytes:
    # python-docx stamps ZIP members with the current time.
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return _zip({info.filename: source.read(info) for info in source.infolist()})


def _member(name: str) -> zipfile.ZipInfo:
    # A fixed time stamp keeps the corpus byte-for-byte the same on every run.
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _zip(members: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(_member(name), data)
    return out.getvalue()


def _body(document: Document, cv: Cv) -> None:
    document.add_heading(cv.name, level=1)
    document.add_paragraph(cv.title)
    document.add_heading(cv.section_titles["experience"], level=2)
    for job in cv.jobs:
        for text in job_lines(job, cv.date_style):
            document.add_paragraph(text)


def docx_header_footer(cv: Cv) -> bytes:
    """Contact details only in the page header (first-page and default: the same line)."""
    document = Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    contact = f"Ines Ferreira · {HEADER_EMAIL} · {HEADER_PHONE}"
    section.header.paragraphs[0].text = contact
    section.first_page_header.paragraphs[0].text = contact
    section.footer.paragraphs[0].text = FOOTER_TEXT
    _body(document, cv)
    document.add_section()  # a second section, its header linked to the first
    document.add_paragraph("References available on request.")
    return _save(document)


def docx_table() -> bytes:
    """Work history in a table; the last row's employer cell is merged with the one above."""
    document = Document()
    document.add_heading("Camille Dubois — Head Pastry Chef", level=1)
    document.add_paragraph("Experience")
    table = document.add_table(rows=len(TABLE_ROWS) + 1, cols=3)
    for r, row in enumerate([*TABLE_ROWS, MERGED_ROW]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    last = len(TABLE_ROWS)
    table.cell(last - 1, 2).merge(table.cell(last, 2))
    document.add_paragraph("Skills: laminated doughs, viennoiserie, HACCP")
    return _save(document)


_TEXTBOX_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _textbox_run(lines: list[str]) -> str:
    paragraphs = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in lines)
    content = f"<w:txbxContent>{paragraphs}</w:txbxContent>"
    return (
        f'<w:r {_TEXTBOX_NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
        'relativeHeight="2" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page"><wp:posOffset>4600000'
        '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="page"><wp:posOffset>900000'
        '</wp:posOffset></wp:positionV><wp:extent cx="2300000" cy="1100000"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapSquare wrapText="bothSides"/>'
        '<wp:docPr id="7" name="Text Box 7"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm>'
        '<a:off x="0" y="0"/><a:ext cx="2300000" cy="1100000"/></a:xfrm><a:prstGeom prst="rect">'
        f"<a:avLst/></a:prstGeom></wps:spPr><wps:txbx>{content}</wps:txbx><wps:bodyPr/>"
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        '<mc:Fallback><w:pict><v:shape id="Text Box 7" type="#_x0000_t202" '
        'style="position:absolute;width:181pt;height:87pt">'
        f"<v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def docx_textbox(cv: Cv) -> bytes:
    """Contact details in a floating text box (DrawingML with its VML fallback copy)."""
    document = Document()
    anchor = document.add_paragraph("Théo Laurent")
    anchor._p.append(parse_xml(_textbox_run(TEXTBOX_LINES)))
    _body(document, cv)
    return _save(document)


def docx_hyperlinks() -> bytes:
    """Hyperlinks as relationships, as a HYPERLINK field, in the header, and one internal."""
    document = Document()
    document.add_heading("Sara Lindqvist", level=1)
    paragraph = document.add_paragraph("Links: ")
    for text, url in DOCX_LINKS.items():
        if text == "GitHub":
            xml = (
                f'<w:fldSimple {nsdecls("w")} w:instr=" HYPERLINK &quot;{url}&quot; ">'
                f"<w:r><w:t>{text}</w:t></w:r></w:fldSimple>"
            )
        else:
            rel = document.part.relate_to(url, RT.HYPERLINK, is_external=True)
            xml = (
                f'<w:hyperlink {nsdecls("w", "r")} r:id="{rel}"><w:r><w:t xml:space="preserve">'
                f"{text}</w:t></w:r></w:hyperlink>"
            )
        paragraph._p.append(parse_xml(xml))
        paragraph.add_run(" · ")
    internal = document.add_paragraph()
    internal._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w")} w:anchor="experience"><w:r><w:t>See experience</w:t>'
            "</w:r></w:hyperlink>"
        )
    )
    header = document.sections[0].header
    rel = header.part.relate_to(DOCX_HEADER_LINK, RT.HYPERLINK, is_external=True)
    header.paragraphs[0]._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="{rel}"><w:r><w:t>Portfolio</w:t></w:r>'
            "</w:hyperlink>"
        )
    )
    document.add_paragraph("Machine Learning Engineer, Tessera Data, 2020 – present")
    return _save(document)


def png(width: int, height: int, gray: bytes) -> bytes:
    """A gray-scale PNG: enough for python-docx to size and embed it."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    raw = b"".join(b"\x00" + gray[row * width : (row + 1) * width] for row in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def docx_scan() -> bytes:
    """A scanned CV pasted into Word: one picture per page and no text at all."""
    document = Document()
    picture = png(60, 80, bytes((x * 7) % 256 for x in range(60 * 80)))
    document.add_picture(io.BytesIO(picture))
    return _save(document)


def encrypted_docx() -> bytes:
    """What Word writes for a password-protected DOCX: an OLE file with an EncryptedPackage."""
    name = "EncryptedPackage".encode("utf-16-le")
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + name + bytes(4096 - 512 - len(name))


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def docx_bomb(path: Path, inflated_mb: int = 256) -> None:
    """A valid-looking DOCX with one member of zeros: ~250 KB on disk, `inflated_mb` inflated."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(_member("[Content_Types].xml"), _CONTENT_TYPES)
        archive.writestr(_member("_rels/.rels"), _ROOT_RELS)
        archive.writestr(
            _member("word/document.xml"),
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Bomb</w:t></w:r></w:p></w:body></w:document>",
        )
        chunk = bytes(MB)
        with archive.open(_member("word/media/image1.png"), "w", force_zip64=True) as member:
            for _ in range(inflated_mb):
                member.write(chunk)


def docx_corrupt() -> bytes:
    """A ZIP with every DOCX part in place, but document.xml is garbage."""
    return _zip(
        {
            "[Content_Types].xml": _CONTENT_TYPES,
            "_rels/.rels": _ROOT_RELS,
            "word/document.xml": random.Random(SEED).randbytes(2048),
        }
    )


def xlsx_file() -> bytes:
    """The skeleton of a spreadsheet: enough for content sniffing."""
    return _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})


# ---------------------------------------------------------------- the corpus


def make_corpus(directory: Path, seed: int = SEED) -> dict[str, Path]:
    """Write every case into `directory`; returns case name -> path."""
    directory.mkdir(parents=True, exist_ok=True)
    cvs = generate_cvs(4, seed, first_serial=9001)
    files: dict[str, bytes] = {}
    plain, _ = single_column_pdf(cvs[0])
    files["plain.pdf"] = plain
    files["two_column.pdf"] = two_column_pdf(cvs[1])[0]
    files["two_column_single_bt.pdf"] = two_column_pdf(cvs[1], single_bt=True)[0]
    files["label_column.pdf"] = label_column_pdf()[0]
    files["europass.pdf"] = europass_pdf()
    files["skills_table.pdf"] = skills_table_pdf()
    files["links.pdf"] = links_pdf()
    files["ligatures.pdf"] = ligatures_pdf()
    files["encrypted_empty_password.pdf"] = encrypted_pdf(plain, "")
    files["encrypted_password.pdf"] = encrypted_pdf(plain, PDF_PASSWORD)
    files["scanned.pdf"] = scanned_pdf()
    blank = Pdf()
    blank.new_page()
    files["blank_page.pdf"] = blank.to_bytes()
    files["zero_pages.pdf"] = zero_page_pdf()
    files["garbage.pdf"] = b"%PDF-1.7\n" + random.Random(seed).randbytes(4096)
    files["truncated.pdf"] = plain[: len(plain) * 2 // 5]
    files["many_pages.pdf"] = many_pages_pdf(2000)
    files["empty.pdf"] = b""
    files["docx_header_footer.docx"] = docx_header_footer(cvs[2])
    files["docx_table.docx"] = docx_table()
    files["docx_textbox.docx"] = docx_textbox(cvs[3])
    files["docx_hyperlinks.docx"] = docx_hyperlinks()
    files["docx_corrupt.docx"] = docx_corrupt()
    files["docx_scan.docx"] = docx_scan()
    files["docx_encrypted.docx"] = encrypted_docx()
    files["docx_truncated.docx"] = files["docx_table.docx"][:3000]
    files["really_docx.pdf"] = files["docx_table.docx"]
    files["program.pdf"] = b"MZ\x90\x00\x03" + bytes(2043)
    files["legacy.doc"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088)
    files["spreadsheet.xlsx"] = xlsx_file()
    files["photo.png"] = b"\x89PNG\r\n\x1a\n" + bytes(120)
    files["cv_utf8.txt"] = TXT_TEXT.encode("utf-8")
    files["cv_utf8_bom.txt"] = b"\xef\xbb\xbf" + TXT_TEXT.encode("utf-8")
    files["cv_utf16.txt"] = TXT_TEXT.replace("\n", "\r\n").encode("utf-16")
    files["cv_cp1252.txt"] = TXT_TEXT.encode("cp1252")
    files["cv_generated.txt"] = render_cv_text(cvs[0]).encode("utf-8")
    files["long.txt"] = "\n".join(generate_cv_texts(250, seed)).encode("utf-8")
    paths = {}
    for name, data in files.items():
        (directory / name).write_bytes(data)
        paths[name] = directory / name
    paths["docx_bomb.docx"] = directory / "docx_bomb.docx"
    docx_bomb(paths["docx_bomb.docx"])
    paths["huge.pdf"] = directory / "huge.pdf"
    with paths["huge.pdf"].open("wb") as file:  # sparse: 25 MB that take no disk space
        file.write(b"%PDF-1.7\n")
        file.truncate(25 * MB)
    return paths


def main(argv: list[str]) -> None:
    """Write the corpus into argv[0] or tests/data/cvs/."""
    target = Path(argv[0]) if argv else Path(__file__).resolve().parent / "cvs"
    paths = make_corpus(target)
    print(f"wrote {len(paths)} files to {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
