"""The one place an OpenAI client is made: the gateway owns the app's, probes make brief ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from headhunter_desktop.core.llm.base_url import without_credentials
from headhunter_desktop.core.llm.errors import NoApiKeyError, translate_error
from headhunter_desktop.core.llm.wire_trace import traced_http_client

if TYPE_CHECKING:
    import openai

# Servers such as Ollama ignore the key but the client insists on one.
LOCAL_SERVER_PLACEHOLDER_KEY = "not-needed"


@dataclass(frozen=True)
class ClientOptions:
    """What a client is built from: settings plus the key in force."""

    api_key: str | None
    base_url: str | None = None
    timeout_s: float = 60.0
    max_retries: int = 2  # done by the gateway, not the client


def make_client(options: ClientOptions) -> openai.AsyncOpenAI:
    """An AsyncOpenAI client; raises NoApiKeyError when OpenAI itself is used without a key."""
    import openai  # deferred: the window shows ~0.4 s sooner without it

    api_key = options.api_key
    if not api_key:
        if options.base_url is None:
            raise NoApiKeyError()
        api_key = LOCAL_SERVER_PLACEHOLDER_KEY
    # httpx would send a URL's user:password@ as Basic auth in place of the key.
    base_url = without_credentials(options.base_url) if options.base_url else None
    return openai.AsyncOpenAI(
        api_key=api_key,
        base_url=base_url,
        timeout=options.timeout_s,
        # The gateway retries (`options.max_retries` times), each attempt its own usage
        # record: the client's own retries would be requests no record shows.
        max_retries=0,
        http_client=traced_http_client(options.timeout_s),
    )


async def probe_connection(options: ClientOptions) -> list[str]:
    """List the server's models with a short-lived client: the Settings 'Test connection'."""
    client = make_client(ClientOptions(options.api_key, options.base_url, 15.0, 0))
    try:
        page = await client.models.list()
        return sorted(model.id for model in page.data)
    except Exception as exc:
        raise translate_error(exc, base_url=options.base_url, model="") from None
    finally:
        await client.close()


class ClientCache:
    """The client for the options in force: rebuilt when they change (a new key or server).

    A replaced client is not closed at once, as requests in flight still use it; `aclose()`
    closes them all at shutdown.
    """

    def __init__(self) -> None:
        self.client: openai.AsyncOpenAI | None = None
        self.options: ClientOptions | None = None
        self._retired: set[openai.AsyncOpenAI] = set()

    def current(self, options: ClientOptions) -> tuple[openai.AsyncOpenAI, bool]:
        """The client for `options`, and whether it was (re)built by this call."""
        if self.client is not None and options == self.options:
            return self.client, False
        if self.client is not None:
            self._retired.add(self.client)
        self.client, self.options = make_client(options), options
        return self.client, True

    async def aclose(self) -> None:
        """Close the client and every replaced one."""
        clients = [*self._retired, *([self.client] if self.client else [])]
        self.client, self._retired = None, set()
        for client in clients:
            await client.close()
