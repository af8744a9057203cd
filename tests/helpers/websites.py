"""Reading the local test website (tests/fakes/website_server.py) with the real reader, and
routes for it that answer only when a test says (no timing to rely on)."""

from __future__ import annotations

import asyncio
import ipaddress
import threading
from typing import Any

from headhunter_desktop.core.web import Resolver, WebsiteRead, read_website, system_resolver
from tests.fakes.website_server import Reply, Route, WebsiteServer
from tests.helpers.waiting import block_until

# An address on the internet (example.com's): what a test pretends a host resolves to.
PUBLIC_ADDRESS = ipaddress.ip_address("93.184.215.14")


def read_site(url: str, **options: Any) -> WebsiteRead:
    """`read_website(url, **options)` on a fresh event loop."""
    return asyncio.run(read_website(url, **options))


def pretend_public(*hosts: str) -> Resolver:
    """A resolver under which `hosts` are public addresses (the test site on 127.0.0.1
    plays a site on the internet); any other host resolves as usual."""

    async def resolve(host: str, port: int) -> list[Any]:
        if host in hosts:
            return [PUBLIC_ADDRESS]
        return await system_resolver(host, port)

    return resolve


def requests_to(paths: list[str], prefix: str) -> list[str]:
    """The requested paths that start with `prefix`."""
    return [path for path in paths if path.startswith(prefix)]


def answered_after(site: WebsiteServer, path: str, route: str) -> Route:
    """`route` (an HTML page), answered only once `site` was asked for `path`: a page the
    reader finds by reading another is requested after that one is done, so the page
    answered this way is done after it, however fast the machine."""

    def reply(_request_path: str) -> Reply:
        block_until(lambda: path in site.paths(), timeout=30)
        return Reply(route)

    return reply


def held(route: str, gate: threading.Event) -> Route:
    """`route` (an HTML page), answered only once the test sets `gate`: the read stays
    running until then (the gate is set in a `finally`, or the server waits 30 s)."""

    def reply(_request_path: str) -> Reply:
        gate.wait(timeout=30)
        return Reply(route)

    return reply
