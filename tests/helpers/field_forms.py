"""A small generated object with a field of every kind, its form, a pane that streams
into it, and what the streaming tests read off the form."""

from __future__ import annotations

import json
from enum import StrEnum

from pydantic import BaseModel, Field
from PySide6.QtWidgets import QVBoxLayout, QWidget

from headhunter_desktop.core.domain.job_posting import EmploymentType, RemotePolicy, SalaryPeriod
from headhunter_desktop.ui.common.field_form import FieldForm
from headhunter_desktop.ui.common.field_specs import (
    choice,
    enum_options,
    group,
    line,
    number,
    object_list,
    string_list,
    text,
)
from headhunter_desktop.ui.common.generation_runner import GenerationRunner
from headhunter_desktop.ui.common.generation_status import GenerationStatus
from headhunter_desktop.ui.shell.task_registry import TaskRegistry


class Level(StrEnum):
    JUNIOR = "junior"
    SENIOR = "senior"


class Template(BaseModel):
    title: str = ""
    description: str = ""
    technologies: list[str] = Field(default_factory=list)


class Posting(BaseModel):
    """What the model writes in these tests, in writing order."""

    title: str = ""
    description: str = ""
    skills: list[str] = Field(default_factory=list)
    level: Level | None = None
    years: int | None = None
    templates: list[Template] = Field(default_factory=list)


POSTING_FIELDS = (
    line("title", "Title"),
    text("description", "Description", lines=4),
    string_list("skills", "Skills", lines=3),
    choice("level", "Level", enum_options(Level)),
    number("years", "Years of experience", beside_previous=True),
    object_list(
        "templates",
        "Templates",
        (
            line("title", "Title"),
            text("description", "Description", lines=2),
            string_list("technologies", "Technologies", lines=2),
        ),
        item_label="Template",
    ),
)

# A job posting's form as the Jobs tab may build it (the real domain model).
JOB_FIELDS = (
    line("title", "Title"),
    text("description", "Description", lines=6),
    string_list("responsibilities", "Responsibilities"),
    string_list("qualifications", "Qualifications"),
    string_list("skills_required", "Skills required", lines=3),
    choice("employment_type", "Employment type", enum_options(EmploymentType)),
    choice("remote_policy", "Remote policy", enum_options(RemotePolicy), beside_previous=True),
    number("years_of_experience", "Years of experience", beside_previous=True),
    group(
        "salary_range",
        "Salary range",
        (
            number("min", "From", decimals=2),
            number("max", "To", decimals=2),
            line("currency", "Currency", chars=5),
            choice("period", "Per", enum_options(SalaryPeriod)),
        ),
    ),
    group(
        "location",
        "Location",
        (line("locality", "City"), line("region", "Region"), line("country", "Country")),
    ),
    text("team_info", "Team", lines=3),
)


def sample_posting(description_words: int = 24) -> Posting:
    words = " ".join(f"word{i}" for i in range(description_words))
    return Posting(
        title="Senior Data Engineer",
        description=f"We build **data pipelines** for retail. {words}.",
        skills=["Python and SQL", "Apache Kafka streams", "Kubernetes in production"],
        level=Level.SENIOR,
        years=5,
        templates=[
            Template(title="Data Engineer", description="Builds pipelines.", technologies=["dbt"]),
            Template(title="Analyst", description="Reads the data.", technologies=["SQL", "Excel"]),
        ],
    )


def as_json(model: BaseModel) -> str:
    """The answer a model would stream for `model`: indented JSON, words split by spaces."""
    return json.dumps(model.model_dump(mode="json"), indent=1)


class GenerationPane(QWidget):
    """A form, its status strip and a runner, as a tab would hold them."""

    def __init__(self, tasks: TaskRegistry, form: FieldForm | None = None):
        super().__init__()
        self.form = form or FieldForm(POSTING_FIELDS)
        self.status = GenerationStatus()
        self.runner = GenerationRunner(self, tasks, self.status, name="test.generate")
        self.finished: list[bool] = []
        self.finals: list[BaseModel] = []
        self.runner.finished.connect(self.finished.append)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.status)

    def keep_final(self, final: BaseModel) -> None:
        self.finals.append(final)


def text_of(form: FieldForm, key: str) -> str:
    """What a text, list or line field shows."""
    editor = form.field(key).editor  # type: ignore[attr-defined]
    return editor.toPlainText() if hasattr(editor, "toPlainText") else editor.text()


def list_lines(form: FieldForm, key: str) -> list[str]:
    return [line for line in text_of(form, key).splitlines() if line.strip()]
