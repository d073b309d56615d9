"""Preview and print a registered FIR: choose the copy (informant / court / SP), see its pages,
print them through Qt, or save the PDF.

The PDF comes from ``fir_print.copy_pdf`` and is rasterised on the database thread (op runner); the
GUI thread only shows images. Printing rasterises again at printer resolution, off the GUI thread,
and then draws the images on the printer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station_app.core.errors import OutputFileError, StationError
from station_app.core.fsutil import atomic_write_bytes
from station_app.core.services.firs import FirRecord
from station_app.ui.context import Desk
from station_app.ui.pdf_pages import PREVIEW_DPI, PRINT_DPI_CAP, print_images, render_pages
from station_app.ui.widgets import error_label, named, set_error

COPIES = (
    ("informant", "Informant's copy (free copy, victim identity withheld if sensitive)"),
    ("court", "Court copy (complete)"),
    ("sp", "SP's copy"),
)


class FirPrintDialog(QDialog):
    rendered = Signal()  # the preview for the chosen copy is on screen (tests wait for it)

    def __init__(self, desk: Desk, record: FirRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self.record = record
        self.pdf: bytes | None = None
        self.pages: list[QImage] = []
        named(self, "firPrintDialog", "Print FIR")
        self.setWindowTitle(f"Print FIR {record.summary.fir_no}")
        self.resize(900, 760)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        label = QLabel("&Copy:")
        self.copy_combo = named(QComboBox(), "copyCombo", "Which copy")
        for value, text in COPIES:
            self.copy_combo.addItem(text, value)
        label.setBuddy(self.copy_combo)
        self.copy_combo.currentIndexChanged.connect(lambda _i: self.load())
        top.addWidget(label)
        top.addWidget(self.copy_combo, 1)
        self.status = QLabel()
        self.status.setObjectName("printStatus")
        self.status.setProperty("role", "help")
        top.addWidget(self.status)
        layout.addLayout(top)
        self.preview_area = named(QScrollArea(), "previewArea", "Page preview")
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_box = QWidget()
        self.page_box.setObjectName("previewPages")
        self.page_column = QVBoxLayout(self.page_box)
        self.page_column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.preview_area.setWidget(self.page_box)
        self.preview_area.setStyleSheet(
            "QScrollArea { background: #80868b; } QWidget#previewPages { background: #80868b; }"
        )
        layout.addWidget(self.preview_area, 1)
        self.error = error_label("printError")
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.print_button = named(QPushButton("&Print…"), "printButton", "Print")
        self.save_button = named(QPushButton("&Save as PDF…"), "savePdfButton", "Save as PDF")
        self.close_button = named(QPushButton("Close"), "closeButton", "Close")
        self.print_button.clicked.connect(self.choose_printer)
        self.save_button.clicked.connect(self.choose_file)
        self.close_button.clicked.connect(self.reject)
        buttons.addStretch()
        for button in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.load()

    @property
    def copy_kind(self) -> str:
        return str(self.copy_combo.currentData())

    def _busy(self, busy: bool, text: str = "") -> None:
        self.print_button.setEnabled(not busy and self.pdf is not None)
        self.save_button.setEnabled(not busy and self.pdf is not None)
        self.status.setText(text)

    # --- preview ----------------------------------------------------------------------------------

    def load(self) -> None:
        printer, actor, fir_id, copy = (
            self._desk.services.fir_print,
            self._desk.actor,
            self.record.id,
            self.copy_kind,
        )
        self.pdf = None
        self._busy(True, "Preparing the copy…")
        set_error(self.error, "")

        def work() -> tuple[str, bytes, list[QImage]]:
            pdf = printer.copy_pdf(actor, fir_id, copy)  # type: ignore[arg-type]
            return copy, pdf, render_pages(pdf, PREVIEW_DPI)

        self._desk.ops.run(work, on_success=self._loaded, on_failure=self._failed, owner=self)

    def _loaded(self, result: tuple[str, bytes, list[QImage]]) -> None:
        copy, pdf, pages = result
        if copy != self.copy_kind:
            return  # the officer chose another copy meanwhile; its preview is on the way
        self.pdf, self.pages = pdf, pages
        while self.page_column.count():
            item = self.page_column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for number, image in enumerate(pages, start=1):
            page = QLabel()
            page.setObjectName(f"page{number}")
            page.setPixmap(QPixmap.fromImage(image))
            page.setAccessibleName(f"Page {number} of {len(pages)}")
            self.page_column.addWidget(page)
        self._busy(False, f"{len(pages)} page{'s' if len(pages) != 1 else ''}")
        self.rendered.emit()

    def _failed(self, exc: StationError) -> None:
        self._busy(False)
        set_error(self.error, exc.message)

    # --- printing ---------------------------------------------------------------------------------

    def choose_printer(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(f"FIR {self.record.summary.fir_no} ({self.copy_kind})")
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("qtPrintDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Window-modal and shown, never exec(): the desk may lock while the dialog is up.
        dialog.accepted.connect(lambda: self.print_to(printer))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        self._printer = printer  # kept alive until the dialog answers

    def print_to(self, printer: QPrinter) -> None:
        """Rasterise at the printer's resolution off the GUI thread, then draw the pages."""
        pdf = self.pdf
        if pdf is None:
            return
        dpi = min(printer.resolution(), PRINT_DPI_CAP)
        self._busy(True, "Sending to the printer…")
        self._desk.ops.run(
            lambda: render_pages(pdf, dpi),
            on_success=lambda images: self._print_images(printer, images),
            on_failure=self._failed,
            owner=self,
        )

    def _print_images(self, printer: QPrinter, images: list[QImage]) -> None:
        try:
            print_images(printer, images)
        except OSError as exc:
            set_error(self.error, str(exc))
            self._busy(False)
            return
        self._busy(False, f"Sent {len(images)} page{'s' if len(images) != 1 else ''} to the printer.")

    def choose_file(self) -> None:
        dialog = QFileDialog(self, "Save the FIR copy as PDF")
        dialog.setObjectName("saveFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter("PDF files (*.pdf)")
        dialog.setDefaultSuffix("pdf")
        number = (self.record.summary.fir_no or "fir").replace("/", "-")
        dialog.selectFile(f"FIR-{number}-{self.copy_kind}.pdf")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.save_to(Path(path)))
        dialog.open()

    def save_to(self, path: Path) -> None:
        pdf = self.pdf
        if pdf is None:
            return

        def work() -> Path:
            try:
                atomic_write_bytes(path, pdf)
            except OSError as exc:
                raise OutputFileError(
                    f"The PDF could not be saved to {path}: {exc.strerror or exc}."
                ) from exc
            return path

        self._busy(True, "Saving…")
        self._desk.ops.run(
            work,
            on_success=lambda saved: self._busy(False, f"Saved {saved.name}"),
            on_failure=self._failed,
            owner=self,
        )
