"""The ``person`` field: search the person register as you type, or add a new person.

Type a name (either script) or a phone number: matching persons are listed under the input
(searched on the database thread, debounced, stale answers dropped). Up/Down choose, Enter picks;
the last row ("New person …") opens the new-person dialog, which offers likely duplicates again
while the particulars are typed. The value is the chosen person's id.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from forms.schema import FieldDef
from station_app.core.localtime import to_ist
from station_app.core.services.person_input import PersonRecord
from station_app.core.services.search import SearchHit
from station_app.ui.dialogs.person_dialog import PersonDialog
from station_app.ui.forms.fields import FieldEditor
from station_app.ui.forms.sources import FormSources
from station_app.ui.widgets import named

SEARCH_DELAY_MS = 150
IdRole = Qt.ItemDataRole.UserRole + 1
NEW_PERSON = "__new__"
NONE_CHOSEN = "No person chosen yet."


def hit_text(hit: SearchHit) -> str:
    return f"{hit.label}   ·   {hit.detail}" if hit.detail else hit.label


class PersonEditor(FieldEditor):
    def __init__(self, field: FieldDef, sources: FormSources, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        if sources.persons is None:
            raise ValueError(f"{field.name}: a person field needs the person register (FormSources.persons)")
        self._sources = sources
        self._persons = sources.persons
        self._value: str | None = None
        self._in_flight = False
        self._shown_for = ""
        self.dialog: PersonDialog | None = None
        self.input = QLineEdit()
        self.input.setPlaceholderText("Type a name (Hindi or English) or a phone number, then Enter")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.input.textEdited.connect(lambda _t: self._timer.start())
        self.input.installEventFilter(self)
        self.results = named(QListWidget(), f"{field.name}Results", "Persons found")
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # driven from the input with Up/Down
        self.results.itemClicked.connect(self._pick_item)
        self.results.setMaximumHeight(180)
        self.results.hide()
        self.chosen = QLabel(NONE_CHOSEN)
        self.chosen.setObjectName(f"{field.name}Chosen")
        self.chosen.setWordWrap(True)
        self.new_button = named(
            QPushButton("New person…"), f"{field.name}New", f"Add a new person for {field.label_en}"
        )
        self.new_button.setEnabled(self._persons.can_create)
        self.new_button.clicked.connect(lambda: self.new_person(self.input.text()))
        self.clear_button = named(QPushButton("Clear"), f"{field.name}Clear", f"Clear {field.label_en}")
        self.clear_button.clicked.connect(lambda: self.set_chosen(None, NONE_CHOSEN, emit=True))
        for button in (self.new_button, self.clear_button):
            button.setAutoDefault(False)
        self._column.addWidget(self.input)
        self._column.addWidget(self.results)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.chosen, 1)
        row.addWidget(self.new_button)
        row.addWidget(self.clear_button)
        self._column.addLayout(row)
        self._finish(self.input)

    # --- searching --------------------------------------------------------------------------------

    def search(self) -> None:
        self._timer.stop()
        text = self.input.text().strip()
        if not text:
            self.results.hide()
            self._shown_for = ""
            return
        if self._in_flight or text == self._shown_for:
            return
        self._in_flight = True
        find = self._persons.search
        self._sources.ops.run(
            lambda: find(text),
            on_success=lambda hits: self._found(text, hits),
            on_done=self._search_done,
            owner=self,
        )

    def _search_done(self) -> None:
        self._in_flight = False
        if self.input.text().strip() != self._shown_for:
            self._timer.start()

    def _found(self, text: str, hits: list[SearchHit]) -> None:
        self._shown_for = text
        if text != self.input.text().strip():
            return  # typed on meanwhile
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(hit_text(hit))
            item.setData(IdRole, hit.id)
            self.results.addItem(item)
        if self._persons.can_create:
            item = QListWidgetItem(f"+ New person “{text}”…")
            item.setData(IdRole, NEW_PERSON)
            self.results.addItem(item)
        self.results.setCurrentRow(0)
        self.results.setVisible(self.results.count() > 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.input and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.count():
                self.results.show()
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
                self.results.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive() or self._in_flight:
                    self.search()  # Enter before the list caught up: answer first
                    return True
                item = self.results.currentItem() if self.results.isVisible() else None
                if item is not None:
                    self._pick_item(item)
                    return True
                if self.input.text().strip():
                    self.new_person(self.input.text())
                    return True
            if key == Qt.Key.Key_Escape and self.results.isVisible():
                self.results.hide()
                return True
        return super().eventFilter(watched, event)

    # --- choosing ---------------------------------------------------------------------------------

    def _pick_item(self, item: QListWidgetItem) -> None:
        person_id = str(item.data(IdRole))
        if person_id == NEW_PERSON:
            self.new_person(self.input.text())
            return
        label = item.text().split("   ·   ")[0]
        self.set_chosen(person_id, label, emit=True)

    def new_person(self, typed: str = "") -> PersonDialog | None:
        if not self._persons.can_create:
            return None
        today = to_ist(self._sources.now()).date()
        dialog = PersonDialog(self._sources.ops, self._persons, today, typed, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.picked.connect(lambda pid, label: self.set_chosen(pid, label, emit=True))
        dialog.finished.connect(lambda _r: self.input.setFocus())
        self.dialog = dialog
        dialog.open()
        return dialog

    def set_chosen(self, person_id: str | None, label: str, *, emit: bool = False) -> None:
        self._value = person_id
        self.chosen.setText(f"Chosen: {label}" if person_id else label)
        self.chosen.setProperty("role", "info-badge" if person_id else "")
        self.chosen.style().unpolish(self.chosen)
        self.chosen.style().polish(self.chosen)
        self.input.clear()
        self._shown_for = ""
        self.results.hide()
        if person_id:
            self.clear_error()
        if emit:
            self.changed.emit()

    def chosen_text(self) -> str:
        return self.chosen.text()

    # --- FieldEditor ------------------------------------------------------------------------------

    def control(self) -> QWidget:
        return self.input

    def focus_chain(self) -> list[QWidget]:
        return [self.input, self.new_button, self.clear_button]

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        if not value:
            self.set_chosen(None, NONE_CHOSEN)
            return
        person_id = str(value)
        self.set_chosen(person_id, "(loading…)")
        get = self._persons.get
        self._sources.ops.run(lambda: get(person_id), on_success=self._loaded, owner=self)

    def _loaded(self, record: PersonRecord) -> None:
        if record.id == self._value:  # not changed meanwhile
            self.set_chosen(record.id, record.label)

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.input, self.new_button, self.clear_button):
            widget.setEnabled(not read_only and (widget is not self.new_button or self._persons.can_create))
