"""Why a website cannot be read: one error class per cause, each with a stable `code`.

`str(error)` is the sentence for the user (it names the site, never a password in a URL);
`reason` is the short phrase a page's line shows when the page is not the home page: a page
after the first that fails is skipped with its reason, not an error.
"""

from __future__ import annotations

from headhunter_desktop.core.errors import UserFacingError

_FILL_BY_HAND = "fill the profile by hand or paste its text"


def size_text(n: int) -> str:
    """'2 MB', '1.5 MB', '500 KB', '120 bytes' (decimal units, as the limits are written)."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}".removesuffix(".0") + " MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f}".removesuffix(".0") + " KB"
    return f"{n} bytes"


class WebsiteError(UserFacingError):
    """A website (or one of its pages) that cannot be read, and why."""

    code = "website"

    def __init__(self, message: str, reason: str, status: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.status = status  # the HTTP status that answered, when one did


class InvalidWebsiteUrlError(WebsiteError):
    """The address is no web address (no host, another scheme than http or https)."""

    code = "invalid_url"

    def __init__(self, detail: str) -> None:
        super().__init__(f"This is not a website address: {detail}.", "invalid address")


class WebsiteUnreachableError(WebsiteError):
    """No answer: the name does not resolve, the connection fails or times out."""

    code = "website_unreachable"

    def __init__(self, host: str, cause: str) -> None:
        super().__init__(f"{host} cannot be reached: {cause}.", f"unreachable: {cause}")
        self.host = host


class WebsiteHttpError(WebsiteError):
    """The server answered with an error status (4xx or 5xx)."""

    code = "website_http_error"

    def __init__(self, url: str, status: int) -> None:
        kind = "is down or overloaded" if status >= 500 else "refused the request"
        message = f"{url} answered HTTP {status}: the site {kind}."
        super().__init__(message, f"HTTP {status}", status)


class NotHtmlError(WebsiteError):
    """The address serves something else than a web page (a PDF, an image, JSON)."""

    code = "not_html"

    def __init__(self, url: str, content_type: str, status: int | None = None) -> None:
        shown = content_type or "no content type"
        super().__init__(f"{url} is not a web page ({shown}).", f"not HTML ({shown})", status)
        self.content_type = content_type


class JavaScriptOnlyError(WebsiteError):
    """The page is an empty shell that a script fills in a browser: no text to read."""

    code = "javascript_only"

    def __init__(self, url: str) -> None:
        super().__init__(
            f"{url}: this site renders only with JavaScript: {_FILL_BY_HAND}.",
            "renders only with JavaScript",
        )


class NoWebsiteTextError(WebsiteError):
    """The pages read hold neither text nor structured data."""

    code = "no_website_text"

    def __init__(self, url: str) -> None:
        super().__init__(f"{url} holds no text to read a profile from: {_FILL_BY_HAND}.", "no text")


class RobotsDisallowedError(WebsiteError):
    """robots.txt asks crawlers not to read this page (or the whole site)."""

    code = "robots_disallowed"

    def __init__(self, url: str, why: str = "") -> None:
        super().__init__(
            f"The site's robots.txt does not allow reading {url}{why}: {_FILL_BY_HAND}.",
            "robots.txt disallows it",
        )


class PrivateAddressError(WebsiteError):
    """A public site sent us (a redirect or a link) to a private or loopback address."""

    code = "private_address"

    def __init__(self, host: str, address: str | None = None) -> None:
        # `address`: what the name resolved to when it was refused as the connection was
        # made (it may have resolved to a public one a moment before: DNS rebinding).
        where = host if address is None else f"{host} (at {address})"
        super().__init__(
            f"Refused: the public site sends the reader to {where}, a private or local address.",
            f"refused: {host} is a private address",
        )


class RedirectError(WebsiteError):
    """Redirects that go in a loop, go on too long, or lead off the web."""

    code = "bad_redirect"

    def __init__(self, url: str, problem: str) -> None:
        super().__init__(f"{url} {problem}.", problem)


class ReadBudgetError(WebsiteError):
    """The read's request or time budget ran out before this page was read."""

    code = "read_budget"

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url} was not read: {reason}.", reason)


class SamePageError(WebsiteError):
    """A redirect to a page this read has read (or will read) under its own address."""

    code = "same_page"

    def __init__(self, url: str) -> None:
        super().__init__(f"{url} is read already.", f"the same page as {url}")
