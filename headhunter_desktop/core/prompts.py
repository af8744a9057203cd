"""Prompt templates live in `resources/prompts/` so they can be read and tuned without code."""

from __future__ import annotations

from functools import cache

from headhunter_desktop.resources import resources_dir


@cache
def load_prompt(name: str) -> str:
    """The text of `resources/prompts/<name>.md`; a missing prompt is a packaging bug."""
    path = resources_dir() / "prompts" / f"{name}.md"
    return path.read_text(encoding="utf-8").strip()
