"""The reader's httpx transport: httpx's own, with the connections made by connect_guard.

httpx's AsyncHTTPTransport builds its httpcore pool itself and offers no way to give it a
network backend, so this is that transport's request path (httpx 0.27/0.28: an httpx
request as an httpcore one, the answer back, httpcore's errors as httpx's) over a pool
that is given one. No proxy: the guard judges the address actually connected to, and
through a proxy that would be the proxy's.
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import AsyncIterable, AsyncIterator, Iterator

import httpcore
import httpx

from headhunter_desktop.core.web.address_guard import AddressGuard
from headhunter_desktop.core.web.connect_guard import GuardedNetworkBackend

# Each httpcore error and the httpx error of the same meaning (httpx maps them the same).
_HTTPX_ERRORS: dict[type[Exception], type[httpx.TransportError]] = {
    httpcore.TimeoutException: httpx.TimeoutException,
    httpcore.ConnectTimeout: httpx.ConnectTimeout,
    httpcore.ReadTimeout: httpx.ReadTimeout,
    httpcore.WriteTimeout: httpx.WriteTimeout,
    httpcore.PoolTimeout: httpx.PoolTimeout,
    httpcore.NetworkError: httpx.NetworkError,
    httpcore.ConnectError: httpx.ConnectError,
    httpcore.ReadError: httpx.ReadError,
    httpcore.WriteError: httpx.WriteError,
    httpcore.ProxyError: httpx.ProxyError,
    httpcore.UnsupportedProtocol: httpx.UnsupportedProtocol,
    httpcore.ProtocolError: httpx.ProtocolError,
    httpcore.LocalProtocolError: httpx.LocalProtocolError,
    httpcore.RemoteProtocolError: httpx.RemoteProtocolError,
}


@contextlib.contextmanager
def _as_httpx_errors() -> Iterator[None]:
    """httpcore's errors raised as httpx's (the most specific one); others pass through."""
    try:
        yield
    except Exception as exc:
        mapped = next((_HTTPX_ERRORS[c] for c in type(exc).__mro__ if c in _HTTPX_ERRORS), None)
        if mapped is None:
            raise
        raise mapped(str(exc)) from exc


class GuardedTransport(httpx.AsyncBaseTransport):
    """HTTP/1.1 over connections that go only where `guard` allows, checked at connect."""

    def __init__(
        self,
        guard: AddressGuard,
        *,
        max_connections: int = 10,
        verify: ssl.SSLContext | bool = True,  # a context: trust other certificates (tests)
    ) -> None:
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify),
            max_connections=max_connections,
            keepalive_expiry=5.0,  # httpx's default
            network_backend=GuardedNetworkBackend(guard),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request`; the response's body is read as the caller iterates it."""
        assert isinstance(request.stream, httpx.AsyncByteStream)
        url = request.url
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _as_httpx_errors():
            answer = await self._pool.handle_async_request(core_request)
        assert isinstance(answer.stream, AsyncIterable)
        return httpx.Response(
            status_code=answer.status,
            headers=answer.headers,
            stream=_ResponseBody(answer.stream),
            extensions=answer.extensions,
        )

    async def aclose(self) -> None:
        """Close the pool's connections."""
        with _as_httpx_errors():
            await self._pool.aclose()


class _ResponseBody(httpx.AsyncByteStream):
    """An httpcore response body as httpx reads it, its errors as httpx's."""

    def __init__(self, chunks: AsyncIterable[bytes]) -> None:
        self._chunks = chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _as_httpx_errors():
            async for chunk in self._chunks:
                yield chunk

    async def aclose(self) -> None:
        close = getattr(self._chunks, "aclose", None)
        if close is not None:
            await close()
