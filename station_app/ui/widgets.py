"""Small building blocks shared by dialogs and views: names for automation and screen readers,
and forms that show a ``ValidationError`` next to the fields it names."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from station_app.core.errors import ValidationError

W = TypeVar("W", bound=QWidget)


def named(widget: W, object_name: str, accessible_name: str, description: str = "") -> W:
    """Every interactive widget gets both: objectName for tests, accessibleName for screen readers."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def password_edit(object_name: str, accessible_name: str) -> QLineEdit:
    edit = named(QLineEdit(), object_name, accessible_name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def path_row(edit: QLineEdit, browse: QPushButton) -> QWidget:
    """A path field with its Choose/Browse button beside it, for one row of a form."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    layout.addWidget(browse)
    return row


def card_layout(frame: QFrame, title: str) -> QVBoxLayout:
    """Makes ``frame`` one of the home screen's cards (styled by its name) with its title; returns
    the column the card's contents go into."""
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 12, 16, 14)
    layout.addWidget(heading(title, "cardTitle"))
    return layout


def heading(text: str, object_name: str = "heading") -> QLabel:
    label = QLabel(text)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    return label


def error_label(object_name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def set_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class FieldForm(QWidget):
    """A form layout whose rows carry an error line under the field.

    ``show_errors`` fills the lines from ``ValidationError.field_errors``; a field the form does not
    know goes to the general error line, so no message is ever lost.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self.layout_ = QFormLayout()
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._outer.addLayout(self.layout_)
        self.general_error = error_label("generalError")
        self._outer.addWidget(self.general_error)
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def add_field(self, field: str, label_text: str, widget: W, help_text: str = "") -> W:
        """``label_text`` carries the mnemonic (``&Station name``); the label is the field's buddy."""
        label = QLabel(label_text)
        label.setBuddy(widget)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if help_text:
            help_label = QLabel(help_text)
            help_label.setProperty("role", "help")
            help_label.setWordWrap(True)
            column.addWidget(help_label)
        err = error_label(f"{field}Error")
        column.addWidget(err)
        self.layout_.addRow(label, box)
        self._fields[field] = (widget, err)
        return widget

    def error_text(self, field: str) -> str:
        return self._fields[field][1].text() if field in self._fields else self.general_error.text()

    def clear_errors(self) -> None:
        for widget, err in self._fields.values():
            set_error(err, "")
            self._mark(widget, False)
        set_error(self.general_error, "")

    def show_errors(self, exc: ValidationError) -> None:
        self.clear_errors()
        first: QWidget | None = None
        general: list[str] = []
        for field, message in exc.field_errors.items():
            if field in self._fields:
                widget, err = self._fields[field]
                set_error(err, message)
                self._mark(widget, True)
                first = first or widget
            else:
                general.append(message)
        set_error(self.general_error, "\n".join(general))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_general(self, text: str) -> None:
        set_error(self.general_error, text)

    @staticmethod
    def _mark(widget: QWidget, invalid: bool) -> None:
        # The style sheet draws a red border on [invalid="true"]; re-polish so it applies now.
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def action_button(
    owner: QWidget,
    text: str,
    name: str,
    slot: Callable[[], object],
    shortcut: str = "",
    enabled: bool = True,
    *,
    alt_key: bool = True,
) -> QToolButton:
    """A tool button for an action that works while the focus is anywhere inside ``owner``.

    A tool button shows the action's text without its mnemonic, so with ``alt_key`` the Alt+letter
    of ``text`` is made a shortcut too. Views that hold other views with their own Alt keys (the FIR
    view holds the case tabs) pass ``alt_key=False`` so that no Alt+letter becomes ambiguous."""
    action = QAction(text, owner)
    action.setObjectName(f"{name}Action")
    mnemonic = QKeySequence.mnemonic(text).toString() if alt_key else ""
    keys = [QKeySequence(k) for k in (shortcut, mnemonic) if k]
    if keys:
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shown = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({shown})")
    action.triggered.connect(slot)
    action.setEnabled(enabled)
    owner.addAction(action)
    button = named(QToolButton(), f"{name}Button", text.replace("&", "").rstrip("…"))
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button
