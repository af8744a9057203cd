"""The job editor's header: what the recruiter decides, above what the model writes.

The first rows are the request a generation writes from (title, department, job
template, location, employment type, remote policy, notes for the writer); the last is
how the job is published (status, valid-through date, direct apply, the posting date).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from PySide6.QtCore import QDate, QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from headhunter_desktop.core.domain.department import DepartmentProfile
from headhunter_desktop.core.domain.job_posting import (
    EmploymentType,
    JobLocation,
    JobPosting,
    JobStatus,
    RemotePolicy,
)
from headhunter_desktop.ui.jobs.job_fields import REMOTE_POLICY_LABELS
from headhunter_desktop.ui.jobs.job_list_model import STATUS_LABELS

NO_DEPARTMENT = "No department"
NO_TEMPLATE = "No template"
NOT_STATED = "Not stated"
NOT_SET = "Not set"
DEPARTMENT_TIP = "The client's department: its profile goes with the prompt"
# QDateEdit has no empty value: its minimum date shows as NOT_SET and reads as None.
_UNSET_DATE = QDate(2000, 1, 1)


class JobHeader(QWidget):
    """Title, department, template, location, type, remote policy, notes; status, dates.

    Signals:
        edited(): the user changed one of the values (not the status).
        status_chosen(object): the user picked this `JobStatus`.
        employment_type_chosen(object), remote_policy_chosen(object): the user picked this
            value (or None): the form's field of the same name follows.
    """

    edited = Signal()
    status_chosen = Signal(object)
    employment_type_chosen = Signal(object)
    remote_policy_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._departments: list[DepartmentProfile] = []
        self._status = JobStatus.DRAFT
        self._build_request()
        self._build_publishing()
        self._lay_out()
        self._connect_signals()

    # -- building -------------------------------------------------------------------------
    def _build_request(self) -> None:
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. Senior Backend Engineer")
        self.department_box = QComboBox()
        self.template_box = QComboBox()
        self.template_box.setToolTip("One of the department's job templates to start from")
        self.location_edit = QLineEdit()
        self.location_edit.setPlaceholderText("e.g. Berlin, DE")
        self.location_edit.setToolTip(
            "Where the job is, as you would say it: the posting's Location fields below are "
            "written from it"
        )
        self.employment_box = _choice_box(
            [(kind, kind.label) for kind in EmploymentType], NOT_STATED
        )
        self.remote_box = _choice_box(list(REMOTE_POLICY_LABELS.items()), NOT_STATED)
        self.notes_edit = QLineEdit()
        self.notes_edit.setPlaceholderText("Notes for the writer: pay, must-haves, what to stress…")
        self.notes_edit.setToolTip(
            "Instructions for the next generation (not saved with the job). "
            "The posting states pay only when you give it here."
        )
        self._fill_departments()

    def _build_publishing(self) -> None:
        self.status_box = _choice_box(list(STATUS_LABELS.items()), None)
        self.status_box.setToolTip("Opening a job sets its posting date (today)")
        self.valid_edit = QDateEdit()
        self.valid_edit.setCalendarPopup(True)
        self.valid_edit.setMinimumDate(_UNSET_DATE)
        self.valid_edit.setSpecialValueText(NOT_SET)
        self.valid_edit.setDisplayFormat("d MMM yyyy")
        self.valid_edit.setToolTip("The last day the posting is open (set when it is opened)")
        self.direct_apply_box = QCheckBox("Direct apply")
        self.direct_apply_box.setToolTip(
            "Candidates apply on the page the posting is on, without another site in between"
        )
        self.posted_label = QLabel()
        self.posted_label.setObjectName("postedLabel")

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(5)
        pairs = (
            (("Title", self.title_edit), ("Location", self.location_edit)),
            (("Department", self.department_box), ("Template", self.template_box)),
            (("Employment", self.employment_box), ("Remote policy", self.remote_box)),
        )
        for row, cells in enumerate(pairs):
            for column, (label, widget) in enumerate(cells):
                grid.addWidget(_buddy(label, widget), row, 2 * column)
                grid.addWidget(widget, row, 2 * column + 1)
        grid.addWidget(_buddy("Notes", self.notes_edit), 3, 0)
        grid.addWidget(self.notes_edit, 3, 1, 1, 3)
        grid.addWidget(_buddy("Status", self.status_box), 4, 0)
        grid.addLayout(_row(self.status_box, self.direct_apply_box), 4, 1)
        grid.addWidget(_buddy("Valid through", self.valid_edit), 4, 2)
        grid.addLayout(_row(self.valid_edit, self.posted_label), 4, 3)
        for column in (1, 3):
            grid.setColumnStretch(column, 1)
        for box in self.findChildren(QComboBox):
            # Sized by the layout, not by the longest department name or template title.
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(8)

    def _connect_signals(self) -> None:
        # The location and the notes are the brief of the next generation, not the job's
        # own (its place is the form's Location): editing them leaves nothing unsaved.
        self.title_edit.textEdited.connect(lambda _text: self.edited.emit())
        self.department_box.activated.connect(self._on_department_chosen)
        self.template_box.activated.connect(lambda _i: self.edited.emit())
        self.employment_box.activated.connect(self._on_employment_chosen)
        self.remote_box.activated.connect(self._on_remote_chosen)
        self.valid_edit.dateChanged.connect(lambda _date: self.edited.emit())
        self.direct_apply_box.clicked.connect(lambda _checked: self.edited.emit())
        self.status_box.activated.connect(self._on_status_chosen)

    # -- showing a job --------------------------------------------------------------------
    def set_departments(self, departments: Sequence[DepartmentProfile]) -> None:
        """The client's departments to choose from (the choice is kept when still there)."""
        department, template = self.department_id(), self.template_title()
        self._departments = list(departments)
        self._fill_departments()
        self._select_department(department, template)

    def show_job(self, job: JobPosting) -> None:
        """Show `job`'s request and publishing facts (no signals)."""
        fields = job.fields
        with _blocked(self):
            self.title_edit.setText(fields.title)
            self._select_department(job.department_id, job.template_title)
            self.location_edit.setText(place_text(fields.location))
            _select(self.employment_box, fields.employment_type)
            _select(self.remote_box, fields.remote_policy)
            self.notes_edit.clear()
            self.direct_apply_box.setChecked(job.direct_apply)
            self.show_publishing(job)

    def show_publishing(self, job: JobPosting) -> None:
        """Show `job`'s status and dates (after a save or a status change)."""
        with QSignalBlocker(self.valid_edit):
            self._show_dates(job)
        self.set_status(job.status)

    def set_status(self, status: JobStatus) -> None:
        self._status = status
        with QSignalBlocker(self.status_box):
            _select(self.status_box, status)

    def set_employment_type(self, kind: EmploymentType | None) -> None:
        with QSignalBlocker(self.employment_box):
            _select(self.employment_box, kind)

    def set_remote_policy(self, policy: RemotePolicy | None) -> None:
        with QSignalBlocker(self.remote_box):
            _select(self.remote_box, policy)

    def set_title_if_empty(self, title: str) -> None:
        if not self.title().strip():
            self.title_edit.setText(title)

    def set_location(self, text: str) -> None:
        self.location_edit.setText(text)

    # -- reading --------------------------------------------------------------------------
    def title(self) -> str:
        return self.title_edit.text().strip()

    def department_id(self) -> int | None:
        data = self.department_box.currentData()
        return data if isinstance(data, int) else None

    def template_title(self) -> str | None:
        data = self.template_box.currentData()
        return data if isinstance(data, str) else None

    def location(self) -> str:
        return self.location_edit.text().strip()

    def employment_type(self) -> EmploymentType | None:
        data = self.employment_box.currentData()
        return EmploymentType(data) if data else None

    def remote_policy(self) -> RemotePolicy | None:
        data = self.remote_box.currentData()
        return RemotePolicy(data) if data else None

    def notes(self) -> str:
        return self.notes_edit.text().strip()

    def status(self) -> JobStatus:
        return self._status

    def valid_through(self) -> date | None:
        chosen = self.valid_edit.date()
        if chosen == _UNSET_DATE:
            return None
        return date(chosen.year(), chosen.month(), chosen.day())

    def direct_apply(self) -> bool:
        return self.direct_apply_box.isChecked()

    # -- inside ---------------------------------------------------------------------------
    def _fill_departments(self) -> None:
        with QSignalBlocker(self.department_box):
            self.department_box.clear()
            self.department_box.addItem(NO_DEPARTMENT, None)
            for department in self._departments:
                self.department_box.addItem(department.name, department.id)
        self.department_box.setEnabled(bool(self._departments))
        self.department_box.setToolTip(
            DEPARTMENT_TIP if self._departments else "No departments yet: add them in Departments"
        )
        self._fill_templates()

    def _fill_templates(self) -> None:
        department = next((d for d in self._departments if d.id == self.department_id()), None)
        templates = department.fields.job_templates if department else []
        with QSignalBlocker(self.template_box):
            self.template_box.clear()
            self.template_box.addItem(NO_TEMPLATE, None)
            for template in templates:
                self.template_box.addItem(template.title, template.title)
        self.template_box.setEnabled(bool(templates))

    def _select_department(self, department_id: int | None, template: str | None) -> None:
        with QSignalBlocker(self.department_box):
            self.department_box.setCurrentIndex(max(0, self.department_box.findData(department_id)))
        self._fill_templates()
        with QSignalBlocker(self.template_box):
            self.template_box.setCurrentIndex(max(0, self.template_box.findData(template)))

    def _show_dates(self, job: JobPosting) -> None:
        valid = job.valid_through
        shown = _UNSET_DATE if valid is None else QDate(valid.year, valid.month, valid.day)
        self.valid_edit.setDate(shown)
        posted = job.date_posted
        self.posted_label.setText(f"Posted {_day(posted)}" if posted else "Not published yet")

    def _on_department_chosen(self, _index: int) -> None:
        self._fill_templates()
        self.edited.emit()

    def _on_employment_chosen(self, _index: int) -> None:
        self.employment_type_chosen.emit(self.employment_type())
        self.edited.emit()

    def _on_remote_chosen(self, _index: int) -> None:
        self.remote_policy_chosen.emit(self.remote_policy())
        self.edited.emit()

    def _on_status_chosen(self, _index: int) -> None:
        chosen = JobStatus(self.status_box.currentData())
        if chosen is not self._status:
            self.status_chosen.emit(chosen)


