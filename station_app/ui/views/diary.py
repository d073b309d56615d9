"""The General Diary (roznamcha): newest entries first, filtered by year, type and text; new entries.

Append-only by design: the view offers "New entry" and "Open", never edit or delete.
Keyboard: Ctrl+N new entry, Enter opens the selected entry, Ctrl+F goes to the search box.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QHideEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from station_app.core.localtime import ist_year
from station_app.core.permissions import Permission
from station_app.core.services.diary import GD_KINDS, GdEntryInfo
from station_app.ui.context import Desk
from station_app.ui.dialogs.gd_entry_dialog import GdEntryDialog, GdEntryViewDialog
from station_app.ui.events import GD_ENTRY, ChangeSet
from station_app.ui.forms.pickers import GD_KIND_LABELS
from station_app.ui.models.diary_model import COL_SUBJECT, DiaryFilter, DiaryModel
from station_app.ui.widgets import heading, named

SEARCH_DELAY_MS = 300
FIRST_YEAR = 2000


class DiaryView(QWidget):
    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._desk = desk
        self.setObjectName("diaryView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(heading("General Diary / रोज़नामचा"))
        layout.addLayout(self._build_filters())
        diary, legacy, actor = desk.services.diary, desk.services.legacy, desk.actor
        # GdEntryInfo does not say whether an entry was digitised; the page loader asks the legacy
        # service once per page (on the database thread) and remembers the digitised ones here.
        self.legacy_ids: set[str] = set()

        def load(f: DiaryFilter, offset: int, limit: int) -> list[GdEntryInfo]:
            entries = diary.list_entries(
                actor, year=f.year, kind=f.kind, text=f.text, offset=offset, limit=limit
            )
            self.legacy_ids.update(legacy.digitised_ids(actor, "gd_entry", [e.id for e in entries]))
            return entries

        self.model = DiaryModel(desk.ops, load, self, is_legacy=lambda e: e.id in self.legacy_ids)
        self.table = named(QTableView(), "diaryTable", "General Diary entries")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for col, width in enumerate((90, 130, 170, 520, 220)):
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(COL_SUBJECT, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _i: self.open_selected())
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("diaryCount")
        self.count_label.setProperty("role", "help")
        layout.addWidget(self.count_label)
        self.model.loaded.connect(self._loaded)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        desk.events.changed.connect(self._changed)
        self.apply_filter()

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        year_label = QLabel("&Year:")
        self.year_combo = named(QComboBox(), "diaryYear", "Year")
        self.year_combo.addItem("All years", None)
        this_year = ist_year(self._desk.services.clock.now())
        for year in range(this_year, FIRST_YEAR - 1, -1):
            self.year_combo.addItem(str(year), year)
        year_label.setBuddy(self.year_combo)
        kind_label = QLabel("&Type:")
        self.kind_combo = named(QComboBox(), "diaryKind", "Type of entry")
        self.kind_combo.addItem("All types", None)
        for kind in GD_KINDS:
            self.kind_combo.addItem(GD_KIND_LABELS.get(kind, kind), kind)
        kind_label.setBuddy(self.kind_combo)
        search_label = QLabel("&Find:")
        self.search_edit = named(QLineEdit(), "diarySearch", "Find in subject or details")
        self.search_edit.setPlaceholderText("words in the subject or details…")
        self.search_edit.setClearButtonEnabled(True)
        search_label.setBuddy(self.search_edit)
        self.year_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        for widget in (year_label, self.year_combo, kind_label, self.kind_combo, search_label):
            row.addWidget(widget)
        row.addWidget(self.search_edit, 1)
        self.new_action = QAction("&New entry…", self)
        self.new_action.setObjectName("newGdEntryAction")
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(self.new_entry)
        self.new_action.setEnabled(self._desk.actor.can(Permission.WRITE_GD))
        self.addAction(self.new_action)
        find = QAction(self)
        find.setShortcut(QKeySequence("Ctrl+F"))
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(lambda: self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason))
        self.addAction(find)
        self.new_button = named(QToolButton(), "newGdEntryButton", "New entry")
        self.new_button.setDefaultAction(self.new_action)
        self.new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.open_action = QAction("&Open", self)
        self.open_action.setObjectName("openGdEntryAction")
        self.open_action.triggered.connect(self.open_selected)
        self.open_button = named(QToolButton(), "openGdEntryButton", "Open entry")
        self.open_button.setDefaultAction(self.open_action)
        self.open_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        row.addWidget(self.new_button)
        row.addWidget(self.open_button)
        return row

    def hideEvent(self, event: QHideEvent) -> None:
        self._search_timer.stop()  # a closed window runs no queries
        super().hideEvent(event)

    # --- data -------------------------------------------------------------------------------------

    def current_filter(self) -> DiaryFilter:
        return DiaryFilter(
            year=self.year_combo.currentData(),
            kind=self.kind_combo.currentData(),
            text=self.search_edit.text().strip(),
        )

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())

    def _loaded(self) -> None:
        count = self.model.rowCount()
        more = "+" if self.model.canFetchMore() else ""
        self.count_label.setText(f"{count}{more} entr{'y' if count == 1 else 'ies'} shown, newest first")
        if count and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _changed(self, changes: ChangeSet) -> None:
        if changes.touches(GD_ENTRY):
            self.model.reload()

    def selected(self) -> GdEntryInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    # --- actions ----------------------------------------------------------------------------------

    def new_entry(self) -> GdEntryDialog | None:
        if not self._desk.actor.can(Permission.WRITE_GD):
            return None  # a viewer reads the diary; the service would refuse the entry anyway
        dialog = GdEntryDialog(self._desk, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # never exec(): the desk may lock while the dialog is up
        return dialog

    def open_selected(self) -> None:
        entry = self.selected()
        if entry is not None:
            GdEntryViewDialog(entry, parent=self).open()
