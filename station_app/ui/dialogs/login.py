"""Sign-in: user name and password, checked off the GUI thread (Argon2 takes ~100 ms).

Wrong passwords and locked accounts are shown inside the dialog, not in a message box, so the
officer can simply try again.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from station_app.core.errors import StationError
from station_app.core.identity import StationIdentity
from station_app.core.permissions import Actor
from station_app.core.services.accounts import AccountService
from station_app.core.training import TRAINING_PASSWORD
from station_app.ui.ops import OpRunner
from station_app.ui.widgets import FieldForm, named, password_edit


def station_header(identity: StationIdentity) -> list[QLabel]:
    """Station name in English and Hindi, and where it is; shared by login and lock screen."""
    name = QLabel(identity.station_name)
    name.setObjectName("stationName")
    name_hi = QLabel(identity.station_name_hi)
    name_hi.setObjectName("stationNameHi")
    where = QLabel(f"{identity.district}, {identity.state} · CCTNS {identity.station_code}")
    where.setObjectName("stationWhere")
    where.setProperty("role", "help")
    return [name, name_hi, where]


def training_banner(identity: StationIdentity, with_password: bool = False) -> QLabel | None:
    if not identity.training:
        return None
    text = "TRAINING STATION: practice only. Nothing here is a real record."
    if with_password:
        text += f"\nPractice accounts (e.g. si.meena) start with the password {TRAINING_PASSWORD}."
    banner = QLabel(text)
    banner.setObjectName("trainingBanner")
    banner.setWordWrap(True)
    return banner


class LoginDialog(QDialog):
    signed_in = Signal(object)  # Actor

    def __init__(
        self,
        identity: StationIdentity,
        accounts: AccountService,
        ops: OpRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._ops = ops
        self.actor: Actor | None = None
        named(self, "loginDialog", "Sign in")
        self.setWindowTitle(f"Sign in: {identity.station_name}")
        layout = QVBoxLayout(self)
        banner = training_banner(identity, with_password=True)
        if banner is not None:
            layout.addWidget(banner)
        for label in station_header(identity):
            layout.addWidget(label)
        layout.addSpacing(12)
        self.form = FieldForm()
        self.username = self.form.add_field(
            "username", "&User name:", named(QLineEdit(), "usernameEdit", "User name")
        )
        self.password = self.form.add_field(
            "password", "&Password:", password_edit("passwordEdit", "Password")
        )
        self.form.general_error.setObjectName("loginError")
        layout.addWidget(self.form)
        self.buttons = QDialogButtonBox()
        self.sign_in = named(
            self.buttons.addButton("&Sign in", QDialogButtonBox.ButtonRole.AcceptRole),
            "signInButton",
            "Sign in",
        )
        self.sign_in.setDefault(True)
        quit_button = self.buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        named(quit_button, "quitButton", "Quit")
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.username.setFocus()

    @property
    def error_text(self) -> str:
        return self.form.general_error.text()

    def _submit(self) -> None:
        username, password = self.username.text(), self.password.text()
        if not username.strip() or not password:
            self.form.show_general("Type your user name and password.")
            return
        self.sign_in.setEnabled(False)
        self._ops.run(
            lambda: self._accounts.login(username, password),
            on_success=self._signed_in,
            on_failure=self._failed,
            on_done=lambda: self.sign_in.setEnabled(True),
            owner=self,
        )

    def _signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self.password.clear()
        self.form.clear_errors()
        self.signed_in.emit(actor)
        self.accept()

    def _failed(self, exc: StationError) -> None:
        # AuthenticationError and AccountLockedError carry the text to show; storage errors too.
        self.form.show_general(exc.message)
        self.password.clear()
        self.password.setFocus()
