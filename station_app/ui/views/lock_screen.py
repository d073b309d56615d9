"""The lock screen: covers the desk after idle time or Ctrl+L until the same officer's password is
typed. Five wrong passwords lock the account as at sign-in; then only "Sign out" remains."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from station_app.core.errors import AccountLockedError, AuthenticationError, StationError
from station_app.core.identity import StationIdentity
from station_app.core.permissions import Actor
from station_app.core.services.accounts import AccountService
from station_app.ui.dialogs.login import station_header, training_banner
from station_app.ui.ops import OpRunner
from station_app.ui.widgets import error_label, named, password_edit, set_error


class LockScreen(QWidget):
    unlocked = Signal()
    sign_out_requested = Signal()

    def __init__(
        self, identity: StationIdentity, actor: Actor, accounts: AccountService, ops: OpRunner
    ) -> None:
        super().__init__()
        self._actor = actor
        self._accounts = accounts
        self._ops = ops
        self.setObjectName("lockScreen")
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        card = QFrame()
        card.setObjectName("card")
        card.setMaximumWidth(520)
        column = QVBoxLayout(card)
        column.setContentsMargins(28, 24, 28, 24)
        title = QLabel("Desk locked")
        title.setObjectName("lockTitle")
        column.addWidget(title)
        banner = training_banner(identity)
        if banner is not None:
            column.addWidget(banner)
        for label in station_header(identity):
            column.addWidget(label)
        column.addSpacing(10)
        who = QLabel(
            f"Signed in: {actor.full_name}, {actor.rank}. Type your password to continue "
            "where you left off. Another officer should sign out and sign in."
        )
        who.setWordWrap(True)
        column.addWidget(who)
        self._password_label = QLabel("&Password:")
        self.password = password_edit("lockPasswordEdit", "Password to unlock")
        self._password_label.setBuddy(self.password)
        column.addWidget(self._password_label)
        column.addWidget(self.password)
        self.error = error_label("lockError")
        column.addWidget(self.error)
        buttons = QHBoxLayout()
        self.unlock_button = named(QPushButton("&Unlock"), "unlockButton", "Unlock")
        self.unlock_button.setDefault(True)
        self.sign_out_button = named(QPushButton("Sign &out"), "lockSignOutButton", "Sign out")
        buttons.addWidget(self.unlock_button)
        buttons.addStretch()
        buttons.addWidget(self.sign_out_button)
        column.addLayout(buttons)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(card)
        row.addStretch()
        outer.addLayout(row)
        outer.addStretch(3)
        self.unlock_button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        self.sign_out_button.clicked.connect(self.sign_out_requested)
        self.setTabOrder(self.password, self.unlock_button)
        self.setTabOrder(self.unlock_button, self.sign_out_button)

    def reset(self) -> None:
        self.password.clear()
        set_error(self.error, "")
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def account_locked(self) -> bool:
        return self.password.isHidden()

    def _submit(self) -> None:
        password = self.password.text()
        if not password or self.account_locked:
            return
        self.unlock_button.setEnabled(False)
        actor, accounts = self._actor, self._accounts
        # login() rather than confirm_password(): the same check and lockout counting, but it tells
        # a locked account apart from a wrong password (see the report to the core team).
        self._ops.run(
            lambda: accounts.login(actor.username, password),
            on_success=self._confirmed,
            on_failure=self._failed,
            on_done=lambda: self.unlock_button.setEnabled(True),
            owner=self,
        )

    def _confirmed(self, who: Actor) -> None:
        if who.officer_id != self._actor.officer_id:  # cannot happen: same user name, same account
            self._failed(AuthenticationError("The password is not correct."))
            return
        self.password.clear()
        set_error(self.error, "")
        self.unlocked.emit()

    def _failed(self, exc: StationError) -> None:
        self.password.clear()
        if isinstance(exc, AccountLockedError):
            set_error(self.error, f"{exc.message} Sign out; the SHO can unlock the account.")
            for widget in (self._password_label, self.password, self.unlock_button):
                widget.hide()
            self.sign_out_button.setDefault(True)
            self.sign_out_button.setFocus()
            return
        text = "The password is not correct." if isinstance(exc, AuthenticationError) else exc.message
        set_error(self.error, text)
        self.password.setFocus()
