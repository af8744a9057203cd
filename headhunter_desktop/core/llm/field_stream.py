"""An incremental reader of a streamed JSON object that says, field by field, what was written.

Re-parsing the whole partial document on every delta is quadratic in its length (see
tests/benchmarks/bench_partial_json.py). This reader is a state machine over the new
characters only: each step handles one token or one run of string characters, so the work
per delta is O(len(delta)) whatever was received before. String contents — nearly all of
an answer — cost two `in` tests per delta, or one regex search when a delta ends a string.

The object's text is kept (`object_text`) for the one `model_validate_json` of the whole
answer at the end: the events are for editors, the final validation is still the caller's.
"""

from __future__ import annotations

import re
from typing import Any, NoReturn

from pydantic import BaseModel

from headhunter_desktop.core.llm.field_events import (
    FieldCompleted,
    FieldEvent,
    ItemStarted,
    ObjectCompleted,
    Path,
    TextDelta,
)
from headhunter_desktop.core.llm.field_schema import FieldSlot, root_slot

_STRING_STOP = re.compile(r'["\\]')
_NOT_SPACE = re.compile(r"[^ \t\n\r]")
_SCALAR_END = re.compile(r"[^-+.0-9A-Za-z]")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")  # int(x, 16) alone would take " 1_a" too
_LITERALS: dict[str, Any] = {"true": True, "false": False, "null": None}
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_SPACE = " \t\n\r"
_HIGH_SURROGATES = range(0xD800, 0xDC00)
_LOW_SURROGATES = range(0xDC00, 0xE000)


class JsonStreamError(ValueError):
    """The stream is not a JSON object (the model wrote something else)."""


class IncompleteJsonError(JsonStreamError):
    """The stream ended before its object closed."""


class _Container:
    """An object or a list being read: where it sits, its value so far, its pending key."""

    __slots__ = ("is_object", "key", "path", "slot", "value")

    def __init__(self, is_object: bool, path: Path, slot: FieldSlot | None) -> None:
        self.is_object = is_object
        self.path = path
        self.slot = slot
        self.value: Any = {} if is_object else []
        self.key = ""


