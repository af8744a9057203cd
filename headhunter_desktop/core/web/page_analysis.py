"""Everything the reader takes from one page, in one pass over its tree.

This is CPU work (lxml, trafilatura): the reader runs `analyse_page` on an executor
thread, never on the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from headhunter_desktop.core.web.cookie_banners import remove_cookie_banners
from headhunter_desktop.core.web.html_document import decode_html, parse_html
from headhunter_desktop.core.web.links import Link, page_links, refresh_target
from headhunter_desktop.core.web.page_text import (
    looks_script_rendered,
    main_text,
    page_title,
    remove_noscript_notices,
)
from headhunter_desktop.core.web.results import Fact
from headhunter_desktop.core.web.structured_data import json_ld_facts, opengraph_facts


@dataclass(frozen=True)
class PageAnalysis:
    """A page's title, main text, links and structured facts."""

    title: str = ""
    text: str = ""
    links: list[Link] = field(default_factory=list)
    json_ld: dict[str, Fact] = field(default_factory=dict)
    opengraph: dict[str, Fact] = field(default_factory=dict)
    script_rendered: bool = False  # an empty shell filled by JavaScript in a browser
    refresh_to: str | None = None  # where a <meta http-equiv="refresh"> sends the browser


def analyse_page(body: bytes, charset: str | None, url: str) -> PageAnalysis:
    """Read a page's bytes: structured data and links first, then (cookie banners
    removed) whether it is a script shell, and its main text."""
    tree = parse_html(decode_html(body, charset))
    if tree is None:
        return PageAnalysis()
    links = page_links(tree, url)
    json_ld, opengraph = json_ld_facts(tree, url), opengraph_facts(tree, url)
    remove_cookie_banners(tree)
    remove_noscript_notices(tree)
    # A script shell's few words ("Loading…") are no text of the company's.
    shell = looks_script_rendered(tree)
    return PageAnalysis(
        title=page_title(tree),
        text="" if shell else main_text(tree, url),
        links=links,
        json_ld=json_ld,
        opengraph=opengraph,
        script_rendered=shell,
        refresh_to=refresh_target(tree, url),
    )
