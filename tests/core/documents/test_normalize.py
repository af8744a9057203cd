"""The clean-up every extracted text goes through."""

from __future__ import annotations

import pytest

from headhunter_desktop.core.documents.links import add_missing_links, clean_link
from headhunter_desktop.core.documents.normalize import normalize_text, truncate


def test_ligatures_and_compatibility_characters() -> None:
    assert normalize_text("ﬁnance ﬂow staﬀ oﬃce baﬄe") == "finance flow staff office baffle"
    assert normalize_text("Ｐｙｔｈｏｎ\u00a0developer") == "Python developer"


def test_invisible_characters_go() -> None:
    text = "Py\u200bthon dev\ufeff \ue0b0+44\u200d 7700\x07"
    assert normalize_text(text) == "Python dev +44 7700"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # Fonts that map their hyphen glyph to U+00AD: the page shows a hyphen.
        ("Sep. 2023 \u00ad Mar. 2024", "Sep. 2023 - Mar. 2024"),
        ("a high\u00adimpact role", "a high-impact role"),
        ("2019\u00ad2021", "2019-2021"),
        # Between letters at a line end: a hyphenation point, the word joins.
        ("cal\u00ad\nculation of risk", "calculation\nof risk"),
        ("cal\u00ad  \n  culation", "calculation"),
        ("Front\u00ad\nEnd", "Front-\nEnd"),  # capital: a compound, as with "-"
    ],
)
def test_a_soft_hyphen_is_a_hyphen_unless_it_breaks_a_word(raw: str, clean: str) -> None:
    assert normalize_text(raw) == clean
    assert normalize_text(raw, rejoin_hyphens=True) == clean


def test_typed_text_keeps_soft_hyphens_inside_words_invisible() -> None:
    # In TXT and DOCX a soft hyphen inside a word is Unicode's invisible hint (web pages
    # put them in long words); between other characters it is still shown as a hyphen.
    text = "Software\u00adentwicklung, Sep. 2023 \u00ad Mar. 2024, exam\u00ad\nple"
    assert normalize_text(text, optional_soft_hyphens=True) == (
        "Softwareentwicklung, Sep. 2023 - Mar. 2024, example"
    )


def test_cjk_radicals_become_the_ideographs_they_look_like() -> None:
    # Kangxi radicals (NFKC folds them) and the supplement (the embedded table does).
    assert normalize_text("\u2f08\u2f1d \u2ed3\u57ce \u2ea0\u65cf") == "人口 长城 民族"
    assert normalize_text("\u2e80") == "\u2e80"  # RADICAL REPEAT: no ideograph


def test_letter_spaced_han_names_close_up_and_other_spaces_stay() -> None:
    text = "姓 名: 张 三\n李 小 龙\n山田 太郎\n北京大学 计算机科学\n英语 CET-6 580 分\nJava Spring"
    assert normalize_text(text).splitlines() == [
        "姓名: 张三",
        "李小龙",
        "山田 太郎",  # a two-character run: a word boundary, not letter-spacing
        "北京大学 计算机科学",
        "英语 CET-6 580 分",  # Latin and digit tokens keep their spaces
        "Java Spring",
    ]


def test_spaces_collapse_and_line_breaks_stay() -> None:
    text = "  Senior   Engineer\t\tAcme \r\nLondon\r\r\n\n\n\nSkills\x0cSQL"
    assert normalize_text(text) == "Senior Engineer Acme\nLondon\n\nSkills\nSQL"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("the develop-\nment of tools", "the development\nof tools"),
        ("exam-\nple\nnext", "example\nnext"),
        ("cal\u00ad\nculation", "calculation"),
        ("Front-\nEnd developer", "Front-\nEnd developer"),  # capital: a compound
        ("2019-\n2021", "2019-\n2021"),  # dates
        ("Skills -\nSQL", "Skills -\nSQL"),  # a dash, not a hyphen
        ("e-\nmail", "e-\nmail"),  # one letter: too short to be sure
    ],
)
def test_hyphenation_is_rejoined_only_when_sensible(raw: str, clean: str) -> None:
    assert normalize_text(raw, rejoin_hyphens=True) == clean


def test_hyphens_stay_outside_pdfs() -> None:
    assert normalize_text("develop-\nment") == "develop-\nment"


def test_a_lone_carriage_return_is_a_line_break() -> None:
    # Old Mac text files end their lines with \r alone.
    assert (
        normalize_text("Jane Roe\rNurse\r\rSkills\rTriage") == "Jane Roe\nNurse\n\nSkills\nTriage"
    )


def test_truncate_prefers_a_line_break() -> None:
    text = "a" * 90 + "\n" + "b" * 50
    assert truncate(text, 100) == ("a" * 90, True)
    assert truncate(text, 1000) == (text, False)


@pytest.mark.parametrize(
    ("raw", "link"),
    [
        ("https://github.com/x", "https://github.com/x"),
        ("  www.linkedin.com/in/x ", "https://www.linkedin.com/in/x"),
        ("mailto:a@b.org", "mailto:a@b.org"),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("#section", None),
    ],
)
def test_only_web_mail_and_phone_links_are_kept(raw: str, link: str | None) -> None:
    assert clean_link(raw) == link


def test_links_already_visible_are_not_repeated() -> None:
    text = "Jane Roe\nlinkedin.com/in/jane-roe | jane@example.org | +44 7700 900123"
    links = [
        "https://www.linkedin.com/in/jane-roe/",
        "mailto:jane@example.org?subject=Hi",
        "tel:+447700900123",
        "https://github.com/janeroe",
    ]
    assert add_missing_links(text, links) == text + "\n\nLinks:\nhttps://github.com/janeroe"
