"""Preview and print a registered FIR: choose the copy (informant / court / SP / public), see its pages,
print them through Qt, or save the PDF. The preview, printing and saving are ``PdfDialog``'s; the
PDF comes from ``fir_print.copy_pdf`` for the copy chosen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from station_app.core.services.fir_print import may_print
from station_app.core.services.firs import FirRecord
from station_app.ui.context import Desk
from station_app.ui.dialogs.pdf_dialog import PdfDialog
from station_app.ui.widgets import named

COPIES = (
    ("informant", "Informant's copy (free copy, complete: the informant or victim's own)"),
    ("court", "Court copy (complete)"),
    ("sp", "SP's copy (victim identity withheld if sensitive)"),
    ("public", "Public copy: for the accused, others, publication (victim identity withheld if sensitive)"),
)


class FirPrintDialog(PdfDialog):
    def __init__(self, desk: Desk, record: FirRecord, parent: QWidget | None = None) -> None:
        super().__init__(desk, f"Print FIR {record.summary.fir_no}", "", _no_pdf, parent,
                         object_name="firPrintDialog", accessible_name="Print FIR", load_now=False)  # fmt: skip
        self.record = record
        label = QLabel("&Copy:")
        self.copy_combo = named(QComboBox(), "copyCombo", "Which copy")
        sensitive = record.summary.sensitive or bool((record.content or {}).get("sensitive"))
        allowed = [may_print(desk.actor, value, sensitive) for value, _text in COPIES]
        for (value, text), ok in zip(COPIES, allowed, strict=True):
            self.copy_combo.addItem(text if ok else f"{text} (SHO or investigating officer only)", value)
        model = self.copy_combo.model()
        if isinstance(model, QStandardItemModel):
            for index, ok in enumerate(allowed):
                item = model.item(index)
                if item is not None:
                    item.setEnabled(ok)
        if True in allowed:  # a viewer of a sensitive FIR starts on the S.P.'s copy, which he may print
            self.copy_combo.setCurrentIndex(allowed.index(True))
        label.setBuddy(self.copy_combo)
        self.copy_combo.currentIndexChanged.connect(lambda _i: self.load())
        self.top.insertWidget(0, label)
        self.top.insertWidget(1, self.copy_combo, 1)
        self.load()

    @property
    def copy_kind(self) -> str:
        return str(self.copy_combo.currentData())

    def pdf_job(self) -> Callable[[], bytes]:
        printer, actor, fir_id, copy = (
            self._desk.services.fir_print,
            self._desk.actor,
            self.record.id,
            self.copy_kind,
        )
        return lambda: printer.copy_pdf(actor, fir_id, copy)  # type: ignore[arg-type]

    def suggested_file_name(self) -> str:
        number = (self.record.summary.fir_no or "fir").replace("/", "-")
        return f"FIR-{number}-{self.copy_kind}.pdf"

    def document_name(self) -> str:
        return f"FIR {self.record.summary.fir_no} ({self.copy_kind})"


def _no_pdf() -> bytes:
    raise AssertionError("FirPrintDialog makes its PDF in pdf_job")
