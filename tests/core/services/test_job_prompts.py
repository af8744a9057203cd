"""The job calls' messages as pure functions: a long description is cut to fit, and an
analysis states only the facts the recruiter gave (the description may state the rest)."""

from __future__ import annotations

from headhunter_desktop.core.domain.client_profile import ClientProfile
from headhunter_desktop.core.domain.job_posting import EmploymentType
from headhunter_desktop.core.llm.tokens import count_tokens
from headhunter_desktop.core.services.job_prompts import (
    DESCRIPTION_TOKEN_BUDGET,
    JobContext,
    analyze_messages,
    generate_messages,
)
from headhunter_desktop.core.services.jobs import JobRequest

ACME = JobContext(ClientProfile(name="Acme Ltd"))
MODEL = "gpt-4o-mini"


def user_text(messages: list[dict[str, str]]) -> str:
    return messages[1]["content"]


def test_a_long_description_is_cut_to_its_beginning_and_says_so() -> None:
    description = "Signalling engineer wanted. " + "Interlocking software matters. " * 20_000
    message = user_text(analyze_messages(ACME, JobRequest(title="SRE"), description, MODEL))
    fence = message.split("<job_description>\n", 1)[1].split("\n</job_description>", 1)[0]
    assert fence.startswith("Signalling engineer wanted.")
    assert count_tokens(fence, MODEL) <= DESCRIPTION_TOKEN_BUDGET
    assert "(The description was cut to fit; read what is there.)" in message
    short = user_text(analyze_messages(ACME, JobRequest(title="SRE"), "We need an SRE.", MODEL))
    assert "cut to fit" not in short


def test_an_analysis_names_only_the_facts_the_recruiter_gave() -> None:
    request = JobRequest(title="", remote=True, employment_type=EmploymentType.PART_TIME)
    message = user_text(analyze_messages(ACME, request, "We need an SRE in Leipzig.", MODEL))
    facts = message.split("(it wins over the description):\n", 1)[1]
    assert facts == "Remote: fully remote\nEmployment type: PART_TIME (Part-time)"
    bare = user_text(analyze_messages(ACME, JobRequest(title=""), "We need an SRE.", MODEL))
    assert "What the recruiter says" not in bare and "not given" not in bare
    written = user_text(generate_messages(ACME, JobRequest(title="SRE")))
    assert "Location: not given" in written and "Remote: not stated" in written
