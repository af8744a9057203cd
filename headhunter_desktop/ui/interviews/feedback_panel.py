"""The feedback side of the interview editor: the report (a `FieldForm` of one Markdown
field the model streams into), who wrote it, and the sentences that contradict a score.

The panel keeps the report's provenance: `show_report` puts a saved one on screen,
`begin_draft` starts an AI draft, `keep_report` takes what was saved after it;
`report_on_screen()` says what a save stores (a hand edit after an AI draft makes it
"edited by a person").

Signals:
    edited(): a person changed the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from headhunter_desktop.core.domain.interview import FeedbackReport
from headhunter_desktop.core.services.interviews import ScoreConflict
from headhunter_desktop.ui.common.field_form import FieldForm
from headhunter_desktop.ui.common.field_specs import text
from headhunter_desktop.ui.common.warning_icon import warning_icon
from headhunter_desktop.ui.interviews.interview_labels import provenance_text, provenance_tip

REPORT = "report"
REPORT_LABEL = "Feedback report"
FEEDBACK_FIELDS = (
    text(
        REPORT,
        REPORT_LABEL,
        lines=8,
        regenerable=False,  # the editor's "Generate feedback" writes it
        # Qt shows a placeholder's first line only: short, the action first.
        placeholder="Generate feedback (Ctrl+Return), or type it here",
    ),
)
SHOWN_CONFLICTS = 4
DRAFTING_TEXT = "Being drafted by the LLM…"


class FeedbackPanel(QWidget):
    """Report, provenance note and score-conflict warnings (module docstring).

    Signals:
        edited(): a person changed the report.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = FieldForm(FEEDBACK_FIELDS)
        scroll = self.form.findChild(QScrollArea)
        if scroll is not None:  # one field, which scrolls itself: no second bar beside its own
            scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.conflicts = ConflictWarnings()
        self._report = FeedbackReport()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.conflicts)
        self.form.edited.connect(self._on_edited)
        self._show_provenance()

    # -- the report -----------------------------------------------------------------------
    def show_report(self, report: FeedbackReport) -> None:
        """A saved report on screen; one a person wrote or edited asks before it is replaced."""
        by_hand = report.edited_by_person or (not report.ai_drafted and not report.is_empty)
        self.form.set_values({REPORT: report.markdown}, edited_fields=[REPORT] if by_hand else [])
        self._report = report
        self._show_provenance()

    def begin_draft(self, model: str | None) -> None:
        """The model starts writing the report: what arrives is AI-drafted."""
        self._report = FeedbackReport(ai_drafted=True, model=model)
        self.conflicts.show_conflicts([])  # they were about the text being replaced
        self.form.set_note(REPORT, DRAFTING_TEXT)

    def refresh_provenance(self) -> None:
        """Say who wrote the report on screen (after a draft ended, however it ended)."""
        self._show_provenance()

    def keep_report(self, report: FeedbackReport) -> None:
        """`report` was saved from this screen: take its provenance, keep the editor as is."""
        self._report = report
        self._show_provenance()

    def report_on_screen(self) -> FeedbackReport:
        """The report as the screen shows it, with who wrote it."""
        markdown = self.markdown()
        if not markdown:
            return FeedbackReport()
        drafted = self._report.ai_drafted
        return self._report.model_copy(
            update={
                "markdown": markdown,
                "edited_by_person": drafted and self.was_edited(),
            }
        )

    def markdown(self) -> str:
        return str(self.form.values()[REPORT])

    def was_edited(self) -> bool:
        """A person changed the report since it was loaded or drafted (or wrote it)."""
        return REPORT in self.form.edited_fields()

    def provenance(self) -> str:
        return self.form.note(REPORT)

    def show_conflicts(self, conflicts: Sequence[ScoreConflict]) -> None:
        self.conflicts.show_conflicts(conflicts)

    # -- inside ---------------------------------------------------------------------------
    def _on_edited(self, _key: str) -> None:
        self._show_provenance()
        self.edited.emit()

    def _show_provenance(self) -> None:
        report = self.report_on_screen()
        self.form.set_note(REPORT, provenance_text(report), provenance_tip(report))


class ConflictWarnings(QFrame):
    """The “report contradicts the scorecard” warning: each sentence and why (hidden: none)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scoreConflicts")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        icon = QLabel()
        icon.setPixmap(warning_icon().pixmap(16, 16))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.addWidget(icon)
        row.addWidget(self.label, 1)
        self._conflicts: list[ScoreConflict] = []
        self.hide()

    def show_conflicts(self, conflicts: Sequence[ScoreConflict]) -> None:
        self._conflicts = list(conflicts)
        self.label.setText(conflict_html(self._conflicts))
        self.setVisible(bool(self._conflicts))

    def conflicts(self) -> list[ScoreConflict]:
        return list(self._conflicts)


def conflict_html(conflicts: Sequence[ScoreConflict]) -> str:
    """The warning's text: a heading, then “sentence” — reason, for the first few."""
    if not conflicts:
        return ""
    many = len(conflicts) > 1
    lines = [
        f"<b>{len(conflicts) if many else 'A'} sentence{'s' if many else ''} of the report "
        f"contradict{'' if many else 's'} the scorecard</b> — check before sending:"
    ]
    for conflict in conflicts[:SHOWN_CONFLICTS]:
        sentence = escape(_shortened(conflict.sentence))
        lines.append(f"• “{sentence}” — {escape(conflict.reason)}")
    if len(conflicts) > SHOWN_CONFLICTS:
        lines.append(f"… and {len(conflicts) - SHOWN_CONFLICTS} more")
    return "<br>".join(lines)


def _shortened(sentence: str, limit: int = 140) -> str:
    flat = " ".join(sentence.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + "…"
