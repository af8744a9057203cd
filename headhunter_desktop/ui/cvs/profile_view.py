"""One candidate: the parsed fields (editable) beside the CV text and the original file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.domain.cv_profile import CvProfile, Skill
from headhunter_desktop.core.services.candidates import CandidateDetail
from headhunter_desktop.ui.common.steady_tab_widget import SteadyTabWidget
from headhunter_desktop.ui.interviews.interview_history import InterviewHistory, outcome_counts
from headhunter_desktop.ui.interviews.interview_list_model import CANDIDATE_COLUMNS

if TYPE_CHECKING:
    from headhunter_desktop.core.services.interview_summary import InterviewSummary

NO_INTERVIEWS = (
    "No interviews yet. Record one in the Interviews tab: its notes, scorecard and "
    "feedback are listed here, across jobs and clients."
)
# Form field -> the profile path it edits (what `profile_edited_fields` records).
FIELDS = (
    ("name", "Name", "basics.name"),
    ("label", "Title", "basics.label"),
    ("email", "E-mail", "basics.email"),
    ("phone", "Phone", "basics.phone"),
    ("employer", "Current employer", "currentEmployer"),
    ("skills", "Skills (comma-separated)", "skills"),
)


class ProfileView(QWidget):
    """Shows a CandidateDetail; emits intents, never touches services itself.

    Signals:
        save_requested(object, list): the edited CvProfile and the edited field paths.
        export_requested(), open_file_requested(), delete_requested(), reparse_requested(),
        merge_requested(), client_cv_requested(): the buttons (or Export menu entries) of
        the same names were pressed.
        interview_open_requested(object): open this InterviewSummary (Interviews tab).
    """

    save_requested = Signal(object, list)
    export_requested = Signal()
    open_file_requested = Signal()
    delete_requested = Signal()
    reparse_requested = Signal()
    merge_requested = Signal()
    client_cv_requested = Signal()
    interview_open_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._detail: CandidateDetail | None = None
        self.heading = QLabel("Select a candidate to see the profile.")
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        # What reading the CV file warned of: in the palette's text colour (light or dark).
        self.text_note = QLabel()
        self.text_note.setWordWrap(True)
        self.text_note.hide()
        self.edits: dict[str, QLineEdit] = {}
        form = self.form = QFormLayout()
        # Narrow (the window's minimum size): each label above its field, never over it.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, label, _path in FIELDS:
            edit = QLineEdit()
            edit.textChanged.connect(lambda _t: self._update_save())
            self.edits[key] = edit
            form.addRow(f"{label}:", edit)
        self.years = QDoubleSpinBox()
        self.years.setRange(0, 70)
        self.years.setDecimals(1)
        self.years.setSpecialValueText("unknown")
        self.years.valueChanged.connect(lambda _v: self._update_save())
        form.addRow("Years of experience:", self.years)
        self.work = QPlainTextEdit()
        self.work.setReadOnly(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        tabs = SteadyTabWidget()
        profile_page = QWidget()
        page_layout = QVBoxLayout(profile_page)
        page_layout.addLayout(form)
        page_layout.addWidget(QLabel("Work history and education (as parsed):"))
        page_layout.addWidget(self.work, 1)
        self.work.setMinimumHeight(4 * self.work.fontMetrics().lineSpacing())
        tabs.addTab(_scrolling(profile_page), "Profile")
        tabs.addTab(self.text, "CV text")
        # The candidate's interviews across jobs and clients, with their outcomes.
        self.interviews = InterviewHistory(CANDIDATE_COLUMNS, NO_INTERVIEWS)
        self.interviews.open_requested.connect(self.interview_open_requested)
        tabs.addTab(self.interviews, "Interviews")
        self.tabs = tabs
        self.save_button = QPushButton("Save changes")
        self.save_button.setShortcut("Ctrl+S")
        self.export_button = self._export_menu_button()
        self.open_button = QPushButton("Open original")
        self.delete_button = QPushButton("Delete…")
        self.reparse_button = QPushButton("Re-parse")
        self.merge_button = QPushButton("Compare and merge…")
        self.reparse_button.clicked.connect(self.reparse_requested)
        self.merge_button.clicked.connect(self.merge_requested)
        self.save_button.clicked.connect(self._save)
        self.open_button.clicked.connect(self.open_file_requested)
        self.delete_button.clicked.connect(self.delete_requested)
        buttons = QHBoxLayout()
        for button in (
            self.save_button, self.reparse_button, self.export_button,
            self.open_button, self.merge_button,
        ):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.text_note)
        layout.addWidget(tabs, 1)
        layout.addLayout(buttons)
        self.show_detail(None)

    def _export_menu_button(self) -> QToolButton:
        # One "Export" menu, as in the Jobs and Interviews tabs: the row of buttons must
        # leave the candidate list its room at 1024×640.
        button = QToolButton()
        button.setText("Export")
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        menu.addAction("JSON Resume…").triggered.connect(self.export_requested)
        self.client_cv_action = menu.addAction("Client CV (anonymised PDF)…")
        self.client_cv_action.setToolTip("An anonymised PDF of this profile to send to a client")
        self.client_cv_action.triggered.connect(self.client_cv_requested)
        button.setMenu(menu)
        return button

    def detail(self) -> CandidateDetail | None:
        return self._detail

    def show_interviews(self, interviews: list[InterviewSummary]) -> None:
        """The candidate's interviews (the service lists them once the detail is shown)."""
        self.interviews.show_interviews(interviews)
        index = self.tabs.indexOf(self.interviews)
        title = f"Interviews ({len(interviews)})" if interviews else "Interviews"
        self.tabs.setTabText(index, title)
        self.tabs.setTabToolTip(index, outcome_counts(interviews))

    def show_detail(self, detail: CandidateDetail | None) -> None:
        if detail is None or self._detail is None or detail.summary.id != self._detail.summary.id:
            self.show_interviews([])  # another candidate's until theirs arrive
        self._detail = detail
        self.show_text_note()
        profile = detail.profile if detail else None
        has_profile = profile is not None
        for edit in self.edits.values():
            edit.setEnabled(has_profile)
        self.years.setEnabled(has_profile)
        for button in (self.export_button,):
            button.setEnabled(has_profile)
        self.open_button.setEnabled(bool(detail and detail.original_file))
        self.delete_button.setEnabled(detail is not None)
        self.reparse_button.setEnabled(bool(detail and detail.text))
        duplicate_of = detail.summary.duplicate_of_id if detail else None
        self.merge_button.setVisible(duplicate_of is not None)
        self.merge_button.setToolTip(
            f"Possibly the same person as #{duplicate_of}: compare the two profiles and merge "
            "them field by field"
        )
        if detail is None:
            self.heading.setText("Select a candidate to see the profile.")
            for edit in self.edits.values():
                edit.clear()
            self.work.clear()
            self.text.clear()
            self._update_save()
            return
        status = detail.summary.status
        note = f" — {status}: {detail.summary.error}" if detail.summary.error else ""
        edited = (
            f" (edited by hand: {', '.join(detail.edited_fields)})" if detail.edited_fields else ""
        )
        duplicate = (
            f" — possibly the same person as #{detail.summary.duplicate_of_id}"
            if detail.summary.duplicate_of_id else ""
        )  # fmt: skip
        self.heading.setText(f"{detail.summary.name}{note}{duplicate}{edited}")
        self.text.setPlainText(detail.text)
        values = self._values_of(profile) if profile else dict.fromkeys(self.edits, "")
        for key, edit in self.edits.items():
            edit.setText(values[key])
        self.years.setValue(profile.yearsOfExperience or 0 if profile else 0)
        self.work.setPlainText(_history(profile) if profile else "Not parsed yet.")
        self._update_save()

    def show_text_note(self, note: str | None = None) -> None:
        """The warnings reading the CV file gave, after `note` (how a re-parse went)."""
        warnings = self._detail.text_warnings if self._detail else ()
        lines = [f"⚠ {note}"] if note else []
        if warnings:
            lines.append(
                f"⚠ Reading the file gave warnings: {'; '.join(warnings)}. "
                "Compare the CV text with the original."
            )
        self.text_note.setText("\n".join(lines))
        self.text_note.setVisible(bool(lines))

    def edited_paths(self) -> list[str]:
        """The profile paths whose form value differs from the stored profile."""
        if self._detail is None or self._detail.profile is None:
            return []
        stored = self._values_of(self._detail.profile)
        paths = [p for key, _l, p in FIELDS if self.edits[key].text().strip() != stored[key]]
        if (self.years.value() or None) != self._detail.profile.yearsOfExperience:
            paths.append("yearsOfExperience")
        return paths

    def edited_profile(self) -> CvProfile:
        assert self._detail is not None and self._detail.profile is not None
        profile = self._detail.profile.model_copy(deep=True)
        text = {key: edit.text().strip() or None for key, edit in self.edits.items()}
        profile.basics.name, profile.basics.label = text["name"], text["label"]
        profile.basics.email, profile.basics.phone = text["email"], text["phone"]
        profile.currentEmployer = text["employer"]
        profile.yearsOfExperience = self.years.value() or None
        if "skills" in self.edited_paths():
            names = [s.strip() for s in (text["skills"] or "").split(",") if s.strip()]
            profile.skills = [Skill(name=name) for name in names]
        return profile

    def _save(self) -> None:
        paths = self.edited_paths()
        if paths:
            self.save_requested.emit(self.edited_profile(), paths)

    def _update_save(self) -> None:
        self.save_button.setEnabled(bool(self.edited_paths()))

    @staticmethod
    def _values_of(profile: CvProfile) -> dict[str, str]:
        b = profile.basics
        return {
            "name": b.name or "", "label": b.label or "", "email": b.email or "",
            "phone": b.phone or "", "employer": profile.currentEmployer or "",
            "skills": ", ".join(profile.skill_names()),
        }  # fmt: skip


def _scrolling(page: QWidget) -> QScrollArea:
    """The page in a scroll area: on a short screen the form scrolls instead of squeezing
    its fields below their height."""
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def _history(profile: CvProfile) -> str:
    lines = []
    for job in profile.work:
        span = f"{job.startDate or '?'} – {job.endDate or 'now'}"
        lines.append(f"{span}  {job.position or ''} at {job.name or '?'}")
        lines += [f"    • {h}" for h in job.highlights]
    if profile.education:
        lines.append("")
    for school in profile.education:
        lines.append(" ".join(p for p in (school.studyType, school.area, school.institution) if p))
    return "\n".join(lines) or "No work history found in the CV."
