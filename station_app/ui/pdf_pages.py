"""PDF pages as images, for the print preview and for printing through Qt.

PySide6-Essentials ships no QtPdf, so pages are rasterised with pypdfium2 (a runtime dependency of
the GUI). Call these on the database thread through the op runner, never on the GUI thread: a page
at printer resolution takes a noticeable fraction of a second. QImage (unlike QPixmap) may be made
off the GUI thread. pdfium is not thread-safe, and the op runner's single worker keeps every call on
one thread.
"""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

PREVIEW_DPI = 110
PRINT_DPI_CAP = 300  # finer than this only makes the spool file bigger


def render_pages(pdf: bytes, dpi: float) -> list[QImage]:
    """Every page as an RGB image at ``dpi``."""
    document = pdfium.PdfDocument(pdf)
    images: list[QImage] = []
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
                fmt = QImage.Format.Format_RGB888 if bitmap.n_channels == 3 else QImage.Format.Format_RGBA8888
                data = bytes(bitmap.buffer)
                # QImage over ``data`` does not copy; copy() before ``data`` goes away.
                image = QImage(data, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
                image.setDotsPerMeterX(round(dpi / 0.0254))
                image.setDotsPerMeterY(round(dpi / 0.0254))
                images.append(image)
                bitmap.close()
            finally:
                page.close()
    finally:
        document.close()
    return images


def page_count(pdf: bytes) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def print_images(printer: QPrinter, images: list[QImage]) -> None:
    """Draw each image on its own sheet, fitted to the printable area (GUI thread: QPainter on a
    printer belongs there; the expensive rasterising was done before)."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("The printer could not be started.")
    try:
        for number, image in enumerate(images):
            if number:
                printer.newPage()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(area.x(), area.y(), size.width(), size.height())
            painter.setViewport(target)
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(area)
            painter.setWindow(area)
    finally:
        painter.end()
