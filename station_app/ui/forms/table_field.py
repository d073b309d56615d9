"""A table field (accused, properties, identity documents): an editable grid of typed cells.

Keyboard: type to edit a cell, Enter to commit, arrows to move, Insert adds a row, Delete removes
the current row; Tab leaves the table (so it never traps the officer inside a long form).
Errors name cells ("accused[2].age"): the cell turns red, carries the message as its tooltip, and
the message is listed under the table with its row and column.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from forms.schema import FieldDef, parse_date, parse_datetime
from station_app.ui.forms.fields import CellPath, FieldEditor, choice_combo, set_combo_value
from station_app.ui.forms.inputs import (
    DATE_FORMAT,
    BadInput,
    format_ist_datetime,
    number_edit,
    number_value,
    parse_ist_date,
    parse_ist_datetime,
)
from station_app.ui.widgets import named

ValueRole = Qt.ItemDataRole.UserRole + 1
BAD_CELL = QColor("#fde7e7")
AnyIndex = QModelIndex | QPersistentModelIndex


def cell_text(column: FieldDef, value: Any) -> str:
    if value in (None, ""):
        return ""
    if column.type in ("date", "datetime"):
        try:
            moment = parse_datetime(value) if column.type == "datetime" else parse_date(value)
        except ValueError:
            return str(value)  # as typed: the services name it as not a date
        if moment is None:
            return ""
        return format_ist_datetime(moment) if column.type == "datetime" else f"{moment:{DATE_FORMAT}}"  # type: ignore[arg-type]
    if column.type == "choice":
        english, hindi = column.choice_label(str(value))
        return f"{english} / {hindi}" if english != hindi else english
    return str(value)


def moment_value(column: FieldDef, text: str) -> str:
    """A typed date (DD-MM-YYYY) or time (DD-MM-YYYY HH:MM, IST) as the ISO text the services take;
    what is not a date stays as typed, so the services' message points at this cell."""
    try:
        moment = parse_ist_datetime(text) if column.type == "datetime" else parse_ist_date(text)
    except BadInput:
        return text
    return moment.isoformat() if moment is not None else ""


