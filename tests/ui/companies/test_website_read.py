"""Read website, end to end: the local test site over real HTTP (robots.txt, JSON-LD,
cookie banners), then the extraction streamed by the local fake LLM into the empty
fields; the recruiter's own values held back and offered side by side; one accepted,
saved, and shown again with every field's source. A JavaScript-only site says why and
offers to paste its text; Esc stops a read with nothing changed."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from headhunter_desktop.ui.companies.companies_tab import CompaniesTab
from headhunter_desktop.ui.companies.paste_dialog import PasteTextDialog
from headhunter_desktop.ui.companies.read_messages import PASTE_BUTTON_TEXT, READ_CANCELLED_TEXT
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import ChatReply, FakeOpenAIServer
from tests.fakes.website_pages import (
    ACME_FACTS,
    ACME_ROBOTS,
    COOKIE_BANNER_TEXTS,
    acme_json_ld,
    acme_site,
    js_only_home,
)
from tests.fakes.website_server import Reply, WebsiteServer
from tests.helpers.companies_tab import (
    answer_json,
    choose_client,
    company_text,
    focused,
    idle,
    source_note,
    stored_profile,
    type_into_field,
    type_website,
)
from tests.helpers.jobs_tab import prompt_of
from tests.helpers.waiting import streams_closed, wait_for, wait_for_widget
from tests.helpers.websites import held

# The model's answer over Acme Robotics' pages: JSON-LD fields re-worded (the site's
# words must win), the rest as the texts state it.
ANSWER = {
    "description": "Acme builds warehouse robots.",
    "tagline": "Robots for heavy boxes",
    "culture": "Our robots share the floor with people: they slow down and step aside. " * 3,
    "products_and_services": ["Pallet movers", "Pick-and-place arms"],
    "target_market": "Mid-size warehouses",
    "benefits": ["Thirty days of holiday", "A yearly learning budget", "Bike leasing"],
    "industry": "Warehouse robotics",
}
OWN_TAGLINE, OWN_INDUSTRY = "Our own tagline", "Logistics automation"


def activate(window: MainWindow) -> None:
    window.activateWindow()  # as the desktop does when a dialog closes


def test_read_website_fills_holds_back_merges_and_saves_with_sources(
    tab: CompaniesTab,
    online: MainWindow,
    acme: Any,
    qloop,
    site: WebsiteServer,
    fake_openai_env: FakeOpenAIServer,
) -> None:
    fake_openai_env.chunk_delay = 0.01
    fake_openai_env.queue(ChatReply(answer_json(ANSWER), chunk_words=1))
    editor = tab.editor
    type_website(tab, site.url("/"))
    type_into_field(tab, "company", "tagline", OWN_TAGLINE)
    type_into_field(tab, "company", "industry", OWN_INDUSTRY)

    async def scenario() -> None:
        editor.website.read_button.click()
        await wait_for(lambda: "share the floor" in company_text(tab, "culture"), 30)
        assert tab.reading.runner.running  # filling live while the answer streams
        assert company_text(tab, "tagline") == OWN_TAGLINE  # held back
        await idle(tab, 30)
        await streams_closed()

    qloop.run_until_complete(scenario())
    assert "/private/" not in " ".join(site.paths())  # robots.txt obeyed
    pages = dict(editor.pages.pages())
    assert pages[site.url("/private/board")] == "skipped: robots.txt disallows it"
    assert pages[site.url("/about-us")].startswith("read")
    assert editor.pages.summary().startswith("Read ")
    prompt = prompt_of(fake_openai_env)
    assert "tired of watching people carry heavy boxes" in prompt
    assert not any(text in prompt for text in COOKIE_BANNER_TEXTS)

    # Empty fields filled: structured data as written, the rest from a page's text.
    assert company_text(tab, "description") == ACME_FACTS["description"]
    assert source_note(tab, "description") == "JSON-LD on 127.0.0.1"
    assert company_text(tab, "founded_year") == "1998"
    assert company_text(tab, "target_market") == "Mid-size warehouses"
    assert source_note(tab, "target_market").startswith("from 127.0.0.1")
    assert company_text(tab, "mission") == ""  # the site does not say: left empty

    # The recruiter's own values wait, side by side with what was found.
    assert editor.is_merging()
    assert set(editor.merge_view.fields()) == {"website", "tagline", "industry"}
    editor.merge_view.set_choice("tagline", True)
    editor.merge_view.apply_button.click()
    assert company_text(tab, "tagline") == ACME_FACTS["tagline"]
    assert company_text(tab, "industry") == OWN_INDUSTRY and source_note(tab, "industry") == "typed"
    assert editor.website_text() == site.url("/")  # kept

    editor.buttons.save_button.click()
    qloop.run_until_complete(idle(tab))
    stored = stored_profile(online, qloop, acme.id)
    assert stored.tagline == ACME_FACTS["tagline"] and stored.industry == OWN_INDUSTRY
    assert stored.sources["tagline"].method == "json-ld"
    assert stored.sources["benefits"].method == "page-text"
    assert stored.sources["industry"].method == "typed"

    # Shown again from the database, with every source.
    qloop.run_until_complete(online.directory.create("Other Ltd"))
    qloop.run_until_complete(choose_client(tab, "Other Ltd"))
    qloop.run_until_complete(choose_client(tab, "Acme Ltd"))
    assert company_text(tab, "tagline") == ACME_FACTS["tagline"]
    assert source_note(tab, "tagline") == "JSON-LD on 127.0.0.1"
    assert source_note(tab, "benefits").startswith("from 127.0.0.1")
    assert source_note(tab, "industry") == "typed"
    assert editor.profile() == stored and not editor.is_dirty()


def test_pages_are_listed_as_they_are_read_while_the_read_runs(
    tab: CompaniesTab, online: MainWindow, qloop, serve: Any, fake_openai_env: FakeOpenAIServer
) -> None:
    fake_openai_env.queue(ChatReply(answer_json(ANSWER)))
    site = serve(acme_site(), delay=0.1)  # pages come one after another, not all at once
    about, gate = acme_site()["/about-us"], threading.Event()
    assert isinstance(about, str)
    site.pages["/about-us"] = held(about, gate)  # the read runs until the test lets it end
    type_website(tab, site.url("/"))
    editor = tab.editor

    async def scenario() -> None:
        try:
            editor.website.read_button.click()
            await wait_for(lambda: len(editor.pages.pages()) >= 2, 20)
            assert tab.reading.is_running() and not tab.reading.runner.running  # still reading
            rows = dict(editor.pages.pages())
            assert rows[site.url("/")].startswith("read")
            assert site.url("/about-us") not in rows
            assert editor.pages.summary() == f"Reading 127.0.0.1… {len(rows)} pages"
            assert editor.pages.toggle.isVisible()
        finally:
            gate.set()
        await idle(tab, 30)
        await streams_closed()

    qloop.run_until_complete(scenario())
    listed = editor.pages.pages()
    assert len(listed) == len(set(listed))  # each page once, as it came
    rows = dict(listed)
    assert rows[site.url("/about-us")].startswith("read")
    assert rows[site.url("/private/board")] == "skipped: robots.txt disallows it"
    assert editor.pages.summary().startswith("Read ")


def test_a_site_with_structured_data_and_no_text_fills_the_profile_without_the_model(
    tab: CompaniesTab, online: MainWindow, qloop, serve: Any, fake_openai_env: FakeOpenAIServer
) -> None:
    shell = js_only_home().encoded().decode()
    json_ld = f'<script type="application/ld+json">{acme_json_ld()}</script></head>'
    site = serve({"/robots.txt": "", "/": shell.replace("</head>", json_ld)})
    type_website(tab, site.url("/"))

    async def scenario() -> None:
        tab.editor.website.read_button.click()
        await wait_for(lambda: company_text(tab, "description") != "", 20)
        await idle(tab)

    qloop.run_until_complete(scenario())
    assert fake_openai_env.chat_requests() == []  # nothing for a model to read
    assert company_text(tab, "description") == ACME_FACTS["description"]
    assert source_note(tab, "description") == "JSON-LD on 127.0.0.1"
    assert company_text(tab, "founded_year") == "1998"


def test_a_javascript_only_site_says_why_and_offers_to_paste_its_text(
    tab: CompaniesTab, online: MainWindow, qloop, serve: Any
) -> None:
    shell = serve({"/robots.txt": Reply(ACME_ROBOTS, content_type="text/plain"),
                   "/": js_only_home()})  # fmt: skip
    type_website(tab, shell.url("/"))

    async def scenario() -> tuple[str, PasteTextDialog]:
        tab.editor.website.read_button.click()
        box = await wait_for_widget(QMessageBox, 20)
        shown = f"{box.text()} {box.informativeText()}"
        next(b for b in box.buttons() if b.text() == PASTE_BUTTON_TEXT).click()
        dialog = await wait_for_widget(PasteTextDialog)
        return shown, dialog

    shown, dialog = qloop.run_until_complete(scenario())
    assert "renders only with JavaScript" in shown and "Paste text instead" in shown
    assert "renders only with JavaScript" in tab.editor.status.message()
    assert company_text(tab, "description") == ""
    dialog.reject()


def test_esc_stops_a_slow_read_with_nothing_changed(
    tab: CompaniesTab, online: MainWindow, qloop, serve: Any
) -> None:
    slow = serve({"/": Reply("<h1>Acme</h1>", delay=10)})
    type_website(tab, slow.url("/"))
    type_into_field(tab, "company", "tagline", OWN_TAGLINE)
    editor = tab.editor

    async def scenario() -> None:
        QTest.keyClick(editor.website.edit, Qt.Key.Key_Return)  # Enter reads too
        await wait_for(lambda: tab.reading.is_running() and bool(slow.paths()))
        assert editor.status.is_busy() and not editor.website.read_button.isEnabled()
        QTest.keyClick(focused(), Qt.Key.Key_Escape)
        await idle(tab)

    qloop.run_until_complete(scenario())
    assert editor.status.message() == READ_CANCELLED_TEXT
    assert company_text(tab, "tagline") == OWN_TAGLINE
    assert editor.website.read_button.isEnabled() and tab.table.isEnabled()
