"""Which hosts the reader may connect to: a public site may not send it to a private one.

The first address checked (the one the user typed) sets the baseline. When it is public,
every later request (a redirect hop, a link to a subdomain) must resolve to public
addresses only: otherwise a site could make the app fetch from the user's own network
(a router page, a cloud metadata service at 169.254.169.254). When the user typed a
private or loopback address, that is their choice: everything is allowed.

The rule is applied twice: before a request is sent (`check`, so a refused hop costs no
request and fetches no robots.txt) and again as its connection is made
(`addresses_to_connect`, used by connect_guard.py), on a fresh lookup whose addresses are
the only ones connected to. The second is the one that counts: a name whose answer changes
between the two lookups (DNS rebinding) is judged by the address it would reach.

The resolver is injectable so tests can say which class an address belongs to.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from headhunter_desktop.core.web.errors import PrivateAddressError, WebsiteUnreachableError

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# (host, port) -> the addresses a connection to it may reach
Resolver = Callable[[str, int], Awaitable[list[IpAddress]]]


async def system_resolver(host: str, port: int) -> list[IpAddress]:
    """The host itself when it is an address, else what the system's resolver says."""
    literal = _literal(host)
    if literal is not None:
        return [literal]
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def _literal(host: str) -> IpAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def is_public(address: IpAddress) -> bool:
    """Routable on the internet: not private, loopback, link-local, reserved or multicast."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


class AddressGuard:
    """Refuses private hosts after a public start, before each request and at each connect."""

    def __init__(self, resolver: Resolver | None = None) -> None:
        self._resolver = resolver or system_resolver
        self._public_by_host: dict[str, bool] = {}
        self._started_public: bool | None = None

    async def check(self, url: str) -> None:
        """Raise PrivateAddressError (or WebsiteUnreachableError when the name does not
        resolve) unless a request to `url` is allowed. A host is looked up once here."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        if host not in self._public_by_host:
            port = parts.port or (443 if parts.scheme == "https" else 80)
            self._public_by_host[host] = _all_public(await self._resolve(host, port))
        self._judge(host, self._public_by_host[host])

    async def addresses_to_connect(self, host: str, port: int) -> list[IpAddress]:
        """Look `host` up afresh, judge every address, and return the ones a connection
        may use (in order); raises as `check` does."""
        addresses = await self._resolve(host, port)
        private = next((a for a in addresses if not is_public(a)), None)
        self._public_by_host[host] = private is None  # later checks refuse it up front
        self._judge(host, private is None, private)
        literal = _literal(host)
        # An address typed as such is connected to as it is: there is no lookup to rebind.
        # (The system resolver answers it unchanged; a test's resolver may class it otherwise.)
        return [literal] if literal is not None else list(dict.fromkeys(addresses))

    def _judge(self, host: str, public: bool, private: IpAddress | None = None) -> None:
        """Set the baseline, or refuse a private host (`private`: its address, if known)."""
        if self._started_public is None:
            self._started_public = public
        elif self._started_public and not public:
            raise PrivateAddressError(host, None if private is None else str(private))

    async def _resolve(self, host: str, port: int) -> list[IpAddress]:
        try:
            addresses = await self._resolver(host, port)
        except (socket.gaierror, UnicodeError):
            addresses = []
        if not addresses:
            raise WebsiteUnreachableError(host, "its name does not resolve (check the address)")
        return addresses


def _all_public(addresses: list[IpAddress]) -> bool:
    # One private address is enough: the connection may go to any of them.
    return all(is_public(a) for a in addresses)
