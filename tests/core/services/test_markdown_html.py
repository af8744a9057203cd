"""Markdown to the HTML Google's job search reads: <p>, <ul>, <li>, every character escaped."""

from __future__ import annotations

import pytest

from headhunter_desktop.core.services.markdown_html import (
    defused_markdown,
    inline_html,
    list_html,
    markdown_to_html,
)

CASES = {
    "paragraphs": ("One\nline.\n\nTwo.", "<p>One line.</p><p>Two.</p>"),
    "heading": ("## What you do ##\nBuild.", "<p>What you do</p><p>Build.</p>"),
    "bullets": ("- a\n* b\n+ c\n• d", "<ul><li>a</li><li>b</li><li>c</li><li>d</li></ul>"),
    "numbered": ("1. first\n2) second", "<ul><li>first</li><li>second</li></ul>"),
    "continued": ("- a long\n  item\n- b", "<ul><li>a long item</li><li>b</li></ul>"),
    "list-then-text": ("- a\nAfter.", "<ul><li>a</li></ul><p>After.</p>"),
    "rule": ("Above\n\n---\n\nBelow", "<p>Above</p><p>Below</p>"),
    "emphasis": ("**bold**, *it*, ~~gone~~, `code`", "<p>bold, it, gone, code</p>"),
    "snake_case": ("my_var_name and _under_", "<p>my_var_name and under</p>"),
    "arithmetic": ("2 * 3 * 4", "<p>2 * 3 * 4</p>"),
    "entities": ("R&D <5 years > 2", "<p>R&amp;D &lt;5 years &gt; 2</p>"),
    "empty": ("  \n\n ", ""),
}


@pytest.mark.parametrize(("markdown", "expected"), CASES.values(), ids=CASES.keys())
def test_markdown_becomes_paragraphs_and_lists(markdown: str, expected: str) -> None:
    assert markdown_to_html(markdown) == expected


def test_raw_html_is_text() -> None:
    markup = markdown_to_html('<script>alert("x")</script>\n\n- <b onclick="y()">b</b>')
    assert markup == (
        '<p>&lt;script&gt;alert("x")&lt;/script&gt;</p>'
        '<ul><li>&lt;b onclick="y()"&gt;b&lt;/b&gt;</li></ul>'
    )


def test_links_are_spelled_out_and_unsafe_ones_keep_only_their_words() -> None:
    assert inline_html("See [our site](https://acme.example/jobs).") == (
        "See our site (https://acme.example/jobs)."
    )
    assert inline_html("[mail](mailto:jobs@acme.example)") == "mail (mailto:jobs@acme.example)"
    assert inline_html("[click](javascript:alert(1)) [up](../x) ![img](data:x)") == "click up img"


def test_a_list_leaves_out_empty_items_and_an_empty_list_is_nothing() -> None:
    assert list_html(["a", " ", "b"]) == "<ul><li>a</li><li>b</li></ul>"
    assert list_html(["", " "]) == ""


def test_defused_markdown_keeps_text_but_no_tag() -> None:
    assert defused_markdown("a <script>x</script> <5 and </p>") == (
        "a &lt;script>x&lt;/script> <5 and &lt;/p>"
    )
