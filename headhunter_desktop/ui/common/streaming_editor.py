"""StreamingEditor: a multi-line field LLM output streams into (one-line fields:
streaming_line_edit.py).

After qtconsole's console widget and FeelUOwn's AI panel: a delta is only buffered on
arrival and a frame timer inserts what arrived with one cursor call at the end of the
document (`StreamBuffer`); the view follows the text only when it was at the bottom
already; Markdown is rendered once, when the stream is complete, and the view then
shows the answer from its start. While streaming, the
field is read-only (text can still be selected and copied) and undo is off, so the
thousands of inserts leave no trace; the finished generation is then one undo step,
and Ctrl+Z brings back the text from before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QRect, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QPalette,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
)
from PySide6.QtWidgets import QLabel, QSizePolicy, QTextEdit, QWidget

from headhunter_desktop.ui.common.stream_buffer import StreamBuffer

WRITING_TEXT = "Writing…"
BADGE_MARGIN = 6


class StreamingEditor(QTextEdit):
    """A multi-line field a generation streams into, rendered as Markdown when complete.

    `begin_stream()`, then `append(delta)` per delta (cheap: it only buffers), then
    `end_stream()` when the answer is complete or `abort_stream()` on cancel or error
    (what was received stays, as plain text). Deltas appended when no stream is open are
    dropped: they belong to a stream that was cancelled.

    Signals:
        stream_started(): a generation began; the field is read-only until it ends.
        stream_finished(bool): it ended: True when complete, False when aborted.
        edited(): the user changed the text (typing, pasting, undo), not a stream.
        chunk_flushed(int): buffered deltas reached the document; how many.
    """

    stream_started = Signal()
    stream_finished = Signal(bool)
    edited = Signal()
    chunk_flushed = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._buffer = StreamBuffer(self._insert_chunk, self)
        self._buffer.flushed.connect(self.chunk_flushed)
        self._streaming = False
        self._edited_by_user = False
        self._loading = False  # set_value() changes the text, the user does not
        self._before_stream = QTextDocumentFragment()
        self._rendered = False  # the document shows Markdown rendered, not its source
        # The model's exact Markdown while nobody edited it (toMarkdown() re-wraps lines).
        self._markdown_source: str | None = None
        self._badge = WritingBadge(self)
        # Pasted HTML would bring fonts and colours Markdown cannot say.
        self.setAcceptRichText(False)
        # A scroll bar appearing mid-stream would narrow the text and re-wrap every line.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.document().contentsChanged.connect(self._on_contents_changed)

    def begin_stream(self) -> None:
        """Empty the field for a generation; its text is kept for undo."""
        if self._streaming:
            self.abort_stream()
        self._before_stream = QTextDocumentFragment(self.document())
        self._streaming = True
        self._rendered = False
        self._markdown_source = None
        self._buffer.reset()
        self.document().setUndoRedoEnabled(False)
        self.setPlainText("")  # also drops the block format of a heading or list
        self.setReadOnly(True)
        self._badge.show()
        self.stream_started.emit()

    def append(self, delta: str) -> None:
        """Buffer `delta`; it reaches the screen with the next flush, about a frame later."""
        if self._streaming:
            self._buffer.push(delta)

    def flush(self) -> None:
        """Insert what is buffered now (a caller that already batches per frame)."""
        self._buffer.flush()

    def end_stream(self, render_markdown: bool = True) -> None:
        """The answer is complete: insert what is buffered and render it as Markdown once."""
        if self._streaming:
            self._finish(render_markdown, completed=True)

    def abort_stream(self) -> None:
        """Stop streaming (cancel, error) and keep what was received, as plain text."""
        if self._streaming:
            self._finish(render_markdown=False, completed=False)

    def is_streaming(self) -> bool:
        return self._streaming

    def was_edited_by_user(self) -> bool:
        """The user changed the text since the last generation ended (or it was loaded)."""
        return self._edited_by_user

    def set_value(
        self, markdown: str, *, edited_by_user: bool = False, render_markdown: bool = True
    ) -> None:
        """Show a saved value, rendered (or, with `render_markdown=False`, as plain text,
        as a stream ended with `end_stream(False)` shows it); `edited_by_user` says
        whether a person wrote it."""
        if self._streaming:
            self.abort_stream()
        self._loading = True
        try:
            if render_markdown:
                self.setMarkdown(markdown)
            else:
                self.setPlainText(markdown)
        finally:
            self._loading = False
        self._rendered = render_markdown
        self._markdown_source = markdown if render_markdown else None
        self._edited_by_user = edited_by_user

    def replace_value(self, markdown: str, *, render_markdown: bool = True) -> None:
        """Show a value as `set_value` does, but as one undo step: Ctrl+Z brings back what
        was there (setMarkdown()/setPlainText() would clear the undo history)."""
        if self._streaming:
            self.abort_stream()
        if render_markdown:
            fragment = QTextDocumentFragment.fromMarkdown(markdown)
        else:
            fragment = QTextDocumentFragment.fromPlainText(markdown)
        self._loading = True
        try:
            cursor = QTextCursor(self.document())
            cursor.beginEditBlock()
            _replace_all(cursor, fragment)
            cursor.endEditBlock()
        finally:
            self._loading = False
        self._rendered = render_markdown
        self._markdown_source = markdown if render_markdown else None
        self._edited_by_user = False

    def markdown(self) -> str:
        """The value as Markdown: what the model wrote, or the document's after edits."""
        if self._markdown_source is not None:
            return self._markdown_source
        if not self._rendered:
            return self.toPlainText()  # streamed text not rendered is Markdown source
        return self.document().toMarkdown().rstrip("\n")

    def text_for_prompt(self) -> str:
        """The value to quote in a prompt: Markdown keeps lists and emphasis for the model."""
        return self.markdown().strip()

    def flush_count(self) -> int:
        """Inserts into the document during the current (or last) stream."""
        return self._buffer.flush_count()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._badge.place(self.viewport().geometry())

    def _insert_chunk(self, chunk: str) -> None:
        scroll_bar = self.verticalScrollBar()
        follow = scroll_bar.value() >= scroll_bar.maximum()
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.beginEditBlock()
        cursor.insertText(chunk)
        cursor.endEditBlock()
        if follow:
            scroll_bar.setValue(scroll_bar.maximum())

    def _finish(self, render_markdown: bool, completed: bool) -> None:
        self._buffer.flush()
        received = self.toPlainText()
        if render_markdown:
            result = QTextDocumentFragment.fromMarkdown(received)
            self._markdown_source = received
        else:
            result = QTextDocumentFragment(self.document())
        scroll_bar = self.verticalScrollBar()
        following = scroll_bar.value() >= scroll_bar.maximum()
        self._replace_as_one_undo_step(result)
        if following:
            # A complete answer is read from its start, as a saved one is shown; a cut-off
            # one where it stopped. (The end in view would also make Qt lay out the
            # whole text at once, which the deferred layout avoids.)
            scroll_bar.setValue(0 if completed else scroll_bar.maximum())
        self._streaming = False  # only now: the replacement above is not a hand edit
        self._rendered = render_markdown
        self._edited_by_user = False
        self.setReadOnly(False)
        self._badge.hide()
        self.stream_finished.emit(completed)

    def _replace_as_one_undo_step(self, result: QTextDocumentFragment) -> None:
        # Undo is off: put the old text back unrecorded, switch undo on, then replace it
        # with the result in one edit block, the one step Ctrl+Z takes back.
        document = self.document()
        cursor = QTextCursor(document)
        # The caret stays at the start: one at the end would be shown at once, and Qt
        # would lay out everything above it to find where.
        caret = QTextCursor(document)
        caret.setKeepPositionOnInsert(True)
        self.setTextCursor(caret)
        with _layout_deferred(document):
            _replace_all(cursor, self._before_stream)
            document.setUndoRedoEnabled(True)
            cursor.beginEditBlock()
            _replace_all(cursor, result)
            cursor.endEditBlock()
            # Qt keeps the caret's position on insert, not its anchor: the whole answer
            # is now selected, and the first key typed would replace it. Collapsed here,
            # while nothing is laid out, repainting the old selection costs nothing.
            self.setTextCursor(QTextCursor(document))
        self._before_stream = QTextDocumentFragment()

    def _on_contents_changed(self) -> None:
        if self._streaming or self._loading:
            return
        self._edited_by_user = True
        self._markdown_source = None
        self.edited.emit()


