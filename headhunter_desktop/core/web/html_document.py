"""A page's bytes as an lxml tree: decoded by the charset the server or the page names."""

from __future__ import annotations

import codecs
import re

import lxml.html
from lxml import etree

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def decode_html(body: bytes, header_charset: str | None = None) -> str:
    """The page's text: the server's charset, else the page's <meta>, else UTF-8 (with a
    Windows-1252 fallback, what browsers assume for undeclared Western pages)."""
    for name in (header_charset, _meta_charset(body)):
        codec = _codec(name)
        if codec:
            return body.decode(codec, errors="replace")
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def _meta_charset(body: bytes) -> str | None:
    found = _META_CHARSET.search(body[:4096])
    return found.group(1).decode("ascii") if found else None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def parse_html(text: str) -> lxml.html.HtmlElement | None:
    """The document tree, or None for a page with no markup at all."""
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None
