"""Embedding inputs as the API takes them: each within the model's limit, grouped into
requests within the per-request count and token limits."""

from __future__ import annotations

from collections.abc import Sequence

from headhunter_desktop.core.llm.tokens import count_tokens, truncate_to_tokens

EMBED_BATCH_TEXTS = 256
EMBED_BATCH_TOKENS = 250_000  # the API refuses requests over 300k tokens
EMBED_MAX_INPUT_TOKENS = 8_000  # per input; the models take 8,191


def embedding_requests(
    texts: Sequence[str],
    model: str,
    max_input_tokens: int | None = None,
    max_texts: int | None = None,
) -> list[list[str]]:
    """The inputs, clipped, split into the requests to send (in order). The limits are
    OpenAI's unless a server that takes less said so (`embedding_limits.py`)."""
    max_input_tokens = max_input_tokens or EMBED_MAX_INPUT_TOKENS
    inputs = [clip_embedding_input(t, max_input_tokens, model) for t in texts]
    return batch_by_budget(inputs, model, max_texts or EMBED_BATCH_TEXTS, EMBED_BATCH_TOKENS)


def clip_embedding_input(text: str, max_tokens: int, model: str) -> str:
    """Embedding inputs over the model's limit are cut (the start carries the most signal)."""
    if not text.strip():
        return " "  # the API rejects empty strings
    return truncate_to_tokens(text, max_tokens, model)[0]


def batch_by_budget(
    texts: Sequence[str], model: str, max_texts: int, max_tokens: int
) -> list[list[str]]:
    """Split inputs into requests within the API's per-request count and token limits."""
    batches: list[list[str]] = []
    current: list[str] = []
    current_tokens = 0
    for text in texts:
        tokens = count_tokens(text, model)
        if current and (len(current) >= max_texts or current_tokens + tokens > max_tokens):
            batches.append(current)
            current, current_tokens = [], 0
        current.append(text)
        current_tokens += tokens
    if current:
        batches.append(current)
    return batches
