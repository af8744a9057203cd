"""CV text to CvProfile through the LLM gateway."""

from __future__ import annotations

from headhunter_desktop.core.domain.cv_profile import CvProfile
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.llm.tokens import truncate_to_tokens
from headhunter_desktop.core.prompts import load_prompt

DEFAULT_CV_TOKEN_BUDGET = 6_000


def parse_messages(cv_text: str, model: str, token_budget: int) -> list[dict[str, str]]:
    """The parse request: rules as the system message, the CV fenced as data.

    The text is cut by tokens, keeping the beginning: contact details and the most
    recent positions come first in a CV.
    """
    text, truncated = truncate_to_tokens(cv_text, token_budget, model)
    # The fence must not be closable from inside the document.
    text = text.replace("</cv>", "</ cv>")
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
