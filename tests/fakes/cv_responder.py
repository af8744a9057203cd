"""A fake LLM that "parses" CVs: a profile built from the CV text in the request.

Good enough to test the pipeline end to end: the name is the first line, the title the
second, contact details by pattern, skills from a fixed vocabulary.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.fakes.openai_replies import ChatReply

SKILL_WORDS = (
    "Kubernetes", "Python", "SQL", "Docker", "Terraform", "AWS", "Java", "React",
    "Excel", "Nursing", "Pastry", "Accounting", "Figma", "Go", "Rust", "PostgreSQL",
)  # fmt: skip
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_PHONE = re.compile(r"\+?\d[\d ()-]{7,}\d")


def cv_text_of(body: dict[str, Any]) -> str | None:
    """The CV text inside <cv>…</cv> of a parse request, or None for other requests."""
    for message in body.get("messages", []):
        content = message.get("content") or ""
        if message.get("role") == "user" and "<cv>" in content:
            return content.split("<cv>", 1)[1].rsplit("</cv>", 1)[0].strip()
    return None


def profile_for(cv_text: str) -> dict[str, Any]:
    lines = [line.strip() for line in cv_text.splitlines() if line.strip()]
    email = _EMAIL.search(cv_text)
    phone = _PHONE.search(cv_text)
    lowered = cv_text.lower()
    skills = [w for w in SKILL_WORDS if re.search(rf"\b{re.escape(w.lower())}\b", lowered)]
    return {
        "basics": {
            "name": lines[0] if lines else None,
            "label": lines[1] if len(lines) > 1 else None,
            "email": email.group(0) if email else None,
            "phone": phone.group(0) if phone else None,
            "summary": " ".join(lines[2:5])[:300],
        },
        "skills": [{"name": s} for s in skills],
        "currentTitle": lines[1] if len(lines) > 1 else None,
    }


def cv_profile_responder(body: dict[str, Any]) -> ChatReply | None:
    """FakeOpenAIServer.responder: a JSON profile for parse requests, default otherwise."""
    text = cv_text_of(body)
    if text is None:
        return None
    return ChatReply(json.dumps(profile_for(text)))
