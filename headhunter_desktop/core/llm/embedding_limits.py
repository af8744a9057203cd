"""What an embedding server can take, learnt from its refusals.

OpenAI's embedding models take 8,191 tokens per input, and the requests are built for
that. A local server often takes far less: a 512-token model behind vLLM refuses a longer
CV profile (400, "maximum context length is 512 tokens"), text-embeddings-inference
refuses it (413, "must have less than 512 tokens") and more than 32 inputs per request
(422, "maximum allowed batch size 32"), llama.cpp answers 500 "input is too large to
process". Every CV then failed. Now a refused request is sent again within what the
refusal names (or half of what was sent when it names no number), and the limits are
kept for that server and model, so later requests fit from the start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from headhunter_desktop.core.llm import embedding_batches
from headhunter_desktop.core.llm.errors import LlmError, RequestRejectedError, ServerError

# Our token count (tiktoken) is not the server model's: a WordPiece vocabulary cuts the
# same text into more tokens. Inputs are clipped below the limit a server names.
TOKENIZER_MARGIN = 0.8
MIN_INPUT_TOKENS = 32  # below this an input says too little to embed: give up instead
_INPUT_LIMIT = (
    re.compile(r"maximum (?:context|input|sequence) length (?:is|of) (\d+)"),
    re.compile(r"less than (\d+) tokens"),
    re.compile(r"(?:at most|maximum of|max(?:imum)?) (\d+) tokens"),
)
_BATCH_LIMIT = re.compile(r"(?:maximum|max) (?:allowed )?batch size (?:is |of )?(\d+)")
_TOO_LONG = ("too large", "too long", "context length", "too many tokens")


@dataclass(frozen=True)
class EmbeddingLimits:
    """The most tokens per input and inputs per request to send (OpenAI's by default)."""

    max_input_tokens: int = field(default_factory=lambda: embedding_batches.EMBED_MAX_INPUT_TOKENS)
    max_texts: int = field(default_factory=lambda: embedding_batches.EMBED_BATCH_TEXTS)

    def within(self, other: EmbeddingLimits) -> EmbeddingLimits:
        """The smaller of both on each count."""
        return EmbeddingLimits(
            min(self.max_input_tokens, other.max_input_tokens),
            min(self.max_texts, other.max_texts),
        )


def tighter_limits(
    error: LlmError, sent: EmbeddingLimits, longest_input: int, texts: int
) -> EmbeddingLimits | None:
    """The limits a refused request asks for (its error holds what the server said); None
    when the refusal is not about size, or nothing smaller is worth sending.
    `longest_input`: our token count of the longest input sent; `texts`: how many."""
    if not isinstance(error, RequestRejectedError | ServerError):
        return None  # a rate limit, a rejected key, a lost connection: not the request's size
    said = str(error).lower()
    if (batch := _number(_BATCH_LIMIT, said)) is not None and batch < texts:
        return EmbeddingLimits(sent.max_input_tokens, max(1, batch))
    named = next((n for p in _INPUT_LIMIT if (n := _number(p, said)) is not None), None)
    if named is None and not any(words in said for words in _TOO_LONG):
        return None
    if named is not None:
        tokens = int(min(named, longest_input) * TOKENIZER_MARGIN)
    else:
        tokens = longest_input // 2
    if tokens < MIN_INPUT_TOKENS or tokens >= sent.max_input_tokens:
        return None
    return EmbeddingLimits(tokens, sent.max_texts)


def _number(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    return int(match.group(1)) if match else None
