"""The sync part of the status bar: online/offline, queued count, last sync and problems, kept live
by the monitor. A flat button, so a click or Enter (it takes focus) opens the Sync screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from station_app.ui.sync_monitor import SyncMonitor, SyncPicture
from station_app.ui.sync_text import problems, status_bar_text


class SyncStatusButton(QPushButton):
    def __init__(self, monitor: SyncMonitor, shortcut_hint: str) -> None:
        super().__init__("Sync: …")
        self.setObjectName("syncStatus")
        self.setAccessibleName("Sync status")
        self.setFlat(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._hint = f"Click or press Enter to open the Sync screen ({shortcut_hint})."
        self.setToolTip(self._hint)
        monitor.updated.connect(self.show_picture)
        self.show_picture(monitor.picture)

    def show_picture(self, picture: SyncPicture) -> None:
        text = status_bar_text(picture)
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setToolTip(f"{text}\n{self._hint}")
        role = "problem" if picture.loaded and problems(picture) else ""
        if self.property("role") != role:
            # The style sheet colours a status with problems; re-polish so it applies now.
            self.setProperty("role", role)
            self.style().unpolish(self)
            self.style().polish(self)
