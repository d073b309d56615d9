"""What happens to a registered FIR without changing it: alteration memo, dispatch to court, and the
transfer of a Zero FIR. Each dialog runs its one service call through the op runner and shows a
ValidationError at the fields it names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from forms.schema import FieldDef
from station_app.core.localtime import IST
from station_app.core.services.fir_event_info import FirEventInfo
from station_app.core.services.firs import FirRecord
from station_app.ui.context import Desk
from station_app.ui.dialogs.act_dialog import ActDialog
from station_app.ui.events import FIR, ChangeSet
from station_app.ui.forms.section_picker import SectionPicker
from station_app.ui.widgets import named

ADDED_FIELD = FieldDef(
    name="added",
    type="sections",
    label_en="Sections to add",
    label_hi="जोड़ी जाने वाली धाराएँ",
    group="alteration",
    help_en="Type a section or an offence and press Enter; the law in force on the date of occurrence applies.",
)


class _EventDialog(ActDialog):
    """An act on one registered FIR; what it records is ``result_event``."""

    def __init__(self, desk: Desk, record: FirRecord, name: str, title: str, parent: QWidget | None) -> None:
        super().__init__(
            desk, name, title, parent, window_title=f"{title}: FIR {record.summary.fir_no}", width=620
        )
        self.record = record

    @property
    def result_event(self) -> FirEventInfo | None:
        return self.result_value if isinstance(self.result_value, FirEventInfo) else None

    def _record(self, work: Callable[[], FirEventInfo]) -> None:
        self._run(work, ChangeSet.of(FIR))


class AlterationDialog(_EventDialog):
    """Sections added or dropped after registration, with the reason; printed with the FIR."""

    def __init__(self, desk: Desk, record: FirRecord, parent: QWidget | None = None) -> None:
        super().__init__(desk, record, "alterationDialog", "Alteration memo", parent)
        self.added = SectionPicker(ADDED_FIELD, desk.services.laws)
        occurrence = record.summary.occurrence_from
        self.added.set_occurrence_date(occurrence.astimezone(IST).date() if occurrence else None)
        self.form.add_field("added", "Sections to &add:", self.added)
        self.removed = named(QListWidget(), "removedSections", "Sections to remove")
        for part in [p.strip() for p in record.summary.sections_text.split(",") if p.strip()]:
            act, _space, number = part.partition(" ")
            item = QListWidgetItem(part)
            item.setData(Qt.ItemDataRole.UserRole, {"act": act, "section": number})
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.removed.addItem(item)
        self.removed.setMaximumHeight(self.removed.sizeHintForRow(0) * 5 + 8 if self.removed.count() else 40)
        self.form.add_field(
            "removed",
            "Sections to &remove:",
            self.removed,
            "Tick with Space the sections that no longer apply.",
        )
        self.reason = named(QPlainTextEdit(), "reasonEdit", "Reason for the alteration")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(90)
        self.form.add_field("reason", "Rea&son:", self.reason, "What the investigation found.")
        self._finish("&Record alteration memo")

    def removed_rows(self) -> list[dict[str, Any]]:
        rows = []
        for i in range(self.removed.count()):
            item = self.removed.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                rows.append(item.data(Qt.ItemDataRole.UserRole))
        return rows

    def _submit(self) -> None:
        events, actor, fir_id = self._desk.services.fir_events, self._desk.actor, self.record.id
        added = self.added.value() or []
        removed = self.removed_rows()
        reason = self.reason.toPlainText()
        self._record(lambda: events.add_alteration(actor, fir_id, added, removed, reason))


class DispatchDialog(_EventDialog):
    """IIF-1 item 15: when the FIR went to the court, and who carried it."""

    def __init__(self, desk: Desk, record: FirRecord, parent: QWidget | None = None) -> None:
        super().__init__(desk, record, "dispatchDialog", "Dispatch to court", parent)
        self.at = self._moment("at", "&Dispatched at:")
        self.carried_by = self.form.add_field(
            "carried_by",
            "Carried &by:",
            named(QLineEdit(), "carriedByEdit", "Carried by"),
            "Name, rank and number of the officer who took it.",
        )
        self._finish("&Record dispatch")

    def _submit(self) -> None:
        at = self._read("at", self.at)
        if at is None:
            return
        events, actor, fir_id, carried = (
            self._desk.services.fir_events,
            self._desk.actor,
            self.record.id,
            self.carried_by.text(),
        )
        self._record(lambda: events.record_court_dispatch(actor, fir_id, at, carried))


class TransferDialog(_EventDialog):
    """A Zero FIR goes to the station with jurisdiction, which registers it afresh."""

    def __init__(self, desk: Desk, record: FirRecord, parent: QWidget | None = None) -> None:
        super().__init__(desk, record, "transferDialog", "Transfer Zero FIR", parent)
        values = record.values
        note = QLabel(
            "The Zero FIR is sent to the police station with jurisdiction, which registers it under its "
            "own number. This FIR stays in this station's register as transferred."
        )
        note.setWordWrap(True)
        note.setProperty("role", "help")
        self.layout_.addWidget(note)

        def edit(name: str, label: str, text: str) -> QLineEdit:
            line = named(QLineEdit(str(text or "")), f"{name}Edit", label.replace("&", "").rstrip(":"))
            return self.form.add_field(name, label, line)

        self.to_station = edit("to_station", "To P.&S.:", values.get("outside_station", ""))
        self.to_district = edit("to_district", "&District:", values.get("outside_district", ""))
        self.to_state = edit("to_state", "S&tate:", values.get("outside_state", ""))
        self.reference = edit("reference", "Dispatch &reference:", "")
        self.at = self._moment("at", "Transferred &at:")
        self._finish("&Record transfer")

    def _submit(self) -> None:
        at = self._read("at", self.at)
        if at is None:
            return
        events, actor, fir_id = self._desk.services.fir_events, self._desk.actor, self.record.id
        station, district = self.to_station.text(), self.to_district.text()
        state, reference = self.to_state.text(), self.reference.text()
        self._record(
            lambda: events.transfer_zero_fir(
                actor,
                fir_id,
                to_station=station,
                to_district=district,
                to_state=state,
                reference=reference,
                at=at,
            )
        )
