"""Typed, user-readable LLM errors. Each names the cause; none contains the API key."""

from __future__ import annotations

import ssl
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.secrets import redact

if TYPE_CHECKING:
    import openai

OPENAI_HOST = "api.openai.com"


class LlmError(UserFacingError):
    """A failed LLM call; its `code` goes into the usage record's `error_type`."""

    code = "llm_error"


class NoApiKeyError(LlmError):
    code = "no_api_key"

    def __init__(self) -> None:
        super().__init__(
            "No OpenAI API key is set. Add it in Settings (Ctrl+,) or set the "
            "OPENAI_API_KEY environment variable."
        )


class AuthenticationFailedError(LlmError):
    code = "auth"


class ModelNotFoundError(LlmError):
    code = "model_not_found"


class RateLimitedError(LlmError):
    code = "rate_limited"


class ServerError(LlmError):
    code = "server_error"


class RequestRejectedError(LlmError):
    code = "bad_request"


class ContextWindowExceededError(RequestRejectedError):
    """The prompt leaves the model's context window too little room for an answer."""

    code = "context_window"


class LlmTimeoutError(LlmError):
    code = "timeout"


class ConnectionFailedError(LlmError):
    code = "connection"


class InvalidModelOutputError(LlmError):
    code = "invalid_output"


class AnswerCutOffError(InvalidModelOutputError):
    """The server stopped the answer at its length limit before it was complete."""

    code = "answer_cut_off"


def host_of(base_url: str | None) -> str:
    """The host name shown in messages: 'api.openai.com' or the compatible server's host:port."""
    if not base_url:
        return OPENAI_HOST
    # Never the netloc as it is: it would show a `user:password@` written in the URL.
    netloc = urlsplit(base_url).netloc.rpartition("@")[2]
    return netloc or "the server"


def translate_error(exc: BaseException, *, base_url: str | None, model: str) -> LlmError:
    """Turn an openai/httpx exception into the LlmError a user can act on."""
    import openai  # deferred: importing openai costs ~0.4 s of start-up

    host = host_of(base_url)
    if isinstance(exc, LlmError):
        return exc
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return AuthenticationFailedError(
            f"{host} rejected the API key ({exc.status_code}). Check the key in Settings."
        )
    if isinstance(exc, openai.NotFoundError):
        return ModelNotFoundError(
            f"The model '{model}' is not available on {host} (404). "
            "Choose another model in Settings."
        )
    if isinstance(exc, openai.RateLimitError):
        return RateLimitedError(
            f"{host} is rate limiting requests (429) and retries did not help. "
            "Wait a minute, or lower 'Parallel requests' in Settings."
        )
    if isinstance(exc, openai.InternalServerError):
        said = _body_message(exc)  # e.g. llama.cpp's "input is too large to process"
        detail = f": {said.rstrip('.')}" if said else ""
        return ServerError(
            f"{host} had a server error ({exc.status_code}){detail}. Try again shortly."
        )
    if isinstance(exc, openai.APIStatusError):
        detail = _server_message(exc)
        return RequestRejectedError(f"{host} rejected the request ({exc.status_code}): {detail}")
    if isinstance(exc, openai.APITimeoutError | TimeoutError):
        return LlmTimeoutError(f"{host} did not answer in time. Check the connection or try again.")
    if isinstance(exc, openai.APIConnectionError | OSError):
        return ConnectionFailedError(_connection_message(exc, host))
    if isinstance(exc, openai.APIError):  # an error event in the middle of a stream
        return LlmError(f"{host} stopped the answer with an error: {redact(exc.message)[:300]}")
    return LlmError(f"The request to {host} failed: {redact(type(exc).__name__)}.")


def _server_message(exc: openai.APIStatusError) -> str:
    return _body_message(exc) or redact(str(exc.message))[:300]


def _body_message(exc: openai.APIStatusError) -> str:
    """The message of the error body the server sent, if it sent one."""
    body = exc.body
    message = body.get("message") if isinstance(body, dict) else None
    return redact(str(message))[:300] if message else ""


def _connection_message(exc: BaseException, host: str) -> str:
    chain = _cause_chain(exc)
    if any(isinstance(e, ssl.SSLError) for e in chain) or any(
        "ssl" in type(e).__name__.lower() or "certificate" in str(e).lower() for e in chain
    ):
        return f"Secure connection to {host} failed (TLS/certificate error). Check the base URL."
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or any(
        "refused" in str(e).lower() for e in chain
    ):
        return f"Cannot connect to {host}: connection refused. Is the server running?"
    if any(
        "name or service not known" in str(e).lower()
        or "nodename" in str(e).lower()
        or "getaddrinfo" in str(e).lower()
        for e in chain
    ):
        return f"Cannot find the host {host}. Check the base URL in Settings."
    return f"Lost the connection to {host}. Check the network and try again."


def _cause_chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen
