"""The running legal clocks, most urgent first: the station's (SHO's home) or one case's.

Queried through the op runner on changes to the records that start or stop a clock, and every few
minutes; in between, a 30-second tick only recomputes the time left from the due times (no database
work), so the 24-hour production countdown moves and turns red in its last 4 hours on time.
Enter or a double-click on a row asks for its case.

Order: the 24-hour production clocks first (counted in hours, and a person is held meanwhile), then
every other clock as the service ranks it, most urgent first.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from station_app.core.services.deadlines import DeadlineItem
from station_app.ui.context import Desk
from station_app.ui.deadline_text import due_text, left_text, rule_text, tone
from station_app.ui.events import ARREST, FIR, ChangeSet
from station_app.ui.models.record_table import RecordTableModel
from station_app.ui.widgets import named

TICK_MS = 30_000  # the countdown moves on this, from the clock alone
REQUERY_MS = 5 * 60_000  # and the database is asked again this often (and on every relevant change)
COL_LEFT = 0
PRODUCTION = "production_24h"


def display_order(items: list[DeadlineItem]) -> list[DeadlineItem]:
    production = sorted((i for i in items if i.rule.id == PRODUCTION), key=lambda i: i.state.due_at)
    return production + [i for i in items if i.rule.id != PRODUCTION]


class DeadlineList(QWidget):
    case_requested = Signal(str)  # an FIR id
    loaded = Signal()

    def __init__(self, desk: Desk, fir_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._fir_id = fir_id
        self._now: datetime = desk.services.clock.now()
        self._loading = False
        suffix = "Case" if fir_id else "Station"
        self.setObjectName(f"deadlines{suffix}")
        self.model: RecordTableModel[DeadlineItem] = RecordTableModel(
            [
                ("Time left", lambda i: left_text(i, self._now)),
                ("Case / person", lambda i: i.subject),
                ("Due", due_text),
                ("Clock (section)", rule_text),
            ],
            self,
            tone=lambda i: tone(i, self._now),
            bold=lambda i: tone(i, self._now) == "error",
        )
        self.table = named(QTableView(), f"deadlines{suffix}Table", "Running legal clocks, most urgent first")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch
        )  # the rule: elided, whole in its tooltip
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.activated.connect(self._activated)
        self.empty = QLabel("No legal clock is running.")
        self.empty.setObjectName(f"deadlines{suffix}Empty")
        self.empty.setProperty("role", "help")
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self._tick = self.startTimer(TICK_MS)
        self._requery = self.startTimer(REQUERY_MS)
        desk.events.changed.connect(self._changed)
        self.refresh()

    def timerEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.timerId() == self._tick:
            self.tick()
        elif event.timerId() == self._requery:
            self.refresh()

    def refresh(self) -> None:
        if self._loading:
            return
        self._loading = True
        deadlines, actor, fir_id = self._desk.services.deadlines, self._desk.actor, self._fir_id
        self._desk.ops.run(
            lambda: deadlines.open_deadlines(actor, fir_id),
            on_success=self._show,
            on_done=self._done,
            owner=self,
        )

    def _done(self) -> None:
        self._loading = False

    def _show(self, items: list[DeadlineItem]) -> None:
        self._now = self._desk.services.clock.now()
        self.model.set_rows(display_order(items))
        self.table.setVisible(bool(items))
        self.empty.setVisible(not items)
        self.loaded.emit()

    def tick(self) -> None:
        """Move the countdowns on (GUI thread, no database): the clock is cheap to read."""
        self._now = self._desk.services.clock.now()
        self.model.refresh_texts()

    def _changed(self, changes: ChangeSet) -> None:
        if changes.touches(ARREST, FIR):
            self.refresh()

    def _activated(self, index: QModelIndex) -> None:
        item = self.model.record(index.row())
        if item.fir_id is not None:
            self.case_requested.emit(item.fir_id)

    def items(self) -> list[DeadlineItem]:
        return self.model.rows()

    def row_texts(self, row: int) -> list[str]:
        return [str(self.model.index(row, c).data()) for c in range(self.model.columnCount())]

    def row_tone(self, row: int) -> str | None:
        return tone(self.model.record(row), self._now)
