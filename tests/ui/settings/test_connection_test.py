"""The connection test's failure reads in a dark theme too: its red follows the palette."""

from __future__ import annotations

import socket

from headhunter_desktop.core.services.configuration import ClientOptions
from headhunter_desktop.ui.common.generation_status import ERROR_ON_DARK, ERROR_ON_LIGHT
from headhunter_desktop.ui.settings.connection_test import ConnectionTest
from tests.helpers.screenshots import dark_palette


def closed_port_url() -> str:
    """A local address nothing listens on: the connection is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def test_a_failure_is_written_in_the_red_that_reads_on_the_palette(qtbot, qloop) -> None:
    light, dark = ConnectionTest("Test connection"), ConnectionTest("Test connection")
    dark.setPalette(dark_palette())
    for widget in (light, dark):
        qtbot.addWidget(widget)
        models = qloop.run_until_complete(
            widget.probe(ClientOptions("sk-test-fake", closed_port_url()))
        )
        assert models is None
        assert widget.result.text().startswith("<span")
        assert "✗" in widget.result.text() and widget.button.isEnabled()
    assert ERROR_ON_LIGHT.name() in light.result.text()
    assert ERROR_ON_DARK.name() in dark.result.text()
