"""One input per column of a paper register (``legacy.spec(kind).columns``), as the entry form shows it.

Every value is text as typed: the core reads dates in several formats, Devanagari digits and
"IPC 379, 411" (``importers.values``), so the form never second-guesses the operator; its messages
come back keyed by column and are shown under the field. Sections use the FIR editor's picker
(suggestions for the law in force on the date of the offence); a whole "IPC 379, 411" typed into it
becomes its rows on Enter.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from forms.law_master import LawMaster
from forms.schema import FieldDef
from station_app.core.importers.spec import GD_KIND_CHOICES, Column
from station_app.core.importers.values import CellProblem, parse_sections
from station_app.ui.forms.fields import EMPTY_CHOICE, mark_invalid
from station_app.ui.forms.pickers import GD_KIND_LABELS
from station_app.ui.forms.section_picker import SectionPicker
from station_app.ui.widgets import error_label, named, set_error

MULTILINE = frozenset({"brief_facts", "details"})
NOT_HINDI = frozenset({"register", "volume", "page", "gd_reference"})
PLACEHOLDERS = {"date": "DD-MM-YYYY", "time": "HH:MM", "fir_ref": "number/year, e.g. 12/2019"}


def field_label(column: Column) -> QLabel:
    mark = ' <span style="color:#b3261e">*</span>' if column.required else ""
    label = QLabel(
        f"{html.escape(column.label_en)}{mark}<br><span style='color:#5f6368'>{html.escape(column.label_hi)}</span>"
    )
    label.setObjectName(f"{column.key}Label")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    return label


def help_of(column: Column) -> str:
    return " / ".join(t for t in (column.help_en, column.help_hi) if t)


class LegacyField(QWidget):
    """The control for one column and the line under it for its message."""

    changed = Signal()

    def __init__(self, column: Column, laws: LawMaster, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = column
        self._laws = laws
        self.setObjectName(f"{column.key}Field")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.picker: SectionPicker | None = None
        self.control: QWidget
        self.error = error_label(f"{column.key}Error")
        if column.type == "sections":
            definition = FieldDef(column.key, "sections", column.label_en, column.label_hi, "legacy", column.required,
                                  help_en=column.help_en, help_hi=column.help_hi)  # fmt: skip
            self.picker = SectionPicker(definition, laws)
            self.picker.changed.connect(self._show_note_once)  # the picker re-checks its rows first
            self.picker.changed.connect(self.changed)
            self.picker.input.textEdited.connect(lambda _t: self.changed.emit())
            self.control = self.picker.input
            self.error = self.picker.error
            layout.addWidget(self.picker)
            return
        if column.type == "choice":
            combo = QComboBox()
            combo.addItem(EMPTY_CHOICE, "")
            for choice in GD_KIND_CHOICES:
                combo.addItem(GD_KIND_LABELS.get(choice, choice), choice)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            self.control = combo
        elif column.key in MULTILINE:
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setFixedHeight(text.fontMetrics().lineSpacing() * 4 + 14)
            text.setPlaceholderText(column.help_en or "Shift+Enter starts a new line; Enter saves.")
            text.textChanged.connect(self.changed)
            self.control = text
        else:
            line = QLineEdit()
            line.setMaxLength(column.max_length if column.type in ("text", "name") else 40)
            line.setPlaceholderText(PLACEHOLDERS.get(column.type, column.help_en))
            if column.type in ("int", "year", "date", "time", "fir_ref"):
                line.setMaximumWidth(220)
            line.textEdited.connect(lambda _t: self.changed.emit())
            self.control = line
        named(self.control, column.key, column.label_en, help_of(column))
        if help_of(column):
            self.control.setToolTip(help_of(column))
        self.setFocusProxy(self.control)
        layout.addWidget(self.control)
        layout.addWidget(self.error)

    @property
    def hindi_capable(self) -> bool:
        return self.column.type in ("name", "text") and self.column.key not in NOT_HINDI

    def focus_chain(self) -> list[QWidget]:
        return self.picker.focus_chain() if self.picker is not None else [self.control]

    # --- value ------------------------------------------------------------------------------------

    def value(self) -> str:
        if self.picker is not None:
            parts = [", ".join(str(r) for r in self.picker.refs()), self.picker.input.text().strip()]
            return "; ".join(p for p in parts if p)
        if isinstance(self.control, QComboBox):
            return str(self.control.currentData() or "")
        if isinstance(self.control, QPlainTextEdit):
            return self.control.toPlainText().strip()
        assert isinstance(self.control, QLineEdit)
        return self.control.text().strip()

    def set_value(self, text: str) -> None:
        if self.picker is not None:
            self.picker.set_value([])
            self.picker.input.setText(text)
            self.take_typed_sections(whole=True)
        elif isinstance(self.control, QComboBox):
            self.control.setCurrentIndex(max(self.control.findData(text), 0))
        elif isinstance(self.control, QPlainTextEdit):
            self.control.setPlainText(text)
        else:
            assert isinstance(self.control, QLineEdit)
            self.control.setText(text)

    def take_typed_sections(self, *, whole: bool = False) -> bool:
        """ "IPC 379, 411" typed whole into the picker becomes its rows; False if it is not that (a
        single section or an offence's name is the picker's own business, unless ``whole``)."""
        if self.picker is None:
            return False
        text = self.picker.input.text().strip()
        if not text or (not whole and not any(c in text for c in ",;/&+")):
            return False
        try:
            refs = parse_sections(self._laws, text, None)
        except CellProblem:
            return False
        for ref in refs:
            if ref not in self.picker.refs():
                self.picker.add(ref)
        self.picker.input.clear()
        self.picker.suggestions.hide()
        return True

    def set_law_date(self, on: date | None) -> None:
        if self.picker is not None:
            self.picker.set_occurrence_date(on)
            self._show_note_once()

    def _show_note_once(self) -> None:
        """The picker's live note on the sections is hidden while the field's message already says it
        (the check of the record words it the same, with what to write instead)."""
        if self.picker is None:
            return
        note, error = self.picker.law_note.text(), self.error_text()
        said = bool(error) and all(line in error for line in note.splitlines())
        self.picker.law_note.setVisible(bool(note) and not said)

    # --- messages ---------------------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        set_error(self.error, message)
        mark_invalid(self.control, True)
        self._show_note_once()

    def clear_error(self) -> None:
        set_error(self.error, "")
        mark_invalid(self.control, False)
        self._show_note_once()

    def error_text(self) -> str:
        return self.error.text()
