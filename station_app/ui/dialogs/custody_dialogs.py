"""What follows an arrest (production before the Magistrate, remand, bail or release) and the movement
of a malkhana item in its chain of custody. Each dialog runs one service call through the op runner
and shows a refusal at the field it names (the 15-day police-custody cap at "until")."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QWidget,
)

from station_app.core.custody import POLICE_CUSTODY_CAP, CustodyLimits
from station_app.core.services.arrests import ArrestInfo
from station_app.core.services.seizures import ITEM_STATUSES, MALKHANA, PropertyInfo
from station_app.ui.context import Desk
from station_app.ui.dialogs.act_dialog import ActDialog
from station_app.ui.events import ARREST, SEIZURE, ChangeSet
from station_app.ui.widgets import named

STATUS_TEXT = {
    "in_malkhana": "In the malkhana",
    "out": "Out (FSL, court, expert…)",
    "returned_to_owner": "Returned to the owner",
    "disposed": "Disposed of (by order)",
}


def police_days_used(events: list[dict[str, Any]], now: datetime) -> int:
    """Started days of police custody so far, as remand orders count them (BNSS 187(2))."""
    used = sum(((e["until"] or now) - e["at"] for e in events if e["kind"] == "remand_police"), timedelta(0))
    return -(-used // timedelta(days=1))


class ProductionDialog(ActDialog):
    """Produced before the Magistrate (BNSS 58): stops the 24-hour clock."""

    def __init__(self, desk: Desk, arrest: ArrestInfo, parent: QWidget | None = None) -> None:
        super().__init__(
            desk, "productionDialog", f"Production of {arrest.accused_code} {arrest.person_name}", parent
        )
        self._arrest = arrest
        self.at = self._moment("at", "&Produced at:")
        self.court = self._line("court", "&Court / Magistrate:", "Court or Magistrate", "e.g. CJM, Lucknow")
        self._finish("&Record production")

    def _submit(self) -> None:
        at = self._read("at", self.at)
        if at is None:
            return
        arrests, actor, arrest_id, court = (
            self._desk.services.arrests,
            self._desk.actor,
            self._arrest.id,
            self.court.text(),
        )
        self._run(lambda: arrests.record_production(actor, arrest_id, at, court), ChangeSet.of(ARREST))


class RemandDialog(ActDialog):
    """A remand order: police custody counts against the 15-day cap of BNSS 187(2) and falls within the
    first 40 / 60 days of detention; the note says until when, and when default bail accrues."""

    def __init__(
        self,
        desk: Desk,
        arrest: ArrestInfo,
        events: list[dict[str, Any]],
        limits: CustodyLimits | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            desk, "remandDialog", f"Remand of {arrest.accused_code} {arrest.person_name}", parent
        )
        self._arrest = arrest
        self.kind = named(QComboBox(), "kind", "Custody")
        self.kind.addItem("Police custody / पुलिस अभिरक्षा", "police")
        self.kind.addItem("Judicial custody / न्यायिक अभिरक्षा", "judicial")
        self.form.add_field("kind", "&Custody:", self.kind)
        self.at = self._moment("at", "&From:")
        self.until = self._moment("until", "&Until:", start_now=False)
        self.order = self._line(
            "order", "&Order reference:", "Remand order reference", "e.g. CJM order dated …"
        )
        used = police_days_used(events, desk.services.clock.now())
        cap = POLICE_CUSTODY_CAP.days
        self.cap_note = QLabel(
            f"Police custody so far: {used} day(s) of at most {cap} in all (BNSS 187(2)); "
            f"{max(0, cap - used)} day(s) left." + (f" {limits.text()}" if limits is not None else "")
        )
        self.cap_note.setObjectName("custodyCapNote")
        self.cap_note.setProperty("role", "help")
        self.cap_note.setWordWrap(True)
        self.layout_.addWidget(self.cap_note)
        self._finish("&Record remand")

    def _submit(self) -> None:
        start = self._read("at", self.at)
        until = self._read("until", self.until) if start is not None else None
        if start is None or until is None:
            return
        arrests, actor, arrest_id = self._desk.services.arrests, self._desk.actor, self._arrest.id
        kind, order = str(self.kind.currentData()), self.order.text()
        self._run(
            lambda: arrests.record_remand(actor, arrest_id, kind, start, until, order), ChangeSet.of(ARREST)
        )


class ReleaseDialog(ActDialog):
    """Bail (by the police or the court) or release: the person leaves custody."""

    def __init__(self, desk: Desk, arrest: ArrestInfo, parent: QWidget | None = None) -> None:
        super().__init__(
            desk, "releaseDialog", f"Bail or release of {arrest.accused_code} {arrest.person_name}", parent
        )
        self._arrest = arrest
        self.kind = named(QComboBox(), "kind", "Bail or release")
        self.kind.addItem("Bail / ज़मानत", "bail")
        self.kind.addItem("Released / रिहा", "released")
        self.form.add_field("kind", "&Kind:", self.kind)
        self.at = self._moment("at", "&At:")
        self.reference = self._line(
            "reference", "&Reference:", "Bail order or release reference", "bond, order no."
        )
        self._finish("&Record")

    def _submit(self) -> None:
        at = self._read("at", self.at)
        if at is None:
            return
        arrests, actor, arrest_id = self._desk.services.arrests, self._desk.actor, self._arrest.id
        kind, reference = str(self.kind.currentData()), self.reference.text()
        self._run(lambda: arrests.record_release(actor, arrest_id, kind, at, reference), ChangeSet.of(ARREST))


class MoveItemDialog(ActDialog):
    """One hand-over in a malkhana item's chain of custody (to the FSL, the court, back, the owner)."""

    def __init__(self, desk: Desk, item: PropertyInfo, parent: QWidget | None = None) -> None:
        super().__init__(desk, "moveItemDialog", f"Move {item.malkhana_ref}: {item.description}", parent)
        self._item = item
        where = QLabel(f"Now at: {item.location} ({STATUS_TEXT.get(item.status, item.status)})")
        where.setObjectName("itemLocation")
        self.layout_.addWidget(where)
        self.at = self._moment("at", "&At:")
        self.to_location = self._line("to_location", "&To:", "To where", "e.g. FSL Lucknow")
        self.purpose = self._line("purpose", "&Purpose:", "Purpose", "e.g. forensic examination")
        self.handed_over_by = self._line(
            "handed_over_by", "&Handed over by:", "Handed over by", "malkhana moharrir"
        )
        self.received_by = self._line("received_by", "R&eceived by:", "Received by", "name and rank")
        self.reference = self._line("reference", "Re&ference:", "Reference", "letter or receipt number")
        self.status = named(QComboBox(), "status", "Status after the move")
        for value in ITEM_STATUSES:
            self.status.addItem(STATUS_TEXT[value], value)
        self.status.setCurrentIndex(self.status.findData("in_malkhana" if item.status == "out" else "out"))
        self.form.add_field("status", "&Status after:", self.status)
        if item.status == "out":
            self.to_location.setText(MALKHANA)
        self._finish("&Record movement")

    def _submit(self) -> None:
        at = self._read("at", self.at)
        if at is None:
            return
        seizures, actor, item_id = self._desk.services.seizures, self._desk.actor, self._item.id
        values = {
            "to_location": self.to_location.text(),
            "purpose": self.purpose.text(),
            "handed_over_by": self.handed_over_by.text(),
            "received_by": self.received_by.text(),
            "reference": self.reference.text(),
            "status": str(self.status.currentData()),
        }
        self._run(lambda: seizures.move(actor, item_id, at=at, **values), ChangeSet.of(SEIZURE))
