"""StreamingLineEdit: a one-line field (title, location…) a streamed value fills.

The one-line sibling of `StreamingEditor` (streaming_editor.py), with the same calls and
signals, for structured output whose fields are short: deltas are buffered and shown
once a frame, the field is read-only while it fills, the finished value is one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from headhunter_desktop.ui.common.stream_buffer import StreamBuffer
from headhunter_desktop.ui.common.streaming_editor import WRITING_TEXT


class StreamingLineEdit(QLineEdit):
    """A one-line field (title, location…) that a short streamed value fills.

    Same calls and signals as `StreamingEditor`; line breaks in the value become spaces,
    and the finished value, trimmed, is one undo step.

    Signals:
        stream_started(): a generation began; the field is read-only until it ends.
        stream_finished(bool): it ended: True when complete, False when aborted.
        edited(): the user changed the text (typing, pasting, undo), not a stream.
        chunk_flushed(int): buffered deltas reached the field; how many.
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
        self._replacing = False  # replace_value() changes the text, the user does not
        self._before_stream = ""
        self._placeholder = ""
        self.textEdited.connect(self._on_text_edited)

    def begin_stream(self) -> None:
        """Empty the field for a generation; its text is kept for undo."""
        if self._streaming:
            self.abort_stream()
        self._before_stream = self.text()
        self._streaming = True
        self._buffer.reset()
        self.setText("")
        self.setReadOnly(True)
        # Shown until the first characters arrive; a badge would not fit in one line.
        self._placeholder = self.placeholderText()
        self.setPlaceholderText(WRITING_TEXT)
        self.stream_started.emit()

    def append(self, delta: str) -> None:
        """Buffer `delta`; it reaches the screen with the next flush, about a frame later."""
        if self._streaming:
            self._buffer.push(delta)

    def flush(self) -> None:
        """Insert what is buffered now (a caller that already batches per frame)."""
        self._buffer.flush()

    def end_stream(self) -> None:
        """The value is complete: insert what is buffered and trim it."""
        if self._streaming:
            self._finish(completed=True)

    def abort_stream(self) -> None:
        """Stop streaming (cancel, error) and keep what was received."""
        if self._streaming:
            self._finish(completed=False)

    def is_streaming(self) -> bool:
        return self._streaming

    def was_edited_by_user(self) -> bool:
        """The user changed the text since the last generation ended (or it was loaded)."""
        return self._edited_by_user

    def set_value(self, text: str, *, edited_by_user: bool = False) -> None:
        """Show a saved value; `edited_by_user` says whether a person wrote it."""
        if self._streaming:
            self.abort_stream()
        self.setText(text)
        self._edited_by_user = edited_by_user

    def replace_value(self, text: str) -> None:
        """Show `text` as one undo step: Ctrl+Z brings back what was there (setText()
        would clear the undo history). Not a person's edit."""
        if self._streaming:
            self.abort_stream()
        self._replacing = True
        try:
            self.selectAll()
            self.insert(text)  # reports a textEdited, which is not the user's
        finally:
            self._replacing = False
        self.setCursorPosition(0)
        self._edited_by_user = False

    def text_for_prompt(self) -> str:
        return self.text().strip()

    def flush_count(self) -> int:
        """Inserts into the field during the current (or last) stream."""
        return self._buffer.flush_count()

    def _insert_chunk(self, chunk: str) -> None:
        self.setText(self.text() + chunk.replace("\n", " "))

    def _finish(self, completed: bool) -> None:
        self._buffer.flush()
        value = " ".join(self.text().split())
        # setText() clears the undo history: the old text unrecorded, then one step.
        self.setText(self._before_stream)
        self.selectAll()
        self.insert(value)  # reports a textEdited: still streaming, so not the user's
        self.setCursorPosition(0)  # a long value shows its beginning
        self.setPlaceholderText(self._placeholder)
        self.setReadOnly(False)
        self._streaming = False
        self._edited_by_user = False
        self.stream_finished.emit(completed)

    def _on_text_edited(self, _text: str) -> None:
        if self._streaming or self._replacing:
            return
        self._edited_by_user = True
        self.edited.emit()
