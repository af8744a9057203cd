"""The field form: events fill only the fields being streamed, values read back as the
model's JSON, hand edits are tracked, and the per-field controls behave."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSlider, QComboBox, QLabel
from pytestqt.qtbot import QtBot

from headhunter_desktop.core.domain.job_posting import JobPostingDraft
from headhunter_desktop.core.services.field_updates import (
    FieldCompleted,
    ItemStarted,
    ObjectCompleted,
    TextDelta,
)
from headhunter_desktop.ui.common.field_form import FieldForm
from headhunter_desktop.ui.common.field_specs import line, text
from tests.helpers.field_forms import (
    JOB_FIELDS,
    POSTING_FIELDS,
    Posting,
    Template,
    list_lines,
    sample_posting,
    text_of,
)


@pytest.fixture
def form(qtbot: QtBot) -> FieldForm:
    widget = FieldForm(POSTING_FIELDS)
    qtbot.addWidget(widget)
    widget.resize(640, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def done(path: tuple, value: object, validated: object = None, error: str | None = None):
    return FieldCompleted(path, value, value if validated is None else validated, error)


def test_values_round_trip_through_the_model(qtbot: QtBot, form: FieldForm) -> None:
    posting = sample_posting()
    form.set_values(posting.model_dump(mode="json"))
    assert form.values() == posting.model_dump(mode="json")
    assert Posting.model_validate(form.values()) == posting
    assert form.edited_fields() == set()


def test_a_job_postings_values_validate_as_the_domain_model(qtbot: QtBot) -> None:
    form = FieldForm(JOB_FIELDS)
    qtbot.addWidget(form)
    draft = JobPostingDraft.model_validate(
        {
            "title": "Platform Engineer",
            "description": "Run the **platform**.",
            "responsibilities": ["Keep it up", "Make it fast"],
            "employment_type": "FULL_TIME",
            "years_of_experience": 4,
            "salary_range": {"min": 70000, "max": 85000.5, "currency": "EUR", "period": "YEAR"},
        }
    )
    form.set_values(draft.model_dump(mode="json"))
    values = form.values()
    assert values["location"] is None  # an object with nothing in it is not stated
    salary = {"min": 70000, "max": 85000.5, "currency": "EUR", "period": "YEAR"}
    assert values["salary_range"] == salary
    assert JobPostingDraft.model_validate(values) == draft


def test_events_fill_the_streamed_fields_and_leave_the_others(
    qtbot: QtBot, form: FieldForm
) -> None:
    form.set_values(sample_posting().model_dump(mode="json"))
    before = form.values()
    form.begin_stream(["description", "skills"])
    assert text_of(form, "description") == "" and form.is_streaming()
    form.apply(
        [
            TextDelta(("description",), "Fresh **te"),
            TextDelta(("title",), "not streaming: ignored"),
            TextDelta(("unknown",), "no such field"),
            ObjectCompleted({}),
            ItemStarted(("skills",), 0),
            TextDelta(("skills", 0), "Rust"),
        ]
    )
    # Shown at once (apply is called once per frame), Markdown source while it streams.
    assert text_of(form, "description") == "Fresh **te"
    assert form.field("description").editor.isReadOnly()
    assert not form.field("title").editor.isReadOnly()  # the others stay editable
    form.apply([TextDelta(("description",), "xt**"), done(("description",), "Fresh **text**")])
    # Complete: all its text at once, rendered in a turn of its own (a long value's
    # Markdown takes milliseconds, not to be added to the frame inserting the next field).
    assert text_of(form, "description") == "Fresh **text**"
    qtbot.waitUntil(lambda: text_of(form, "description") == "Fresh text")
    assert not form.field("description").editor.isReadOnly()
    form.end_stream(["description", "skills"], completed=True)
    after = form.values()
    assert after["description"] == "Fresh **text**" and after["skills"] == ["Rust"]
    assert {k: v for k, v in after.items() if k not in ("description", "skills")} == {
        k: v for k, v in before.items() if k not in ("description", "skills")
    }


def test_a_field_completed_just_before_the_stream_ends_is_rendered_by_the_end(
    qtbot: QtBot, form: FieldForm
) -> None:
    form.begin_stream(["description", "skills"])
    form.apply([TextDelta(("description",), "*Done*"), done(("description",), "*Done*")])
    form.end_stream(["description", "skills"], completed=False)  # before its turn came
    assert text_of(form, "description") == "Done"  # it was complete: rendered, not cut off
    assert not form.field("description").is_streaming() and not form.is_streaming()

    form.begin_stream(["description"])
    form.apply([TextDelta(("description",), "**A**"), done(("description",), "**A**")])
    form.begin_stream(["skills"])  # another stream starts first: the field is closed first
    assert text_of(form, "description") == "A"
    assert form.field("skills").is_streaming() and not form.field("description").is_streaming()


def test_ending_one_field_leaves_the_others_rendering_to_its_own_turn(
    qtbot: QtBot, form: FieldForm
) -> None:
    # The runner ends a stream's fields one a turn: ending the first must not render all.
    form.begin_stream(["description", "skills"])
    form.apply(
        [
            TextDelta(("description",), "*D*"),
            done(("description",), "*D*"),
            ItemStarted(("skills",), 0),
            TextDelta(("skills", 0), "Go"),
            done(("skills",), ["Go"]),
        ]
    )
    form.end_stream(["description"], completed=True)
    assert text_of(form, "description") == "D"
    assert form.field("skills").is_streaming()
    qtbot.waitUntil(lambda: not form.field("skills").is_streaming())
    assert form.values()["skills"] == ["Go"]


def test_a_cancelled_stream_keeps_what_arrived_as_written(qtbot: QtBot, form: FieldForm) -> None:
    form.begin_stream(["description"])
    form.apply([TextDelta(("description",), "Half a **sentence")])
    form.end_stream(["description"], completed=False)
    assert text_of(form, "description") == "Half a **sentence"
    assert form.values()["description"] == "Half a **sentence"
    assert not form.field("description").editor.isReadOnly() and not form.is_streaming()


def test_list_items_are_lines_and_typed_lines_are_items(qtbot: QtBot, form: FieldForm) -> None:
    form.begin_stream(["skills"])
    form.apply([ItemStarted(("skills",), 0), TextDelta(("skills", 0), "Python")])
    assert list_lines(form, "skills") == ["- Python"]
    form.apply([ItemStarted(("skills",), 1), TextDelta(("skills", 1), "multi\nline")])
    form.apply([ItemStarted(("skills",), 2), done(("skills", 2), 42)])
    assert list_lines(form, "skills") == ["- Python", "- multi line", "- 42"]
    form.apply([done(("skills",), ["Python", "multi\nline", 42])])
    assert form.values()["skills"] == ["Python", "multi line", "42"]
    qtbot.waitUntil(lambda: not form.field("skills").is_streaming())  # editable again

    editor = form.field("skills").editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    for typed in ("", "", "* Go", "3. Terraform", "no marker"):
        qtbot.keyClicks(editor, typed)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "-")
    assert form.values()["skills"] == [
        "Python",
        "multi line",
        "42",
        "Go",
        "Terraform",
        "no marker",
    ]
    assert form.edited_fields() == {"skills"}


def test_choices_and_numbers_are_set_when_their_value_is_complete(
    qtbot: QtBot, form: FieldForm
) -> None:
    form.begin_stream(["level", "years"])
    combo: QComboBox = form.field("level").combo
    assert combo.currentIndex() == -1 and combo.placeholderText() == "Writing…"
    form.apply([TextDelta(("level",), "Sen"), TextDelta(("level",), "ior")])
    assert form.values()["level"] is None  # a choice is set once complete
    # The schema's enum refused "Senior"; the option is found by its label anyway.
    form.apply([done(("level",), "Senior", None, "not a valid level"), done(("years",), 7)])
    assert form.values()["level"] == "senior" and form.values()["years"] == 7
    assert form.is_streaming() and not form.field("years").is_streaming()
    form.end_stream(["level", "years"], completed=True)
    assert combo.isEnabled() and form.edited_fields() == set()


def test_object_list_items_appear_as_they_start_and_fill(qtbot: QtBot, form: FieldForm) -> None:
    form.begin_stream(["templates"])
    templates = form.field("templates")
    assert templates.items == []
    form.apply([ItemStarted(("templates",), 0), TextDelta(("templates", 0, "title"), "Data E")])
    assert len(templates.items) == 1
    assert templates.items[0].fields["title"].editor.text() == "Data E"
    form.apply(
        [
            TextDelta(("templates", 0, "title"), "ngineer"),
            done(("templates", 0, "title"), "Data Engineer"),
            ItemStarted(("templates", 0, "technologies"), 0),
            TextDelta(("templates", 0, "technologies", 0), "dbt"),
            done(("templates", 0), {}, Template(title="Data Engineer", technologies=["dbt"])),
            ItemStarted(("templates",), 1),
            TextDelta(("templates", 1, "description"), "Reads"),
        ]
    )
    assert len(templates.items) == 2
    assert templates.items[1].fields["description"].editor.toPlainText() == "Reads"
    assert not templates.items[0].is_streaming() and templates.items[1].is_streaming()
    form.end_stream(["templates"], completed=False)
    assert form.values()["templates"] == [
        {"title": "Data Engineer", "description": "", "technologies": ["dbt"]},
        {"title": "", "description": "Reads", "technologies": []},
    ]
    labels = {label.text() for label in form.findChildren(QLabel)}
    assert {"Template 1", "Template 2"} <= labels


def test_templates_are_added_and_removed_by_hand(qtbot: QtBot, form: FieldForm) -> None:
    form.set_values(sample_posting().model_dump(mode="json"))
    edits: list[str] = []
    form.edited.connect(edits.append)
    templates = form.field("templates")
    qtbot.mouseClick(templates._add, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(templates.items[2].fields["title"].editor, "Analytics Engineer")
    assert [t["title"] for t in form.values()["templates"]] == [
        "Data Engineer",
        "Analyst",
        "Analytics Engineer",
    ]
    qtbot.mouseClick(templates.items[0]._remove, Qt.MouseButton.LeftButton)
    assert [t["title"] for t in form.values()["templates"]] == ["Analyst", "Analytics Engineer"]
    assert form.edited_fields() == {"templates"} and set(edits) == {"templates"}


def test_edited_fields_follow_typing_loading_and_streams(qtbot: QtBot, form: FieldForm) -> None:
    edits: list[str] = []
    form.edited.connect(edits.append)
    form.set_values(sample_posting().model_dump(mode="json"), edited_fields=["title"])
    assert form.edited_fields() == {"title"} and edits == []

    description = form.field("description").editor
    description.moveCursor(description.textCursor().MoveOperation.End)
    qtbot.keyClicks(description, " More.")
    form.field("level").combo.setFocus()
    qtbot.keyClick(form.field("level").combo, Qt.Key.Key_Up)
    qtbot.keyClicks(form.field("years").editor, "1")
    assert form.edited_fields() == {"title", "description", "level", "years"}
    assert set(edits) == {"description", "level", "years"}
    assert form.values()["years"] == 51 and form.values()["level"] == "junior"

    form.begin_stream(["title"])
    form.apply([TextDelta(("title",), "New title"), done(("title",), "New title")])
    form.end_stream(["title"], completed=True)
    assert form.edited_fields() == {"description", "level", "years"}  # generated afresh
    form.set_values(sample_posting().model_dump(mode="json"))
    assert form.edited_fields() == set()


def test_regenerate_buttons_ask_and_wait_for_streams(qtbot: QtBot) -> None:
    specs = (line("name", "Name", regenerable=False), *POSTING_FIELDS)
    form = FieldForm(specs)
    qtbot.addWidget(form)
    form.show()
    asked: list[str] = []
    form.regenerate_requested.connect(asked.append)
    assert form.regenerate_button("name") is None
    button = form.regenerate_button("skills")
    assert button is not None and button.accessibleName() == "Regenerate Skills"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked == ["skills"]

    form.begin_stream(["description"])
    assert not any(form.regenerate_button(k).isEnabled() for k in form.field_keys() if k != "name")
    form.end_stream(["description"], completed=True)
    assert button.isEnabled()
    form.set_read_only(True)
    assert not button.isEnabled()


def test_suggested_fields_carry_a_visible_tag(qtbot: QtBot, form: FieldForm) -> None:
    form.set_suggested(["level", "years"])
    tags = [tag for tag in form.findChildren(QLabel, "suggestedTag") if tag.isVisible()]
    assert len(tags) == 2 and all(tag.text() == "suggested" for tag in tags)
    assert form.suggested() == {"level", "years"}
    form.set_suggested([])
    assert form.suggested() == set()


def test_a_note_beside_the_label_says_more_in_its_tooltip_and_cuts_to_fit(
    qtbot: QtBot, form: FieldForm
) -> None:
    note = "from acme.example/about-us/our-history-since-1950 (page text)"
    form.set_note("title", note, "Read from the text of https://acme.example/about-us")
    shown = next(w for w in form.findChildren(QLabel) if w.objectName() == "fieldNote" and w.text())
    assert form.note("title") == note and shown.text() == note
    assert shown.toolTip() == "Read from the text of https://acme.example/about-us"
    form.resize(260, 900)
    qtbot.waitUntil(lambda: shown.text() != note)
    assert shown.text().endswith("…") and shown.width() >= shown.minimumSizeHint().width()
    form.set_note("title", "")
    assert form.note("title") == "" and shown.text() == ""


def test_a_read_only_form_stays_read_only_after_a_stream(qtbot: QtBot, form: FieldForm) -> None:
    form.set_values(sample_posting().model_dump(mode="json"))
    form.set_read_only(True)
    assert form.field("title").editor.isReadOnly()
    assert not form.field("level").combo.isEnabled()
    assert not form.field("templates")._add.isVisible()
    form.begin_stream(["description"])
    form.apply([TextDelta(("description",), "x"), done(("description",), "x")])
    form.end_stream(["description"], completed=True)
    assert form.field("description").editor.isReadOnly()
    form.set_read_only(False)
    assert not form.field("description").editor.isReadOnly()
    assert form.field("templates")._add.isVisible()


def test_the_view_follows_the_field_being_written_until_the_user_scrolls(
    qtbot: QtBot, form: FieldForm
) -> None:
    form.resize(640, 260)
    viewport = form._scroll.viewport()
    qtbot.waitUntil(lambda: 0 < viewport.height() <= 260)  # laid out at its new size
    bar = form._scroll.verticalScrollBar()
    title, templates = form.field("title"), form.field("templates")
    assert bar.maximum() > 0 and bar.value() == 0
    assert templates.visibleRegion().isEmpty()
    form.begin_stream(["title", "templates"])
    form.apply([ItemStarted(("templates",), 0), TextDelta(("templates", 0, "title"), "A")])
    # Scrolled down to it, new item included: the layout places the item only after the
    # event that added it, so following by the geometry of that moment left it out.
    qtbot.waitUntil(lambda: not templates.items[0].visibleRegion().isEmpty(), timeout=2000)
    form.apply([TextDelta(("title",), "Back up")])
    assert title.visibleRegion() == title.rect()  # and back up to the title

    bar.triggerAction(QAbstractSlider.SliderAction.SliderToMaximum)  # the user scrolls
    form.apply([TextDelta(("templates", 0, "title"), "B")])
    form.apply([TextDelta(("title",), "again")])
    assert bar.value() == bar.maximum()  # left where the user put it
    form.end_stream(["title", "templates"], completed=True)


def test_long_text_fields_are_one_markdown_value(qtbot: QtBot) -> None:
    form = FieldForm((text("notes", "Notes", markdown=False), text("body", "Body")))
    qtbot.addWidget(form)
    form.set_values({"notes": "keep **stars**", "body": "# Heading\n\nText"})
    assert text_of(form, "notes") == "keep **stars**"
    assert text_of(form, "body") == "Heading\nText"
    assert form.values() == {"notes": "keep **stars**", "body": "# Heading\n\nText"}
