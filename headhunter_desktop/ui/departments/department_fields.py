"""The department editor's generated fields, keyed like `DepartmentProfileDraft`, in the
order the model writes them (the name is not among them: a person gives it)."""

from __future__ import annotations

from headhunter_desktop.core.domain.department import DepartmentProfileDraft
from headhunter_desktop.ui.common.field_specs import line, object_list, string_list, text

DEPARTMENT_FIELDS = (
    text(
        "description",
        "Description",
        lines=7,
        placeholder="What the team does, for whom, how it works — Markdown.",
    ),
    string_list("technologies", "Technologies", lines=6),
    object_list(
        "job_templates",
        "Job templates",
        (
            line("title", "Title", placeholder="e.g. Senior Backend Engineer"),
            text("description", "Description", lines=3),
            string_list("technologies", "Technologies", lines=2),
        ),
        item_label="Job template",
    ),
)

# What a whole-profile generation writes: every field of the draft.
GENERATED_KEYS = tuple(DepartmentProfileDraft.model_fields)
