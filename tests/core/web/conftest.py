"""The local test website, started per test and stopped after it."""

from __future__ import annotations

import pytest

from tests.fakes.website_pages import acme_site
from tests.fakes.website_server import Serve, WebsiteServer


@pytest.fixture(scope="session", autouse=True)
def _trafilatura_imported() -> None:
    # Its imports take ~0.5 s the first time; the reader pays that on its first page,
    # which would eat into the small time budgets some tests give the read.
    import trafilatura  # noqa: F401


@pytest.fixture
def acme(serve: Serve) -> WebsiteServer:
    """Acme Robotics' site, as tests/fakes/website_pages.py builds it."""
    return serve(acme_site())
