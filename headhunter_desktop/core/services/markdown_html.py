"""Markdown written by a model or a recruiter, as the small HTML Google's job search reads.

Google recognises `<p>`, `<ul>` and `<li>` in a JobPosting description (not headings, not
character formatting), so that is all this writes: headings become paragraphs, numbered
lists bulleted ones, emphasis markers are dropped and links become "text (address)". Every
character of the text is escaped: raw HTML inside the Markdown (a `<script>` a model was
talked into writing) shows as text, never as markup. No dependency: the posting needs a
tenth of what a Markdown library does, and none of its raw-HTML pass-through.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+•]|\d{1,3}[.)])\s+(.*)$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*((?:[^()\s]|\([^()\s]*\))*)[^)]*\)")
_MARKED = re.compile(r"(\*\*|~~|\*|`)(?=\S)(.+?)(?<=\S)\1")
_UNDERSCORED = re.compile(r"(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_SPACES = re.compile(r"\s+")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def markdown_to_html(markdown: str) -> str:
    """`markdown` as paragraphs and bulleted lists, every character of its text escaped."""
    return "".join(_block_html(kind, lines) for kind, lines in _blocks(markdown))


def paragraph_html(text: str) -> str:
    """One `<p>` of plain text (a section's name), escaped."""
    return f"<p>{_escape(text)}</p>"


def list_html(items: Iterable[str]) -> str:
    """A `<ul>` of one-line Markdown items; empty items are left out."""
    rendered = [f"<li>{inline_html(item)}</li>" for item in items if item.strip()]
    return f"<ul>{''.join(rendered)}</ul>" if rendered else ""


def inline_html(text: str) -> str:
    """One line of Markdown as escaped text: links spelled out, emphasis markers dropped."""
    text = _LINK.sub(_link_text, _SPACES.sub(" ", text).strip())
    for pattern in (_MARKED, _UNDERSCORED):
        text = pattern.sub(r"\2", text)
    return _escape(text)


def defused_markdown(text: str) -> str:
    """Markdown with raw HTML tags turned into text (`<script>` shows as written): the
    exported Markdown may be pasted into a site whose renderer passes HTML through."""
    return _TAG_START.sub("&lt;", text)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _link_text(match: re.Match[str]) -> str:
    label, address = match.group(1).strip(), match.group(2)
    if not address.lower().startswith(("http://", "https://", "mailto:")):
        return label  # a javascript: or relative link keeps only its words
    return f"{label} ({address})" if label and label != address else address


def _blocks(markdown: str) -> Iterator[tuple[str, list[str]]]:
    """("p" | "h" | "ul", lines) in order; blank lines and rules end a block."""
    kind = ""
    lines: list[str] = []
    for line in markdown.splitlines():
        line_kind, text = _classify(line, kind)
        if text is None and line_kind == "ul":
            lines[-1] += " " + line.strip()  # an indented continuation of the last item
            continue
        if line_kind != kind or line_kind == "h":
            if lines:
                yield kind, lines
            kind, lines = line_kind, []
        if text is not None:
            lines.append(text)
    if lines:
        yield kind, lines


def _classify(line: str, current: str) -> tuple[str, str | None]:
    """The block a line belongs to and its text (None: a blank, or continues a list item)."""
    if not line.strip() or _RULE.match(line):
        return "", None
    if heading := _HEADING.match(line):
        return "h", heading.group(1)
    if item := _LIST_ITEM.match(line):
        return "ul", item.group(1)
    if current == "ul" and line[:1].isspace():
        return "ul", None
    return "p", line


def _block_html(kind: str, lines: list[str]) -> str:
    if kind == "ul":
        return list_html(lines)
    text = " ".join(lines)
    return f"<p>{inline_html(text)}</p>" if text.strip() else ""
