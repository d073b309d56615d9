"""Restoring the database key from the printed recovery key (missing or wrong key at start-up)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from station_app.core.clock import Clock
from station_app.core.errors import StationError
from station_app.core.keys import KeyStore
from station_app.core.paths import DataDir
from station_app.core.storage import recover_with_recovery_key
from station_app.ui.messages import admin_hint_text
from station_app.ui.ops import OpRunner
from station_app.ui.theme import monospace_font
from station_app.ui.widgets import error_label, named, set_error


class RecoveryDialog(QDialog):
    def __init__(
        self,
        data_dir: DataDir,
        keystore: KeyStore,
        clock: Clock,
        ops: OpRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._keystore = keystore
        self._clock = clock
        self._ops = ops
        named(self, "recoveryDialog", "Recover with recovery key")
        self.setWindowTitle("Recover with recovery key")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Type the recovery key from the sheet printed when this station was set up (kept in the "
            "station safe). Capital or small letters, dashes and spaces do not matter."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        label = QLabel("&Recovery key:")
        self.key_edit = named(QLineEdit(), "recoveryKeyEdit", "Recovery key")
        self.key_edit.setFont(monospace_font(13))
        label.setBuddy(self.key_edit)
        layout.addWidget(label)
        layout.addWidget(self.key_edit)
        self.error = error_label("recoveryError")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox()
        self.recover = named(
            self.buttons.addButton("&Recover", QDialogButtonBox.ButtonRole.AcceptRole),
            "recoverButton",
            "Recover",
        )
        self.recover.setDefault(True)
        named(
            self.buttons.addButton("&Cancel", QDialogButtonBox.ButtonRole.RejectRole),
            "cancelButton",
            "Cancel",
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)

    def _submit(self) -> None:
        text = self.key_edit.text()
        set_error(self.error, "")
        self.recover.setEnabled(False)
        self._ops.run(
            lambda: recover_with_recovery_key(self._data_dir, self._keystore, text, self._clock),
            on_success=lambda _none: self.accept(),
            on_failure=self._failed,
            on_done=lambda: self.recover.setEnabled(True),
            owner=self,
        )

    def _failed(self, exc: StationError) -> None:
        hint = admin_hint_text(exc)
        set_error(self.error, exc.message + (f"\n{hint}" if hint else ""))
        self.key_edit.setFocus()
