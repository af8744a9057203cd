"""Token counting with no network: for estimates (cancelled streams, budgets) and truncation.

tiktoken downloads its encoding files on first use, which fails offline; bpe-openai ships
`o200k_base` and `cl100k_base` inside its wheel and gives the same token counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

# Per-message overhead of the chat format (role markers), as OpenAI documents it.
_TOKENS_PER_MESSAGE = 3
_TOKENS_PER_REPLY = 3
_O200K_PREFIXES = ("gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4", "chatgpt-4o")


@lru_cache(maxsize=8)
def _encoding(name: str) -> Any:
    import bpe_openai  # deferred: loading the tokenizer data costs ~0.3 s

    return bpe_openai.get_encoding(name)


def encoding_name_for(model: str) -> str:
    """o200k_base for the gpt-4o generation and newer, cl100k_base for everything else."""
    plain = model.lower().rsplit("/", 1)[-1]
    return "o200k_base" if plain.startswith(_O200K_PREFIXES) else "cl100k_base"


def count_tokens(text: str, model: str) -> int:
    """Tokens in `text` for `model` (exact for OpenAI models, a fair estimate for others)."""
    if not text:
        return 0
    return len(_encoding(encoding_name_for(model)).encode(text))


def count_message_tokens(messages: Iterable[Mapping[str, Any]], model: str) -> int:
    """Prompt tokens of a chat request, including the per-message format overhead."""
    total = _TOKENS_PER_REPLY
    for message in messages:
        total += _TOKENS_PER_MESSAGE + count_tokens(str(message.get("content") or ""), model)
    return total


def truncate_to_tokens(text: str, max_tokens: int, model: str) -> tuple[str, bool]:
    """Keep the beginning of `text` within `max_tokens`; returns (text, was_truncated)."""
    encoding = _encoding(encoding_name_for(model))
    tokens = encoding.encode(text)
    if len(tokens) <= max_tokens:
        return text, False
    return encoding.decode(tokens[:max_tokens]), True
