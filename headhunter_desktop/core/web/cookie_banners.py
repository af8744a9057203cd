"""Cookie-consent banners, removed from a page before its text is extracted.

Their text ("We value your privacy… Accept all") must never reach the model. Three kinds
of markers, from safest to broadest:

- a consent platform's own ids and classes (OneTrust, Cookiebot, Usercentrics, Didomi, …):
  removed wherever they are, they never wrap a page's content;
- "cookie", "consent", "gdpr" in an id, class or aria-label, and dialogs (role=dialog,
  <dialog>, aria-modal) that speak of cookies or consent: removed unless the element holds
  the page itself (html, body, main, article, or anything around an <h1>, <main> or
  <article>) — some sites put `cookies-accepted` on <body> or a page wrapper, and removing
  that would remove everything (trafilatura learnt the same: see its settings.py).
"""

from __future__ import annotations

import re

import lxml.html

# Consent-platform markers (ids and classes), matched as substrings, case-insensitive.
_PLATFORMS = re.compile(
    r"onetrust|optanon|cookiebot|cybotcookiebot|usercentrics|didomi|qc-cmp|truste|"
    r"trustarc|iubenda|klaro|borlabs|cmplz|complianz|cookieyes|cky-consent|cky-banner|"
    r"tarteaucitron|osano|termly|cmpbox|cmpwrapper|sp_message|moove[-_]?gdpr|"
    r"cookie-law-info|cookie-notice|cookieconsent|cc-window|cc-banner|axeptio|"
    r"consentmanager|hs-eu-cookie|eu-cookie-compliance|gdpr-cookie|cookiefirst|"
    r"shopify-pc__banner|uc-banner|cookie-script|cookiehub",
    re.IGNORECASE,
)
# Generic markers: a word starting with one of these in an id, class or aria-label.
# ("cmp" alone is no marker: Adobe's components are all `cmp-…`, content included.)
_GENERIC = re.compile(r"(^|[^a-z])(cookie|consent|gdpr|rgpd|dsgvo)", re.IGNORECASE)
# What a consent dialog's text speaks of.
_CONSENT_WORDS = re.compile(
    r"cookie|consent|gdpr|rgpd|dsgvo|datenschutz|einwillig|privacy|confidentialit",
    re.IGNORECASE,
)
_PAGE_TAGS = frozenset({"html", "body", "main", "article"})
_DIALOG_ROLES = frozenset({"dialog", "alertdialog"})


def remove_cookie_banners(tree: lxml.html.HtmlElement) -> int:
    """Remove every cookie-consent banner from `tree`; how many elements went."""
    doomed = [element for element in tree.iter() if _is_banner(element)]
    for element in doomed:
        element.drop_tree()  # inside an earlier one: dropped from a tree already gone
    return len(doomed)


def _is_banner(element: lxml.html.HtmlElement) -> bool:
    if not isinstance(element.tag, str) or element.tag in ("html", "body"):
        return False
    markers = _markers(element)
    if _PLATFORMS.search(markers):
        return True
    generic = bool(_GENERIC.search(markers)) or _is_consent_dialog(element)
    return generic and not _holds_the_page(element)


def _markers(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.get(name) or "" for name in ("id", "class", "aria-label"))


def _holds_the_page(element: lxml.html.HtmlElement) -> bool:
    if element.tag in _PAGE_TAGS:
        return True
    return bool(element.xpath("boolean(.//main | .//article | .//h1)"))


def _is_consent_dialog(element: lxml.html.HtmlElement) -> bool:
    dialog = (
        element.tag == "dialog"
        or (element.get("role") or "").strip().lower() in _DIALOG_ROLES
        or (element.get("aria-modal") or "").strip().lower() == "true"
    )
    return dialog and bool(_CONSENT_WORDS.search(element.text_content()))
