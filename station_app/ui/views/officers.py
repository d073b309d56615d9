"""Officers: the station's accounts. Everyone may see the list; only roles with
``Permission.MANAGE_ACCOUNTS`` get the actions (the service refuses the others anyway)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from station_app.core.errors import StationError, ValidationError
from station_app.core.permissions import Permission
from station_app.core.services.accounts import OfficerInfo
from station_app.ui.context import Desk
from station_app.ui.dialogs.officer_dialog import OfficerDialog
from station_app.ui.dialogs.passwords import ResetPasswordDialog
from station_app.ui.events import OFFICER, ChangeSet
from station_app.ui.models.officers_model import COL_NAME, OfficersModel, SortRole
from station_app.ui.widgets import heading, named

PERMISSION_PROPERTY = "permission"  # each management action names the permission it needs


class OfficersView(QWidget):
    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._desk = desk
        self._can_manage = desk.actor.can(Permission.MANAGE_ACCOUNTS)
        self._now: datetime | None = None
        self.setObjectName("officersView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(heading("Officers' accounts"))
        if not self._can_manage:
            note = QLabel("Only the SHO can add officers or change their accounts.")
            note.setObjectName("readOnlyNote")
            note.setProperty("role", "help")
            layout.addWidget(note)
        self.model = OfficersModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        layout.addLayout(self._build_toolbar())
        self.table = named(QTableView(), "officersTable", "Officers")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        # activated: double-click, or Enter on the keyboard.
        self.table.activated.connect(lambda _index: self.edit_action.trigger())
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        layout.addWidget(self.table)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        desk.events.changed.connect(self._changed)
        self._update_actions()
        self.refresh()

    def _action(self, text: str, name: str, slot: object, shortcut: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setProperty(PERMISSION_PROPERTY, Permission.MANAGE_ACCOUNTS.value)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        label = QLabel("&Find:")
        self.filter_edit = named(QLineEdit(), "officerFilterEdit", "Find officer")
        self.filter_edit.setPlaceholderText("name, user name, rank, belt number…")
        self.filter_edit.setClearButtonEnabled(True)
        label.setBuddy(self.filter_edit)
        row.addWidget(label)
        row.addWidget(self.filter_edit, 1)
        self.add_action = self._action("&Add officer…", "addOfficerAction", self.add_officer, "Ctrl+N")
        self.edit_action = self._action("&Edit…", "editOfficerAction", self.edit_officer)
        self.toggle_action = self._action("&Deactivate", "toggleActiveAction", self.toggle_active)
        self.reset_action = self._action("&Reset password…", "resetPasswordAction", self.reset_password)
        self.unlock_action = self._action("Un&lock", "unlockOfficerAction", self.unlock)
        self.manage_actions = (
            self.add_action,
            self.edit_action,
            self.toggle_action,
            self.reset_action,
            self.unlock_action,
        )
        self.buttons: dict[str, QToolButton] = {}
        for action in self.manage_actions:
            button = QToolButton()
            self.buttons[action.objectName()] = button
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            named(
                button,
                action.objectName().replace("Action", "Button"),
                action.text().replace("&", "").rstrip("…"),
            )
            row.addWidget(button)
        return row

    # --- data -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        accounts, actor, clock = self._desk.services.accounts, self._desk.actor, self._desk.services.clock
        self._desk.ops.run(
            lambda: (accounts.list_officers(actor), clock.now()), on_success=self._show, owner=self
        )

    def _show(self, result: tuple[list[OfficerInfo], datetime]) -> None:
        selected = self.selected()
        rows, now = result
        self._now = now
        self.model.set_rows(rows, now)
        if selected is not None:
            self._select(selected.id)
        self._update_actions()

    def _changed(self, changes: ChangeSet) -> None:
        if changes.touches(OFFICER):
            self.refresh()

    def selected(self) -> OfficerInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.officer(self.proxy.mapToSource(rows[0]).row())

    def _select(self, officer_id: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.officer(row).id == officer_id:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.table.selectRow(index.row())
                return

    def _update_actions(self, *_args: object) -> None:
        officer = self.selected()
        self.add_action.setEnabled(self._can_manage)
        for action in (self.edit_action, self.reset_action):
            action.setEnabled(self._can_manage and officer is not None)
        # The service refuses to deactivate one's own account; do not offer it.
        own = officer is not None and officer.id == self._desk.actor.officer_id
        self.toggle_action.setEnabled(
            self._can_manage and officer is not None and not (own and officer.active)
        )
        now = self._now
        locked = (
            officer is not None
            and officer.locked_until is not None
            and (now is None or officer.locked_until > now)
        )
        self.unlock_action.setEnabled(self._can_manage and locked)
        toggle_text = "&Activate" if officer is not None and not officer.active else "&Deactivate"
        self.toggle_action.setText(toggle_text)
        self.buttons["toggleActiveAction"].setAccessibleName(toggle_text.replace("&", ""))

    # --- actions ----------------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        # open(), never exec(): the desk may lock while a dialog is up, and must keep running.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def add_officer(self) -> None:
        desk = self._desk
        self._open(OfficerDialog(desk.actor, desk.services.accounts, desk.ops, parent=self))

    def edit_officer(self) -> None:
        officer, desk = self.selected(), self._desk
        if officer is not None and self._can_manage:
            self._open(OfficerDialog(desk.actor, desk.services.accounts, desk.ops, officer, parent=self))

    def reset_password(self) -> None:
        officer, desk = self.selected(), self._desk
        if officer is not None:
            self._open(
                ResetPasswordDialog(desk.actor, officer, desk.services.accounts, desk.ops, parent=self)
            )

    def toggle_active(self) -> None:
        officer, desk = self.selected(), self._desk
        if officer is None:
            return
        activate = not officer.active
        if not activate and not desk.messages.confirm(
            self,
            "Deactivate account?",
            f"{officer.full_name} ({officer.username}) will no longer be able to sign in. Their records "
            "stay as they are. You can activate the account again later.",
            "&Deactivate",
        ):
            return
        accounts, actor = desk.services.accounts, desk.actor
        desk.ops.run(
            lambda: accounts.set_active(actor, officer.id, activate),
            on_failure=self._failed,
            changes=ChangeSet.of(OFFICER),
            owner=self,
        )

    def unlock(self) -> None:
        officer, desk = self.selected(), self._desk
        if officer is None:
            return
        accounts, actor = desk.services.accounts, desk.actor
        desk.ops.run(
            lambda: accounts.unlock(actor, officer.id),
            on_failure=self._failed,
            changes=ChangeSet.of(OFFICER),
            owner=self,
        )

    def _failed(self, exc: StationError) -> None:
        if isinstance(exc, ValidationError):  # a rule about this account, not a typing mistake
            self._desk.messages.info(self, "Not possible", "\n".join(exc.field_errors.values()))
        else:
            self._desk.messages.station_error(self, exc)
