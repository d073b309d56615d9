"""The acts-and-sections picker: type "302", "103", "murder" or "हत्या", pick, Enter.

Suggestions come from ``LawMaster.search`` on the date of occurrence (an in-memory index that
answers in well under a millisecond, so it runs on every keystroke on the GUI thread; no database).
Each suggestion shows the equivalent in the other code beside it: "BNS 103(1) Murder / हत्या — IPC 302".
The list sits under the input rather than in a popup so Up/Down/Enter behave the same everywhere.
When the occurrence date is known every chosen section is checked live with ``LawMaster.check``;
the core's registration check gives the same message, which ``show_error`` puts here too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
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

from forms.law_master import LawError, LawMaster, Section, SectionMatch, SectionRef
from forms.schema import FieldDef
from station_app.ui.forms.fields import FieldEditor, help_text
from station_app.ui.widgets import named

MAX_SUGGESTIONS = 8
RefRole = Qt.ItemDataRole.UserRole + 1


def section_title(section: Section) -> str:
    return f"{section.title_en} / {section.title_hi}" if section.title_hi else section.title_en


def suggestion_text(match: SectionMatch, on: date | None) -> str:
    """ "BNS 103(1) Murder / हत्या — IPC 302"; a section not in force on the date says so."""
    text = f"{match.section} {section_title(match.section)}"
    if match.equivalents:
        text += " — " + ", ".join(str(e) for e in match.equivalents)
    if match.in_force is False and on is not None:
        text += f"   (not in force on {on:%d-%m-%Y})"
    return text


class SectionPicker(FieldEditor):
    def __init__(self, field: FieldDef, laws: LawMaster, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self._laws = laws
        self._on: date | None = None
        self.input = QLineEdit()
        self.input.setPlaceholderText("Type a section or an offence: 303(2), 302, theft, चोरी…  then Enter")
        self.input.textEdited.connect(self._search)
        self.input.installEventFilter(self)
        self.suggestions = named(QListWidget(), f"{field.name}Suggestions", "Matching sections")
        self.suggestions.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # driven from the input with Up/Down
        self.suggestions.itemActivated.connect(self._add_item)
        self.suggestions.itemClicked.connect(self._add_item)
        self.suggestions.hide()
        self.rows = named(QListWidget(), f"{field.name}Rows", "Chosen acts and sections")
        self.rows.installEventFilter(self)
        self.remove_button = named(
            QPushButton("Remove section (Delete)"), f"{field.name}Remove", "Remove the chosen section"
        )
        self.remove_button.clicked.connect(self.remove_current)
        self.law_note = QLabel()
        self.law_note.setObjectName(f"{field.name}LawNote")
        self.law_note.setProperty("role", "error")
        self.law_note.setWordWrap(True)
        self.law_note.hide()
        self._column.addWidget(self.input)
        self._column.addWidget(self.suggestions)
        self._column.addWidget(self.rows)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.remove_button)
        row.addStretch()
        self._column.addLayout(row)
        self._column.addWidget(self.law_note)
        self._finish(self.input)
        self.input.setToolTip(help_text(field))
        self._rows_changed()

    # --- searching and choosing -------------------------------------------------------------------

    def set_occurrence_date(self, on: date | None) -> None:
        """The law in force on this date decides which code is suggested first and what is valid."""
        if on == self._on:
            return
        self._on = on
        if self.input.text().strip():
            self._search(self.input.text())
        self._check_rows()

    def _search(self, text: str) -> None:
        self.suggestions.clear()
        matches = self._laws.search(text, on=self._on, limit=MAX_SUGGESTIONS) if text.strip() else []
        for match in matches:
            item = QListWidgetItem(suggestion_text(match, self._on))
            item.setData(RefRole, match.section.ref)
            self.suggestions.addItem(item)
        if matches:
            self.suggestions.setCurrentRow(0)
            height = self.suggestions.sizeHintForRow(0) * min(len(matches), MAX_SUGGESTIONS) + 6
            self.suggestions.setFixedHeight(height)
        self.suggestions.setVisible(bool(matches))

    def suggestion_texts(self) -> list[str]:
        return [self.suggestions.item(i).text() for i in range(self.suggestions.count())]

    def _add_item(self, item: QListWidgetItem) -> None:
        ref = item.data(RefRole)
        if isinstance(ref, SectionRef):
            self.add(ref)

    def _enter(self) -> None:
        """Enter adds the highlighted suggestion, or a fully typed "IPC 379" as it stands."""
        item = self.suggestions.currentItem() if self.suggestions.isVisible() else None
        if item is not None:
            self._add_item(item)
            return
        text = self.input.text().strip()
        if not text:
            return
        ref = self._laws.parse_ref(text)
        if ref is not None:
            self.add(ref)
        else:
            self._set_note(f"No section matches '{text}'. Type a number (e.g. 303(2)) or an offence.")

    def add(self, ref: SectionRef) -> None:
        if any(existing == ref for existing in self.refs()):
            self._set_note(f"{ref} is already listed.")
            return
        self.rows.addItem(self._row_item(ref))
        self.rows.setCurrentRow(self.rows.count() - 1)
        self.input.clear()
        self.suggestions.clear()
        self.suggestions.hide()
        self._rows_changed()
        self.changed.emit()

    def _row_item(self, ref: SectionRef) -> QListWidgetItem:
        try:
            section = self._laws.resolve(ref)
        except LawError:
            section = None
        text = str(ref)
        if section is not None:
            text += f" — {section_title(section)}"
            equivalents = self._laws.equivalents(ref)
            if equivalents:
                text += f"  ({', '.join(str(e) for e in equivalents)})"
        item = QListWidgetItem(text)
        item.setData(RefRole, ref)
        return item

    def remove_current(self) -> None:
        row = self.rows.currentRow()
        if row < 0:
            return
        self.rows.takeItem(row)
        self._rows_changed()
        self.changed.emit()

    def refs(self) -> list[SectionRef]:
        return [self.rows.item(i).data(RefRole) for i in range(self.rows.count())]

    def _rows_changed(self) -> None:
        # As tall as its rows (two at least, six at most): no empty box under one section.
        line = self.rows.fontMetrics().lineSpacing() + 6
        self.rows.setFixedHeight(line * min(max(self.rows.count(), 2), 6) + 6)
        self._check_rows()

    def _check_rows(self) -> None:
        """Live check against the law in force on the occurrence date (when it is known)."""
        problems: list[str] = []
        for ref in self.refs():
            try:
                if self._on is not None:
                    self._laws.check(ref, self._on)
                elif self._laws.resolve(ref) is None:
                    problems.append(f"{ref} is not in the law master.")
            except LawError as exc:
                problems.append(str(exc))
        self._set_note("\n".join(problems))

    def _set_note(self, text: str) -> None:
        self.law_note.setText(text)
        self.law_note.setVisible(bool(text))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if watched is self.input:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._enter()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.suggestions.isVisible():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = min(max(self.suggestions.currentRow() + step, 0), self.suggestions.count() - 1)
                self.suggestions.setCurrentRow(row)
                return True
            if key == Qt.Key.Key_Escape and self.suggestions.isVisible():
                self.suggestions.hide()
                return True
        elif watched is self.rows and key == Qt.Key.Key_Delete and self.input.isEnabled():
            self.remove_current()
            return True
        return super().eventFilter(watched, event)

    # --- FieldEditor ------------------------------------------------------------------------------

    def control(self) -> QWidget:
        return self.input

    def focus_chain(self) -> list[QWidget]:
        return [self.input, self.rows, self.remove_button]

    def value(self) -> Any:
        rows = [{"act": ref.act, "section": ref.number} for ref in self.refs()]
        return rows or None

    def set_value(self, value: Any) -> None:
        self.rows.clear()
        for row in value if isinstance(value, list) else []:
            if isinstance(row, dict) and row.get("act") and row.get("section"):
                self.rows.addItem(self._row_item(SectionRef(str(row["act"]), str(row["section"]))))
        self._rows_changed()

    def set_read_only(self, read_only: bool) -> None:
        self.input.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)
