"""The app's own services (the composition root) on a data folder, for one piece of work."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config

T = TypeVar("T")


def run_on_data_folder(data: Path, work: Callable[[AppServices], Awaitable[T]]) -> T:
    """Open the services on data folder `data` (settings from the environment), run `work`
    on a fresh loop, close them there (usage flushed); returns what `work` returned."""
    services = AppServices.open(
        resolve_config(Settings(), data_dir_flag=str(data)), SettingsStore()
    )

    async def main() -> T:
        try:
            return await work(services)
        finally:
            await services.aclose()

    return asyncio.run(main())


async def add_clients(services: AppServices, *names: str) -> None:
    """Add client companies through the client service, in order."""
    for name in names:
        await services.clients.create(name)
