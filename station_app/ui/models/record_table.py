"""One small table model for the short lists of a case (its arrests, diary entries, seizures, malkhana
items, deadlines) and the person register's results: typed records in, columns declared as
(header, text-of-record) pairs, an optional tone per row (red for what is urgent)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from station_app.ui.models.rows import RowsTableModel

T = TypeVar("T")
AnyIndex = QModelIndex | QPersistentModelIndex
Column = tuple[str, Callable[[T], str]]
TONES = {"error": QColor("#b3261e"), "warning": QColor("#8a5a00"), "muted": QColor("#5f6368")}
RecordRole = Qt.ItemDataRole.UserRole + 1


class RecordTableModel(RowsTableModel[T]):
    def __init__(
        self,
        columns: Sequence[Column[T]],
        parent: QObject | None = None,
        *,
        tone: Callable[[T], str | None] | None = None,
        bold: Callable[[T], bool] | None = None,
    ) -> None:
        super().__init__([header for header, _text in columns], parent)
        self._columns = list(columns)
        self._tone = tone
        self._bold = bold

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def record(self, row: int) -> T:
        return self._rows[row]

    def refresh_texts(self) -> None:
        """Say that texts changed (a countdown moved on) without a reset: the selection stays."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self._columns) - 1))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._columns[index.column()][1](record)
        if role == Qt.ItemDataRole.ForegroundRole and self._tone is not None:
            tone = self._tone(record)
            return QBrush(TONES[tone]) if tone in TONES else None
        if role == Qt.ItemDataRole.FontRole and self._bold is not None and self._bold(record):
            font = QFont()
            font.setBold(True)
            return font
        if role == RecordRole:
            return record
        return None
