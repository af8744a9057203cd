"""Reading a company's website (Qt-free): robots.txt obeyed, the home page and its likely
about / careers / team / contact pages read within a budget, structured data (JSON-LD,
OpenGraph) taken as written, and each page's main text without navigation, footers or
cookie banners. `read_website` is the entry point; see reader.py."""

from typing import TYPE_CHECKING, Any

from headhunter_desktop.core.web.address_guard import Resolver, system_resolver
from headhunter_desktop.core.web.errors import (
    InvalidWebsiteUrlError,
    JavaScriptOnlyError,
    NotHtmlError,
    NoWebsiteTextError,
    PrivateAddressError,
    ReadBudgetError,
    RedirectError,
    RobotsDisallowedError,
    WebsiteError,
    WebsiteHttpError,
    WebsiteUnreachableError,
)
from headhunter_desktop.core.web.limits import USER_AGENT, ReadLimits
from headhunter_desktop.core.web.results import (
    Fact,
    PageListener,
    PageRecord,
    PageText,
    WebsiteRead,
)

__all__ = [
    "USER_AGENT",
    "Fact",
    "InvalidWebsiteUrlError",
    "JavaScriptOnlyError",
    "NoWebsiteTextError",
    "NotHtmlError",
    "PageListener",
    "PageRecord",
    "PageText",
    "PrivateAddressError",
    "ReadBudgetError",
    "ReadLimits",
    "RedirectError",
    "Resolver",
    "RobotsDisallowedError",
    "WebsiteError",
    "WebsiteHttpError",
    "WebsiteRead",
    "WebsiteUnreachableError",
    "read_website",
    "system_resolver",
]

if TYPE_CHECKING:
    from headhunter_desktop.core.web.reader import read_website


def __getattr__(name: str) -> Any:
    # The reader brings httpx and lxml (~75 ms): imported when a site is first read, not
    # by every start that only names these types.
    if name == "read_website":
        from headhunter_desktop.core.web.reader import read_website

        return read_website
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
