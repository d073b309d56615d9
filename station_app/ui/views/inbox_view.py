"""Inbox: citizen complaints and verification requests the state server addressed to this station.

They arrive with each sync cycle. An officer opens one, reads it, and answers with a status and
remarks; the answer is saved at once and goes to the server with the next sync (a pull never
overwrites an answer still on its way).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from station_app.core.errors import StationError, ValidationError
from station_app.core.permissions import Permission
from station_app.core.reference_data import InboxEntry
from station_app.ui.context import Desk
from station_app.ui.events import INBOX, ChangeSet
from station_app.ui.models.inbox_model import STATUS_LABELS, InboxModel, kind_label, status_label
from station_app.ui.sync_monitor import SyncMonitor
from station_app.ui.widgets import error_label, heading, named, set_error
from sync.ops import INBOX_STATUSES

COLUMN_WIDTHS = (130, 170, 420, 180)
_SHOWN_ELSEWHERE = {"id", "kind", "subject", "applicant_name", "status"}


def entry_html(entry: InboxEntry) -> str:
    rows = "".join(
        f"<tr><td><b>{html.escape(key.replace('_', ' ').capitalize())}</b></td>"
        f"<td>{html.escape(str(value))}</td></tr>"
        for key, value in sorted(entry.data.items())
        if key not in _SHOWN_ELSEWHERE and value not in (None, "")
    )
    return (
        f"<h3>{html.escape(entry.subject or '(no subject)')}</h3>"
        f"<p>{html.escape(kind_label(entry.kind))} from <b>{html.escape(entry.applicant_name or '–')}</b>"
        f" · status: <b>{html.escape(status_label(entry))}</b></p>"
        f"<table cellspacing='3'>{rows}</table>"
    )


class InboxView(QWidget):
    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._desk = desk
        self._stale = True
        self._shown_id: str | None = None
        self.setObjectName("inboxView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(heading("Inbox: complaints and verification requests from the state server"))
        note = QLabel(
            "New items arrive with each sync. Select one to read it; answers are sent with the next sync."
        )
        note.setWordWrap(True)
        note.setProperty("role", "help")
        layout.addWidget(note)
        self.model = InboxModel(self)
        self.table = named(QTableView(), "inboxTable", "Inbox")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(col, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        # Enter or a double-click "opens" the item: straight to its answer.
        self.table.activated.connect(lambda _index: self.status_combo.setFocus())
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self._build_detail())
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        self.count_label = QLabel("…")
        self.count_label.setObjectName("inboxCount")
        self.count_label.setProperty("role", "help")
        layout.addWidget(self.count_label)
        desk.events.changed.connect(self._changed)
        self._show_selected()

    def _build_detail(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 6, 0, 0)
        self.detail = named(QTextBrowser(), "inboxDetail", "The selected inbox item")
        row.addWidget(self.detail, 3)
        answer = QWidget()
        form = QFormLayout(answer)
        self.status_combo = named(QComboBox(), "inboxStatusCombo", "Answer: status")
        for status in INBOX_STATUSES:
            self.status_combo.addItem(STATUS_LABELS.get(status, status), status)
        self.remarks = named(QPlainTextEdit(), "inboxRemarksEdit", "Answer: remarks")
        self.remarks.setTabChangesFocus(True)
        self.remarks.setPlaceholderText(
            "What the station did, e.g. 'Called the applicant; enquiry by SI Meena.'"
        )
        self.save_button = named(QPushButton("Save &answer"), "inboxSaveButton", "Save the answer")
        self.save_button.clicked.connect(self.save_answer)
        self.answer_error = error_label("inboxAnswerError")
        status_label_ = QLabel("S&tatus:")
        status_label_.setBuddy(self.status_combo)
        remarks_label = QLabel("Re&marks:")
        remarks_label.setBuddy(self.remarks)
        form.addRow(status_label_, self.status_combo)
        form.addRow(remarks_label, self.remarks)
        form.addRow("", self.save_button)
        form.addRow("", self.answer_error)
        self.can_answer = self._desk.actor.can(Permission.WRITE_GD)
        answer.setVisible(self.can_answer)
        row.addWidget(answer, 2)
        return box

    # --- data -------------------------------------------------------------------------------------

    def attach(self, monitor: SyncMonitor) -> None:
        """New items come with sync cycles: read the inbox again after each one."""
        monitor.cycle_finished.connect(lambda _report: self._mark_stale())

    def refresh(self) -> None:
        self._stale = False
        reference, actor = self._desk.services.reference, self._desk.actor
        self._desk.ops.run(lambda: reference.inbox(actor), on_success=self._show, owner=self)

    def _show(self, entries: list[InboxEntry]) -> None:
        selected = self.selected()
        self.model.set_rows(entries)
        ids = self.model.ids()
        if entries:
            self.table.selectRow(ids.index(selected.id) if selected and selected.id in ids else 0)
        new = sum(1 for e in entries if e.status == "new")
        self.count_label.setText(f"{len(entries)} item{'s' if len(entries) != 1 else ''}, {new} new")
        self._show_selected()

    def selected(self) -> InboxEntry | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.entry(index.row())

    def _show_selected(self) -> None:
        entry = self.selected()
        self.save_button.setEnabled(entry is not None and self.can_answer)
        set_error(self.answer_error, "")
        if entry is None:
            self._shown_id = None
            self.detail.setHtml(
                "<p style='color:#5f6368'>Nothing in the inbox yet. Items come with sync.</p>"
            )
            return
        self.detail.setHtml(entry_html(entry))
        if entry.id != self._shown_id:  # a refresh of the same item keeps what is being typed
            self._shown_id = entry.id
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(entry.status)))
            self.remarks.setPlainText(str(entry.data.get("station_note") or ""))

    def save_answer(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        status, note = str(self.status_combo.currentData()), self.remarks.toPlainText()
        reference, actor = self._desk.services.reference, self._desk.actor
        self.save_button.setEnabled(False)
        self._desk.ops.run(
            lambda: reference.answer_inbox_item(actor, entry.id, status, note),
            on_failure=self._failed,
            on_done=lambda: self.save_button.setEnabled(True),
            changes=ChangeSet.of(INBOX),
            owner=self,
        )

    def _failed(self, exc: StationError) -> None:
        if isinstance(exc, ValidationError):
            set_error(self.answer_error, "; ".join(exc.field_errors.values()))
        else:
            set_error(self.answer_error, exc.message)

    def _changed(self, changes: ChangeSet) -> None:
        if changes.touches(INBOX):
            self._mark_stale()

    def _mark_stale(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()
