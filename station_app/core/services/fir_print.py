"""Copies of a registered FIR as PDF: the record, its linked memos and events, and the station's mode."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from station_app.core.db import Database
from station_app.core.errors import ConflictError
from station_app.core.localtime import iso_ist
from station_app.core.permissions import Actor, Permission, require
from station_app.core.services.fir_events import FirEventService
from station_app.core.services.firs import FirService
from station_app.core.services.station import StationService

if TYPE_CHECKING:
    from station_app.core.printing.fir_copy import CopyKind


class FirPrintService:
    def __init__(
        self, db: Database, station: StationService, firs: FirService, events: FirEventService
    ) -> None:
        self._db = db
        self._station = station
        self._firs = firs
        self._events = events

    def copy_pdf(self, actor: Actor, fir_id: str, copy: CopyKind) -> bytes:
        """One copy (informant, court or SP). Training stations print TRAINING on every page."""
        require(actor, Permission.PRINT)
        # reportlab and the fonts cost ~120 ms to import: paid at the first print, not at every start-up.
        from station_app.core.printing.fir_copy import render_fir_copy  # noqa: PLC0415

        record = self._firs.get(actor, fir_id)
        if record.content is None or record.digest is None:
            raise ConflictError("Only a registered FIR can be printed; this one is still a draft.")
        alterations: list[dict[str, Any]] = []
        dispatch = transfer = None
        for event in self._events.events(actor, fir_id):
            if event.kind == "alteration":
                alterations.append({**event.body, "seq": len(alterations) + 1, "memo_at": iso_ist(event.at)})
            elif event.kind == "court_dispatch":
                dispatch = event.body
            elif event.kind == "transfer":
                transfer = event.body
        return render_fir_copy(
            record.content,
            digest=record.digest,
            copy=copy,
            form=self._firs.form,
            training=self._station.identity().training,
            alterations=alterations,
            dispatch=dispatch,
            transfer=transfer,
        )