class CellDelegate(QStyledItemDelegate):
    """Editors by column type: a bilingual combo for choices, validated line edits for numbers."""

    def __init__(self, columns: tuple[FieldDef, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = columns

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        column = self._columns[index.column()]
        editor: QWidget
        if column.type == "choice":
            editor = choice_combo(column)
            editor.setParent(parent)
        elif column.type in ("int", "money"):
            editor = number_edit(column.type == "money", parent)
        elif column.type in ("date", "datetime"):
            editor = QLineEdit(parent)
            editor.setPlaceholderText("DD-MM-YYYY HH:MM" if column.type == "datetime" else "DD-MM-YYYY")
        else:
            editor = QLineEdit(parent)
            if column.max_length:
                editor.setMaxLength(column.max_length)
        return named(editor, f"{column.name}CellEditor", column.label_en)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        value = index.data(ValueRole)
        if isinstance(editor, QComboBox):
            set_combo_value(editor, value)
        elif isinstance(editor, QLineEdit):
            column = self._columns[index.column()]
            editor.setText(
                cell_text(column, value)
                if column.type in ("date", "datetime")
                else ""
                if value is None
                else str(value)
            )

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        column = self._columns[index.column()]
        if isinstance(editor, QComboBox):
            value: Any = editor.currentData()
        elif isinstance(editor, QLineEdit):
            text = editor.text().strip()
            if column.type in ("int", "money"):
                value = number_value(text, column.type == "money")
            elif column.type in ("date", "datetime"):
                value = moment_value(column, text)
            else:
                value = text
        else:
            return
        model.setData(index, value, ValueRole)
        model.setData(index, cell_text(column, value), Qt.ItemDataRole.DisplayRole)


class TableEditor(FieldEditor):
    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        columns = field.columns
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels(
            [f"{c.label_en}{' *' if c.required else ''}\n{c.label_hi}" for c in columns]
        )
        for i, column in enumerate(columns):
            header = self.table.horizontalHeaderItem(i)
            if header is not None:
                header.setToolTip(f"{column.label()}{' (required)' if column.required else ''}")
        self.table.setItemDelegate(CellDelegate(columns, self.table))
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height() + row_height * 3 + 6)
        self.table.setMaximumHeight(self.table.horizontalHeader().sizeHint().height() + row_height * 6 + 6)
        self.table.itemChanged.connect(self._item_changed)
        self.table.installEventFilter(self)
        self._loading = False
        self._read_only = False
        self.add_button = named(
            QPushButton("Add row (Insert)"), f"{field.name}AddRow", f"Add a row to {field.label_en}"
        )
        self.remove_button = named(
            QPushButton("Remove row (Delete)"),
            f"{field.name}RemoveRow",
            f"Remove the current row of {field.label_en}",
        )
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_current_row)
        self._column.addWidget(self.table)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        self._column.addLayout(buttons)
        self._finish(self.table)

    # --- rows -------------------------------------------------------------------------------------

    def add_row(self) -> None:
        row = self.table.rowCount()
        self._loading = True
        try:
            self.table.insertRow(row)
            for col in range(self.table.columnCount()):
                self.table.setItem(row, col, self._item(col, None))
        finally:
            self._loading = False
        self.table.setCurrentCell(row, 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def remove_current_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.table.removeRow(row)
        if self.table.rowCount():
            self.table.setCurrentCell(min(row, self.table.rowCount() - 1), self.table.currentColumn())
        self.changed.emit()

    def _item(self, col: int, value: Any) -> QTableWidgetItem:
        column = self.field.columns[col]
        item = QTableWidgetItem(cell_text(column, value))
        item.setData(ValueRole, value)
        return item

    def _item_changed(self, _item: QTableWidgetItem) -> None:
        if not self._loading:
            self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            editing = self.table.state() == QAbstractItemView.State.EditingState
            if not editing and not self._read_only:
                if event.key() == Qt.Key.Key_Insert:
                    self.add_row()
                    return True
                if event.key() == Qt.Key.Key_Delete:
                    self.remove_current_row()
                    return True
        return super().eventFilter(watched, event)

    # --- value ------------------------------------------------------------------------------------

    def control(self) -> QWidget:
        return self.table

    def focus_chain(self) -> list[QWidget]:
        return [self.table, self.add_button, self.remove_button]

    def value(self) -> Any:
        """Rows as dicts of their filled cells; an empty row stays (as {}) so that row numbers in
        the services' messages ("accused[2]") still point at the row the officer sees."""
        rows: list[dict[str, Any]] = []
        for row in range(self.table.rowCount()):
            values: dict[str, Any] = {}
            for col, column in enumerate(self.field.columns):
                item = self.table.item(row, col)
                value = item.data(ValueRole) if item is not None else None
                if value not in (None, ""):
                    values[column.name] = value
            rows.append(values)
        return rows or None

    def set_value(self, value: Any) -> None:
        rows = value if isinstance(value, list) else []
        self._loading = True
        try:
            self.table.setRowCount(0)
            for row_values in rows:
                row = self.table.rowCount()
                self.table.insertRow(row)
                data = row_values if isinstance(row_values, dict) else {}
                for col, column in enumerate(self.field.columns):
                    self.table.setItem(row, col, self._item(col, data.get(column.name)))
        finally:
            self._loading = False

    # --- errors -----------------------------------------------------------------------------------

    def _column_index(self, name: str | None) -> int:
        names = [c.name for c in self.field.columns]
        return names.index(name) if name in names else -1

    def show_error(self, message: str, path: CellPath | None = None) -> None:
        if path is None:
            super().show_error(message)
            return
        row, name = path
        col = self._column_index(name)
        where = f"Row {row + 1}"
        if col >= 0:
            where += f", {self.field.columns[col].label_en}"
        super().show_error(f"{where}: {message}")
        if not 0 <= row < self.table.rowCount():
            return
        targets = [col] if col >= 0 else list(range(self.table.columnCount()))
        self._loading = True  # colouring a cell is not an edit: no autosave for it
        try:
            for c in targets:
                item = self.table.item(row, c)
                if item is not None:
                    item.setBackground(QBrush(BAD_CELL))
                    item.setToolTip(message)
        finally:
            self._loading = False

    def clear_error(self) -> None:
        super().clear_error()
        self._loading = True
        try:
            for row in range(self.table.rowCount()):
                for col in range(self.table.columnCount()):
                    item = self.table.item(row, col)
                    if item is not None and item.toolTip():
                        item.setBackground(QBrush())
                        item.setToolTip("")
        finally:
            self._loading = False

    def focus_target(self, path: CellPath | None = None) -> QWidget:
        if path is not None and 0 <= path[0] < self.table.rowCount():
            self.table.setCurrentCell(path[0], max(self._column_index(path[1]), 0))
        return self.table

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        triggers = (
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setEditTriggers(triggers)
        self.add_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)