class WritingBadge(QLabel):
    """A quiet "Writing…" in the corner of a field while a generation streams into it."""

    def __init__(self, parent: QWidget):
        super().__init__(WRITING_TEXT, parent)
        self.setObjectName("writingBadge")
        # Palette roles, so a dark palette keeps it readable.
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.setContentsMargins(4, 1, 4, 1)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.adjustSize()
        self.hide()

    def place(self, area: QRect) -> None:
        """Sit in the bottom-right corner of `area` (the editor's viewport)."""
        size = self.sizeHint()
        self.resize(size)
        self.move(
            area.right() - size.width() - BADGE_MARGIN + 1,
            area.bottom() - size.height() - BADGE_MARGIN + 1,
        )


@contextmanager
def _layout_deferred(document: QTextDocument) -> Iterator[None]:
    """Edit `document` without laying it out, then lay it out in steps between frames.

    A change to a shown document is laid out at once, in full: 40 ms for a 75 KB answer
    replaced by its Markdown rendering. With no page size the layout skips the change;
    setting the size back then lays out the whole document as Qt does for a new one,
    lazily, a growing slice per timer tick (a few ms each).
    """
    page_size = document.pageSize()
    document.setPageSize(QSizeF(0, 0))
    try:
        yield
    finally:
        document.setPageSize(page_size)


def _replace_all(cursor: QTextCursor, fragment: QTextDocumentFragment) -> None:
    cursor.select(QTextCursor.SelectionType.Document)
    if fragment.isEmpty():
        cursor.removeSelectedText()  # insertFragment() ignores an empty fragment entirely
    else:
        cursor.insertFragment(fragment)
