"""e-FIR dialogs: receiving an e-FIR (it becomes a draft) and recording the informant's signature.

Both only collect input and emit it; the caller runs the service call through the op runner and
hands ValidationError back with ``show_errors`` (messages at the fields).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from station_app.core.errors import ValidationError
from station_app.ui.forms.inputs import BadInput, IstDateTimeEdit
from station_app.ui.widgets import FieldForm, named


def _moment_field(form: FieldForm, name: str, label: str, now: Callable[[], datetime]) -> IstDateTimeEdit:
    edit = named(IstDateTimeEdit(now), name, label.replace("&", "").rstrip(":"))
    edit.set_moment(now())
    return form.add_field(name, label, edit, "DD-MM-YYYY HH:MM, in IST")


def _read_moment(form: FieldForm, name: str, edit: IstDateTimeEdit) -> datetime | None:
    try:
        moment = edit.moment()
    except BadInput as exc:
        form.show_errors(ValidationError({name: str(exc)}))
        return None
    if not isinstance(moment, datetime):
        form.show_errors(ValidationError({name: "Required."}))
        return None
    return moment


class ReceiveEfirDialog(QDialog):
    """What arrived electronically: when, from whom, and the complaint as received."""

    chosen = Signal(object, object)  # received_at (datetime), values (dict)

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "receiveEfirDialog", "Receive e-FIR")
        self.setWindowTitle("Receive an e-FIR")
        self.resize(620, 460)
        layout = QVBoxLayout(self)
        note = QLabel(
            "The e-FIR becomes a draft. It can be registered only after the informant signs it, "
            "within 3 days of receipt (BNSS 173(1)(ii))."
        )
        note.setWordWrap(True)
        note.setProperty("role", "help")
        layout.addWidget(note)
        self.form = f = FieldForm()
        self.received_at = _moment_field(f, "efir_received_at", "&Received at:", now)
        self.name = f.add_field(
            "complainant_name", "&Informant's name:", named(QLineEdit(), "efirName", "Informant's name")
        )
        self.name.setMaxLength(120)
        self.narrative = f.add_field(
            "narrative",
            "&Complaint as received:",
            named(QPlainTextEdit(), "efirNarrative", "Complaint as received"),
        )
        self.narrative.setTabChangesFocus(True)
        layout.addWidget(f)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.addButton("Create &draft", QDialogButtonBox.ButtonRole.AcceptRole)
        named(self.ok_button, "createEfirButton", "Create e-FIR draft")
        named(buttons.button(QDialogButtonBox.StandardButton.Cancel), "cancelButton", "Cancel")
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _submit(self) -> None:
        self.form.clear_errors()
        received = _read_moment(self.form, "efir_received_at", self.received_at)
        if received is None:
            return
        values: dict[str, Any] = {}
        if self.name.text().strip():
            values["complainant_name"] = self.name.text().strip()
        if self.narrative.toPlainText().strip():
            values["narrative"] = self.narrative.toPlainText().strip()
        self.chosen.emit(received, values)

    def show_errors(self, exc: ValidationError) -> None:
        self.form.show_errors(exc)


class SignatureDialog(QDialog):
    """When the informant signed the e-FIR (at the station, in front of the officer)."""

    chosen = Signal(object)  # datetime

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "signatureDialog", "Record informant's signature")
        self.setWindowTitle("Informant's signature on the e-FIR")
        layout = QVBoxLayout(self)
        self.form = f = FieldForm()
        self.signed_at = _moment_field(f, "informant_signed_at", "&Signed at:", now)
        layout.addWidget(f)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.addButton("&Record signature", QDialogButtonBox.ButtonRole.AcceptRole)
        named(self.ok_button, "recordSignatureButton", "Record signature")
        named(buttons.button(QDialogButtonBox.StandardButton.Cancel), "cancelButton", "Cancel")
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _submit(self) -> None:
        self.form.clear_errors()
        signed = _read_moment(self.form, "informant_signed_at", self.signed_at)
        if signed is not None:
            self.chosen.emit(signed)

    def accept_signed(self) -> None:
        self.accept()

    def show_errors(self, exc: ValidationError) -> None:
        self.form.show_errors(exc)
