"""Enrol: connect this station to its state server with a one-time code (SHO only).

The exchange runs on the sync worker's network thread; its typed errors are shown plainly next to
the field they concern: a refused code, a training station and a real server (or the other way
round), an untrusted certificate, plain http:// to another computer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.core.errors import StationError, ValidationError
from station_app.core.identity import StationIdentity
from station_app.core.permissions import Actor
from station_app.ui.messages import admin_hint_text
from station_app.ui.sync_worker import SyncWorker
from station_app.ui.widgets import FieldForm, named
from sync.errors import EnrolmentError, ForbiddenError, TlsError
from sync.protocol import EnrolResponse

ChooseFile = Callable[[QWidget], str | None]
T = TypeVar("T")


def choose_ca_bundle(parent: QWidget) -> str | None:
    path, _ = QFileDialog.getOpenFileName(
        parent, "The state's CA certificates", "", "Certificates (*.pem *.crt *.cer);;All files (*)"
    )
    return path or None


def error_text(exc: StationError) -> str:
    return f"{exc.title}: {exc.message}"


class EnrolDialog(QDialog):
    enrolled = Signal(object)  # EnrolResponse

    def __init__(
        self,
        worker: SyncWorker,
        actor: Actor,
        identity: StationIdentity,
        current_url: str | None = None,
        parent: QWidget | None = None,
        choose_file: ChooseFile = choose_ca_bundle,
    ) -> None:
        super().__init__(parent)
        self._worker = worker
        self._actor = actor
        self._choose_file = choose_file
        self.reply: EnrolResponse | None = None
        named(self, "enrolDialog", "Enrol with the state server")
        self.setWindowTitle("Enrol with the state server")
        layout = QVBoxLayout(self)
        kind = "training" if identity.training else "state"
        intro = QLabel(
            f"Connect {identity.station_name} ({identity.station_code}) to its {kind} server. "
            "The server's admin gives a one-time code (state-server create-station). "
            "The station's credential is kept in this computer's key store, never in the database."
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "help")
        layout.addWidget(intro)
        self.form = f = FieldForm()
        self.server = f.add_field(
            "server",
            "&Server address:",
            named(QLineEdit(current_url or ""), "serverEdit", "State server address"),
            "https:// address; plain http:// only for a server on this computer.",
        )
        self.server.setPlaceholderText("https://sync.police.example.in")
        self.code = f.add_field(
            "code", "One-time &code:", named(QLineEdit(), "codeEdit", "One-time enrolment code")
        )
        self.code.setPlaceholderText("XXXX-XXXX-XXXX")
        ca_row = QWidget()
        row = QHBoxLayout(ca_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.ca_bundle = named(QLineEdit(), "caBundleEdit", "CA bundle file (optional)")
        self.ca_bundle.setPlaceholderText("optional: the state's own CA certificates (PEM)")
        self.browse = named(QPushButton("&Browse…"), "browseCaButton", "Choose the CA bundle file")
        self.browse.clicked.connect(self._browse)
        row.addWidget(self.ca_bundle, 1)
        row.addWidget(self.browse)
        f.add_field("ca_bundle", "C&A bundle:", ca_row)
        layout.addWidget(f)
        self.progress = QLabel()
        self.progress.setObjectName("enrolProgress")
        self.progress.setProperty("role", "help")
        layout.addWidget(self.progress)
        self.buttons = QDialogButtonBox()
        self.enrol_button = self.buttons.addButton("&Enrol", QDialogButtonBox.ButtonRole.AcceptRole)
        named(self.enrol_button, "enrolButton", "Enrol")
        self.enrol_button.setDefault(True)
        cancel = self.buttons.addButton("&Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        named(cancel, "cancelButton", "Cancel")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)

    def _browse(self) -> None:
        path = self._choose_file(self)
        if path:
            self.ca_bundle.setText(path)

    def submit(self) -> None:
        url, code, ca = self.server.text().strip(), self.code.text().strip(), self.ca_bundle.text().strip()
        problems = {}
        if not url:
            problems["server"] = "Give the state server's address."
        if not code:
            problems["code"] = "Type the one-time code from the server's admin."
        if ca and not Path(ca).is_file():
            problems["ca_bundle"] = "There is no such file."
        if problems:
            self.form.show_errors(ValidationError(problems))
            return
        self.form.clear_errors()
        self.buttons.setEnabled(False)
        self.progress.setText("Contacting the state server…")
        self._worker.enrol(
            self._actor, url, code, ca or None, on_success=self._alive(self._done), on_failure=self._alive(self._failed)
        )  # fmt: skip

    def _alive(self, callback: Callable[[T], None]) -> Callable[[T], None]:
        """The dialog may be closed before the server answers; then nobody is told."""

        def call(value: T) -> None:
            if shiboken6.isValid(self):
                callback(value)

        return call

    def _done(self, reply: EnrolResponse) -> None:
        self.buttons.setEnabled(True)
        self.reply = reply
        self.progress.setText("")
        self.enrolled.emit(reply)
        self.accept()

    def _failed(self, exc: StationError) -> None:
        self.buttons.setEnabled(True)
        # The admin hint goes under the form at full width; the message goes next to its field.
        self.progress.setText(admin_hint_text(exc))
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc)
        elif isinstance(exc, EnrolmentError | TlsError | ForbiddenError):
            field = (
                "code"
                if isinstance(exc, EnrolmentError)
                else "ca_bundle"
                if isinstance(exc, TlsError)
                else "server"
            )
            self.form.show_errors(ValidationError({field: error_text(exc)}))
        else:
            self.form.clear_errors()
            self.form.show_general(error_text(exc))
        self.adjustSize()
