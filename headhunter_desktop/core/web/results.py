"""What a read of a website returns: the pages tried, the structured facts, the main texts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

FactMethod = Literal["json-ld", "opengraph"]
# Why a read ended before every likely page was read.
StoppedBy = Literal["requests", "time"]


@dataclass(frozen=True)
class Fact:
    """A value the site states in its structured data, as written there (never re-worded)."""

    value: str | int | list[str]
    url: str  # the page it was found on
    method: FactMethod


@dataclass(frozen=True)
class PageRecord:
    """One page the reader tried (a line of the CLI's "pages"): read, or why not."""

    url: str
    status: int | None  # None when it was never requested (robots.txt, budget, address)
    bytes: int  # body bytes read (at most the page limit)
    used: bool  # its text or structured data went into the result
    # e.g. "robots.txt disallows it", "request budget reached", "not HTML", "HTTP 404",
    # "truncated at 2 MB" (a truncated page is still used: the warnings say so too)
    skipped_reason: str | None


# Hears of each page as the reader is done with it (`read_website(on_page=...)`).
PageListener = Callable[[PageRecord], None]


@dataclass(frozen=True)
class PageText:
    """A page's main text (no navigation, footer or cookie banner)."""

    url: str
    title: str
    text: str


@dataclass(frozen=True)
class WebsiteRead:
    """Everything one read found; `facts` are keyed by ClientProfile field names."""

    url: str  # the home page, after redirects
    pages: list[PageRecord]
    facts: dict[str, Fact]
    texts: list[PageText]  # home page first
    warnings: list[str]
    requests: int = 0  # HTTP requests sent, robots.txt and redirect hops included
    stopped_by: StoppedBy | None = None  # the budget that ended the read early, if any
