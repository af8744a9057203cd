"""The local test website, started per test and stopped after it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import pytest

from tests.fakes.website_pages import acme_site
from tests.fakes.website_server import Route, WebsiteServer

Serve = Callable[..., WebsiteServer]


@pytest.fixture(scope="session", autouse=True)
def _trafilatura_imported() -> None:
    # Its imports take ~0.5 s the first time; the reader pays that on its first page,
    # which would eat into the small time budgets some tests give the read.
    import trafilatura  # noqa: F401


@pytest.fixture
def serve() -> Iterator[Serve]:
    """`serve(pages, delay=0.0)`: a started WebsiteServer for `pages`."""
    servers: list[WebsiteServer] = []

    def start(pages: Mapping[str, Route], *, delay: float = 0.0) -> WebsiteServer:
        servers.append(WebsiteServer(pages, delay=delay).start())
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def acme(serve: Serve) -> WebsiteServer:
    """Acme Robotics' site, as tests/fakes/website_pages.py builds it."""
    return serve(acme_site())
