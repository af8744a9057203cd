"""The thinking a reasoning model leaves at the start of its answer, taken out.

Servers that run a reasoning model without separating its reasoning (vLLM without a
reasoning parser, llama.cpp or LM Studio with some chat templates) send it inside the
answer, as a leading `<think>…</think>` block. It is billed output, and metered as such
before it is taken out; but it is not the answer: not an interview summary's text, not
the JSON object to validate (its own braces would be read as the object's start).
"""

from __future__ import annotations

OPEN, CLOSE = "<think>", "</think>"


def without_reasoning(text: str) -> str:
    """`text` without a leading `<think>…</think>` block and the blank space after it."""
    skipper = ReasoningSkipper()
    return skipper.feed(text) + skipper.finish()


class ReasoningSkipper:
    """Feed an answer delta by delta; each call returns the part of it that is answer.

    Until the answer's first characters tell whether it opens with `<think>`, they are
    held back (a few characters at most); after the block, the blank lines before the
    answer proper are dropped too. An answer without the block passes unchanged.
    """

    def __init__(self) -> None:
        self._held = ""  # characters not yet returned
        self._step = self._opening

    def feed(self, delta: str) -> str:
        return self._step(delta)

    def finish(self) -> str:
        """At the end of the answer: what was held back, unless it was thinking."""
        held = self._held if self._step == self._opening else ""
        self._held, self._step = "", self._answer
        return held

    def _opening(self, delta: str) -> str:
        self._held += delta
        start = self._held.lstrip()
        if len(start) < len(OPEN) and OPEN.startswith(start):
            return ""  # blank so far, or the start of "<think>": cannot tell yet
        if not start.startswith(OPEN):
            return self.finish()  # no thinking: all of it is answer
        self._held = start[len(OPEN) :]
        self._step = self._thinking
        return self._thinking("")

    def _thinking(self, delta: str) -> str:
        self._held += delta
        end = self._held.find(CLOSE)
        if end == -1:
            # Only the start of a closing tag split across deltas is kept: the thinking
            # may run to many kilobytes, searched once each.
            self._held = self._held[-(len(CLOSE) - 1) :]
            return ""
        rest, self._held = self._held[end + len(CLOSE) :], ""
        self._step = self._leading_blank
        return self._leading_blank(rest)

    def _leading_blank(self, delta: str) -> str:
        answer = delta.lstrip()
        if answer:
            self._step = self._answer
        return answer

    def _answer(self, delta: str) -> str:
        return delta
