"""Help → Install update from file: check a signed update bundle, show what it is, then hand it to
the platform's installer (``installer`` is injected: tests never install anything)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app import __version__
from station_app.core.errors import StationError
from station_app.core.updates import VerifiedUpdate, extract_package, verify_bundle
from station_app.ui.ops import OpRunner
from station_app.ui.widgets import named, path_row

Installer = Callable[[Path], object]
FileChooser = Callable[[QWidget], str]


def choose_update_file(parent: QWidget) -> str:
    path, _filter = QFileDialog.getOpenFileName(
        parent, "Choose the update file", "", "Station app updates (*.update);;All files (*)"
    )
    return path


class UpdateDialog(QDialog):
    def __init__(
        self,
        ops: OpRunner,
        keys: Sequence[str],
        installer: Installer,
        parent: QWidget | None = None,
        *,
        current_version: str = __version__,
        chooser: FileChooser = choose_update_file,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._keys = tuple(keys)
        self._installer = installer
        self._current = current_version
        self._chooser = chooser
        self.verified: VerifiedUpdate | None = None
        self.installed_package: Path | None = None
        self.setObjectName("updateDialog")
        self.setWindowTitle("Install update from file")
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"This computer runs Station App {current_version}. Choose the update file from the district's "
            "USB drive: its signature, product and version are checked before anything is installed."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.file_edit = named(QLineEdit(), "updateFileEdit", "Update file")
        self.file_edit.textChanged.connect(self._file_changed)
        browse = named(QPushButton("&Choose…"), "chooseUpdateButton", "Choose the update file")
        browse.clicked.connect(self._browse)
        form = QFormLayout()
        form.addRow("&Update file:", path_row(self.file_edit, browse))
        self.version_label = QLabel("–")
        self.version_label.setObjectName("updateVersion")
        form.addRow("Version:", self.version_label)
        layout.addLayout(form)
        self.notes = named(QPlainTextEdit(), "releaseNotes", "Release notes")
        self.notes.setReadOnly(True)
        self.notes.setPlaceholderText("The release notes appear here once the file is checked.")
        layout.addWidget(self.notes, 1)
        self.status_label = QLabel("")
        self.status_label.setObjectName("updateStatus")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        buttons = QDialogButtonBox()
        self.check_button = named(
            buttons.addButton("C&heck", QDialogButtonBox.ButtonRole.ActionRole), "checkUpdateButton", "Check"
        )
        self.check_button.clicked.connect(self.check)
        self.install_button = named(
            buttons.addButton("&Install", QDialogButtonBox.ButtonRole.AcceptRole),
            "installUpdateButton",
            "Install",
        )
        self.install_button.setEnabled(False)
        self.install_button.clicked.connect(self.install)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        chosen = self._chooser(self)
        if chosen:
            self.file_edit.setText(chosen)
            self.check()

    def _file_changed(self) -> None:
        self.verified = None
        self.install_button.setEnabled(False)

    def _set_status(self, text: str, role: str) -> None:
        self.status_label.setText(text)
        self.status_label.setProperty("role", role)
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)

    def check(self) -> None:
        text = self.file_edit.text().strip()
        if not text:
            self._set_status("Choose the update file first.", "error")
            return
        path, keys, current = Path(text), self._keys, self._current
        self._set_status("Checking the signature…", "help")
        self._ops.run(
            lambda: verify_bundle(path, keys, current),
            on_success=self._checked,
            on_failure=self._refused,
            owner=self,
        )

    def _checked(self, update: VerifiedUpdate) -> None:
        self.verified = update
        m = update.manifest
        self.version_label.setText(f"{m.version} (released {m.released_at}), {m.package_size / 1e6:,.1f} MB")
        self.notes.setPlainText(m.release_notes)
        self._set_status(
            f"Genuine: signed by the station app's publisher. Version {m.version} replaces {self._current}; "
            "the station's records are kept, and a backup is taken before the database is upgraded.",
            "ok",
        )
        self.install_button.setEnabled(True)

    def _refused(self, exc: StationError) -> None:
        self.verified = None
        self.version_label.setText("–")
        self.notes.clear()
        self._set_status(exc.full_text(), "error")
        self.install_button.setEnabled(False)

    def install(self) -> None:
        update = self.verified
        if update is None:
            return
        installer = self._installer
        self.install_button.setEnabled(False)

        def work() -> Path:
            package = extract_package(update)
            installer(package)
            return package

        self._ops.run(work, on_success=self._handed_over, on_failure=self._refused, owner=self)

    def _handed_over(self, package: Path) -> None:
        self.installed_package = package
        self._set_status(
            "The installer has started. Follow its steps (it asks for the administrator's password); "
            "then start the station app again.",
            "ok",
        )
