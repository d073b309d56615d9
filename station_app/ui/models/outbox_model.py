"""The outbox as table models for the Sync screen: the queue (pending and in flight) and the items
held back for a person (quarantined, conflicts). Filled by ``set_rows``; the rows are the core's
``OutboxItem`` records, read through the op runner."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from station_app.core.outbox import OutboxItem
from station_app.ui.sync_text import code_label, ist_clock, op_label, record_label, until

(
    KEY_QUEUED,
    KEY_WHAT,
    KEY_RECORD,
    KEY_STATUS,
    KEY_ATTEMPTS,
    KEY_NEXT,
    KEY_ERROR,
    KEY_REASON,
) = ("queued", "what", "record", "status", "attempts", "next", "error", "reason")
HEADERS = {
    KEY_QUEUED: "Queued (IST)",
    KEY_WHAT: "What",
    KEY_RECORD: "Record",
    KEY_STATUS: "Status",
    KEY_ATTEMPTS: "Attempts",
    KEY_NEXT: "Next attempt",
    KEY_ERROR: "Last error",
    KEY_REASON: "Reason",
}
QUEUE_COLUMNS = (KEY_QUEUED, KEY_WHAT, KEY_RECORD, KEY_STATUS, KEY_ATTEMPTS, KEY_NEXT, KEY_ERROR)
HELD_COLUMNS = (KEY_QUEUED, KEY_WHAT, KEY_RECORD, KEY_ATTEMPTS, KEY_REASON)
STATUS_LABELS = {
    "pending": "waiting",
    "inflight": "being sent",
    "quarantined": "quarantined",
    "conflict": "conflict",
    "applied": "delivered",
}
ItemRole = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex


def next_attempt(item: OutboxItem) -> datetime | None:
    # OutboxItem does not carry the retry time yet (a core change asked for in the sync GUI
    # report); until it does, the column says "with the next sync".
    value = getattr(item, "next_attempt_at", None)
    return value if isinstance(value, datetime) else None


class OutboxModel(QAbstractTableModel):
    def __init__(self, columns: tuple[str, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self._rows: list[OutboxItem] = []
        self._now = datetime.now(UTC)

    def set_rows(self, rows: list[OutboxItem], now: datetime) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._now = now
        self.endResetModel()

    def item(self, row: int) -> OutboxItem:
        return self._rows[row]

    def rows(self) -> list[OutboxItem]:
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[self.columns[section]] if 0 <= section < len(self.columns) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        key = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(item, key)
        if role == ItemRole:
            return item
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in (KEY_ERROR, KEY_REASON) and item.error_detail:
                return item.error_detail
            if key == KEY_RECORD:
                return f"{item.aggregate_type} {item.aggregate_id}"
            if key == KEY_QUEUED and item.clock_suspect:
                return "Written while this PC's clock was wrong; the server flags it."
        return None

    def text(self, item: OutboxItem, key: str) -> str:
        if key == KEY_QUEUED:
            flag = " (clock?)" if item.clock_suspect else ""
            return ist_clock(item.created_at, self._now).removesuffix(" IST") + flag
        if key == KEY_WHAT:
            return op_label(item.op)
        if key == KEY_RECORD:
            return item.record or record_label(item.aggregate_type, item.aggregate_id)
        if key == KEY_STATUS:
            return STATUS_LABELS.get(item.status, item.status)
        if key == KEY_ATTEMPTS:
            return str(item.attempts)
        if key == KEY_NEXT:
            moment = next_attempt(item)
            if moment is None or moment <= self._now:
                return "with the next sync"
            return f"in {until(moment, self._now)}"
        if key == KEY_ERROR:
            return code_label(item.error_code) or (item.error_detail or "")
        if key == KEY_REASON:
            reason = code_label(item.error_code)
            detail = item.error_detail or ""
            return f"{reason}: {detail}" if reason and detail else reason or detail
        return ""
