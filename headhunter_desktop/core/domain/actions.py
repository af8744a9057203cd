"""The LLM actions of the app: the code a usage record stores and the label people read."""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    """One kind of LLM or embedding call; the value is the code stored in usage records."""

    PARSE_CV = "parse_cv"
    EMBED_CV = "embed_cv"
    EMBED_QUERY = "embed_query"
    GENERATE_JOB = "generate_job"
    ANALYZE_JOB = "analyze_job"
    GENERATE_DEPARTMENT = "generate_department"
    EXTRACT_COMPANY = "extract_company"
    GENERATE_FEEDBACK = "generate_feedback"
    READ_SCANNED_CV = "read_scanned_cv"

    @property
    def label(self) -> str:
        """What the usage panel and the settings show for this action."""
        return _LABELS[self]

    @property
    def is_embedding(self) -> bool:
        """Embedding calls use the embedding model, every other action the chat model."""
        return self in _EMBEDDING_ACTIONS


_LABELS: dict[Action, str] = {
    Action.PARSE_CV: "Parse CV",
    Action.EMBED_CV: "Embed CV",
    Action.EMBED_QUERY: "Search query",
    Action.GENERATE_JOB: "Write job posting",
    Action.ANALYZE_JOB: "Analyse job description",
    Action.GENERATE_DEPARTMENT: "Write department profile",
    Action.EXTRACT_COMPANY: "Read company website",
    Action.GENERATE_FEEDBACK: "Write interview feedback",
    Action.READ_SCANNED_CV: "Read scanned CV",
}
_EMBEDDING_ACTIONS = frozenset({Action.EMBED_CV, Action.EMBED_QUERY})


def action_label(code: str) -> str:
    """The label of a stored action code; records of actions since renamed show their code."""
    try:
        return Action(code).label
    except ValueError:
        return code
