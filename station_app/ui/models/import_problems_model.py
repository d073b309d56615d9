"""The problems of an import (row, column, problem, suggestion), fetched a page at a time.

The loader runs on the database thread through the op runner: after an import it is
``imports.problems(actor, sha, limit=…, offset=…)``; after a dry run, which stores nothing, it pages
through the report the dry run wrote (held in memory, see ``import_view``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from itertools import zip_longest

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from station_app.core.importers.report import REPORT_HEADERS, Problem
from station_app.ui.models.rows import RowsTableModel
from station_app.ui.ops import OpRunner

PAGE_SIZE = 200
HEADERS = ("Row", "Column", "Problem", "Suggestion")
AnyIndex = QModelIndex | QPersistentModelIndex
PageLoader = Callable[[int, int], list[Problem]]  # (offset, limit), on the database thread


def problems_from_report(data: bytes) -> list[Problem]:
    """The problems in a report CSV the importer wrote (one line per row; several problems of a row
    are on separate lines of its cells)."""
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    header = next(rows, [])
    if tuple(header[: len(REPORT_HEADERS)]) != REPORT_HEADERS:
        return []
    out: list[Problem] = []
    for cells in rows:
        if len(cells) < len(REPORT_HEADERS):
            continue
        row = int(cells[0]) if cells[0].isdigit() else 0
        parts = (cells[1].split("\n"), cells[2].split("\n"), cells[3].split("\n"))
        for column, problem, suggestion in zip_longest(*parts, fillvalue=""):
            out.append(Problem(row, column, problem, suggestion))
    return out


class ImportProblemsModel(RowsTableModel[Problem]):
    loaded = Signal()

    def __init__(self, ops: OpRunner, parent: QObject | None = None) -> None:
        super().__init__(HEADERS, parent)
        self._ops = ops
        self._load: PageLoader | None = None
        self._generation = 0
        self._loading = False
        self._complete = True

    def set_loader(self, load: PageLoader | None) -> None:
        self._generation += 1
        self.beginResetModel()
        self._load, self._rows, self._loading = load, [], False
        self._complete = load is None
        self.endResetModel()
        self._request()

    def _request(self) -> None:
        if self._loading or self._complete or self._load is None:
            return
        self._loading = True
        generation, load, offset = self._generation, self._load, len(self._rows)
        self._ops.run(lambda: load(offset, PAGE_SIZE), on_success=lambda rows: self._arrived(generation, rows),
                      owner=self)  # fmt: skip

    def _arrived(self, generation: int, rows: list[Problem]) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._complete = len(rows) < PAGE_SIZE
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self.loaded.emit()

    @property
    def complete(self) -> bool:
        return self._complete

    def problem(self, row: int) -> Problem:
        return self._rows[row]

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and not self._complete and not self._loading

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not parent.isValid():
            self._request()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        problem = self._rows[index.row()]
        col = index.column()
        if col == 0:
            return str(problem.row) if problem.row else "file"
        return (
            (problem.column or "(whole row)", problem.problem, problem.suggestion)[col - 1]
            if col <= 3
            else None
        )
