"""The selftest line of the website reader."""

from __future__ import annotations

from headhunter_desktop.core.web.self_check import check_page_reader


def test_the_page_reader_checks_itself() -> None:
    line = check_page_reader()

    assert line.startswith("trafilatura ")
    assert "read a sample page" in line
