"""The desk's maintenance actions: Station → Back up to a drive / Restore from a backup, and
Help → Install update from file. Kept out of the main window, which only places the menus."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from station_app.core.permissions import Permission
from station_app.ui.context import Desk
from station_app.ui.dialogs.backup_dialogs import BackupToDriveDialog, RestoreDialog
from station_app.ui.dialogs.update_dialog import UpdateDialog


class MaintenanceActions(QObject):
    restore_requested = Signal(object)  # a RestoreRequest, confirmed: the composition root runs it

    def __init__(self, window: QMainWindow, desk: Desk) -> None:
        super().__init__(window)
        self._window = window
        self._desk = desk
        self.backup_dialog: BackupToDriveDialog | None = None
        self.restore_dialog: RestoreDialog | None = None
        self.update_dialog: UpdateDialog | None = None
        may_manage = desk.actor.can(Permission.MANAGE_STATION)
        self.backup_action = self._action(
            "Back up to a &drive…", "backupToDriveAction", self.back_up_to_drive
        )
        self.restore_action = self._action("&Restore from a backup…", "restoreAction", self.restore)
        self.update_action = self._action(
            "Install &update from file…", "installUpdateAction", self.install_update
        )
        # Offered only to who may use them; the services refuse others as well.
        self.backup_action.setEnabled(desk.actor.can(Permission.BACKUP))
        for action in (self.restore_action, self.update_action):
            action.setEnabled(may_manage)

    def _action(self, text: str, name: str, slot: object) -> QAction:
        action = QAction(text, self._window)
        action.setObjectName(name)
        action.triggered.connect(slot)
        return action

    @property
    def actions(self) -> list[QAction]:
        """The actions the desk lock turns off and on again (those this officer may use)."""
        return [a for a in (self.backup_action, self.restore_action, self.update_action) if a.isEnabled()]

    def add_to(self, menu: QMenu) -> None:
        """Into the Station menu: a File menu's Alt+F would clash with the FIR tabs' own (&FIR)."""
        menu.addActions([self.backup_action, self.restore_action])
        menu.addSeparator()

    def back_up_to_drive(self) -> None:
        self.backup_dialog = BackupToDriveDialog(self._desk, self._window)
        self.backup_dialog.open()

    def restore(self) -> None:
        self.restore_dialog = RestoreDialog(replacing=True, parent=self._window)
        self.restore_dialog.accepted.connect(self._restore_chosen)
        self.restore_dialog.open()

    def _restore_chosen(self) -> None:
        dialog = self.restore_dialog
        if dialog is None or dialog.request is None:
            return
        confirmed = self._desk.messages.confirm(
            self._window,
            "Replace the station's records?",
            f"The records on this computer will be replaced by the backup {dialog.request.backup.name}. "
            "Everyone is signed out while it is restored; a safety copy of the present records is kept.",
            "Restore",
        )
        if confirmed:
            self.restore_requested.emit(dialog.request)

    def install_update(self) -> None:
        desk = self._desk
        self.update_dialog = UpdateDialog(desk.ops, desk.update_keys, desk.installer, self._window)
        self.update_dialog.open()