class FieldStreamParser:
    """Feed it a streamed JSON object delta by delta; it answers with field events.

    Leading prose and a ```json fence are skipped (reading starts at the first `{`), and
    whatever follows the object's closing brace is ignored. With a schema, keys the schema
    does not know produce no events and each complete value is validated against its
    field's type; without one, every value is reported, unvalidated. After a
    JsonStreamError the parser is spent: start a new one for a new answer.
    """

    def __init__(self, schema: type[BaseModel] | None = None) -> None:
        self._chunks: list[str] = []
        self._start = self._end = 0  # where the object begins and ends in `text`
        self._stack: list[_Container] = []
        self._step = self._seek_object
        # The value being read (a string or a scalar): where it sits and its text so far.
        self._path: Path = ()
        self._slot: FieldSlot | None = root_slot(schema)
        self._pieces: list[str] = []
        self._is_key = False
        self._reports_text = False  # a string value the schema knows: its text is reported
        self._string_step = self._in_string  # bound once: `feed` checks it by identity
        self._pending = ""  # an escape or a number/literal split across deltas
        self._high_surrogate = ""  # the first half of a \\uXXXX pair, until the second

    @property
    def text(self) -> str:
        """Everything fed so far, for the final validation of the whole answer."""
        return "".join(self._chunks)

    @property
    def object_text(self) -> str:
        """The JSON object alone, without a fence or prose around it (once `complete`)."""
        return self.text[self._start : self._end]

    @property
    def complete(self) -> bool:
        """True once the object's closing brace has been read."""
        return self._step == self._after_object

    def feed(self, delta: str) -> list[FieldEvent]:
        """The events the characters of `delta` complete; raises JsonStreamError if the
        answer stops being JSON."""
        self._chunks.append(delta)
        if (
            self._step is self._string_step
            and '"' not in delta
            and "\\" not in delta
            and not self._high_surrogate
        ):  # most deltas are plain characters inside a string: no step machinery for them
            self._pieces.append(delta)
            return [TextDelta(self._path, delta)] if self._reports_text and delta else []
        events: list[FieldEvent] = []
        index, end = 0, len(delta)
        while index < end:
            index = self._step(delta, index, events)
        return events

    def finish(self) -> list[FieldEvent]:
        """Call at the end of the stream: raises IncompleteJsonError if the object is open."""
        if not self.complete:
            raise IncompleteJsonError("The answer ended before its JSON object was complete.")
        return []

    # Outside any string: structure, one token per step.

    def _seek_object(self, text: str, index: int, events: list[FieldEvent]) -> int:
        brace = text.find("{", index)
        if brace < 0:
            return len(text)
        self._start = self._fed_before() + brace
        self._open(True)
        return brace + 1

    def _key_or_end(self, text: str, index: int, events: list[FieldEvent]) -> int:
        if text[index] == "}":
            return self._close(index, events)
        return self._key(text, index, events)

    def _key(self, text: str, index: int, events: list[FieldEvent]) -> int:
        char = text[index]
        if char in _SPACE:
            return _skip_space(text, index)
        if char != '"':
            self._unexpected(text, index, "a key in double quotes")
        self._start_string(is_key=True)
        return index + 1

    def _colon(self, text: str, index: int, events: list[FieldEvent]) -> int:
        char = text[index]
        if char in _SPACE:
            return _skip_space(text, index)
        if char != ":":
            self._unexpected(text, index, "':' after a key")
        self._step = self._value
        return index + 1

    def _value_or_end(self, text: str, index: int, events: list[FieldEvent]) -> int:
        if text[index] == "]":
            return self._close(index, events)
        return self._value(text, index, events)

    def _value(self, text: str, index: int, events: list[FieldEvent]) -> int:
        char = text[index]
        if char in _SPACE:
            return _skip_space(text, index)
        self._enter_value(events)
        if char == '"':
            self._start_string(is_key=False)
        elif char == "{" or char == "[":
            self._open(char == "{")
        elif char == "-" or (char.isascii() and char.isalnum()):
            self._pending = ""
            self._step = self._in_scalar
            return index
        else:
            self._unexpected(text, index, "a value")
        return index + 1

    def _after_value(self, text: str, index: int, events: list[FieldEvent]) -> int:
        char = text[index]
        if char in _SPACE:
            return _skip_space(text, index)
        container = self._stack[-1]
        if char == ",":
            self._step = self._key if container.is_object else self._value
        elif char == ("}" if container.is_object else "]"):
            return self._close(index, events)
        else:
            self._unexpected(text, index, "',' or the end of the " + _kind(container))
        return index + 1

    def _after_object(self, text: str, index: int, events: list[FieldEvent]) -> int:
        return len(text)  # a closing fence or a remark after the object: not ours

    # Containers and values.

    def _enter_value(self, events: list[FieldEvent]) -> None:
        """Set the path and slot of the value starting here, inside the current container."""
        container = self._stack[-1]
        slot = container.slot
        key: str | int
        if container.is_object:
            key = container.key
        else:
            key = len(container.value)
            if slot is not None:
                events.append(ItemStarted(container.path, key))
        self._slot = None if slot is None else slot.child(key)
        self._path = (*container.path, key)

    def _open(self, is_object: bool) -> None:
        self._stack.append(_Container(is_object, self._path, self._slot))
        self._step = self._key_or_end if is_object else self._value_or_end

    def _close(self, index: int, events: list[FieldEvent]) -> int:
        """Complete the container whose closing bracket is at `index`; the index after it."""
        container = self._stack.pop()
        if not self._stack:
            self._end = self._fed_before() + index + 1
        self._path, self._slot = container.path, container.slot
        self._completed(container.value, events)
        return index + 1

    def _completed(self, value: Any, events: list[FieldEvent]) -> None:
        """Hand a complete value to its container and tell the editors."""
        if not self._stack:
            events.append(ObjectCompleted(value))
            self._step = self._after_object
            return
        container = self._stack[-1]
        if container.is_object:
            container.value[container.key] = value
        else:
            container.value.append(value)
        if self._slot is not None:
            validated, error = self._slot.validate(value)
            events.append(FieldCompleted(self._path, value, validated, error))
        self._step = self._after_value

    # Inside a string: runs of plain characters, escapes, the closing quote.

    def _start_string(self, is_key: bool) -> None:
        self._is_key = is_key
        self._reports_text = not is_key and self._slot is not None
        self._pieces = []
        self._step = self._string_step

    def _in_string(self, text: str, index: int, events: list[FieldEvent]) -> int:
        stop = _STRING_STOP.search(text, index)
        end = len(text) if stop is None else stop.start()
        if end > index:
            self._string_text(text[index:end], events)
        if stop is None:
            return end
        if text[end] == "\\":
            self._pending = ""
            self._step = self._in_escape
        else:
            self._string_closed(events)
        return end + 1

    def _string_text(self, piece: str, events: list[FieldEvent]) -> None:
        if self._high_surrogate:  # a lone first half stays, as json.loads keeps it
            piece, self._high_surrogate = self._high_surrogate + piece, ""
        self._pieces.append(piece)
        if self._reports_text:
            events.append(TextDelta(self._path, piece))

    def _string_closed(self, events: list[FieldEvent]) -> None:
        if self._high_surrogate:
            self._string_text("", events)
        text = "".join(self._pieces)
        if self._is_key:
            self._stack[-1].key = text
            self._step = self._colon
        else:
            self._completed(text, events)

    def _in_escape(self, text: str, index: int, events: list[FieldEvent]) -> int:
        if not self._pending:
            char = text[index]
            if char != "u":
                if char not in _ESCAPES:
                    self._unexpected(text, index, "an escape such as \\n or \\u00e9")
                self._string_text(_ESCAPES[char], events)
                self._step = self._string_step
                return index + 1
            self._pending = "u"
            index += 1
        return self._in_unicode_escape(text, index, events)

    def _in_unicode_escape(self, text: str, index: int, events: list[FieldEvent]) -> int:
        taken = text[index : index + 5 - len(self._pending)]
        self._pending += taken
        if len(self._pending) < 5:
            return len(text)
        if not _HEX4.fullmatch(self._pending, 1):
            self._unexpected(text, index, "four hex digits after \\u")
        self._unicode_char(int(self._pending[1:], 16), events)
        self._step = self._string_step
        return index + len(taken)

    def _unicode_char(self, code: int, events: list[FieldEvent]) -> None:
        if code in _LOW_SURROGATES and self._high_surrogate:
            high, self._high_surrogate = ord(self._high_surrogate), ""
            code = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
            self._string_text(chr(code), events)
        elif code in _HIGH_SURROGATES:
            if self._high_surrogate:
                self._string_text("", events)
            self._high_surrogate = chr(code)
        else:
            self._string_text(chr(code), events)

    # Numbers and literals, possibly split across deltas.

    def _in_scalar(self, text: str, index: int, events: list[FieldEvent]) -> int:
        stop = _SCALAR_END.search(text, index)
        end = len(text) if stop is None else stop.start()
        self._pending += text[index:end]
        if stop is not None:
            self._completed(self._scalar_value(end), events)
        return end

    def _scalar_value(self, index: int) -> Any:
        token = self._pending
        if token in _LITERALS:
            return _LITERALS[token]
        number = _NUMBER.fullmatch(token)
        if number is None:
            position = self._fed_before() + index - len(token)
            self._fail(position, "a number, true, false or null", repr(token))
        if number.group(1) or number.group(2):
            return float(token)
        return int(token)

    def _fed_before(self) -> int:
        """Characters fed before the current delta: O(deltas), so only once per stream."""
        return sum(map(len, self._chunks)) - len(self._chunks[-1])

    def _unexpected(self, text: str, index: int, expected: str) -> NoReturn:
        self._fail(self._fed_before() + index, expected, repr(text[index]))

    def _fail(self, position: int, expected: str, found: str) -> NoReturn:
        """Raise JsonStreamError saying where the answer stopped being JSON."""
        raise JsonStreamError(f"Expected {expected} at character {position}, found {found}.")


def _skip_space(text: str, index: int) -> int:
    found = _NOT_SPACE.search(text, index)
    return len(text) if found is None else found.start()


def _kind(container: _Container) -> str:
    return "object" if container.is_object else "list"
