"""The FIR register: every FIR of the station, filtered and sorted, opened with Enter or a double-click.

Backed by the lazy ``FirRegisterModel``; nothing here ever loads the whole register. Column widths
are fixed (never "resize to contents", which would read every row).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from station_app.core.services.fir_register import RegisterQuery
from station_app.ui.context import Desk
from station_app.ui.events import FIR, ChangeSet
from station_app.ui.models.fir_register_model import (
    COL_COMPLAINANT,
    SORT_COLUMNS,
    FirIdRole,
    FirRegisterModel,
)
from station_app.ui.sync_monitor import SyncMonitor, SyncPicture
from station_app.ui.views.register_filters import RegisterFilters
from station_app.ui.widgets import heading, named

COLUMN_WIDTHS = (95, 125, 125, 170, 170, 170)  # fits a 1280-pixel screen; Status takes the rest


class FirRegisterView(QWidget):
    open_requested = Signal(str)  # FIR id

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._desk = desk
        self._stale = False
        self._unsynced = 0
        self.setObjectName("firRegisterView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(heading("FIR register / प्रथम सूचना रिपोर्ट रजिस्टर"))
        self.filters = RegisterFilters(desk.services.laws, desk.services.clock)
        layout.addWidget(self.filters)
        register, actor = desk.services.fir_register, desk.actor
        self.model = FirRegisterModel(
            desk.ops,
            count=lambda q: register.count(actor, q),
            page=lambda q, offset, limit: register.page(actor, q, offset, limit),
            parent=self,
        )
        self.table = named(QTableView(), "registerTable", "FIR register")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # Fixed row heights and column widths: Qt never has to measure rows it does not show.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(col, width)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(60)
        self.table.setColumnWidth(len(COLUMN_WIDTHS), 100)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self.sort_by_column)
        self.table.activated.connect(self._activated)
        self.model.set_viewport(self.visible_rows)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel("…")
        self.count_label.setObjectName("registerCount")
        self.count_label.setProperty("role", "help")
        layout.addWidget(self.count_label)
        self.model.loaded.connect(self._loaded)
        self.model.modelReset.connect(self._reset)
        self.filters.changed.connect(self.apply_filters)
        desk.events.changed.connect(self._changed)
        self._load_years()
        self.apply_filters()

    def attach(self, monitor: SyncMonitor) -> None:
        """Mark FIRs that have not reached the state server; kept current by every sync and commit."""
        monitor.updated.connect(self._sync_picture)
        self._sync_picture(monitor.picture)

    def _sync_picture(self, picture: SyncPicture) -> None:
        self._unsynced = len(picture.queue.unsynced_firs)
        self.model.set_unsynced(picture.queue.unsynced_firs)
        if self.model.counted:
            self._loaded()

    def visible_rows(self) -> tuple[int, int]:
        viewport = self.table.viewport()
        return self.table.rowAt(0), self.table.rowAt(viewport.height() - 1)

    def apply_filters(self) -> None:
        query = self.filters.query()
        if query is not None:
            self.count_label.setText("Searching…")
            self.model.set_query(query)
            header = self.table.horizontalHeader()
            column = next((c for c, s in SORT_COLUMNS.items() if s == query.sort), COL_COMPLAINANT)
            order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(column, order)

    def sort_by_column(self, column: int) -> None:
        sort = SORT_COLUMNS.get(column)
        header = self.table.horizontalHeader()
        current = self.model.query
        if sort is None:  # not sortable over the whole register: keep the indicator where it was
            column = next(c for c, s in SORT_COLUMNS.items() if s == current.sort)
            order = Qt.SortOrder.DescendingOrder if current.descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(column, order)
            return
        descending = not current.descending if sort == current.sort else sort != SORT_COLUMNS[COL_COMPLAINANT]
        self.filters.show_sort(sort, descending)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header.setSortIndicator(column, order)
        self.count_label.setText("Sorting…")
        self.model.set_query(self.model.query.with_sort(sort, descending))

    def query(self) -> RegisterQuery:
        return self.model.query

    def _reset(self) -> None:
        if self.model.rowCount():
            self.table.scrollToTop()
            self.table.selectRow(0)

    def _loaded(self) -> None:
        count = self.model.rowCount()
        unsynced = f" · {self._unsynced:,} not yet on the state server" if self._unsynced else ""
        self.count_label.setText(
            f"{count:,} FIR{'s' if count != 1 else ''}{unsynced} · {len(self.model.loaded_pages())} page(s) "
            "in memory · Enter or double-click opens"
        )

    def _activated(self, index: object) -> None:
        fir_id = self.model.data(index, FirIdRole)  # type: ignore[arg-type]
        if isinstance(fir_id, str):
            self.open_requested.emit(fir_id)

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._activated(rows[0])

    def _load_years(self) -> None:
        register, actor = self._desk.services.fir_register, self._desk.actor
        self._desk.ops.run(lambda: register.years(actor), on_success=self.filters.set_years, owner=self)

    def _changed(self, changes: ChangeSet) -> None:
        if not changes.touches(FIR):
            return
        if self.isVisible():
            self.model.refresh()
            self._load_years()
        else:
            self._stale = True  # drafts autosave often; refresh once, when the register is shown

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.model.refresh()
            self._load_years()
