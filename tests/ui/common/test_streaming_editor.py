"""Streaming editors: deltas buffered into few inserts, the view follows only from the
bottom, Markdown rendered at the end, one undo step per generation, hand edits tracked."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPalette, QTextCursor
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from headhunter_desktop.ui.common.streaming_editor import StreamingEditor
from headhunter_desktop.ui.common.streaming_line_edit import StreamingLineEdit

DELTAS_PER_TICK = 20


@pytest.fixture
def editor(qtbot: QtBot) -> StreamingEditor:
    widget = StreamingEditor()
    qtbot.addWidget(widget)
    widget.resize(320, 140)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def line_edit(qtbot: QtBot) -> StreamingLineEdit:
    widget = StreamingLineEdit()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def feed(qtbot: QtBot, editor: StreamingEditor, deltas: Sequence[str]) -> None:
    """Append `deltas` like a server would: a few per event-loop turn, not all at once."""
    remaining = list(deltas)
    timer = QTimer()

    def tick() -> None:
        for delta in remaining[:DELTAS_PER_TICK]:
            editor.append(delta)
        del remaining[:DELTAS_PER_TICK]
        if not remaining:
            timer.stop()

    timer.timeout.connect(tick)
    timer.start(0)
    qtbot.waitUntil(lambda: not remaining, timeout=20_000)


def wait_for_flush(qtbot: QtBot, editor: StreamingEditor | StreamingLineEdit) -> None:
    before = editor.flush_count()
    qtbot.waitUntil(lambda: editor.flush_count() > before, timeout=5000)


def lines(count: int, start: int = 0) -> str:
    return "".join(f"Line {i} of the generated text.\n" for i in range(start, start + count))


def test_two_thousand_deltas_reach_the_document_in_far_fewer_inserts(
    qtbot: QtBot, editor: StreamingEditor
) -> None:
    deltas = [f"w{i:03} " if i % 25 else "\n" for i in range(2000)]
    editor.begin_stream()
    inserts: list[int] = []
    editor.document().contentsChange.connect(lambda _pos, _removed, added: inserts.append(added))
    feed(qtbot, editor, deltas)
    # All of it on screen before the stream ends: flushes did the inserting, not end_stream.
    qtbot.waitUntil(lambda: editor.toPlainText() == "".join(deltas), timeout=5000)
    editor.end_stream(render_markdown=False)
    # At most one flush per event-loop turn of the feeder, plus the one at the end.
    assert 1 <= editor.flush_count() <= len(deltas) // DELTAS_PER_TICK + 1
    # Each flush is one insert: the document saw no per-delta changes; the replacement
    # that makes the generation one undo step adds two changes at the end.
    assert len(inserts) <= editor.flush_count() + 2
    assert editor.toPlainText() == "".join(deltas)


def test_deltas_are_buffered_and_appear_with_the_next_flush_mid_stream(
    qtbot: QtBot, editor: StreamingEditor
) -> None:
    editor.begin_stream()
    editor.append("Hello ")
    editor.append("world")
    assert editor.toPlainText() == ""  # appending only buffers
    qtbot.waitUntil(lambda: editor.toPlainText() == "Hello world", timeout=5000)
    assert editor.is_streaming() and editor.flush_count() == 1
    assert editor.isReadOnly()
    assert editor.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


def test_the_view_follows_the_text_only_when_it_was_at_the_bottom(
    qtbot: QtBot, editor: StreamingEditor
) -> None:
    scroll_bar = editor.verticalScrollBar()
    editor.begin_stream()
    editor.append(lines(40))
    wait_for_flush(qtbot, editor)
    assert scroll_bar.maximum() > 0 and scroll_bar.value() == scroll_bar.maximum()

    scroll_bar.setValue(0)  # the user scrolls up to read
    editor.append(lines(40, start=40))
    wait_for_flush(qtbot, editor)
    assert scroll_bar.value() == 0

    scroll_bar.setValue(scroll_bar.maximum())  # back at the bottom: following again
    editor.append(lines(40, start=80))
    wait_for_flush(qtbot, editor)
    assert scroll_bar.value() == scroll_bar.maximum()
    editor.end_stream()
    assert scroll_bar.value() == 0  # complete: read from the start


def test_a_cut_off_answer_stays_in_view_where_it_stopped(
    qtbot: QtBot, editor: StreamingEditor
) -> None:
    scroll_bar = editor.verticalScrollBar()
    editor.begin_stream()
    editor.append(lines(60))
    wait_for_flush(qtbot, editor)
    editor.abort_stream()
    assert scroll_bar.value() == scroll_bar.maximum() > 0


def test_markdown_is_rendered_when_the_stream_ends_not_while_it_runs(
    qtbot: QtBot, editor: StreamingEditor
) -> None:
    finished: list[bool] = []
    editor.stream_finished.connect(finished.append)
    editor.begin_stream()
    for delta in ("Some *", "*bo", "ld** te", "xt"):
        editor.append(delta)
    wait_for_flush(qtbot, editor)
    assert editor.toPlainText() == "Some **bold** text"  # the source, while streaming

    editor.end_stream()
    assert editor.toPlainText() == "Some bold text"
    cursor = editor.document().find("bold")
    assert cursor.charFormat().fontWeight() == QFont.Weight.Bold
    assert editor.markdown() == "Some **bold** text"
    assert finished == [True] and not editor.isReadOnly()


def test_end_without_markdown_keeps_the_text_as_written(
    qtbot: QtBot, editor: StreamingEditor
) -> None:
    editor.begin_stream()
    editor.append("a **literal** value")
    editor.end_stream(render_markdown=False)
    assert editor.toPlainText() == "a **literal** value"
    assert editor.markdown() == "a **literal** value"


@pytest.mark.parametrize("completed", [True, False])
def test_the_finished_text_is_not_left_selected(
    qtbot: QtBot, editor: StreamingEditor, completed: bool
) -> None:
    # A selection of the whole answer would be replaced by the next key typed into it.
    editor.begin_stream()
    editor.append("Hello world. " * 40)
    editor.end_stream() if completed else editor.abort_stream()
    # Once laid out (lazily: clearing it at once would lay out the whole text).
    qtbot.waitUntil(lambda: not editor.textCursor().hasSelection(), timeout=5000)
    assert editor.textCursor().position() == 0


def test_abort_keeps_what_was_received_and_drops_later_deltas(
    qtbot: QtBot, editor: StreamingEditor
) -> None:
    finished: list[bool] = []
    editor.stream_finished.connect(finished.append)
    editor.begin_stream()
    editor.append("First **part**")
    wait_for_flush(qtbot, editor)
    editor.append(", still buffered")
    editor.abort_stream()
    assert editor.toPlainText() == "First **part**, still buffered"
    editor.append(" (arrived after the cancel)")
    qtbot.wait(50)
    assert editor.toPlainText() == "First **part**, still buffered"
    assert finished == [False]
    assert not editor.is_streaming() and not editor.isReadOnly()


def test_one_undo_brings_back_the_text_from_before_the_generation(
    qtbot: QtBot, editor: StreamingEditor
) -> None:
    editor.set_value("# Old posting\n\n- kept skill")
    before = editor.toPlainText()
    editor.begin_stream()
    feed(qtbot, editor, [f"token{i} " for i in range(300)])
    assert not editor.document().isUndoAvailable()  # no undo step per insert
    editor.end_stream()
    generated = editor.toPlainText()
    assert generated.startswith("token0 token1")

    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText() == before
    assert not editor.document().isUndoAvailable()  # it was exactly one step
    editor.redo()
    assert editor.toPlainText() == generated


def test_the_finished_text_is_laid_out_between_frames_not_in_the_call_that_ends_it(
    qtbot: QtBot, editor: StreamingEditor
) -> None:
    # Laying out a long answer at once froze the window for 40 ms; Qt lays out a
    # document set in one piece lazily, a growing slice per timer tick (the part in view
    # first: here the top, where the user scrolled to read).
    paragraphs = [f"Paragraph {n} " + "with several words of text " * 12 for n in range(400)]
    page_size = editor.document().pageSize()
    editor.begin_stream()
    editor.append("\n\n".join(paragraphs))
    wait_for_flush(qtbot, editor)
    editor.verticalScrollBar().setValue(0)
    editor.end_stream()
    document = editor.document()
    assert document.pageSize() == page_size
    assert document.lastBlock().layout().lineCount() == 0  # not laid out yet
    qtbot.waitUntil(lambda: document.lastBlock().layout().lineCount() > 0, timeout=10_000)
    assert editor.toPlainText().split("\n")[-1] == paragraphs[-1].strip()


def test_edited_by_user_is_false_after_a_stream_and_true_after_a_keystroke(
    qtbot: QtBot, editor: StreamingEditor
) -> None:
    edits: list[None] = []
    editor.edited.connect(lambda: edits.append(None))
    editor.begin_stream()
    editor.append("Generated text")
    wait_for_flush(qtbot, editor)
    qtbot.keyClicks(editor, "typed while streaming")  # read-only: ignored
    editor.end_stream()
    assert editor.toPlainText() == "Generated text"
    assert not editor.was_edited_by_user() and edits == []

    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, "!")
    assert editor.was_edited_by_user() and edits
    assert editor.toPlainText() == "Generated text!"
    assert editor.text_for_prompt() == "Generated text!"

    editor.begin_stream()
    editor.end_stream()
    assert not editor.was_edited_by_user()


def test_a_loaded_value_is_not_a_hand_edit_unless_said_so(editor: StreamingEditor) -> None:
    edits: list[None] = []
    editor.edited.connect(lambda: edits.append(None))
    editor.set_value("Saved **profile**")
    assert editor.toPlainText() == "Saved profile" and editor.markdown() == "Saved **profile**"
    assert not editor.was_edited_by_user() and edits == []
    editor.set_value("Written by a recruiter", edited_by_user=True)
    assert editor.was_edited_by_user() and edits == []


def test_the_text_area_keeps_its_width_when_the_text_overflows(
    qtbot: QtBot, editor: StreamingEditor
) -> None:
    width = editor.viewport().width()
    editor.begin_stream()
    editor.append(lines(60))
    wait_for_flush(qtbot, editor)
    assert editor.verticalScrollBar().maximum() > 0
    assert editor.viewport().width() == width  # no scroll bar popping in to re-wrap text
    editor.end_stream()


def test_the_writing_badge_uses_palette_roles_and_stays_readable_in_a_dark_palette(
    qtbot: QtBot, editor: StreamingEditor
) -> None:
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    dark.setColor(QPalette.ColorRole.PlaceholderText, QColor("#9a9ea6"))
    editor.setPalette(dark)
    badge = editor.findChild(QLabel, "writingBadge")
    assert not badge.isVisible()
    editor.begin_stream()
    assert badge.isVisible()
    text = badge.palette().color(badge.foregroundRole())
    background = badge.palette().color(badge.backgroundRole())
    assert background == QColor("#1e1f22")
    assert text.lightness() - background.lightness() > 100
    assert editor.viewport().geometry().contains(badge.geometry())
    editor.end_stream()
    assert not badge.isVisible()


def test_line_edit_fills_from_deltas_and_finishes_as_one_trimmed_undo_step(
    qtbot: QtBot, line_edit: StreamingLineEdit
) -> None:
    line_edit.setPlaceholderText("Job title")
    line_edit.set_value("Old title")
    line_edit.begin_stream()
    assert line_edit.placeholderText() == "Writing…" and line_edit.isReadOnly()
    for delta in (" Senior ", "Data\n", "Engineer "):
        line_edit.append(delta)
    assert line_edit.text() == ""
    qtbot.waitUntil(lambda: line_edit.text() == " Senior Data Engineer ", timeout=5000)
    line_edit.end_stream()
    assert line_edit.text() == "Senior Data Engineer"
    assert line_edit.placeholderText() == "Job title" and not line_edit.isReadOnly()
    assert not line_edit.was_edited_by_user()

    line_edit.undo()
    assert line_edit.text() == "Old title" and not line_edit.isUndoAvailable()
    assert line_edit.was_edited_by_user()  # an undo is the user's change too


def test_line_edit_tracks_keystrokes_and_abort_keeps_the_text(
    qtbot: QtBot, line_edit: StreamingLineEdit
) -> None:
    edits: list[None] = []
    line_edit.edited.connect(lambda: edits.append(None))
    line_edit.begin_stream()
    line_edit.append("Berl")
    line_edit.abort_stream()
    line_edit.append("in")
    assert line_edit.text() == "Berl" and edits == []
    assert not line_edit.was_edited_by_user()

    line_edit.end(False)
    qtbot.keyClicks(line_edit, "in")
    assert line_edit.text() == "Berlin"
    assert line_edit.was_edited_by_user() and len(edits) == 2
    assert line_edit.text_for_prompt() == "Berlin"
