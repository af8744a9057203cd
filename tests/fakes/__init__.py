"""Test doubles that talk real protocols over real sockets."""

from tests.fakes.openai_replies import (
    ChatReply,
    DropConnection,
    EmbeddingReply,
    ErrorReply,
    FakeUsage,
    RecordedRequest,
    fake_embedding,
)
from tests.fakes.openai_server import FakeOpenAIServer

__all__ = [
    "ChatReply",
    "DropConnection",
    "EmbeddingReply",
    "ErrorReply",
    "FakeOpenAIServer",
    "FakeUsage",
    "RecordedRequest",
    "fake_embedding",
]
