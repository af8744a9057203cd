"""Cookie-consent banners are removed before the text is extracted; the page is not."""

from __future__ import annotations

import lxml.html
import pytest

from headhunter_desktop.core.web.cookie_banners import remove_cookie_banners
from headhunter_desktop.core.web.page_analysis import analyse_page

ARTICLE = "Acme builds warehouse robots that work safely next to people every single day."


def _text_after_removal(markup: str) -> str:
    tree = lxml.html.document_fromstring(f"<html><body>{markup}</body></html>")
    remove_cookie_banners(tree)
    return tree.text_content()


@pytest.mark.parametrize(
    "banner",
    [
        '<div id="onetrust-banner-sdk"><p>BANNER we use cookies</p></div>',
        '<div id="CybotCookiebotDialog"><p>BANNER</p></div>',
        '<aside class="usercentrics-root"><p>BANNER</p></aside>',
        '<div class="didomi-popup"><p>BANNER</p></div>',
        '<section class="cookie-bar fixed"><p>BANNER</p></section>',
        '<div id="gdpr-notice"><p>BANNER</p></div>',
        '<div aria-label="Cookie preferences"><p>BANNER</p></div>',
        '<div role="dialog"><p>BANNER: we use cookies with your consent</p></div>',
        "<dialog open><p>BANNER: Datenschutz-Einstellungen</p></dialog>",
        '<div class="modal" aria-modal="true"><p>BANNER: your privacy choices</p></div>',
    ],
)
def test_banners_are_removed(banner: str) -> None:
    text = _text_after_removal(f"<main><p>{ARTICLE}</p></main>{banner}")
    assert "BANNER" not in text
    assert ARTICLE in text


@pytest.mark.parametrize(
    "markup",
    [
        # A class on a wrapper that holds the page: removing it would remove everything.
        f'<div class="page cookies-not-set"><h1>About</h1><p>{ARTICLE}</p></div>',
        f'<main class="consent-given"><p>{ARTICLE}</p></main>',
        # Adobe's components are all "cmp-…", the page's text included.
        f'<div class="cmp-text"><p>{ARTICLE}</p></div>',
        # A dialog that is no consent dialog (a video, a newsletter sign-up).
        f'<div role="dialog"><p>{ARTICLE}</p></div>',
    ],
)
def test_the_page_itself_is_never_removed(markup: str) -> None:
    assert ARTICLE in _text_after_removal(markup)


def test_body_classes_do_not_remove_the_body() -> None:
    body = f'<body class="cookies-accepted"><p>{ARTICLE}</p></body>'
    tree = lxml.html.document_fromstring(f'<html class="cookie-consent">{body}</html>')
    remove_cookie_banners(tree)
    assert ARTICLE in tree.text_content()


def test_no_banner_text_reaches_the_main_text_of_a_page() -> None:
    page = f"""<html><body><main><h1>About us</h1><p>{ARTICLE}</p><p>{ARTICLE}</p></main>
    <div class="cc-window"><p>This website uses cookies to ensure you get the best experience.</p>
    <a>Got it!</a></div>
    <div id="consent-layer"><p>Wir und unsere Partner verwenden Cookies.</p></div></body></html>"""

    analysis = analyse_page(page.encode(), "utf-8", "https://acme.example/about")

    assert ARTICLE in analysis.text
    assert "cookies" not in analysis.text.lower()
    assert "Got it" not in analysis.text
