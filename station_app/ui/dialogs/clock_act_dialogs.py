"""The acts that start and stop two clocks of an FIR: a search under BNSS 185 and its record sent to the
Magistrate within 48 hours (185(5)); a rape victim's medical examination and its report reaching the
IO within 7 days (184(6)). The closing dialogs offer the searches / examinations still open."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from station_app.core.services.fir_clock_acts import CLOSES
from station_app.core.services.fir_event_info import FirEventInfo
from station_app.core.services.firs import FirRecord
from station_app.ui.context import Desk
from station_app.ui.dialogs.fir_event_dialogs import _EventDialog
from station_app.ui.widgets import named


def open_acts(events: list[FirEventInfo], opening: str) -> list[FirEventInfo]:
    """The searches (or examinations) of this FIR whose closing act is not yet recorded."""
    closed = {e.body.get("for_seq") for e in events if e.kind == CLOSES[opening]}
    return [e for e in events if e.kind == opening and e.seq not in closed]


def act_label(event: FirEventInfo) -> str:
    if event.kind == "search_made":
        return f"Search {event.seq}: {event.body.get('place', '')} ({event.body.get('at', '')[:16].replace('T', ' ')})"
    return f"Examination {event.seq}: {event.body.get('victim', '')} ({event.body.get('at', '')[:16].replace('T', ' ')})"


class SearchDialog(_EventDialog):
    """A search by a police officer (BNSS 185): starts the 48-hour clock of 185(5)."""

    def __init__(self, desk: Desk, record: FirRecord, parent: QWidget | None = None) -> None:
        super().__init__(desk, record, "searchDialog", "Search (BNSS 185)", parent)
        self.at = self._moment("at", "Searched &at:")
        self.place = self._line("place", "&Place searched:", "Place searched", "house, shop, vehicle…")
        self.grounds = self._line(
            "grounds", "&Grounds:", "Grounds of the search", "why the search could not wait"
        )
        self._finish("&Record search")

    def _submit(self) -> None:
        at = self._read("at", self.at)
        if at is None:
            return
        events, actor, fir_id = self._desk.services.fir_events, self._desk.actor, self.record.id
        place, grounds = self.place.text(), self.grounds.text()
        self._record(lambda: events.record_search(actor, fir_id, at=at, place=place, grounds=grounds))


class VictimExamDialog(_EventDialog):
    """A rape victim's medical examination (BNSS 184): starts the 7-day clock of 184(6)."""

    def __init__(self, desk: Desk, record: FirRecord, parent: QWidget | None = None) -> None:
        super().__init__(desk, record, "victimExamDialog", "Victim's medical examination (BNSS 184)", parent)
        self.at = self._moment("at", "Examined &at:")
        self.victim = self._line(
            "victim", "&Victim:", "Victim, by the case's label", "e.g. Victim V1 (not the name)"
        )
        self.examined_by = self._line(
            "examined_by", "Examined &by:", "Medical practitioner and hospital", "doctor and hospital"
        )
        self._finish("&Record examination")

    def _submit(self) -> None:
        at = self._read("at", self.at)
        if at is None:
            return
        events, actor, fir_id = self._desk.services.fir_events, self._desk.actor, self.record.id
        victim, by = self.victim.text(), self.examined_by.text()
        self._record(
            lambda: events.record_victim_examined(actor, fir_id, at=at, victim=victim, examined_by=by)
        )


class _CloseActDialog(_EventDialog):
    """The act that stops an open clock: the search or examination is chosen from those still open."""

    def __init__(
        self, desk: Desk, record: FirRecord, events: list[FirEventInfo], opening: str, name: str, title: str,
        parent: QWidget | None,
    ) -> None:  # fmt: skip
        super().__init__(desk, record, name, title, parent)
        self.which = named(QComboBox(), "for_seq", "Which one")
        for event in open_acts(events, opening):
            self.which.addItem(act_label(event), event.seq)
        self.form.add_field("for_seq", "&Which:", self.which)
        if not self.which.count():
            none = QLabel("Nothing is waiting for this on this FIR.")
            none.setObjectName("nothingOpen")
            self.layout_.addWidget(none)

    def _seq(self) -> int | None:
        data = self.which.currentData()
        return int(data) if data is not None else None


class SearchSentDialog(_CloseActDialog):
    def __init__(
        self, desk: Desk, record: FirRecord, events: list[FirEventInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(desk, record, events, "search_made", "searchSentDialog",
                         "Search record sent to the Magistrate (BNSS 185(5))", parent)  # fmt: skip
        self.at = self._moment("at", "Sent &at:")
        self.magistrate = self._line("magistrate", "&Magistrate:", "Magistrate", "nearest Magistrate")
        self.reference = self._line("reference", "&Reference:", "Dispatch reference", "letter number")
        self._finish("&Record dispatch")

    def _submit(self) -> None:
        at, seq = self._read("at", self.at), self._seq()
        if at is None or seq is None:
            return
        events, actor, fir_id = self._desk.services.fir_events, self._desk.actor, self.record.id
        magistrate, reference = self.magistrate.text(), self.reference.text()
        self._record(lambda: events.record_search_sent(
            actor, fir_id, search_seq=seq, at=at, magistrate=magistrate, reference=reference
        ))  # fmt: skip


class MedicalReportDialog(_CloseActDialog):
    def __init__(
        self, desk: Desk, record: FirRecord, events: list[FirEventInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(desk, record, events, "victim_examined", "medicalReportDialog",
                         "Medical report received (BNSS 184(6))", parent)  # fmt: skip
        self.at = self._moment("at", "Received &at:")
        self._finish("&Record receipt")

    def _submit(self) -> None:
        at, seq = self._read("at", self.at), self._seq()
        if at is None or seq is None:
            return
        events, actor, fir_id = self._desk.services.fir_events, self._desk.actor, self.record.id
        self._record(lambda: events.record_medical_report(actor, fir_id, examination_seq=seq, at=at))
