"""Headhunter Desktop: CV intake, LLM-written profiles and exact LLM cost tracking."""

__version__ = "0.1.0"
APP_NAME = "Headhunter Desktop"
APP_ID = "headhunter-desktop"
