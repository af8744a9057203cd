"""The damaged-text flag: glyph names, glued words, one word per line, unreadable glyphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from headhunter_desktop.core.documents import extract_text
from headhunter_desktop.core.documents.text_quality import is_glued, measure, quality_warnings
from tests.data.make_cv_corpus import generate_cv_texts
from tests.helpers.document_files import write_docx

GLUED_LINES = [
    "SeniorSoftwareEngineerwith5+yearsofprovenexpertise",
    "designingandbuildingscalablebackendsystems,distributed",
    "LedAMigrationOfTheBillingPlatform to Kubernetes",
    "Python, Go, PostgreSQL, JavaScript",
]


def test_real_looking_cvs_raise_no_warning() -> None:
    # CamelCase product names, e-mail addresses, links and skill lists are not damage.
    for text in generate_cv_texts(40):
        assert quality_warnings(text) == [], text


@pytest.mark.parametrize(
    ("token", "glued"),
    [
        ("SeniorSoftwareEngineerwith5+years", True),
        ("buildingscalablebackendsystems,distributed", True),  # 30+ characters
        ("JavaScript", False),
        ("PostgreSQL/MySQL", False),
        ("linkedin.com/in/JaneRoeDeveloperProfile", False),
        ("jane.roe.developer@example-company.com", False),
        ("Softwareentwicklungsprozesse", False),  # a German compound, 28 characters
        ("计算机科学与技术专业本科毕业生具有丰富的软件开发经验和团队合作能力", False),
    ],
)
def test_glued_words_are_told_from_long_words(token: str, glued: bool) -> None:
    assert is_glued(token) is glued


def test_glyph_names_are_flagged_and_counted() -> None:
    text = "J/A.sc/N.sc R/O.sc/E.sc\nPhone: /four.lnum/four.lnum/seven.lnum\nScienti/f_ic computing"
    quality = measure(text)
    assert quality.glyph_names == [
        "/A.sc", "/N.sc", "/O.sc", "/E.sc", "/four.lnum", "/four.lnum", "/seven.lnum", "/f_i",
    ]  # fmt: skip
    [warning] = quality.warnings()
    assert "glyph names" in warning and '"/A.sc"' in warning


def test_slashes_in_ordinary_text_are_not_glyph_names() -> None:
    text = "n/a, he/she, CI/CD, github.com/jane.roe, 24/7, TCP/IP, /usr/local/bin, A/B tests"
    assert measure(text).glyph_names == []


def test_glued_words_need_several_to_warn() -> None:
    assert quality_warnings("\n".join(GLUED_LINES[2:])) == []  # one glued token
    [warning] = quality_warnings("\n".join(GLUED_LINES))
    assert "run together" in warning


def test_one_word_per_line_warns_past_a_minimum_of_lines() -> None:
    sentence = "Led a team of fourteen nurses through the move to electronic records"
    one_per_line = "\n".join(sentence.split())
    assert quality_warnings(one_per_line) == []  # 13 lines: too few to judge
    [warning] = quality_warnings(one_per_line + "\n" + one_per_line)
    assert warning.startswith("100% of the lines hold a single word")


def test_chinese_lines_count_as_one_word_only_when_split_letter_by_letter() -> None:
    lines = ["个人信息", "林星辰", "阿里巴巴集团资深研发工程师", "北京航空航天大学软件工程"] * 6
    assert quality_warnings("\n".join(lines)) == []
    split = "\n".join("阿里巴巴集团资深研发工程师北京航空航天大学软件工程")  # a PDF-to-Word file
    assert "single word" in quality_warnings(split)[0]


def test_unreadable_glyphs_still_warn() -> None:
    assert quality_warnings("Jane \ufffd\ufffd\ufffd \ufffd\ufffd") == [
        "parts of the text are unreadable (a font without a Unicode map)"
    ]


def test_an_extraction_carries_the_warnings(tmp_path: Path) -> None:
    # Extracted text from any format goes through the same checks.
    path = write_docx(tmp_path / "glued.docx", ["Jane Roe", *GLUED_LINES])
    document = extract_text(path)
    assert document.warnings == [
        "words are run together in places: the file's word spaces were lost"
    ]
    text_file = tmp_path / "names.txt"
    text_file.write_text("Jane R/O.sc/E.sc\nPhone /four.lnum/four.lnum", encoding="utf-8")
    assert "glyph names" in extract_text(text_file).warnings[0]
