"""How long an answer may be. Every chat call sends a limit, so its worst case is real.

A hard budget cap reserves each call's worst case before it is sent (prompt tokens plus
the most output tokens it may get back, at the model's price); without a limit on the
answer that worst case would be the model's whole output window.
"""

from __future__ import annotations

from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.llm.errors import OPENAI_HOST, host_of

# Room for the longest answer each action should give; a cut answer is invalid JSON or a
# posting that stops mid-sentence, so these are generous.
DEFAULT_MAX_OUTPUT_TOKENS: dict[Action, int] = {
    Action.PARSE_CV: 8_192,  # a long career as JSON
    Action.GENERATE_JOB: 4_096,
    Action.ANALYZE_JOB: 4_096,
    Action.GENERATE_DEPARTMENT: 4_096,
    Action.EXTRACT_COMPANY: 4_096,
    Action.GENERATE_FEEDBACK: 4_096,
    Action.READ_SCANNED_CV: 8_192,  # six pages of small print, written out
}
OTHER_ACTIONS_MAX_OUTPUT_TOKENS = 4_096


def max_output_tokens(action: Action, requested: int | None = None) -> int:
    """The output limit a chat call sends: the caller's, else the action's default."""
    if requested is not None:
        return requested
    if action.is_embedding:
        return 0
    return DEFAULT_MAX_OUTPUT_TOKENS.get(action, OTHER_ACTIONS_MAX_OUTPUT_TOKENS)


def limit_argument(base_url: str | None) -> str:
    """The request field that carries the limit.

    OpenAI's own API wants `max_completion_tokens` (its reasoning models refuse
    `max_tokens`, and the limit then covers reasoning too); compatible servers (Ollama,
    vLLM, LM Studio) know `max_tokens`.
    """
    return "max_completion_tokens" if host_of(base_url) == OPENAI_HOST else "max_tokens"
