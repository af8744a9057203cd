"""What every generation for a client knows about it: its profile and its voice.

The Companies issue reads the full profile from the client's website; until then a
recruiter types what they know. Fine-tuning instructions are followed by every generation
for the client (department, job posting, interview feedback).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class FineTuning(_Model):
    """How the client wants to sound."""

    tone: str = ""  # e.g. "warm, direct, no hype"
    words_to_use: list[str] = Field(default_factory=list)
    words_to_avoid: list[str] = Field(default_factory=list)
    instructions: str = ""  # anything else, free text

    @property
    def is_empty(self) -> bool:
        """Nothing to tell the model."""
        return not (self.tone or self.words_to_use or self.words_to_avoid or self.instructions)


class ClientProfile(_Model):
    """The client company as generations see it (stored in `profile_json`)."""

    name: str
    website: str | None = None
    tagline: str = ""
    description: str = ""
    industry: str = ""
    headquarters: str = ""
    size_band: str = ""
    culture: str = ""
    values: list[str] = Field(default_factory=list)
    benefits: list[str] = Field(default_factory=list)
    fine_tuning: FineTuning = Field(default_factory=FineTuning)
