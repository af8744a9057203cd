"""A long CV on a local model with a small context window: once the server has named its
window, the CV text gets a third of it, so the profile has room to be written."""

from __future__ import annotations

from pathlib import Path

from headhunter_desktop.core.storage.tables import ImportState
from tests.fakes import FakeOpenAIServer
from tests.fakes.openai_replies import message_text, word_count
from tests.helpers.cv_files import write_txt_cvs
from tests.helpers.import_pipeline import make_env

PROJECTS = "\n".join(
    f"Project {i}: migrated service {i} to Kubernetes, cut costs." for i in range(700)
)


def test_long_cvs_are_parsed_within_a_small_window(
    fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    cvs = write_txt_cvs(tmp_path / "cvs", 2)
    for cv in cvs:  # ~6,000 words each: far over a 4,096-token window
        cv.write_text(cv.read_text(encoding="utf-8") + "\nProjects\n" + PROJECTS, encoding="utf-8")
    env = make_env(fake_openai, tmp_path / "data", parallel=1)
    fake_openai.context_window = 4096

    async def import_one_then_the_other() -> list[ImportState]:
        states = []
        for cv in cvs:
            batch = (await env.service.enqueue([cv], None)).batch_id
            states += [row.state for row in await env.service.process(batch)]
        return states

    try:
        assert env.run(import_one_then_the_other()) == [ImportState.DONE] * 2
    finally:
        env.db.close()
    requests = fake_openai.chat_requests()
    sizes = [
        sum(word_count(message_text(m)) for m in r.body["messages"]) + r.body["max_tokens"]
        for r in requests
    ]
    assert sizes[0] > 4096  # the first CV as it was: refused, naming the window
    assert all(size <= 4096 for size in sizes[1:])
    assert len(requests) == 3  # the second CV fit at once
    assert [r.action for r in env.sink.records].count("parse_cv") == len(requests)
