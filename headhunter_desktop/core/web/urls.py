"""Web addresses: the one the user typed, the ones a page links to, and how they compare.

Links are normalised before anything else looks at them (scheme and host in lower case,
no default port, no fragment, no tracking parameters, query sorted), so the same page
reached two ways is one page, and query-string variations of a page collapse.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from headhunter_desktop.core.web.errors import InvalidWebsiteUrlError

WEB_SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Parameters that say where a visitor came from, not which page it is.
_TRACKING = re.compile(
    r"^(utm_\w+|gclid|fbclid|msclkid|dclid|mc_cid|mc_eid|_ga|_gl|ref|referrer|source"
    r"|sessionid|session_id|sid|phpsessid|jsessionid|hsctatracking|__hs\w+|trk|igshid)$",
    re.IGNORECASE,
)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def start_url(text: str) -> str:
    """The address to read, from what the user typed ("acme.com" means https://acme.com/)."""
    text = text.strip()
    if not text:
        raise InvalidWebsiteUrlError("it is empty")
    if not _SCHEME.match(text) or re.match(r"^[^/:]+:\d+(/|$)", text):
        text = "https://" + text.removeprefix("//")
    parts = urlsplit(text)
    if parts.scheme.lower() not in WEB_SCHEMES:
        raise InvalidWebsiteUrlError(f"only http and https addresses are read, not {parts.scheme}")
    if "@" in parts.netloc:
        raise InvalidWebsiteUrlError("it holds a user name or password; type the address alone")
    if not _valid_host(parts):
        raise InvalidWebsiteUrlError(f"“{text[:200]}” has no valid host or port")
    normalised = normalise(text)
    if normalised is None:
        raise InvalidWebsiteUrlError(f"“{text[:200]}” cannot be read as an address")
    return normalised


def _valid_host(parts: SplitResult) -> bool:
    try:
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return False
    return bool(host) and not any(c.isspace() for c in host)


def normalise(url: str, *, strip_tracking: bool = True) -> str | None:
    """The canonical form of a web address, or None when it is not one (mailto:, bad port).
    `strip_tracking=False` keeps every query parameter (a redirect's target is as sent)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in WEB_SCHEMES or not parts.hostname or "@" in parts.netloc:
        return None
    host = parts.hostname.rstrip(".")
    if ":" in host:
        host = f"[{host}]"  # IPv6
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path) or "/"
    query = _clean_query(parts.query) if strip_tracking else parts.query
    return urlunsplit((scheme, host, path, query, ""))


def _clean_query(query: str) -> str:
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlencode(sorted(pairs))


def host_of(url: str) -> str:
    """The host (and port, when not the default) of an address, as shown in messages."""
    return urlsplit(url).netloc


def origin(url: str) -> str:
    """scheme://host[:port]: the unit robots.txt rules apply to."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def page_key(url: str) -> str:
    """What makes two addresses the same page: a trailing slash does not."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def _bare_host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def same_site(url: str, home_url: str) -> bool:
    """The same host as the home page, "www." aside, or one of its subdomains
    (careers.acme.com for acme.com): a link elsewhere is another site."""
    host, home = _bare_host(url), _bare_host(home_url)
    return bool(host) and (host == home or host.endswith("." + home))
