"""The acts that start and stop two clocks of an FIR, recorded as FIR events (append-only, synced):

- a rape victim's medical examination, and the report reaching the investigating officer within 7 days
  (BNSS 184(6));
- a search by a police officer (BNSS 185), and its record sent to the nearest Magistrate within
  48 hours (185(5)).

The closing act names the event it closes by its number (``for_seq``), as one FIR may have several
victims examined or several searches, each with its own clock.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.errors import ValidationError
from station_app.core.localtime import format_ist, iso_ist
from station_app.core.models import Fir, FirEvent, FirSection
from station_app.core.permissions import Actor, Permission, require
from station_app.core.services.fir_event_info import FirEventInfo, event_info

# What closes what: the opening kind -> the closing kind.
CLOSES = {"victim_examined": "medical_report_received", "search_made": "search_record_sent"}
RAPE_BNS = {str(n) for n in range(64, 72)}


def is_rape_case(sections: list[tuple[str, str]]) -> bool:
    """BNS 64-71, IPC 376 and its variants, or POCSO: the cases of BNSS 184."""
    for act, section in sections:
        number = section.split("(")[0]
        if (
            (act == "BNS" and number in RAPE_BNS)
            or act == "POCSO"
            or (act == "IPC" and number.startswith("376"))
        ):
            return True
    return False


class ClockActs:
    """Mixed into ``FirEventService``, which provides the storage helpers declared here."""

    _db: Database
    _clock: Clock

    def _registered(self, session: Session, fir_id: str) -> Fir:
        raise NotImplementedError

    def _append(self, session: Session, actor: Actor, fir: Fir, kind: str, body: dict[str, Any]) -> FirEvent:
        raise NotImplementedError

    def _when(self, fir: Fir, at: datetime, what: str, errors: dict[str, str]) -> None:
        raise NotImplementedError

    def record_victim_examined(
        self, actor: Actor, fir_id: str, *, at: datetime, victim: str, examined_by: str
    ) -> FirEventInfo:
        """A victim of rape examined by a registered medical practitioner (BNSS 184(1)); the report is
        due to the investigating officer within 7 days (184(6)). ``victim`` is the label used in the
        case (e.g. "Victim V1"), never the name: this event is printed and synced."""
        require(actor, Permission.INVESTIGATE)
        errors: dict[str, str] = {}
        if not victim.strip():
            errors["victim"] = "Say which victim (the label used in the case, e.g. Victim V1), not the name."
        if not examined_by.strip():
            errors["examined_by"] = "Name the medical practitioner and the hospital."
        with self._db.write() as session:
            fir = self._registered(session, fir_id)
            sections = [
                (r.act, r.section)
                for r in session.scalars(select(FirSection).where(FirSection.fir_id == fir.id))
            ]
            if not is_rape_case(sections):
                errors["fir"] = (
                    "The 7-day medical report of BNSS 184 concerns a rape case (BNS 64-71, IPC 376, POCSO); "
                    "this FIR has none of those sections."
                )
            self._when(fir, at, "The examination", errors)
            if errors:
                raise ValidationError(errors)
            body = {"at": iso_ist(at), "victim": victim.strip(), "examined_by": examined_by.strip()}
            return event_info(self._append(session, actor, fir, "victim_examined", body))

    def record_medical_report(
        self, actor: Actor, fir_id: str, *, examination_seq: int, at: datetime
    ) -> FirEventInfo:
        """The examination's report reached the investigating officer: stops the 7-day clock."""
        return self._close(actor, fir_id, "victim_examined", examination_seq, at, {}, "The report")

    def record_search(
        self, actor: Actor, fir_id: str, *, at: datetime, place: str, grounds: str
    ) -> FirEventInfo:
        """A search by a police officer under BNSS 185: the record goes to the Magistrate within 48 hours."""
        require(actor, Permission.INVESTIGATE)
        errors: dict[str, str] = {}
        if not place.strip():
            errors["place"] = "Name the place searched."
        if not grounds.strip():
            errors["grounds"] = "Record the grounds of the search (BNSS 185(1))."
        with self._db.write() as session:
            fir = self._registered(session, fir_id)
            self._when(fir, at, "The search", errors)
            if errors:
                raise ValidationError(errors)
            body = {"at": iso_ist(at), "place": place.strip(), "grounds": grounds.strip()}
            return event_info(self._append(session, actor, fir, "search_made", body))

    def record_search_sent(
        self, actor: Actor, fir_id: str, *, search_seq: int, at: datetime, magistrate: str, reference: str
    ) -> FirEventInfo:
        """Copies of the search record sent to the nearest Magistrate: stops the 48-hour clock."""
        extra = {"magistrate": magistrate.strip(), "reference": reference.strip()}
        problems = (
            {"magistrate": "Name the Magistrate the record was sent to."} if not extra["magistrate"] else {}
        )
        return self._close(actor, fir_id, "search_made", search_seq, at, extra, "The dispatch", problems)

    def _close(
        self, actor: Actor, fir_id: str, opening: str, seq: int, at: datetime, extra: dict[str, str], what: str,
        problems: dict[str, str] | None = None,
    ) -> FirEventInfo:  # fmt: skip
        require(actor, Permission.INVESTIGATE)
        errors = dict(problems or {})
        closing = CLOSES[opening]
        with self._db.write() as session:
            fir = self._registered(session, fir_id)
            opened = session.scalar(
                select(FirEvent).where(
                    FirEvent.fir_id == fir.id, FirEvent.seq == seq, FirEvent.kind == opening
                )
            )
            if opened is None:
                errors["for_seq"] = f"Event {seq} of this FIR is not a {opening.replace('_', ' ')}."
            else:
                started = datetime.fromisoformat(json.loads(opened.body)["at"])
                closed = [
                    e for e in session.scalars(select(FirEvent).where(FirEvent.fir_id == fir.id, FirEvent.kind == closing))
                    if json.loads(e.body).get("for_seq") == seq
                ]  # fmt: skip
                if closed:
                    errors["for_seq"] = f"Event {seq} is already closed (event {closed[0].seq})."
                elif at < started:
                    errors["at"] = f"{what} cannot be before the act it follows ({format_ist(started)})."
            self._when(fir, at, what, errors)
            if errors:
                raise ValidationError(errors)
            return event_info(
                self._append(session, actor, fir, closing, {"at": iso_ist(at), "for_seq": seq, **extra})
            )
