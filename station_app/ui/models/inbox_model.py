"""The station inbox (citizen complaints and verification requests from the state server) as a table
model, newest first as the service returns them."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from station_app.core.localtime import format_ist
from station_app.core.reference_data import InboxEntry
from station_app.ui.models.rows import RowsTableModel

COL_RECEIVED, COL_KIND, COL_SUBJECT, COL_APPLICANT, COL_STATUS = range(5)
HEADERS = ("Received (IST)", "Kind", "Subject", "Applicant", "Status")
KIND_LABELS = {"citizen_complaint": "Citizen complaint", "verification_request": "Verification request"}
STATUS_LABELS = {
    "new": "New",
    "acknowledged": "Acknowledged",
    "in_progress": "In progress",
    "closed": "Closed",
}
EntryRole = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def status_label(entry: InboxEntry) -> str:
    text = STATUS_LABELS.get(entry.status, entry.status)
    return f"{text} (answer not sent yet)" if entry.answer_pending else text


class InboxModel(RowsTableModel[InboxEntry]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(HEADERS, parent)

    def set_rows(self, rows: list[InboxEntry]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def entry(self, row: int) -> InboxEntry:
        return self._rows[row]

    def ids(self) -> list[str]:
        return [e.id for e in self._rows]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(entry, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_SUBJECT:
            return entry.subject
        if role == EntryRole:
            return entry
        return None

    @staticmethod
    def _text(entry: InboxEntry, col: int) -> str:
        if col == COL_RECEIVED:
            return format_ist(entry.received_at)
        if col == COL_KIND:
            return kind_label(entry.kind)
        if col == COL_SUBJECT:
            return entry.subject
        if col == COL_APPLICANT:
            return entry.applicant_name
        if col == COL_STATUS:
            return status_label(entry)
        return ""
