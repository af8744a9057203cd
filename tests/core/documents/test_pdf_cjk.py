"""CJK text through the PDF path: letter-spaced names, radicals, Latin tokens' spaces.

The page is generated (tests/data/pdf_cjk.py) with a Type 3 font and a ToUnicode map, so
no CJK font is needed. pypdf's extraction read it as "张 三", "⻓沙" and "英语CET-6580分".
"""

from __future__ import annotations

from pathlib import Path

from headhunter_desktop.core.documents import extract_text
from tests.data import pdf_cjk


def chinese_cv_lines(tmp_path: Path) -> list[str]:
    data, shown = pdf_cjk.chinese_cv()
    path = tmp_path / "简历.pdf"
    path.write_bytes(data)
    lines = [line for line in extract_text(path).text.splitlines() if line.strip()]
    assert len(lines) == len(shown)
    return lines


def test_a_chinese_cv_reads_as_its_page_shows(tmp_path: Path) -> None:
    name, kangxi, supplement, language = chinese_cv_lines(tmp_path)
    assert name == "张三"  # drawn "张 三": letter-spacing, not a word space
    assert kangxi == "求职意向: 人力资源经理"  # U+2F08 U+2F12 drawn for 人力
    assert supplement == "籍贯: 长沙"  # U+2ED3, which NFKC leaves alone, for 长
    assert language == "英语 CET-6 580 分"  # word spaces that are only gaps
