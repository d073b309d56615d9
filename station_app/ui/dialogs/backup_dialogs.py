"""Backing up to a drive the officer picks, and choosing a backup to restore.

The restore itself is run by the composition root (``StationGui.restore``): the open station has to
be closed before its files are swapped, and opened again afterwards.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.core.errors import StationError
from station_app.core.restore import RestoreReport
from station_app.ui.context import Desk
from station_app.ui.widgets import named, path_row

FolderChooser = Callable[[QWidget], str]
FileChooser = Callable[[QWidget], str]


def choose_drive(parent: QWidget) -> str:
    return QFileDialog.getExistingDirectory(parent, "Choose the drive or folder for the backup")


def choose_backup_file(parent: QWidget) -> str:
    path, _filter = QFileDialog.getOpenFileName(
        parent, "Choose the backup to restore", "", "Station backups (station-*.db);;All files (*)"
    )
    return path


def _status(label: QLabel, text: str, role: str) -> None:
    label.setText(text)
    label.setProperty("role", role)
    label.style().unpolish(label)
    label.style().polish(label)


class _ProgressRelay(QObject):
    """Carries progress from the database thread to the GUI thread (a queued signal)."""

    progress = Signal(int, int, str)


class BackupToDriveDialog(QDialog):
    def __init__(
        self, desk: Desk, parent: QWidget | None = None, chooser: FolderChooser = choose_drive
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._chooser = chooser
        self.result_path: Path | None = None
        self.setObjectName("backupToDriveDialog")
        self.setWindowTitle("Back up to a drive")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Plug in the USB drive and choose it (or a folder on it). The app makes a fresh encrypted "
            "backup, copies it to the drive and opens the copy there to check it. The copy can only be "
            "opened with this computer's key store or the station's printed recovery key."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.folder_edit = named(QLineEdit(), "driveEdit", "Drive or folder for the backup")
        self.folder_edit.textChanged.connect(self._show_space)
        browse = named(QPushButton("&Choose drive…"), "chooseDriveButton", "Choose the drive")
        browse.clicked.connect(self._browse)
        form = QFormLayout()
        form.addRow("&Drive:", path_row(self.folder_edit, browse))
        self.space_label = QLabel("")
        self.space_label.setObjectName("freeSpaceLabel")
        form.addRow("Free space:", self.space_label)
        layout.addLayout(form)
        self.progress_bar = named(QProgressBar(), "backupProgress", "Backup progress")
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setValue(0)
        layout.addWidget(self.progress_bar)
        self.stage_label = QLabel("")
        self.stage_label.setObjectName("backupStage")
        layout.addWidget(self.stage_label)
        self.result_label = QLabel("")
        self.result_label.setObjectName("backupResult")
        self.result_label.setWordWrap(True)
        # Room for a refusal and its hint (five lines): a word-wrapped label does not grow the dialog.
        self.result_label.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        layout.addWidget(self.result_label)
        buttons = QDialogButtonBox()
        self.start_button = named(
            buttons.addButton("&Back up now", QDialogButtonBox.ButtonRole.AcceptRole),
            "startBackupButton",
            "Back up now",
        )
        self.start_button.clicked.connect(self.start)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._relay = _ProgressRelay(self)
        self._relay.progress.connect(self._progress)

    def _browse(self) -> None:
        chosen = self._chooser(self)
        if chosen:
            self.folder_edit.setText(chosen)

    def _show_space(self, text: str) -> None:
        folder = Path(text.strip()) if text.strip() else None
        if folder is None or not folder.is_dir():
            self.space_label.setText("–" if folder is None else "That folder is not there.")
            return
        free = shutil.disk_usage(folder).free
        self.space_label.setText(f"{free / (1024 * 1024):,.0f} MB free")

    def start(self) -> None:
        text = self.folder_edit.text().strip()
        if not text:
            _status(self.result_label, "Choose the drive first.", "error")
            return
        folder, actor, relay = Path(text), self._desk.actor, self._relay
        backups = self._desk.services.backups
        self.start_button.setEnabled(False)
        self.close_button.setEnabled(False)
        _status(self.result_label, "", "help")
        self._desk.ops.run(
            lambda: backups.backup_to_drive(actor, folder, relay.progress.emit),
            on_success=self._done,
            on_failure=self._failed,
            on_done=self._finished,
            owner=self,
        )

    def _progress(self, done: int, total: int, what: str) -> None:
        self.progress_bar.setValue(int(100 * done / total) if total else 0)
        self.stage_label.setText(what)

    def _done(self, path: Path) -> None:
        self.result_path = path
        self.progress_bar.setValue(100)
        _status(self.result_label, f"Backup written and checked: {path}", "ok")
        self.adjustSize()

    def _failed(self, exc: StationError) -> None:
        self.progress_bar.setValue(0)
        self.stage_label.setText("")
        _status(self.result_label, exc.full_text(), "error")
        self.adjustSize()  # the whole message and its hint, never cut off

    def _finished(self) -> None:
        self.start_button.setEnabled(True)
        self.close_button.setEnabled(True)


@dataclass(frozen=True)
class RestoreRequest:
    backup: Path
    recovery_key: str | None


class RestoreDialog(QDialog):
    """Which backup, and (on a new computer) the recovery key. ``replacing``: a station is open here."""

    def __init__(self, replacing: bool, parent: QWidget | None = None, chooser: FileChooser = choose_backup_file) -> None:  # fmt: skip
        super().__init__(parent)
        self._chooser = chooser
        self.request: RestoreRequest | None = None
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from a backup")
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        if replacing:
            text = (
                "The station's records will be replaced by the backup's. Everything written after the "
                "backup was made will be missing from the station (a safety copy of the present records "
                "is kept in the backups folder). Only a backup of this station is accepted."
            )
        else:
            text = (
                "Restore a station onto this computer from its backup (both files: the .db and its "
                "-key.json). On a new computer, type the recovery key from the printed sheet."
            )
        intro = QLabel(text)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.file_edit = named(QLineEdit(), "backupFileEdit", "Backup file")
        browse = named(QPushButton("&Choose…"), "chooseBackupButton", "Choose the backup file")
        browse.clicked.connect(self._browse)
        self.key_edit = named(QLineEdit(), "restoreRecoveryKeyEdit", "Recovery key")
        self.key_edit.setPlaceholderText("Not needed on the same computer")
        form = QFormLayout()
        form.addRow("&Backup:", path_row(self.file_edit, browse))
        form.addRow("&Recovery key:", self.key_edit)
        layout.addLayout(form)
        self.error_label = QLabel("")
        self.error_label.setObjectName("restoreError")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox()
        self.restore_button = named(
            buttons.addButton("&Restore", QDialogButtonBox.ButtonRole.AcceptRole), "restoreButton", "Restore"
        )
        self.restore_button.clicked.connect(self._accept)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).clicked.connect(self.reject)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        chosen = self._chooser(self)
        if chosen:
            self.file_edit.setText(chosen)

    def _accept(self) -> None:
        text = self.file_edit.text().strip()
        if not text or not Path(text).is_file():
            _status(self.error_label, "Choose the backup's .db file.", "error")
            return
        key = self.key_edit.text().strip() or None
        self.request = RestoreRequest(Path(text), key)
        self.accept()


def restore_report_text(report: RestoreReport) -> str:
    lines = [f"The backup {report.backup.name} of station {report.station_code} was restored."]
    if report.safety_copy is not None:
        lines.append(f"The records it replaced were kept in {report.safety_copy}.")
    lines.append(
        "Database check: "
        + ("intact." if report.integrity.ok else "PROBLEMS were found; call the district IT admin.")
    )
    lines.append("")
    lines += [f"{name.replace('_', ' ')}: {count}" for name, count in report.counts.items()]
    return "\n".join(lines)


def last_backup_text(taken_at_text: str | None, overdue: bool) -> str:
    if taken_at_text is None:
        return "No backup has been made yet. Make one now (Back up to a drive)."
    text = f"Last good backup: {taken_at_text}."
    if overdue:
        text += " That is more than 2 days ago: make a backup now."
    return text
