"""CV text to CvProfile through the LLM gateway."""

from __future__ import annotations

import re

from headhunter_desktop.core.domain.cv_profile import CvProfile
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.llm.tokens import truncate_to_tokens
from headhunter_desktop.core.prompts import load_prompt

DEFAULT_CV_TOKEN_BUDGET = 6_000
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
    """A validated profile; raises the gateway's LlmError subclasses on failure."""
    messages = parse_messages(cv_text, model, token_budget)
    return await gateway.complete_structured(ctx, messages, CvProfile, model=model)
