"""A page's main text, by trafilatura (navigation, footers, boilerplate left out).

Precision is favoured: a profile is better served by less text that is the page's own than
by menus and teasers. A short page that precision leaves empty is tried once more with
trafilatura's balanced settings. Cookie banners are removed before (cookie_banners.py).
"""

from __future__ import annotations

import re

import lxml.html

# Below this much visible text, a page with scripts is taken for a script-rendered shell.
_SHELL_TEXT_CHARS = 200
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "head")


def main_text(tree: lxml.html.HtmlElement, url: str) -> str:
    """The page's main text ("" when it has none); `tree` is not changed."""
    # Imported here: trafilatura's imports take ~0.5 s, paid on a worker thread at the
    # first page read rather than at the app's start.
    import trafilatura

    text = trafilatura.extract(tree, url=url, favor_precision=True, include_comments=False)
    if not text:
        text = trafilatura.extract(tree, url=url, include_comments=False)
    return _tidy(text or "")


def _tidy(text: str) -> str:
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def remove_noscript_notices(tree: lxml.html.HtmlElement) -> None:
    """Drop <noscript> blocks: "enable JavaScript to run this app" is no page text."""
    for element in list(tree.iter("noscript")):
        element.drop_tree()


def page_title(tree: lxml.html.HtmlElement) -> str:
    """The page's <title>, else its first <h1>, in one line."""
    for path in (".//title", ".//h1"):
        found = tree.find(path)
        if found is not None and found.text_content().strip():
            return " ".join(found.text_content().split())
    return ""


def looks_script_rendered(tree: lxml.html.HtmlElement) -> bool:
    """Scripts and (almost) no visible text: a shell a browser fills by running JavaScript."""
    if tree.find(".//script") is None:
        return False
    return visible_text_length(tree, stop_at=_SHELL_TEXT_CHARS) < _SHELL_TEXT_CHARS


def visible_text_length(tree: lxml.html.HtmlElement, stop_at: int | None = None) -> int:
    """Characters of text outside scripts, styles, templates and <noscript> notices
    (counting stops once past `stop_at`)."""
    total = 0
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _INVISIBLE:
            continue
        if any(ancestor.tag in _INVISIBLE for ancestor in element.iterancestors()):
            continue
        total += len((element.text or "").strip())
        total += sum(len((child.tail or "").strip()) for child in element)
        if stop_at is not None and total >= stop_at:
            break
    return total
