"""A fake vision model: it answers requests that carry page images with a transcription,
and parse requests with profiles (`cv_responder`)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from tests.fakes.cv_responder import cv_profile_responder
from tests.fakes.openai_replies import ChatReply


def page_images(body: dict[str, Any]) -> list[bytes]:
    """The images of a chat request's image_url parts (data URLs), decoded, in order."""
    images = []
    for message in body.get("messages", []):
        content = message.get("content")
        for part in content if isinstance(content, list) else []:
            if part.get("type") == "image_url":
                url = part["image_url"]["url"]
                header, _, data = url.partition(",")
                assert header == "data:image/png;base64", header
                images.append(base64.b64decode(data))
    return images


def scan_responder(transcription: str) -> Callable[[dict[str, Any]], ChatReply | None]:
    """FakeOpenAIServer.responder: `transcription` for page images, profiles for parses."""

    def respond(body: dict[str, Any]) -> ChatReply | None:
        if page_images(body):
            return ChatReply(transcription)
        return cv_profile_responder(body)

    return respond
