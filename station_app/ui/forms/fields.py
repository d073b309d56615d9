"""One editor per field type of a form definition, behind a common interface.

Every editor is a small container: the input control (objectName = the field's name, accessibleName
= its English label) and an error line under it. The renderer only talks to ``FieldEditor``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from forms.schema import FieldDef, parse_date, parse_datetime
from station_app.ui.forms.inputs import BadInput, IstDateTimeEdit, number_edit, number_value
from station_app.ui.widgets import error_label, named, set_error

# (row index, column name or None) inside a table field, from keys like "accused[2].age".
CellPath = tuple[int, str | None]
EMPTY_CHOICE = "—"


def help_text(field: FieldDef) -> str:
    return " / ".join(t for t in (field.help_en, field.help_hi) if t)


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    # The style sheet draws a red border on [invalid="true"]; re-polish so it applies now.
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FieldEditor(QWidget):
    """Base: the control, its error line and the value in the services' shape."""

    changed = Signal()

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"{field.name}Editor")
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(2)
        self.error = error_label(f"{field.name}Error")
        self._messages: list[str] = []

    def _finish(self, control: QWidget) -> None:
        """Name the control, give it the help as a tooltip, and put the error line under it."""
        named(control, self.field.name, self.field.label_en, help_text(self.field))
        self.setFocusProxy(control)  # a label's buddy or a dialog's focus lands in the control
        if help_text(self.field):
            control.setToolTip(help_text(self.field))
        self._column.addWidget(self.error)

    # --- value ------------------------------------------------------------------------------------

    def value(self) -> Any:
        """None when blank; otherwise what the services expect for this field type."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    # --- focus and errors -------------------------------------------------------------------------

    def focus_chain(self) -> list[QWidget]:
        """The focusable controls in tab order."""
        return [self.control()]

    def control(self) -> QWidget:
        raise NotImplementedError

    def focus_target(self, path: CellPath | None = None) -> QWidget:
        return self.control()

    def show_error(self, message: str, path: CellPath | None = None) -> None:
        self._messages.append(message)
        set_error(self.error, "\n".join(self._messages))
        mark_invalid(self.control(), True)

    def clear_error(self) -> None:
        self._messages = []
        set_error(self.error, "")
        mark_invalid(self.control(), False)

    def error_text(self) -> str:
        return self.error.text()

    def set_read_only(self, read_only: bool) -> None:
        self.control().setEnabled(not read_only)


class TextEditor(FieldEditor):
    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QLineEdit()
        if field.max_length:
            self.edit.setMaxLength(field.max_length)
        if field.help_en:
            self.edit.setPlaceholderText(field.help_en)
        self.edit.textEdited.connect(self.changed)
        self._column.addWidget(self.edit)
        self._finish(self.edit)

    def control(self) -> QWidget:
        return self.edit

    def value(self) -> Any:
        return self.edit.text().strip() or None

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class MultilineEditor(FieldEditor):
    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QPlainTextEdit()
        # Tab moves on through the form, as on paper; Enter still starts a new paragraph.
        self.edit.setTabChangesFocus(True)
        lines = 12 if (field.max_length or 0) > 5000 else 3
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * lines + 14)
        if field.help_en:
            self.edit.setPlaceholderText(field.help_en)
        self.edit.textChanged.connect(self._text_changed)
        self._loading = False
        self._column.addWidget(self.edit)
        self._finish(self.edit)

    def _text_changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def control(self) -> QWidget:
        return self.edit

    def value(self) -> Any:
        return self.edit.toPlainText().strip() or None

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            self.edit.setPlainText("" if value is None else str(value))
        finally:
            self._loading = False

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class MomentEditor(FieldEditor):
    """``date`` and ``datetime`` fields; the value is ISO text (aware, in IST, for datetimes)."""

    def __init__(self, field: FieldDef, now: Any, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = IstDateTimeEdit(now, with_time=field.type == "datetime")
        self.edit.textEdited.connect(self.changed)
        self.edit.bad_input.connect(self._bad_input)
        self._column.addWidget(self.edit)
        self._finish(self.edit)
        typing = (
            "DD-MM-YYYY HH:MM in IST, 24-hour clock (or type: now)"
            if field.type == "datetime"
            else "DD-MM-YYYY (or type: today)"
        )
        self.edit.setToolTip("\n".join(t for t in (help_text(field), typing) if t))

    def _bad_input(self, message: str) -> None:
        self.clear_error()
        self.show_error(message)

    def control(self) -> QWidget:
        return self.edit

    def moment(self) -> datetime | date | None:
        """The parsed value; None when empty or not a date (see ``value`` for the latter)."""
        try:
            return self.edit.moment()
        except BadInput:
            return None

    def value(self) -> Any:
        try:
            moment = self.edit.moment()
        except BadInput:
            # Keep what was typed: the services answer "not a valid date" at this field, and an
            # autosaved draft does not lose the officer's half-typed text.
            return self.edit.text().strip()
        if moment is None:
            return None
        return moment.isoformat()

    def set_value(self, value: Any) -> None:
        if value in (None, ""):
            self.edit.set_moment(None)
            return
        try:
            parsed = parse_datetime(value) if self.field.type == "datetime" else parse_date(value)
        except ValueError:
            self.edit.setText(str(value))  # a draft's half-typed text comes back as it was
            return
        self.edit.set_moment(parsed)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class NumberEditor(FieldEditor):
    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self._money = field.type == "money"
        self.edit = number_edit(self._money)
        self.edit.textEdited.connect(self.changed)
        self._column.addWidget(self.edit)
        self._finish(self.edit)

    def control(self) -> QWidget:
        return self.edit

    def value(self) -> Any:
        return number_value(self.edit.text(), self._money)

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


def choice_combo(field: FieldDef) -> QComboBox:
    """Bilingual labels, an empty choice first; typing a letter jumps to the matching option."""
    combo = QComboBox()
    combo.addItem(EMPTY_CHOICE, None)
    for choice in field.choices:
        combo.addItem(f"{choice.label_en} / {choice.label_hi}", choice.value)
    return combo


def set_combo_value(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value) if value not in (None, "") else 0
    combo.setCurrentIndex(max(index, 0))


class ChoiceEditor(FieldEditor):
    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.combo = choice_combo(field)
        # As wide as the longest option when there is room; able to shrink on a small screen
        # (the open list always shows the options in full).
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(
            min(max(len(self.combo.itemText(i)) for i in range(self.combo.count())), 40)
        )
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._column.addWidget(self.combo, 0, Qt.AlignmentFlag.AlignLeft)
        self._finish(self.combo)

    def control(self) -> QWidget:
        return self.combo

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        if value not in (None, "") and self.combo.findData(value) < 0:
            self.combo.addItem(str(value), value)  # an unknown stored value stays visible
        set_combo_value(self.combo, value)


class BoolEditor(FieldEditor):
    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.check = QCheckBox(field.label())
        self.check.toggled.connect(lambda _on: self.changed.emit())
        self._column.addWidget(self.check)
        self._finish(self.check)

    def control(self) -> QWidget:
        return self.check

    def value(self) -> Any:
        return self.check.isChecked()

    def set_value(self, value: Any) -> None:
        self.check.blockSignals(True)
        self.check.setChecked(bool(value))
        self.check.blockSignals(False)
