"""The Companies tab as a recruiter sees it — guidance with nothing to show, a profile
being read from the local test site, the merge view, the saved profile's pages — at
1280×800, 1024×640 and the window's minimum size, light and dark: grabbed to PNG (set
HEADHUNTER_SCREENSHOT_DIR to keep them) with no widget squeezed below its size."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from headhunter_desktop.ui.companies.companies_tab import CompaniesTab
from headhunter_desktop.ui.companies.profile_forms import CLIENT_PAGE, VOICE_PAGE
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import ChatReply, FakeOpenAIServer
from tests.fakes.website_server import WebsiteServer
from tests.helpers.companies_tab import (
    answer_json,
    choose_client,
    companies_tab,
    company_text,
    idle,
    type_into_field,
    type_website,
)
from tests.helpers.screenshots import (
    app_look,
    looks,
    save_screenshot,
    squeezed_widgets,
    window_sizes,
)
from tests.helpers.waiting import streams_closed, wait_for

PALETTES = looks()
# Still streaming while every screenshot is taken: the culture goes on and on.
ANSWER = {
    "description": "Acme builds warehouse robots.",
    "culture": "Our robots share the floor with people: they slow down and step aside. " * 60,
    "products_and_services": ["Pallet movers", "Pick-and-place arms"],
    "target_market": "Mid-size warehouses",
    "benefits": ["Thirty days of holiday", "A yearly learning budget", "Bike leasing"],
    "industry": "Warehouse robotics",
}


async def settled() -> None:
    """Layouts done, as before a paint."""
    await asyncio.sleep(0.01)
    for _ in range(3):  # a layout's request reaches its parent's in the next round
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


async def shoot(window: MainWindow, state: str, folder: Path) -> list[str]:
    """Every size and palette of the window as it is; the squeezed widgets found."""
    problems = []
    for look, palette in PALETTES.items():
        with app_look(palette):
            for size_name, size in window_sizes(window).items():
                window.resize(size)
                await settled()
                name = f"companies-{state}-{size_name}-{look}"
                save_screenshot(window, name, folder)
                problems += [f"{name}: {p}" for p in squeezed_widgets(window)]
    return problems


def test_screenshots_of_the_guidance(window: MainWindow, qloop, tmp_path: Path) -> None:
    tab = companies_tab(window)
    problems = qloop.run_until_complete(shoot(window, "no-clients", tmp_path))
    qloop.run_until_complete(window.directory.create("Acme Robotics"))
    qloop.run_until_complete(window.directory.create("Northwind Traders"))
    problems += qloop.run_until_complete(shoot(window, "no-selection", tmp_path))
    qloop.run_until_complete(choose_client(tab, "Acme Robotics"))
    problems += qloop.run_until_complete(shoot(window, "no-llm", tmp_path))
    tab.set_llm_ready(True)
    problems += qloop.run_until_complete(shoot(window, "no-website", tmp_path))
    for look, palette in PALETTES.items():
        with app_look(palette):
            dialog = tab.reading.paste_text()
            assert dialog is not None
            dialog.text_edit.setPlainText("About us. Acme Robotics was founded in Berlin…")
            qloop.run_until_complete(settled())
            save_screenshot(dialog, f"companies-paste-dialog-{look}", tmp_path)
            problems += [f"paste dialog {look}: {p}" for p in squeezed_widgets(dialog)]
            dialog.reject()
    assert problems == []


def test_screenshots_of_a_read_the_merge_view_and_the_profile(
    tab: CompaniesTab,
    online: MainWindow,
    acme: Any,
    qloop,
    tmp_path: Path,
    site: WebsiteServer,
    fake_openai_env: FakeOpenAIServer,
) -> None:
    fake_openai_env.chunk_delay = 0.002
    fake_openai_env.queue(ChatReply(answer_json(ANSWER), chunk_words=1))
    type_website(tab, site.url("/"))
    type_into_field(tab, "company", "tagline", "Our own tagline")
    type_into_field(tab, "company", "industry", "Logistics automation")

    async def while_reading() -> list[str]:
        tab.editor.website.read_button.click()
        await wait_for(lambda: "step aside" in company_text(tab, "culture"), 30)
        fake_openai_env.chunk_delay = 0.05  # the shots catch it writing
        found = await shoot(online, "streaming", tmp_path)
        assert tab.reading.runner.running, tab.editor.status.message()
        fake_openai_env.chunk_delay = 0.0
        await idle(tab, 60)
        await streams_closed()
        return found

    problems = qloop.run_until_complete(while_reading())
    assert tab.editor.is_merging()
    problems += qloop.run_until_complete(shoot(online, "merge", tmp_path))
    tab.editor.merge_view.set_choice("tagline", True)
    tab.editor.merge_view.apply_button.click()
    tab.editor.pages.toggle.click()  # the pages read, and those skipped
    problems += qloop.run_until_complete(shoot(online, "read", tmp_path))
    tab.editor.pages.toggle.click()
    tab.workflow.save()
    qloop.run_until_complete(idle(tab))
    forms = tab.editor.forms
    type_into_field(tab, "client", "fee_terms", "20% of first-year salary, 90-day guarantee")
    forms.setCurrentIndex(CLIENT_PAGE)
    problems += qloop.run_until_complete(shoot(online, "contacts", tmp_path))
    forms.setCurrentIndex(VOICE_PAGE)
    problems += qloop.run_until_complete(shoot(online, "voice", tmp_path))
    assert problems == []
