"""The address check where it cannot be dodged: as each TCP connection is made.

httpx would otherwise resolve a host again when it connects, after the reader's check: a
name that answers a public address to the check and a private one to the connection (DNS
rebinding) would reach the user's own network. This backend looks the host up once, lets
the AddressGuard judge every address, and connects to the checked address itself. The
host name still goes where it belongs: httpcore hands it to `start_tls` as the TLS server
name (SNI and certificate check), and the Host header is httpx's, from the URL.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

import httpcore

from headhunter_desktop.core.web.address_guard import AddressGuard

# httpcore's type of a socket option (setsockopt's arguments); it is not exported.
SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)


class GuardedNetworkBackend(httpcore.AsyncNetworkBackend):
    """Connects only to addresses the guard approved for the host, at connect time."""

    def __init__(self, guard: AddressGuard, inner: httpcore.AsyncNetworkBackend | None = None):
        self._guard = guard
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """A stream to one of `host`'s checked addresses (PrivateAddressError when one of
        them is refused); the lookup and all tries share the connect timeout."""
        try:
            async with asyncio.timeout(timeout):
                addresses = await self._guard.addresses_to_connect(host, port)
                return await self._first_that_answers(
                    [str(a) for a in addresses], port, local_address, socket_options
                )
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"no connection to {host} in time") from exc

    async def _first_that_answers(
        self,
        addresses: list[str],
        port: int,
        local_address: str | None,
        socket_options: Iterable[SocketOption] | None,
    ) -> httpcore.AsyncNetworkStream:
        # As a name's own lookup would: localhost may answer ::1 first, served only on v4.
        for address in addresses[:-1]:
            try:
                return await self._inner.connect_tcp(
                    address, port, None, local_address, socket_options
                )
            except httpcore.ConnectError:
                continue
        return await self._inner.connect_tcp(
            addresses[-1], port, None, local_address, socket_options
        )

    async def sleep(self, seconds: float) -> None:
        """httpcore's pause between connection retries."""
        await self._inner.sleep(seconds)
