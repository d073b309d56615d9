"""Preview, print or save one investigation printout (arrest memo, arrested-persons register, case
diary volume, seizure memo), as the FIR print dialog does for FIR copies.

The PDF comes from ``InvestigationPrintService`` and its pages are rasterised on the database thread
(op runner); the GUI thread only shows images and drives the printer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station_app.core.errors import StationError
from station_app.ui.context import Desk
from station_app.ui.pdf_pages import PREVIEW_DPI, PRINT_DPI_CAP, print_images, render_pages
from station_app.ui.widgets import error_label, named, set_error


class PdfDialog(QDialog):
    """A printout's pages, with Print and Save as PDF. Subclasses choosing among several printouts
    (the FIR's copies) add their controls to ``self.top`` and override ``pdf_job`` and
    ``suggested_file_name``, then call ``load`` again when the choice changes."""

    rendered = Signal()  # the preview is on screen (tests wait for it)

    def __init__(
        self,
        desk: Desk,
        title: str,
        file_name: str,
        make_pdf: Callable[[], bytes],
        parent: QWidget | None = None,
        *,
        object_name: str = "pdfDialog",
        accessible_name: str | None = None,
        load_now: bool = True,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._file_name = file_name
        self._make_pdf = make_pdf
        self._generation = 0  # which load() the preview on its way belongs to
        self.pdf: bytes | None = None
        self.pages: list[QImage] = []
        named(self, object_name, accessible_name or title)
        self.setWindowTitle(title)
        self.resize(900, 760)
        layout = QVBoxLayout(self)
        self.top = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("printStatus")
        self.status.setProperty("role", "help")
        self.top.addWidget(self.status)
        layout.addLayout(self.top)
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
        if load_now:
            self.load()

    def pdf_job(self) -> Callable[[], bytes]:
        """What makes the PDF to show now (run on the database thread)."""
        return self._make_pdf

    def suggested_file_name(self) -> str:
        return self._file_name

    def document_name(self) -> str:
        return self.windowTitle()

    def _busy(self, busy: bool, text: str = "") -> None:
        self.print_button.setEnabled(not busy and self.pdf is not None)
        self.save_button.setEnabled(not busy and self.pdf is not None)
        self.status.setText(text)

    def load(self) -> None:
        make = self.pdf_job()
        self._generation += 1
        generation = self._generation
        self.pdf = None
        self._busy(True, "Preparing the printout…")
        set_error(self.error, "")

        def work() -> tuple[int, bytes, list[QImage]]:
            pdf = make()
            return generation, pdf, render_pages(pdf, PREVIEW_DPI)

        self._desk.ops.run(work, on_success=self._loaded, on_failure=self._failed, owner=self)

    def _loaded(self, result: tuple[int, bytes, list[QImage]]) -> None:
        generation, pdf, pages = result
        if generation != self._generation:
            return  # another printout was chosen meanwhile; its preview is on the way
        self.pdf, self.pages = pdf, pages
        while self.page_column.count():
            item = self.page_column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for number, image in enumerate(self.pages, start=1):
            page = QLabel()
            page.setObjectName(f"page{number}")
            page.setPixmap(QPixmap.fromImage(image))
            page.setAccessibleName(f"Page {number} of {len(self.pages)}")
            self.page_column.addWidget(page)
        count = len(self.pages)
        self._busy(False, f"{count} page{'s' if count != 1 else ''}")
        self.rendered.emit()

    def _failed(self, exc: StationError) -> None:
        self._busy(False)
        set_error(self.error, exc.message)

    def choose_printer(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.document_name())
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("qtPrintDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.print_to(printer))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()  # never exec(): the desk may lock while the dialog is up
        self._printer = printer  # kept alive until the dialog answers

    def print_to(self, printer: QPrinter) -> None:
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
        dialog = QFileDialog(self, "Save as PDF")
        dialog.setObjectName("saveFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter("PDF files (*.pdf)")
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(self.suggested_file_name())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.save_to(Path(path)))
        dialog.open()

    def save_to(self, path: Path) -> None:
        pdf = self.pdf
        if pdf is None:
            return

        outputs = self._desk.services.outputs

        def work() -> Path:
            # replace=True: the save dialog has already asked whether to replace an existing file
            return outputs.write_bytes(path, pdf, what="The PDF", replace=True)

        self._busy(True, "Saving…")
        self._desk.ops.run(
            work,
            on_success=lambda saved: self._busy(False, f"Saved {saved.name}"),
            on_failure=self._failed,
            owner=self,
        )
