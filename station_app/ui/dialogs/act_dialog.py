"""The frame of a dialog that records one act through one service call: a FieldForm, Save and
Cancel, the call run through the op runner, and a refusal shown at the fields it names.

Used for what follows an arrest and a malkhana item's movements (``custody_dialogs``) and for what
follows a registered FIR (``fir_event_dialogs``). Subclasses add fields, call ``_finish`` and
implement ``_submit``, which reads the fields and calls ``_run``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from station_app.core.errors import StationError, ValidationError
from station_app.ui.context import Desk
from station_app.ui.events import ChangeSet
from station_app.ui.forms.inputs import BadInput, IstDateTimeEdit
from station_app.ui.widgets import FieldForm, named


class ActDialog(QDialog):
    def __init__(
        self,
        desk: Desk,
        name: str,
        title: str,
        parent: QWidget | None,
        *,
        window_title: str | None = None,
        width: int = 600,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self.result_value: object | None = None  # what the service returned, once saved
        named(self, name, title)
        self.setWindowTitle(window_title or title)
        self.setMinimumWidth(width)
        self.layout_ = QVBoxLayout(self)
        self.form = FieldForm()

    def _finish(self, save_text: str) -> None:
        self.layout_.addWidget(self.form)
        self.buttons = QDialogButtonBox()
        save = self.buttons.addButton(save_text, QDialogButtonBox.ButtonRole.AcceptRole)
        named(save, "saveButton", save_text.replace("&", ""))
        save.setDefault(True)
        cancel = self.buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)  # Esc too
        named(cancel, "cancelButton", "Cancel")
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)

    def _line(self, name: str, label: str, accessible: str, placeholder: str = "") -> QLineEdit:
        edit = named(QLineEdit(), name, accessible)
        edit.setPlaceholderText(placeholder)
        return self.form.add_field(name, label, edit)

    def _moment(self, name: str, label: str, start_now: bool = True) -> IstDateTimeEdit:
        clock = self._desk.services.clock
        edit = named(IstDateTimeEdit(clock.now), name, label.replace("&", "").rstrip(":"))
        if start_now:
            edit.set_moment(clock.now())
            edit.selectAll()  # typing replaces "now" at once
        return self.form.add_field(name, label, edit, "DD-MM-YYYY HH:MM in IST (or type: now)")

    def _read(self, name: str, edit: IstDateTimeEdit) -> datetime | None:
        try:
            moment = edit.moment()
        except BadInput as exc:
            self.form.show_errors(ValidationError({name: str(exc)}))
            return None
        if not isinstance(moment, datetime):
            self.form.show_errors(ValidationError({name: "Required."}))
            return None
        return moment

    def _run(self, work: Callable[[], object], changes: ChangeSet) -> None:
        self.form.clear_errors()
        self.buttons.setEnabled(False)
        self._desk.ops.run(
            work,
            on_success=self._saved,
            on_failure=self._failed,
            on_done=lambda: self.buttons.setEnabled(True),
            changes=changes,
            owner=self,
        )

    def _saved(self, value: object) -> None:
        self.result_value = value
        self.accept()

    def _failed(self, exc: StationError) -> None:
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc)
        else:
            self.form.show_general(exc.message)

    def _submit(self) -> None:
        raise NotImplementedError
