"""Adding an officer's account or editing one (SHO only; the service checks the role as well)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from station_app.core.errors import StationError, ValidationError
from station_app.core.permissions import Actor
from station_app.core.services.accounts import (
    AccountService,
    NewOfficer,
    OfficerInfo,
    validate_new_officer,
    validate_password,
)
from station_app.ui.dialogs.fields import rank_combo, role_combo, select_role, selected_role
from station_app.ui.events import OFFICER, ChangeSet
from station_app.ui.ops import OpRunner
from station_app.ui.widgets import FieldForm, named, password_edit


class OfficerDialog(QDialog):
    """``officer`` None: a new account with a first password; otherwise edit name, rank and role."""

    def __init__(
        self,
        actor: Actor,
        accounts: AccountService,
        ops: OpRunner,
        officer: OfficerInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._actor = actor
        self._accounts = accounts
        self._ops = ops
        self._officer = officer
        self.saved: OfficerInfo | None = None
        adding = officer is None
        named(self, "officerDialog", "Add officer" if adding else "Edit officer")
        self.setWindowTitle(
            "Add an officer" if adding else f"Edit officer: {officer.full_name if officer else ''}"
        )
        layout = QVBoxLayout(self)
        self.form = f = FieldForm()
        self.username = f.add_field(
            "username",
            "&User name:",
            named(QLineEdit(), "usernameEdit", "User name"),
            "Used to sign in; cannot be changed later." if adding else "",
        )
        self.full_name = f.add_field(
            "full_name", "&Full name:", named(QLineEdit(), "fullNameEdit", "Full name")
        )
        self.rank = f.add_field("rank", "&Rank:", rank_combo())
        self.belt = f.add_field(
            "belt_number", "&Belt / PIS number:", named(QLineEdit(), "beltEdit", "Belt or PIS number")
        )
        self.role = f.add_field("role", "R&ole:", role_combo())
        self.password: QLineEdit | None = None
        self.password_again: QLineEdit | None = None
        if adding:
            self.password = f.add_field(
                "password",
                "First &password:",
                password_edit("passwordEdit", "First password"),
                "The officer must choose their own password at the first sign-in.",
            )
            self.password_again = f.add_field(
                "password_again", "Password &again:", password_edit("passwordAgainEdit", "Password again")
            )
        else:
            assert officer is not None
            self.username.setText(officer.username)
            self.username.setReadOnly(True)
            self.full_name.setText(officer.full_name)
            self.rank.setCurrentText(officer.rank)
            self.belt.setText(officer.belt_number)
            select_role(self.role, officer.role)
        layout.addWidget(f)
        self.buttons = QDialogButtonBox()
        save = self.buttons.addButton(
            "&Add officer" if adding else "&Save", QDialogButtonBox.ButtonRole.AcceptRole
        )
        named(save, "saveButton", save.text().replace("&", ""))
        save.setDefault(True)
        cancel = self.buttons.addButton("&Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        named(cancel, "cancelButton", "Cancel")
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def _spec(self) -> NewOfficer:
        return NewOfficer(
            self.username.text(),
            self.full_name.text(),
            self.rank.currentText(),
            self.belt.text(),
            selected_role(self.role),
        )

    def _check(self, spec: NewOfficer) -> bool:
        """The same checks the service makes, here so that mistakes show before any disk work."""
        problems: dict[str, str] = {}
        try:
            validate_new_officer(spec)
        except ValidationError as exc:
            problems.update(exc.field_errors)
        if self.password is not None and self.password_again is not None:
            try:
                validate_password(self.password.text(), spec.username)
            except ValidationError as exc:
                problems.update(exc.field_errors)
            if "password" not in problems and self.password.text() != self.password_again.text():
                problems["password_again"] = "The two passwords differ."
        if problems:
            self.form.show_errors(ValidationError(problems))
            return False
        self.form.clear_errors()
        return True

    def _submit(self) -> None:
        spec = self._spec()
        if not self._check(spec):
            return
        actor, accounts = self._actor, self._accounts
        if self._officer is None:
            password = self.password.text() if self.password is not None else ""
            work = lambda: accounts.create_officer(actor, spec, password)  # noqa: E731
        else:
            officer_id = self._officer.id
            work = lambda: accounts.update_officer(  # noqa: E731
                actor, officer_id, spec.full_name, spec.rank, spec.belt_number, spec.role
            )
        self.buttons.setEnabled(False)
        self._ops.run(
            work,
            on_success=self._saved,
            on_failure=self._failed,
            on_done=lambda: self.buttons.setEnabled(True),
            changes=ChangeSet.of(OFFICER),
            owner=self,
        )

    def _saved(self, info: OfficerInfo) -> None:
        self.saved = info
        self.accept()

    def _failed(self, exc: StationError) -> None:
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc)
        else:
            self.form.show_general(exc.message)
