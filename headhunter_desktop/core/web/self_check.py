"""`selftest`'s check of the website reader: its libraries import and find their data files
(in the bundle, build.spec must ship them) and a sample page reads as a site's page does."""

from __future__ import annotations

from importlib.metadata import version

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.web.page_analysis import analyse_page

_SENTENCE = "Acme builds warehouse robots that work safely next to the people around them."
_SAMPLE = f"""<html><head><title>About Acme</title></head><body>
<nav><a href="/careers">Careers</a></nav><main><h1>About us</h1><p>{_SENTENCE}</p>
<p>{_SENTENCE}</p></main><div id="onetrust-banner-sdk">We use cookies. Accept all</div>
</body></html>"""


def check_page_reader() -> str:
    """One line on the page reader's health; UserFacingError when it cannot read a page."""
    import justext

    stop_lists = justext.get_stoplists()  # read from a folder of text files
    analysis = analyse_page(_SAMPLE.encode(), "utf-8", "https://acme.example/about")
    if _SENTENCE not in analysis.text or "cookies" in analysis.text:
        raise UserFacingError(f"a sample web page was read wrong: {analysis.text[:60]!r}")
    if not stop_lists or not analysis.links:
        raise UserFacingError("the page reader's word lists or link reader are missing")
    return (
        f"trafilatura {version('trafilatura')} read a sample page"
        f" ({len(stop_lists)} stop-word lists)"
    )
