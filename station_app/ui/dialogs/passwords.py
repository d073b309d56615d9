"""Changing one's own password, and the SHO resetting another officer's."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from station_app.core.errors import StationError, ValidationError
from station_app.core.permissions import Actor
from station_app.core.services.accounts import AccountService, OfficerInfo, validate_password
from station_app.ui.events import OFFICER, ChangeSet
from station_app.ui.ops import OpRunner
from station_app.ui.widgets import FieldForm, named, password_edit


def _buttons(dialog: QDialog, ok_text: str, cancel_text: str = "&Cancel") -> QDialogButtonBox:
    box = QDialogButtonBox()
    ok = named(
        box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole), "okButton", ok_text.replace("&", "")
    )
    ok.setDefault(True)
    cancel = box.addButton(cancel_text, QDialogButtonBox.ButtonRole.RejectRole)
    named(cancel, "cancelButton", cancel_text.replace("&", ""))
    box.rejected.connect(dialog.reject)
    return box


def _check_pair(form: FieldForm, password: str, again: str, username: str) -> bool:
    try:
        validate_password(password, username)
    except ValidationError as exc:
        form.show_errors(exc)
        return False
    if password != again:
        form.show_errors(ValidationError({"password_again": "The two passwords differ."}))
        return False
    return True


class ChangePasswordDialog(QDialog):
    """``forced``: after the SHO set or reset the password; cancelling then means signing out."""

    def __init__(
        self,
        actor: Actor,
        accounts: AccountService,
        ops: OpRunner,
        forced: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._actor = actor
        self.actor = actor
        self._accounts = accounts
        self._ops = ops
        named(self, "changePasswordDialog", "Change password")
        self.setWindowTitle("Change password")
        layout = QVBoxLayout(self)
        if forced:
            note = QLabel("Your password was set by the SHO. Choose your own password before you continue.")
            note.setObjectName("forcedNote")
            note.setWordWrap(True)
            layout.addWidget(note)
        self.form = FieldForm()
        self.old = self.form.add_field(
            "old_password", "&Current password:", password_edit("oldPasswordEdit", "Current password")
        )
        self.new = self.form.add_field(
            "password",
            "&New password:",
            password_edit("newPasswordEdit", "New password"),
            "At least 8 characters, mixing letters with digits or symbols.",
        )
        self.again = self.form.add_field(
            "password_again",
            "New password &again:",
            password_edit("newPasswordAgainEdit", "New password again"),
        )
        layout.addWidget(self.form)
        self.buttons = _buttons(self, "&Change password", "&Sign out" if forced else "&Cancel")
        self.buttons.accepted.connect(self._submit)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def _submit(self) -> None:
        old, new = self.old.text(), self.new.text()
        if not _check_pair(self.form, new, self.again.text(), self._actor.username):
            return
        self.form.clear_errors()
        self.buttons.setEnabled(False)
        self._ops.run(
            lambda: self._accounts.change_password(self._actor, old, new),
            on_success=self._changed,
            on_failure=self._failed,
            on_done=lambda: self.buttons.setEnabled(True),
            changes=ChangeSet.of(OFFICER),
            owner=self,
        )

    def _changed(self, actor: Actor) -> None:
        self.actor = actor  # the officer free of a forced change: the desk carries on with this one
        self.accept()

    def _failed(self, exc: StationError) -> None:
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc)
        else:
            self.form.show_general(exc.message)


class ResetPasswordDialog(QDialog):
    """The SHO gives an officer a new first password; the officer must change it at sign-in."""

    def __init__(
        self,
        actor: Actor,
        officer: OfficerInfo,
        accounts: AccountService,
        ops: OpRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._actor = actor
        self._officer = officer
        self._accounts = accounts
        self._ops = ops
        named(self, "resetPasswordDialog", "Reset password")
        self.setWindowTitle(f"Reset password: {officer.full_name}")
        layout = QVBoxLayout(self)
        note = QLabel(
            f"Give {officer.full_name} ({officer.username}) a new password. They must choose their "
            "own at the next sign-in. This also unlocks the account."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.form = FieldForm()
        self.new = self.form.add_field(
            "password", "&New password:", password_edit("newPasswordEdit", "New password")
        )
        self.again = self.form.add_field(
            "password_again",
            "New password &again:",
            password_edit("newPasswordAgainEdit", "New password again"),
        )
        layout.addWidget(self.form)
        self.buttons = _buttons(self, "&Reset password")
        self.buttons.accepted.connect(self._submit)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def _submit(self) -> None:
        new = self.new.text()
        if not _check_pair(self.form, new, self.again.text(), self._officer.username):
            return
        self.form.clear_errors()
        self.buttons.setEnabled(False)
        officer_id = self._officer.id
        self._ops.run(
            lambda: self._accounts.reset_password(self._actor, officer_id, new),
            on_success=lambda _none: self.accept(),
            on_failure=self._failed,
            on_done=lambda: self.buttons.setEnabled(True),
            changes=ChangeSet.of(OFFICER),
            owner=self,
        )

    def _failed(self, exc: StationError) -> None:
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc)
        else:
            self.form.show_general(exc.message)
