"""General Diary entries, newest first, fetched 200 at a time as the list is scrolled.

``fetchMore`` asks the op runner for the next page and returns at once; rows are appended when the
page arrives, so the GUI thread never waits on the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from station_app.core.localtime import format_ist
from station_app.core.services.diary import GdEntryInfo
from station_app.ui.forms.pickers import GD_KIND_LABELS
from station_app.ui.models.rows import RowsTableModel
from station_app.ui.ops import OpRunner

PAGE_SIZE = 200
COL_NUMBER, COL_AT, COL_KIND, COL_SUBJECT, COL_OFFICER = range(5)
HEADERS = ("GD No.", "Time (IST)", "Type", "Subject", "Officer")
EntryRole = Qt.ItemDataRole.UserRole + 1
DIGITISED = "Digitised"
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class DiaryFilter:
    year: int | None = None
    kind: str | None = None
    text: str = ""


# (filter, offset, limit) -> entries; runs on the database thread.
PageLoader = Callable[[DiaryFilter, int, int], list[GdEntryInfo]]


class DiaryModel(RowsTableModel[GdEntryInfo]):
    loaded = Signal()  # a page arrived (tests and the view's status line wait on it)

    def __init__(
        self,
        ops: OpRunner,
        load: PageLoader,
        parent: QObject | None = None,
        is_legacy: Callable[[GdEntryInfo], bool] | None = None,
    ) -> None:
        super().__init__(HEADERS, parent)
        self._ops = ops
        self._load = load
        self._is_legacy = is_legacy or (lambda _entry: False)  # a paper entry, digitised
        self._filter = DiaryFilter()
        self._generation = 0
        self._loading = False
        self._complete = False

    def set_filter(self, diary_filter: DiaryFilter) -> None:
        self._filter = diary_filter
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._complete = False
        self._loading = False
        self.endResetModel()
        self._request()

    def _request(self) -> None:
        if self._loading or self._complete:
            return
        self._loading = True
        generation, diary_filter, offset, load = self._generation, self._filter, len(self._rows), self._load
        self._ops.run(
            lambda: load(diary_filter, offset, PAGE_SIZE),
            on_success=lambda rows: self._arrived(generation, rows),
            owner=self,
        )

    def _arrived(self, generation: int, rows: list[GdEntryInfo]) -> None:
        if generation != self._generation:
            return  # the filter changed while this page was on its way
        self._loading = False
        self._complete = len(rows) < PAGE_SIZE
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self.loaded.emit()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and not self._complete and not self._loading

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not parent.isValid():
            self._request()

    def entry(self, row: int) -> GdEntryInfo:
        return self._rows[row]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role == EntryRole:
            return entry
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        col = index.column()
        if col == COL_NUMBER:
            return f"{entry.number:04d}/{entry.year}"
        if col == COL_AT:
            return format_ist(entry.entry_at)
        if col == COL_KIND:
            kind = GD_KIND_LABELS.get(entry.kind, entry.kind)
            return f"{kind} · {DIGITISED}" if self._is_legacy(entry) else kind
        if col == COL_SUBJECT:
            return entry.subject
        if col == COL_OFFICER:
            return entry.officer_name
        return None
