"""Items held back for a person (quarantined or in conflict): the list, what clashed (this station's
value next to what the state server said), and the two things a person can do here: send it again
once the cause is fixed (Retry, SHO only) or export it for the district IT cell.

Resolving a conflict is a human decision; this panel never edits a record.
"""

from __future__ import annotations

import html
import json
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from station_app.core.localtime import format_ist
from station_app.core.outbox import OutboxItem
from station_app.ui.models.outbox_model import HELD_COLUMNS, OutboxModel
from station_app.ui.sync_text import code_label, op_label, record_label
from station_app.ui.widgets import named

LONG_TEXT = 160  # longer payload values are shortened in the detail (the export has them whole)
RETRY_NOTE = (
    "Retry sends the item again unchanged, after the cause was fixed at the state server. "
    "Deciding which value is right is for the SHO with the district IT cell."
)


def _short(key: str, value: Any) -> str:
    if key == "content" and isinstance(value, str) and value.startswith("{"):
        return f"(the FIR's frozen content: {len(value):,} characters; the export has it whole)"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= LONG_TEXT else f"{text[:LONG_TEXT]}… ({len(text):,} characters)"


def station_value_html(payload: dict[str, Any] | None) -> str:
    if payload is None:
        return "<i>Not available to your role.</i>"
    rows = "".join(
        f"<tr><td><b>{html.escape(key)}</b></td><td>{html.escape(_short(key, value))}</td></tr>"
        for key, value in sorted(payload.items())
    )
    return f"<table cellspacing='2'>{rows}</table>"


def detail_html(item: OutboxItem, exported: dict[str, Any] | None) -> str:
    """What clashed: the record, the reason, this station's value and the state server's answer."""
    payload = exported.get("payload") if exported else None
    status = "Conflict" if item.status == "conflict" else "Quarantined"
    reason = code_label(item.error_code) or "no reason given"
    server_says = html.escape(item.error_detail or "(no details)")
    return (
        f"<h3>{html.escape(op_label(item.op))}: {status}</h3>"
        f"<p><b>Record:</b> {html.escape(item.record or record_label(item.aggregate_type, item.aggregate_id))} "
        f"<span style='color:#5f6368'>({html.escape(item.aggregate_id)})</span><br>"
        f"<b>Reason:</b> {html.escape(reason)} <span style='color:#5f6368'>({html.escape(item.error_code or '–')})"
        f"</span><br><b>Queued:</b> {format_ist(item.created_at)} IST · <b>tries:</b> {item.attempts}</p>"
        f"<p><b>The state server says:</b><br>{server_says}</p>"
        f"<p><b>This station's value:</b></p>{station_value_html(payload)}"
        f"<p style='color:#5f6368'>{html.escape(RETRY_NOTE)}</p>"
    )


class HeldPanel(QWidget):
    retry_requested = Signal(str)  # mutation id
    export_requested = Signal()

    def __init__(self, name: str, title: str, can_retry: bool, can_export: bool) -> None:
        super().__init__()
        self.setObjectName(f"{name}Panel")
        self._exported: dict[str, dict[str, Any]] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        self.model = OutboxModel(HELD_COLUMNS, self)
        self.table = named(QTableView(), f"{name}Table", title)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((110, 190, 150, 70)):
            self.table.setColumnWidth(col, width)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.detail = named(QTextBrowser(), f"{name}Detail", f"{title}: details of the selected item")
        self.detail.setOpenLinks(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)  # a few held items, and room to read what clashed
        layout.addWidget(split, 1)
        row = QHBoxLayout()
        self.retry_button = named(QPushButton("Re&try"), f"{name}RetryButton", "Retry the selected item")
        self.retry_button.clicked.connect(self._retry)
        self.retry_button.setVisible(can_retry)
        self.export_button = named(
            QPushButton("E&xport to a file…"), f"{name}ExportButton", "Export held-back items to a file"
        )
        self.export_button.clicked.connect(self.export_requested)
        self.export_button.setVisible(can_export)
        self.note = QLabel("" if can_retry else "Only the SHO can send a held-back item again.")
        self.note.setProperty("role", "help")
        for widget in (self.retry_button, self.export_button, self.note):
            row.addWidget(widget)
        row.addStretch()
        layout.addLayout(row)
        self._can_retry = can_retry
        self._show_selected()

    def set_items(self, items: list[OutboxItem], exported: dict[str, dict[str, Any]], now: datetime) -> None:
        selected = self.selected()
        self._exported = exported
        self.model.set_rows(items, now)
        ids = [i.mutation_id for i in items]
        row = ids.index(selected.mutation_id) if selected and selected.mutation_id in ids else 0
        if items:
            self.table.selectRow(row)
        self._show_selected()

    def selected(self) -> OutboxItem | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.item(index.row())

    def _show_selected(self) -> None:
        item = self.selected()
        self.retry_button.setEnabled(self._can_retry and item is not None)
        self.export_button.setEnabled(self.model.rowCount() > 0)
        if item is None:
            self.detail.setHtml("<p style='color:#5f6368'>Nothing is held back here.</p>")
            return
        self.detail.setHtml(detail_html(item, self._exported.get(item.mutation_id)))

    def _retry(self) -> None:
        item = self.selected()
        if item is not None:
            self.retry_button.setEnabled(False)
            self.retry_requested.emit(item.mutation_id)
