"""Whose calls and which dates the Usage tab shows: client, period (its dates always in
view) and, in team mode, recruiter."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.usage.period_choices import (
    CUSTOM,
    DEFAULT_PERIOD,
    PERIODS,
    period_range,
    period_text,
    to_date,
)

ALL_CLIENTS = "All clients"
NO_CLIENT_NAME = "(no client)"
NO_CLIENT_KEY = ""  # the analytics client key of calls made for no client (tables.NO_CLIENT)
ALL_RECRUITERS = "All recruiters"


class UsageFilters(QWidget):
    """Client, period and recruiter drop-downs in one row.

    The client follows the window's "Working for" (everyone when it works for no client)
    until the user picks another here; the next change of "Working for" wins again.

    Signals:
        changed(): the client, the period or the recruiter changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.client = QComboBox()
        self.client.setObjectName("usageClient")
        self.client.setMinimumContentsLength(16)
        self.client.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.client.addItem(ALL_CLIENTS, None)
        self.client.addItem(NO_CLIENT_NAME, NO_CLIENT_KEY)
        self.period = QComboBox()
        self.period.addItems(PERIODS)
        self.period.setCurrentText(DEFAULT_PERIOD)
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        today = QDate.currentDate()
        for edit, value in ((self.date_from, today.addDays(-29)), (self.date_to, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(value)
            edit.hide()
            edit.dateChanged.connect(lambda _d: self._on_dates_changed())
        self.period_label = QLabel()
        self.period_label.setObjectName("periodDates")
        self.recruiter_label = QLabel("Recruiter:")
        self.recruiter = QComboBox()
        self.recruiter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.recruiter.addItem(ALL_RECRUITERS, None)
        self.show_recruiters(False)
        self._build_row()
        self.client.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.period.currentIndexChanged.connect(self._on_period_changed)
        self.recruiter.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.show_span(None)

    def _build_row(self) -> None:
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (
            QLabel("Client:"),
            self.client,
            QLabel("Period:"),
            self.period,
            self.date_from,
            self.date_to,
            self.period_label,
        ):
            row.addWidget(widget)
        row.addSpacing(8)
        row.addWidget(self.recruiter_label)
        row.addWidget(self.recruiter)
        row.addStretch()

    # -- clients ----------------------------------------------------------------------------
    def set_clients(self, clients: Sequence[ClientSummary]) -> None:
        """Offer these clients (by UUID: usage and budgets are per client across laptops);
        the choice stays, or becomes everyone when its client is gone."""
        chosen = self.client.currentData()
        self.client.blockSignals(True)
        while self.client.count() > 2:
            self.client.removeItem(2)
        for c in clients:
            self.client.addItem(c.name, c.uuid)
        index = self.client.findData(chosen)
        self.client.setCurrentIndex(max(index, 0))
        self.client.blockSignals(False)
        if index < 0:
            self.changed.emit()

    def follow(self, client: ClientSummary | None) -> None:
        """The window now works for `client`: show its calls (everyone's for no client)."""
        if client is None:
            self.client.setCurrentIndex(0)
            return
        index = self.client.findData(client.uuid)
        if index < 0:  # not offered yet (the list reloads later)
            self.client.addItem(client.name, client.uuid)
            index = self.client.count() - 1
        self.client.setCurrentIndex(index)

    def client_key(self) -> str | None:
        """The client's analytics key: its UUID, NO_CLIENT_KEY, or None for all clients."""
        key = self.client.currentData()
        return None if key is None else str(key)

    def client_name(self) -> str | None:
        """The chosen client's name ("(no client)" too); None for all clients."""
        return None if self.client_key() is None else self.client.currentText()

    def select_client_key(self, key: str | None) -> None:
        self.client.setCurrentIndex(max(0, self.client.findData(key)))

    # -- period -----------------------------------------------------------------------------
    def selected_period(self) -> tuple[date | None, date | None]:
        name = self.period.currentText()
        if name == CUSTOM:  # in either order: "from" after "to" is read the other way round
            first, last = to_date(self.date_from.date()), to_date(self.date_to.date())
            return min(first, last), max(first, last)
        return period_range(name, date.today())

    def show_span(self, first_call: date | None) -> None:
        """The period's dates next to its name; for all time from the first call (when
        known) to today."""
        start, end = self.selected_period()
        if start is None and first_call is not None:
            text = f"{period_text(first_call, end or date.today())} (all time)"
        elif self.period.currentText() == CUSTOM:
            text = ""  # the date edits show them
        else:
            text = period_text(start, end)
        self.period_label.setText(text)
        self.period_label.setVisible(bool(text))

    def _on_period_changed(self) -> None:
        custom = self.period.currentText() == CUSTOM
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)
        self.show_span(None)
        self.changed.emit()

    def _on_dates_changed(self) -> None:
        if self.period.currentText() == CUSTOM:
            self.changed.emit()

    # -- recruiters (team mode) -------------------------------------------------------------
    def show_recruiters(self, shown: bool) -> None:
        self.recruiter_label.setVisible(shown)
        self.recruiter.setVisible(shown)

    def recruiters_shown(self) -> bool:
        return not self.recruiter.isHidden()

    def set_recruiters(self, users: Sequence[str]) -> None:
        chosen = self.recruiter.currentData()
        self.recruiter.blockSignals(True)
        while self.recruiter.count() > 1:
            self.recruiter.removeItem(1)
        for user in sorted(set(users) | ({chosen} if chosen else set())):
            self.recruiter.addItem(user, user)
        self.recruiter.setCurrentIndex(max(0, self.recruiter.findData(chosen)))
        self.recruiter.blockSignals(False)

    def app_user(self) -> str | None:
        """The chosen recruiter (app user), None for everyone or outside team mode."""
        if not self.recruiters_shown():
            return None
        user = self.recruiter.currentData()
        return None if user is None else str(user)
