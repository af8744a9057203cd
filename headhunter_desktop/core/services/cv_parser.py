"""CV text to CvProfile through the LLM gateway."""

from __future__ import annotations

import re

from headhunter_desktop.core.domain.cv_profile import CvProfile
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.errors import AnswerCutOffError, ContextWindowExceededError
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.llm.tokens import truncate_to_tokens
from headhunter_desktop.core.prompts import load_prompt

DEFAULT_CV_TOKEN_BUDGET = 6_000
# Of a small model's context window, the CV text takes at most this part: the rest holds
# the rules, the schema and the profile written back.
CV_SHARE_OF_WINDOW = 3
# The start of anything a model could read as the fence's end: </cv>, </CV>, </cv >,
# < /cv>, </cv\n>… (a `<cv` after `</` and blanks, in any case).
_FENCE_CLOSE = re.compile(r"<(?=\s*/\s*cv\b)", re.IGNORECASE)


def escape_fence(text: str) -> str:
    """The CV text with every closing-tag variant of the <cv> fence defused (`&lt;/cv>`)."""
    return _FENCE_CLOSE.sub("&lt;", text)


def parse_messages(cv_text: str, model: str, token_budget: int) -> list[dict[str, str]]:
    """The parse request: rules as the system message, the CV fenced as data.

    The text is cut by tokens, keeping the beginning: contact details and the most
    recent positions come first in a CV.
    """
    text, truncated = truncate_to_tokens(cv_text, token_budget, model)
    text = escape_fence(text)
    note = "\n(The CV was cut to fit; parse what is there.)" if truncated else ""
    return [
        {"role": "system", "content": load_prompt("parse_cv")},
        {"role": "user", "content": f"<cv>\n{text}\n</cv>{note}"},
    ]


async def parse_cv(
    gateway: LlmGateway,
    ctx: CallContext,
    cv_text: str,
    *,
    model: str,
    token_budget: int = DEFAULT_CV_TOKEN_BUDGET,
) -> CvProfile:
    """A validated profile; raises the gateway's LlmError subclasses on failure.

    A model whose context window its server has named (a small local model) gets at most
    a third of it as CV text, so the answer has room; a CV refused or cut for want of room
    while that was being learnt is parsed once more, shorter.
    """
    budget = _fitting_budget(gateway, model, token_budget)
    try:
        messages = parse_messages(cv_text, model, budget)
        return await gateway.complete_structured(ctx, messages, CvProfile, model=model)
    except (ContextWindowExceededError, AnswerCutOffError):
        shorter = _fitting_budget(gateway, model, token_budget)
        if shorter >= budget:
            raise
    messages = parse_messages(cv_text, model, shorter)
    return await gateway.complete_structured(ctx, messages, CvProfile, model=model)


def _fitting_budget(gateway: LlmGateway, model: str, token_budget: int) -> int:
    window = gateway.context_window(model)
    return token_budget if window is None else min(token_budget, window // CV_SHARE_OF_WINDOW)