def _choice_box(options: Sequence[tuple[StrEnum, str]], empty: str | None) -> QComboBox:
    """A combo box of enum members, kept as their values (Qt stores plain strings)."""
    box = QComboBox()
    if empty is not None:
        box.addItem(empty, None)
    for value, label in options:
        box.addItem(label, value.value)
    return box


def _select(box: QComboBox, value: StrEnum | None) -> None:
    box.setCurrentIndex(max(0, box.findData(None if value is None else value.value)))


def place_text(location: JobLocation | None) -> str:
    """ "Berlin, DE": the town, region and country a recruiter asks for (the street and
    postal code are the form's)."""
    if location is None:
        return ""
    parts = [location.locality, location.region, location.country]
    if location.region and location.region == location.locality:
        parts.remove(location.region)  # Berlin, Berlin
    return ", ".join(part for part in parts if part)


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(12)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _day(day: date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


class _blocked:
    """No signals from the header's editors while a job is put on screen."""

    def __init__(self, header: JobHeader):
        self._blockers: list[QSignalBlocker] = []
        self._header = header

    def __enter__(self) -> None:
        for child in self._header.findChildren(QWidget):
            self._blockers.append(QSignalBlocker(child))

    def __exit__(self, *_exc: object) -> None:
        for blocker in self._blockers:
            blocker.unblock()
        self._blockers.clear()
