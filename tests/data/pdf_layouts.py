"""Page layouts whose reading order the column finder has to get right, one per defect.

Each returns the file and the lines a person reads, grouped as the tests check them: a
letter whose sender's block stands beside the start of a paragraph; a single-column CV
with dates set against the right margin; a contact line across the top of two columns;
a main column whose own label column is where runs start most often, beside a sidebar on
the right; a sidebar of short blocks beside one long paragraph.
"""

from __future__ import annotations

import textwrap

from tests.data.pdf_builder import Pdf, text_width

PARAGRAPH = (
    "Thank you for considering my application for the position of platform engineer. "
    "Over the past eight years I have designed, built and run the infrastructure of two "
    "payment companies, first as an engineer and later as the lead of a team of six. I "
    "moved both companies from hand-built servers to Kubernetes clusters managed with "
    "Terraform, wrote the runbooks that our on-call engineers still use, and cut the "
    "monthly cloud bill by a third without losing any of our service level objectives. "
    "I would welcome the chance to bring the same care to your platform team."
)
SENDER = ["Ana Ruiz", "Calle Mayor 12", "28013 Madrid", "+34 612 345 678", "ana@example.es"]


def letter_with_sender_block() -> tuple[bytes, list[str], list[str]]:
    """A letter: its first paragraph starts narrow beside the sender's block (right), then
    runs on across the full width below it, with no break in between."""
    narrow = textwrap.wrap(PARAGRAPH, 58)[:7]
    rest = " ".join(PARAGRAPH.split()[len(" ".join(narrow).split()) :])
    wide = textwrap.wrap(rest, 100)
    pdf = Pdf()
    page = pdf.new_page()
    page.text(50, 790, "Dear hiring team,")
    y = 760.0
    for line in narrow + wide:
        page.text(50, y, line)
        y -= 14
    for row, line in enumerate(SENDER):
        page.text(400, 755 - 15 * row, line, size=9)
    page.text(50, y - 14, "Kind regards, Ana Ruiz")
    return pdf.to_bytes(), narrow + wide, SENDER


JOBS = [
    ("Senior Engineer, Northwind", "2019 - 2024", ["Ran the payment APIs", "Led five people"]),
    ("Engineer, Contoso Retail", "2015 - 2019", ["Moved PHP to Java", "Wrote the runbooks"]),
    ("Developer, Fabrikam", "2012 - 2015", ["Built the web shop", "Tuned MySQL"]),
    ("Intern, Litware", "2011 - 2012", ["Tested the mobile app", "Fixed UI bugs"]),
    ("Tutor, Porto University", "2009 - 2011", ["Taught Java 101", "Graded exams"]),
]


def dates_at_right_margin() -> tuple[bytes, list[str]]:
    """One column: each job's title with its dates set against the right margin, and
    short bullets under it. Returns the lines of title and dates."""
    pdf = Pdf()
    page = pdf.new_page()
    page.text(50, 790, "Experience", font="F2", size=14)
    y = 765
    for title, dates, bullets in JOBS:
        page.text(50, y, title, font="F2")
        page.text(545 - text_width(dates, 10), y, dates)
        for bullet in bullets:
            y -= 14
            page.text(62, y, bullet)
        y -= 22
    return pdf.to_bytes(), [f"{title} {dates}" for title, dates, _ in JOBS]


CONTACT_LINE = ("maria.silva@example.com", "+351 912 345 678")
SIDE = ["SKILLS", "Kubernetes", "Terraform", "Go and Python", "LANGUAGES", "Portuguese"]
MAIN_COLUMN = [
    "EXPERIENCE",
    "Senior Software Engineer at Northwind Payments since 2019",
    "Built the payment APIs in Go for ten million users",
    "Led a team of five engineers across two time zones",
    "Software Engineer at Contoso Retail from 2015 to 2019",
    "Moved the order system from PHP to Java services",
]


def contact_line_over_columns() -> tuple[bytes, str, list[str], list[str]]:
    """A contact line whose two halves fall either side of the gutter below it."""
    pdf = Pdf()
    page = pdf.new_page()
    page.text(40, 800, "Maria Silva", font="F2", size=22)
    page.text(40, 775, CONTACT_LINE[0])
    page.text(200, 775, CONTACT_LINE[1])
    for row, line in enumerate(SIDE):
        page.text(40, 735 - 15 * row, line, size=9)
    for row, line in enumerate(MAIN_COLUMN):
        page.text(200, 737 - 16 * row, line)
    return pdf.to_bytes(), " ".join(CONTACT_LINE), SIDE, MAIN_COLUMN


SKILL_ROWS = [
    ("Python", "Expert"),
    ("Go", "Advanced"),
    ("SQL", "Expert"),
    ("Terraform", "Advanced"),
    ("Kubernetes", "Advanced"),
    ("Kafka", "Intermediate"),
    ("React", "Basic"),
    ("Rust", "Basic"),
]
SUMMARY = [
    "Platform engineer who builds payment infrastructure",
    "that stays up, and teams that can run it without me.",
]
RIGHT_SIDEBAR = ["Contact", "Lisbon, Portugal", "+351 912 345 678", "rui@example.pt"]


def sidebar_beside_label_rows() -> tuple[bytes, list[str], list[str]]:
    """A main column on the left whose skill levels start at one x on many rows, beside a
    shorter sidebar on the right: the gutter is the band before the sidebar."""
    pdf = Pdf()
    page = pdf.new_page()
    page.text(50, 790, "Rui Costa", font="F2", size=18)
    y = 760
    for line in SUMMARY:
        page.text(50, y, line)
        y -= 14
    y -= 10
    for skill, level in SKILL_ROWS:
        page.text(50, y, skill)
        page.text(250, y, level)
        y -= 14
    for row, line in enumerate(RIGHT_SIDEBAR):
        page.text(420, 757 - 19 * row, line, size=9)
    main = SUMMARY + [f"{skill} {level}" for skill, level in SKILL_ROWS]
    return pdf.to_bytes(), main, RIGHT_SIDEBAR


SIDEBAR_BLOCKS = [
    ("Phone", "+44 20 7946 0000 (mobile)"),
    ("Email", "jo.walker@example.co.uk"),
    ("City", "Leeds, West Yorkshire"),
]
LONG_PARAGRAPH = textwrap.wrap(PARAGRAPH, 62)[:7]


def sidebar_blocks_beside_paragraph() -> tuple[bytes, list[str], list[str]]:
    """Short two-line sidebar blocks, each starting beside a line in the middle of one
    long paragraph of the main column."""
    pdf = Pdf()
    page = pdf.new_page()
    page.text(200, 790, "Jo Walker", font="F2", size=18)
    for row, line in enumerate(LONG_PARAGRAPH):
        page.text(200, 760 - 14 * row, line)
    y = 760
    for label, value in SIDEBAR_BLOCKS:
        page.text(40, y, label, font="F2", size=9)
        page.text(40, y - 14, value, size=9)
        y -= 42
    sidebar = [line for block in SIDEBAR_BLOCKS for line in block]
    return pdf.to_bytes(), LONG_PARAGRAPH, sidebar
