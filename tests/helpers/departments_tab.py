"""Driving the Departments tab as a recruiter would: the tab of a window, its editor's
text, answering its dialogs, and the usage records its generations left."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from PySide6.QtWidgets import QMessageBox

from headhunter_desktop.core.analytics.tables import usage_records
from headhunter_desktop.core.domain.department import DepartmentProfileDraft, JobTemplate
from headhunter_desktop.ui.departments.departments_tab import DepartmentsTab
from tests.helpers.dialogs import answer_message_box
from tests.helpers.field_forms import text_of
from tests.helpers.waiting import shown_dialog, wait_for

# A department as a model would write it (Markdown description, short names, templates).
PLATFORM = DepartmentProfileDraft(
    description=(
        "The **Platform team** builds and runs the systems every Acme Rail product ships "
        "on: the build pipeline, the Kubernetes clusters in two data centres and the "
        "observability stack. Eleven engineers work in two squads, on call one week in six."
        "\n\n- Keeps 40 services deployable several times a day\n- Owns the path from a "
        "merged change to a signal box in production"
    ),
    technologies=["Kubernetes", "Terraform", "Go", "PostgreSQL", "Prometheus", "GitLab CI"],
    job_templates=[
        JobTemplate(
            title="Site Reliability Engineer",
            description="Keeps the clusters healthy and the on-call rota calm.",
            technologies=["Kubernetes", "Prometheus", "Go"],
        ),
        JobTemplate(
            title="Platform Engineer",
            description="Builds the tooling product teams deploy with.",
            technologies=["Terraform", "GitLab CI"],
        ),
        JobTemplate(
            title="Database Reliability Engineer",
            description="Runs PostgreSQL for every product, backups to failover drills.",
            technologies=["PostgreSQL", "Patroni"],
        ),
    ],
)


def profile_json(draft: DepartmentProfileDraft) -> str:
    """The answer a model streams for `draft`: its JSON, indented, one word a chunk."""
    return draft.model_dump_json(indent=1)


def departments_tab(window: Any) -> DepartmentsTab:
    """The window's Departments tab, shown."""
    tab = window.tab(DepartmentsTab)
    window.tab_widget.setCurrentWidget(tab)
    return tab


def field_text(tab: DepartmentsTab, key: str) -> str:
    """What the editor's field `key` shows (text and list fields)."""
    return text_of(tab.editor.form, key)


def list_names(tab: DepartmentsTab) -> list[str]:
    return [p.name for p in tab.model.departments()]


def selected_name(tab: DepartmentsTab) -> str | None:
    rows = tab.panel.view.selectionModel().selectedRows()
    return tab.model.department_at(rows[0].row()).name if rows else None  # type: ignore[union-attr]


async def answer_and_wait_closed(button_text: str) -> str:
    """`answer_message_box`, then wait until no message box is shown any more."""
    shown = await answer_message_box(button_text)
    await wait_for(lambda: shown_dialog(QMessageBox) is None)
    return shown


async def idle(tab: DepartmentsTab, timeout: float = 20) -> None:
    """Until no generation, save or load of the tab runs."""
    await wait_for(lambda: not tab.workflow.is_working(), timeout)


def generation_records(window: Any) -> list[dict[str, Any]]:
    """The usage database's generate_department records, oldest first."""
    assert window.services.usage_writer.flush(10)
    r = usage_records.c
    query = (
        sa.select(r.status, r.usage_source, r.client_company_id, r.client_company_name)
        .add_columns(r.entity_type, r.entity_id, r.tokens_input, r.tokens_output)
        .where(r.action == "generate_department")
        .order_by(r.occurred_at)
    )
    with window.services.usage.engine().connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]
