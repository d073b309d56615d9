"""Every message box the app shows, behind one small interface.

Widgets never call ``QMessageBox`` themselves: they are given a ``Messages`` so that tests can
record what would have been shown instead of blocking on a modal dialog.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QMessageBox, QWidget

from station_app.core.errors import StationError

ADMIN_HINT_HEADING = "For the district IT admin"


def admin_hint_text(exc: StationError) -> str:
    return f"{ADMIN_HINT_HEADING}: {exc.hint}" if exc.hint else ""


class Messages(Protocol):
    def station_error(self, parent: QWidget | None, exc: StationError) -> None:
        """A typed error: its title, the officer's message and the admin hint."""

    def offer_recovery(self, parent: QWidget | None, exc: StationError) -> bool:
        """A missing or wrong database key; True if the officer chose to use the recovery key."""

    def confirm(self, parent: QWidget | None, title: str, text: str, yes_text: str) -> bool:
        """A yes/no question whose safe answer (No) is the default."""

    def info(self, parent: QWidget | None, title: str, text: str) -> None: ...

    def unexpected(self, text: str) -> None:
        """The generic "something went wrong" dialog of the exception hook (never a traceback)."""


class QtMessages:
    """The real message boxes."""

    def _box(
        self, parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, info: str = ""
    ) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
        box.setObjectName("messageBox")
        box.setAccessibleName(title)
        if info:
            box.setInformativeText(info)
        return box

    def station_error(self, parent: QWidget | None, exc: StationError) -> None:
        box = self._box(parent, QMessageBox.Icon.Warning, exc.title, exc.message, admin_hint_text(exc))
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()

    def offer_recovery(self, parent: QWidget | None, exc: StationError) -> bool:
        box = self._box(parent, QMessageBox.Icon.Warning, exc.title, exc.message, admin_hint_text(exc))
        recover = box.addButton("&Recover with recovery key…", QMessageBox.ButtonRole.AcceptRole)
        recover.setObjectName("recoverButton")
        quit_button = box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(recover)
        box.setEscapeButton(quit_button)
        box.exec()
        return box.clickedButton() is recover

    def confirm(self, parent: QWidget | None, title: str, text: str, yes_text: str) -> bool:
        box = self._box(parent, QMessageBox.Icon.Question, title, text)
        yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(QMessageBox.StandardButton.No)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.exec()
        return box.clickedButton() is yes

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        box = self._box(parent, QMessageBox.Icon.Information, title, text)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()

    def unexpected(self, text: str) -> None:
        box = self._box(None, QMessageBox.Icon.Critical, "Something went wrong", text)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()
