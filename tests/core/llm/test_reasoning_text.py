"""A reasoning model's `<think>` block is taken out of its answer, however the stream is cut."""

from __future__ import annotations

import pytest

from headhunter_desktop.core.llm.reasoning_text import ReasoningSkipper, without_reasoning

THOUGHT = '<think>The schema wants {"name": ...}; the CV says Jane.</think>\n\n'
ANSWER = '{"name": "Jane Doe"}'


def _through_skipper(deltas: list[str]) -> str:
    skipper = ReasoningSkipper()
    return "".join(skipper.feed(d) for d in deltas) + skipper.finish()


def test_the_block_goes_wherever_the_deltas_are_cut() -> None:
    text = THOUGHT + ANSWER
    for i in range(len(text) + 1):
        for j in range(i, len(text) + 1, 7):
            assert _through_skipper([text[:i], text[i:j], text[j:]]) == ANSWER, (i, j)


@pytest.mark.parametrize(
    "answer",
    [
        "  Strong communicator; led two migrations.",
        "<table><tr><td>Python</td></tr></table>",  # opens like a tag, not the block
        "<thin ice> is a phrase",
        "Thinking aloud: <think>is</think> not at the start",
        " \n",  # only blank: returned as it came
        "<thi",  # cut off where it might have been the block: returned
    ],
)
def test_an_answer_without_the_block_passes_unchanged(answer: str) -> None:
    assert without_reasoning(answer) == answer
    assert _through_skipper(list(answer)) == answer


def test_a_block_that_never_closes_is_no_answer() -> None:
    assert _through_skipper(["<think>Let me see", " what the CV says"]) == ""


def test_long_thinking_then_the_answer() -> None:
    skipper = ReasoningSkipper()
    skipper.feed("<think>")
    assert all(skipper.feed("hmm, {maybe} ") == "" for _ in range(10_000))
    assert skipper.feed("</thi") == ""
    assert skipper.feed("nk>\n\nDone") == "Done"
