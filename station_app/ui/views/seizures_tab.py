"""A case's seizure memos (IIF-4): what was seized, each article's malkhana number, where it is now,
and its chain of custody.

Keyboard: Ctrl+N records a seizure (the IIF-4 form, the FIR's sections filled in); Up/Down choose the
memo; Alt+I goes to its articles, Alt+V moves the selected article (to the FSL, the court, back).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QSplitter, QVBoxLayout, QWidget

from station_app.core.localtime import format_ist
from station_app.core.permissions import Permission
from station_app.core.services.firs import FirRecord
from station_app.core.services.seizures import PropertyInfo, SeizureInfo
from station_app.ui.context import Desk
from station_app.ui.dialogs.custody_dialogs import STATUS_TEXT, MoveItemDialog
from station_app.ui.dialogs.memo_dialog import MemoDialog
from station_app.ui.dialogs.pdf_dialog import PdfDialog
from station_app.ui.events import SEIZURE, ChangeSet
from station_app.ui.models.record_table import RecordTableModel
from station_app.ui.views.case_common import action_button, open_dialog, record_table, selected_row
from station_app.ui.widgets import named


def custody_line(move: dict[str, Any]) -> str:
    text = f"{move['seq']}. {format_ist(move['at'])}: {move['from']} → {move['to']} — {move['purpose']}"
    text += f" (handed over by {move['handed_over_by']}, received by {move['received_by']})"
    return text + (f" · {move['reference']}" if move["reference"] else "")


def seized_from(seizure: SeizureInfo) -> str:
    card = seizure.content.get("seized_from")
    return str(card["name"]) if card else "—"


class SeizuresTab(QWidget):
    def __init__(self, desk: Desk, record: FirRecord) -> None:
        super().__init__()
        self._desk = desk
        self.record = record
        self.memo_dialog: MemoDialog | None = None
        self.setObjectName("seizuresTab")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        can = desk.actor.can(Permission.INVESTIGATE)
        row = QHBoxLayout()
        self.record_button = action_button(
            self, "Record seizure…", "recordSeizure", self.record_seizure, "Ctrl+N", can
        )
        self.move_button = action_button(self, "Mo&ve item…", "moveItem", self.move_item, "", can)
        self.print_button = action_button(
            self, "Pri&nt memo…", "printSeizureMemo", self.print_memo, "", desk.actor.can(Permission.PRINT)
        )
        row.addWidget(self.record_button)
        row.addWidget(self.move_button)
        row.addStretch()
        row.addWidget(self.print_button)
        layout.addLayout(row)
        nature = desk.services.seizures.form.field("nature")
        self.seizure_model: RecordTableModel[SeizureInfo] = RecordTableModel(
            [
                ("Seized", lambda s: format_ist(s.seized_at)),
                ("Nature", lambda s: nature.choice_label(str(s.content["values"].get("nature")))[0]),
                ("Place", lambda s: str(s.content["values"].get("place", ""))),
                ("From", seized_from),
                ("Articles", lambda s: str(len(s.items))),
            ],
            self,
        )
        self.seizures = record_table(self.seizure_model, "seizuresTable", "Seizure memos in this case")
        self.seizures.selectionModel().selectionChanged.connect(lambda *_a: self._seizure_selected())
        self.item_model: RecordTableModel[PropertyInfo] = RecordTableModel(
            [
                ("Malkhana No.", lambda p: p.malkhana_ref),
                ("Article", lambda p: p.description),
                ("Seal", lambda p: p.seal),
                ("Now at", lambda p: p.location),
                ("Status", lambda p: STATUS_TEXT.get(p.status, p.status)),
            ],
            self,
            tone=lambda p: "warning" if p.status == "out" else None,
        )
        self.items = record_table(
            self.item_model, "malkhanaItems", "Seized articles and their malkhana numbers"
        )
        self.items.selectionModel().selectionChanged.connect(lambda *_a: self._item_selected())
        layout.addWidget(self._build_lists(), 1)
        self.empty = QLabel("No seizure recorded in this case. Ctrl+N records one.")
        self.empty.setObjectName("seizuresEmpty")
        self.empty.setProperty("role", "help")
        layout.addWidget(self.empty)
        desk.events.changed.connect(self._changed)
        self.refresh()

    def _build_lists(self) -> QSplitter:
        """The memos on top; the selected memo's articles and the selected article's custody below."""
        items_label = QLabel("Art&icles and malkhana numbers:")
        items_label.setObjectName("cardTitle")
        items_label.setBuddy(self.items)
        self.custody = named(QListWidget(), "custodyChain", "Chain of custody of the selected article")
        self.custody.setWordWrap(True)
        self.custody.setAlternatingRowColors(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.seizures)
        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 4, 0, 0)
        column.addWidget(items_label)
        column.addWidget(self.items)
        chain_label = QLabel("Chain of custody:")
        chain_label.setObjectName("cardTitle")
        column.addWidget(chain_label)
        column.addWidget(self.custody)
        splitter.addWidget(middle)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([130, 390])
        return splitter

    # --- data -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        seizures, actor, fir_id = self._desk.services.seizures, self._desk.actor, self.record.id
        self._desk.ops.run(lambda: seizures.for_fir(actor, fir_id), on_success=self._show, owner=self)

    def _show(self, seizures: list[SeizureInfo]) -> None:
        keep = self.current()
        item = self.current_item()
        self.seizure_model.set_rows(seizures)
        self.empty.setVisible(not seizures)
        ids = [s.id for s in seizures]
        if seizures:
            self.seizures.selectRow(
                ids.index(keep.id) if keep is not None and keep.id in ids else len(ids) - 1
            )
        self._seizure_selected(item.id if item is not None else None)

    def _changed(self, changes: ChangeSet) -> None:
        if changes.touches(SEIZURE):
            self.refresh()

    def current(self) -> SeizureInfo | None:
        row = selected_row(self.seizures)
        return self.seizure_model.record(row) if row is not None else None

    def current_item(self) -> PropertyInfo | None:
        row = selected_row(self.items)
        return self.item_model.record(row) if row is not None else None

    def _seizure_selected(self, keep_item: str | None = None) -> None:
        seizure = self.current()
        items = seizure.items if seizure is not None else []
        self.item_model.set_rows(items)
        ids = [i.id for i in items]
        if items:
            self.items.selectRow(ids.index(keep_item) if keep_item in ids else 0)
        self.print_button.defaultAction().setEnabled(
            self._desk.actor.can(Permission.PRINT) and seizure is not None
        )
        self._item_selected()

    def _item_selected(self) -> None:
        item = self.current_item()
        self.move_button.defaultAction().setEnabled(
            self._desk.actor.can(Permission.INVESTIGATE) and item is not None and item.status != "disposed"
        )
        self.custody.clear()
        if item is None:
            return
        seizures, actor, item_id = self._desk.services.seizures, self._desk.actor, item.id
        self._desk.ops.run(
            lambda: seizures.custody_chain(actor, item_id), on_success=self._show_chain, owner=self
        )

    def _show_chain(self, moves: list[dict[str, Any]]) -> None:
        self.custody.clear()
        for move in moves:
            self.custody.addItem(custody_line(move))

    # --- actions ----------------------------------------------------------------------------------

    def record_seizure(self) -> MemoDialog | None:
        if not self._desk.actor.can(Permission.INVESTIGATE):
            return None
        seizures, actor, fir_id = self._desk.services.seizures, self._desk.actor, self.record.id
        dialog = MemoDialog(
            self._desk,
            self.record,
            seizures.form,
            lambda values: seizures.record_seizure(actor, fir_id, values),
            ChangeSet.of(SEIZURE),
            name="seizureDialog",
            initial={"acts_sections": self.record.values.get("acts_sections") or []},
            gd_kind="property",
            note=(
                "Two independent witnesses (not officers of this station), the place and time, each article "
                "with its seal. Every article gets a malkhana number when the memo is recorded (Insert adds "
                "a row to the articles table)."
            ),
            parent=self,
        )
        self.memo_dialog = dialog
        open_dialog(dialog, self.seizures)
        return dialog

    def move_item(self) -> MoveItemDialog | None:
        item = self.current_item()
        if item is None:
            return None
        dialog = MoveItemDialog(self._desk, item, parent=self)
        open_dialog(dialog, self.items)
        return dialog

    def print_memo(self) -> PdfDialog | None:
        seizure = self.current()
        if seizure is None:
            return None
        printer, actor, seizure_id = self._desk.services.investigation_print, self._desk.actor, seizure.id
        dialog = PdfDialog(
            self._desk,
            f"Seizure memo of {format_ist(seizure.seized_at)}, FIR {seizure.fir_no}",
            f"seizure-memo-{seizure.fir_no.replace('/', '-')}.pdf",
            lambda: printer.seizure_memo_pdf(actor, seizure_id),
            parent=self,
        )
        open_dialog(dialog)
        return dialog
