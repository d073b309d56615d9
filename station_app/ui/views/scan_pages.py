"""The scanned pages of the record just digitised: attach a PDF, JPEG, PNG or TIFF, and see the list.

The file dialog is keyboard-operable (type the path, Enter); the file is read and stored on the
database thread, encrypted and named by its SHA-256 (``AttachmentService``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QListWidget, QToolButton, QVBoxLayout, QWidget

from station_app.core.errors import StationError, ValidationError
from station_app.core.localtime import format_ist
from station_app.core.services.legacy import AttachmentInfo, DigitisedRecord
from station_app.ui.context import Desk
from station_app.ui.widgets import error_label, named, set_error

ATTACH_SHORTCUT = "Ctrl+Shift+A"
SCAN_FILTER = "Scanned pages (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;All files (*)"
ChooseScan = Callable[[QWidget], str | None]


def choose_scan(parent: QWidget) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Attach a scanned page", "", SCAN_FILTER)
    return path or None


def page_text(page: AttachmentInfo) -> str:
    kind = page.mime.split("/")[-1].upper()
    name = f" · {page.file_name}" if page.file_name else ""
    return f"{page.label} · {kind}, {max(page.size // 1024, 1):,} KB{name} · attached {format_ist(page.attached_at)}"


def _message(exc: StationError) -> str:
    return "\n".join(exc.field_errors.values()) if isinstance(exc, ValidationError) else exc.message


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError({"file": f"The file {path} cannot be read: {exc.strerror}."}) from None


class ScanPages(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self.setObjectName("scanPages")
        self.record: DigitisedRecord | None = None
        self.source_label = ""
        self.choose_file: ChooseScan = choose_scan  # tests answer instead of the dialog
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.title = QLabel("Scanned pages: save a record first, then attach its page.")
        self.title.setObjectName("scanTitle")
        self.title.setWordWrap(True)
        top.addWidget(self.title, 1)
        self.attach_action = QAction("Attach scanned &page…", self)
        self.attach_action.setObjectName("attachScanAction")
        self.attach_action.setShortcut(QKeySequence(ATTACH_SHORTCUT))
        self.attach_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.attach_action.triggered.connect(self.attach)
        self.attach_action.setEnabled(False)
        self.attach_button = named(QToolButton(), "attachScanButton", "Attach scanned page")
        self.attach_button.setDefaultAction(self.attach_action)
        self.attach_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.attach_button.setToolTip(f"PDF, JPEG, PNG or TIFF, up to 10 MB ({ATTACH_SHORTCUT})")
        top.addWidget(self.attach_button)
        layout.addLayout(top)
        self.pages = named(QListWidget(), "scanList", "Scanned pages of the record")
        self.pages.setFixedHeight(self.pages.fontMetrics().lineSpacing() * 2 + 12)  # room for the form above
        layout.addWidget(self.pages)
        self.error = error_label("scanError")
        layout.addWidget(self.error)

    def set_record(self, record: DigitisedRecord, source_label: str) -> None:
        self.record, self.source_label = record, source_label
        self.title.setText(f"Scanned pages of {record.label} ({source_label}):")
        self.attach_action.setEnabled(True)
        set_error(self.error, "")
        self.reload()

    def reload(self) -> None:
        if self.record is None:
            return
        attachments, actor, record = self._desk.services.attachments, self._desk.actor, self.record
        self._desk.ops.run(
            lambda: attachments.list_for(actor, record.record_type, record.record_id),
            on_success=self._show,
            owner=self,
        )

    def _show(self, pages: list[AttachmentInfo]) -> None:
        self.pages.clear()
        for page in pages:
            self.pages.addItem(page_text(page))
        if not pages:
            self.pages.addItem("None attached yet.")

    def attach(self) -> None:
        if self.record is None:
            return
        path = self.choose_file(self)
        if not path:
            return
        attachments, actor, record, label = (
            self._desk.services.attachments,
            self._desk.actor,
            self.record,
            self.source_label,
        )
        set_error(self.error, "Attaching…")
        self._desk.ops.run(
            lambda: attachments.attach(
                actor, record.record_type, record.record_id, _read(path), label, Path(path).name
            ),
            on_success=lambda _info: self._attached(),
            on_failure=lambda exc: set_error(self.error, _message(exc)),
            owner=self,
        )

    def _attached(self) -> None:
        set_error(self.error, "")
        self.reload()
