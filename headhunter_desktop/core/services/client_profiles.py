"""A client's profile as the recruiter keeps it: the website in the row's own column, the
rest in `profile_json`. Plain functions over a Session, run inside `MainDatabase.run()`."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import SplitResult, urlsplit

from sqlalchemy.orm import Session

from headhunter_desktop.core.domain.client_profile import ClientProfile
from headhunter_desktop.core.services.generation import client_profile_from_row
from headhunter_desktop.core.storage import clients as clients_repo
from headhunter_desktop.core.storage.errors import InvalidInputError

WEBSITE_MAX = 2048  # the column's length
# The row holds these itself: a copy in the JSON could only go stale.
_ROW_FIELDS = ("name", "website")
# Host names as typed (letters of any script, digits, dots, hyphens) or IPv6 literals.
_HOST = re.compile(r"[\w.-]+|[0-9a-f:.]+", re.IGNORECASE)


def clean_website(text: str | None) -> str | None:
    """The website as stored: None when empty, else an http(s) URL ("acme.com" becomes
    "https://acme.com"); InvalidInputError saying what is wrong otherwise."""
    typed = (text or "").strip()
    if not typed:
        return None
    url = typed if "://" in typed else f"https://{typed}"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise _bad_website(typed, "it must start with http:// or https://")
    if parts.username is not None or parts.password is not None:
        # Not echoed: a password must not reach a message, a prompt or a log.
        raise InvalidInputError("A website address cannot hold a user name or password.")
    if not _is_host(parts.hostname) or any(c.isspace() for c in url) or not _has_valid_port(parts):
        raise _bad_website(typed, "it is not a web address")
    if len(url) > WEBSITE_MAX:
        raise InvalidInputError(f"A website address can have at most {WEBSITE_MAX} characters.")
    return url


def _is_host(host: str | None) -> bool:
    if not host or not _HOST.fullmatch(host):
        return False
    return "." in host or ":" in host or host == "localhost"


def _has_valid_port(parts: SplitResult) -> bool:
    """False when the port is not a number from 0 to 65535 (urlsplit raises on access)."""
    try:
        return parts.port is None or parts.port >= 0
    except ValueError:
        return False


def _bad_website(typed: str, why: str) -> InvalidInputError:
    shown = typed if len(typed) <= 80 else f"{typed[:79]}…"  # one line, even for a paste
    return InvalidInputError(
        f"The website '{shown}' cannot be used: {why} (for example https://acme.com)."
    )


def read_profile(session: Session, client_id: int) -> ClientProfile:
    """The client's profile; NotFoundError when the client is gone."""
    client = clients_repo.get_client(session, client_id)
    return client_profile_from_row(client.name, client.website, client.profile_json)


def write_profile(
    session: Session, client_id: int, profile: ClientProfile, website: str | None
) -> ClientProfile:
    """Store `profile` (its name is ignored: renaming is its own step) with the cleaned
    `website`; keys of the stored JSON this version does not know are kept."""
    client = clients_repo.get_client(session, client_id)
    stored = dict(client.profile_json or {})
    earlier_sources = stored.get("sources")
    stored.update(_tidy(profile.model_dump(mode="json", exclude=set(_ROW_FIELDS))))
    for key in _ROW_FIELDS:
        stored.pop(key, None)
    stored["sources"] = _live_sources(stored["sources"], earlier_sources, profile, website)
    client.website = website
    client.profile_json = stored  # a new dict: the JSON column tracks assignment only
    session.flush()
    return client_profile_from_row(client.name, client.website, client.profile_json)


def _live_sources(
    sources: dict[str, Any], earlier: Any, profile: ClientProfile, website: str | None
) -> dict[str, Any]:
    """The sources of the fields that hold a value (a field emptied has no source left),
    and the stored sources of fields this version does not know (kept with them)."""
    known = ClientProfile.model_fields
    emptied = {name for name in known if profile.is_empty(name)} - {"website"}
    if website is None:
        emptied.add("website")
    kept = {name: item for name, item in sources.items() if name not in emptied}
    unknown = earlier.items() if isinstance(earlier, dict) else ()
    return {name: item for name, item in unknown if name not in known} | kept


def _tidy(value: Any) -> Any:
    """Text stripped and empty list items dropped, at any depth (the fine-tuning too)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [item for item in map(_tidy, value) if item != ""]
    if isinstance(value, dict):
        return {key: _tidy(item) for key, item in value.items()}
    return value
