"""The clean-up every extracted text goes through."""

from __future__ import annotations

import pytest

from headhunter_desktop.core.documents.links import add_missing_links, clean_link
from headhunter_desktop.core.documents.normalize import normalize_text, truncate


def test_ligatures_and_compatibility_characters() -> None:
    assert normalize_text("ﬁnance ﬂow staﬀ oﬃce baﬄe") == "finance flow staff office baffle"
    assert normalize_text("Ｐｙｔｈｏｎ\u00a0developer") == "Python developer"


def test_invisible_characters_go() -> None:
    text = "Py\u200bthon\u00ad dev\ufeff \ue0b0+44\u200d 7700\x07"
    assert normalize_text(text) == "Python dev +44 7700"


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
