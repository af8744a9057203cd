"""The merge view on its own: yours beside what was found with its source, every row at
"Keep mine" until the recruiter chooses, one by one or all at once."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from headhunter_desktop.core.domain.client_profile import FieldSource
from headhunter_desktop.core.services.company_profiles import FieldConflict
from headhunter_desktop.ui.companies.merge_view import EMPTY_TEXT, MergeView

ABOUT = "https://acme.example/about"
CONFLICTS = [
    FieldConflict(
        "tagline", "Tagline", "Our own line", "Bridges that last",
        FieldSource(url="https://acme.example/", method="json-ld"),
    ),
    FieldConflict(
        "values", "Values", ["Speed"], ["Safety", "Craft"],
        FieldSource(url=ABOUT, method="page-text"),
    ),
    FieldConflict("industry", "Industry", "Engineering", "Bridge engineering", None),
]  # fmt: skip


def shown_texts(view: MergeView) -> list[str]:
    return [label.text() for label in view.findChildren(QLabel) if label.text()]


def test_rows_show_both_values_and_the_source_and_start_at_keep(qtbot: QtBot) -> None:
    view = MergeView()
    qtbot.addWidget(view)
    view.show_conflicts(CONFLICTS)
    texts = shown_texts(view)
    assert view.title.text() == "3 fields differ from what was found"
    for expected in ("Our own line", "Bridges that last", "JSON-LD on acme.example",
                     "• Safety\n• Craft", "from acme.example/about (page text)"):  # fmt: skip
        assert expected in texts
    assert view.fields() == ["tagline", "values", "industry"]
    assert view.accepted() == set()  # nothing replaced unless chosen


def test_one_by_one_and_all_at_once(qtbot: QtBot) -> None:
    view = MergeView()
    qtbot.addWidget(view)
    resolved: list[set[str]] = []
    view.resolved.connect(resolved.append)
    view.show_conflicts(CONFLICTS)
    view.set_choice("values", True)
    view.apply_button.click()
    view.accept_all_button.click()
    view.keep_all_button.click()
    assert resolved == [{"values"}, {"tagline", "values", "industry"}, set()]

    # Shown again for another read: the old rows are gone.
    view.show_conflicts(CONFLICTS[:1])
    assert (
        view.fields() == ["tagline"] and view.title.text() == "1 field differs from what was found"
    )


def test_an_empty_current_value_says_so(qtbot: QtBot) -> None:
    view = MergeView()
    qtbot.addWidget(view)
    view.show_conflicts([FieldConflict("mission", "Mission", "", "Safe crossings", None)])
    assert EMPTY_TEXT in shown_texts(view)
