"""The dashboard's backup card: the last good backup, a warning after 2 days without one, and the
way to back up to a USB drive."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from station_app.core.backups import BackupStatus
from station_app.core.localtime import format_ist
from station_app.core.permissions import Permission
from station_app.ui.context import Desk
from station_app.ui.dialogs.backup_dialogs import BackupToDriveDialog, last_backup_text
from station_app.ui.events import ChangeSet
from station_app.ui.widgets import card_layout, named


class BackupCard(QFrame):
    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._desk = desk
        layout = card_layout(self, "Backups")
        self.last_label = QLabel("…")
        self.last_label.setObjectName("lastBackupLabel")
        self.last_label.setWordWrap(True)
        layout.addWidget(self.last_label)
        note = QLabel("The app backs up by itself every day and when it is closed after a change.")
        note.setWordWrap(True)
        note.setProperty("role", "help")
        layout.addWidget(note)
        self.drive_button = named(
            QPushButton("Back up to a &drive…"), "backupToDriveButton", "Back up to a drive"
        )
        self.drive_button.clicked.connect(self.open_drive_dialog)
        self.drive_button.setVisible(desk.actor.can(Permission.BACKUP))
        row = QHBoxLayout()
        row.addWidget(self.drive_button)
        row.addStretch()
        layout.addLayout(row)
        self.dialog: BackupToDriveDialog | None = None
        desk.events.changed.connect(self._changed)
        self.refresh()

    def refresh(self) -> None:
        self._desk.ops.run(self._desk.services.backups.status, on_success=self._show, owner=self)

    def _changed(self, _changes: ChangeSet) -> None:
        self.refresh()

    def _show(self, status: BackupStatus) -> None:
        when = format_ist(status.last_at) if status.last_at else None
        self.last_label.setText(last_backup_text(when, status.overdue))
        self.last_label.setProperty("role", "error" if status.overdue else "ok")
        self.last_label.style().unpolish(self.last_label)
        self.last_label.style().polish(self.last_label)

    def open_drive_dialog(self) -> None:
        self.dialog = BackupToDriveDialog(self._desk, self)
        self.dialog.finished.connect(lambda _code: self.refresh())
        self.dialog.open()
