"""A chat model's context window, learnt from the server's refusal, so answers fit in it.

Every chat call asks for room for its longest answer (`output_limits.py`: 8,192 tokens for
a CV). OpenAI's models have far more context than that. A local model often has not:
vLLM serving a model with `max_model_len` 8,192 refuses any request whose prompt plus
output limit exceeds it (400, "This model's maximum context length is 8192 tokens.
However, you requested 10289 tokens (2097 in the messages, 8192 in the completion)"),
so every CV failed (text-generation-inference refuses alike, 422). The refusal names the
window and the prompt's size in the server's own tokens: the request is sent again asking
for what fits, and later requests to that server and model ask for it from the start.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from headhunter_desktop.core.llm.errors import ContextWindowExceededError, LlmError

_WINDOW = (
    re.compile(r"maximum context length is (\d+)"),  # vLLM, OpenAI
    re.compile(r"tokens \+ `max_new_tokens` must be <= (\d+)"),  # text-generation-inference
)
_PROMPT = (
    re.compile(r"\((\d+) in the messages"),  # vLLM before 0.6, OpenAI
    re.compile(r"request has (\d+) input tokens"),  # vLLM 0.6+
    re.compile(r"given: (\d+) `inputs` tokens"),  # text-generation-inference
)
SAFETY_TOKENS = 32  # the server's chat template adds a few tokens of its own
# Below this an answer cannot hold what any action asks for: say so instead of sending.
MIN_OUTPUT_TOKENS = 256


@dataclass(frozen=True)
class ContextWindow:
    """The model's window, and how many of the server's tokens one of ours makes."""

    tokens: int
    server_tokens_per_ours: float = 1.0

    def output_room(self, prompt_tokens: int) -> int:
        """Tokens left for the answer after a prompt of `prompt_tokens` (our count)."""
        prompt = math.ceil(prompt_tokens * self.server_tokens_per_ours)
        return self.tokens - prompt - SAFETY_TOKENS


def window_from(error: LlmError, prompt_tokens: int) -> ContextWindow | None:
    """The window a refusal names, or None when it is not about the context length.
    `prompt_tokens`: our count of the refused request's prompt."""
    said = str(error).lower()
    window = _first_number(_WINDOW, said)
    if window is None:
        return None
    server_prompt = _first_number(_PROMPT, said)
    ratio = server_prompt / prompt_tokens if server_prompt and prompt_tokens > 0 else 1.0
    return ContextWindow(window, max(ratio, 1.0))


def _first_number(patterns: tuple[re.Pattern[str], ...], text: str) -> int | None:
    return next((int(m.group(1)) for p in patterns if (m := p.search(text))), None)


def fitting_output_limit(
    window: ContextWindow | None, prompt_tokens: int, wanted: int, model: str
) -> int:
    """The output limit to ask for: `wanted`, or what the window leaves after the prompt.
    Raises when the prompt leaves no useful room (sending would be refused or cut)."""
    if window is None:
        return wanted
    room = window.output_room(prompt_tokens)
    if room >= wanted:
        return wanted
    if room < MIN_OUTPUT_TOKENS:
        raise ContextWindowExceededError(
            f"The input is too long for {model}'s context window ({window.tokens:,} tokens, "
            "as its server says). Choose a model with a larger context window, or raise it "
            "on the server."
        )
    return room
