"""Copies of a registered FIR as PDF: the record, its linked memos and events, and the station's mode.

Who may print which copy (issue 11 §1): any officer with the right to print may print every copy of
an FIR that is not sensitive, and the S.P.'s and the public copy of a sensitive one (they withhold the
victim's identity); the informant's and the court's copy of a sensitive FIR hold her identity, so
only an officer with the right to see it (SHO, investigating officer) prints them. Every print is an
audited event: who printed which copy of which FIR, when.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from station_app.core.audit import record_change
from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.errors import ConflictError, PermissionDeniedError
from station_app.core.localtime import iso_ist
from station_app.core.permissions import Actor, Permission, require
from station_app.core.services.fir_events import FirEventService
from station_app.core.services.firs import FirRecord, FirService
from station_app.core.services.station import StationService
from station_app.core.victim_links import linked_persons
from station_app.core.victims import is_sensitive_content, with_alterations

if TYPE_CHECKING:
    from station_app.core.printing.fir_copy import CopyKind

COPIES_WITH_IDENTITY = frozenset({"informant", "court"})


def may_print(actor: Actor, copy: str, sensitive: bool) -> bool:
    """Whether ``actor`` may print ``copy`` of an FIR (sensitive or not)."""
    if not actor.can(Permission.PRINT):
        return False
    return not (sensitive and copy in COPIES_WITH_IDENTITY) or actor.can(Permission.VIEW_VICTIM_IDENTITY)


class FirPrintService:
    def __init__(
        self, db: Database, clock: Clock, station: StationService, firs: FirService, events: FirEventService
    ) -> None:
        self._db = db
        self._clock = clock
        self._station = station
        self._firs = firs
        self._events = events

    def copy_pdf(self, actor: Actor, fir_id: str, copy: CopyKind) -> bytes:
        """One copy (informant, court, S.P. or public). Training stations print TRAINING on every page."""
        require(actor, Permission.PRINT)
        # reportlab and the fonts cost ~120 ms to import: paid at the first print, not at every start-up.
        from station_app.core.printing.fir_copy import render_fir_copy  # noqa: PLC0415

        record = self._firs.get(actor, fir_id)
        if record.content is None or record.digest is None:
            raise ConflictError("Only a registered FIR can be printed; this one is still a draft.")
        self.check_may_print(actor, record, copy)
        alterations: list[dict[str, Any]] = []
        dispatch = transfer = None
        for event in self._events.events(actor, fir_id):
            if event.kind == "alteration":
                alterations.append({**event.body, "seq": len(alterations) + 1, "memo_at": iso_ist(event.at)})
            elif event.kind == "court_dispatch":
                dispatch = event.body
            elif event.kind == "transfer":
                transfer = event.body
        content = with_alterations(record.content, record.summary.sensitive, alterations)
        pdf = render_fir_copy(
            content,
            digest=record.digest,
            copy=copy,
            form=self._firs.form,
            training=self._station.identity().training,
            alterations=alterations,
            dispatch=dispatch,
            transfer=transfer,
            persons=linked_persons(self._db, content),
        )
        # Its own entity type: an entry typed "fir" would stand as the FIR's latest state for verify.
        with self._db.write() as session:
            record_change(
                session, actor=actor.audit, at=self._clock.now(), action="fir.print", entity_type="fir_print",
                entity_id=fir_id, summary=f"FIR {record.summary.fir_no}, {copy} copy",
            )  # fmt: skip
        return pdf

    def check_may_print(self, actor: Actor, record: FirRecord, copy: str) -> None:
        sensitive = record.summary.sensitive or (
            record.content is not None and is_sensitive_content(record.content)
        )
        if not may_print(actor, copy, sensitive):
            raise PermissionDeniedError(
                f"Your role ({actor.role.label}) may not print the {copy} copy of FIR {record.summary.fir_no}: "
                "it holds the identity of the victim of a sensitive case.",
                "Print the S.P.'s or the public copy, which withhold her identity, or ask the SHO or the "
                "investigating officer.",
            )
