"""Investigation records as PDF: arrest memos (IIF-3), the arrested-persons register (BNSS 37), the
case diary volume (BNSS 192) and seizure memos (IIF-4) with their chain of custody.

Each method gathers what the printout needs from the record's service (the frozen content and its
digest, the GD entry it cites, the FIR's date) and hands it to a pure renderer in
``core/printing``. Training stations print TRAINING on every page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from station_app.core.clock import Clock
from station_app.core.errors import ConflictError
from station_app.core.permissions import Actor, Permission, require
from station_app.core.services.arrests import ArrestService
from station_app.core.services.case_diary import CaseDiaryService
from station_app.core.services.diary import DiaryService
from station_app.core.services.firs import FirService
from station_app.core.services.seizures import SeizureService
from station_app.core.services.station import StationService

# reportlab and the fonts cost ~120 ms to import: every renderer is imported inside its method, so
# that cost is paid at the first print, not at every start-up (as in fir_print).


class InvestigationPrintService:
    def __init__(
        self,
        clock: Clock,
        station: StationService,
        firs: FirService,
        diary: DiaryService,
        arrests: ArrestService,
        case_diary: CaseDiaryService,
        seizures: SeizureService,
    ) -> None:
        self._clock = clock
        self._station = station
        self._firs = firs
        self._diary = diary
        self._arrests = arrests
        self._case_diary = case_diary
        self._seizures = seizures

    def arrest_memo_pdf(self, actor: Actor, arrest_id: str) -> bytes:
        """The IIF-3 memo of one arrest or surrender, for signatures."""
        require(actor, Permission.PRINT)
        from station_app.core.printing.arrest_memo import render_arrest_memo  # noqa: PLC0415

        arrest = self._arrests.get(actor, arrest_id)
        return render_arrest_memo(
            arrest.content,
            digest=arrest.digest,
            form=self._arrests.form,
            training=self._station.identity().training,
            gd_entry=self._gd(actor, arrest.content["values"].get("gd_entry")),
            fir_registered_at=self._fir_date(actor, arrest.fir_id),
        )

    def arrest_register_pdf(self, actor: Actor, since: datetime | None = None) -> bytes:
        """The arrested-persons register for the notice board: arrests since ``since`` (all if None),
        newest first, each with where the person is now."""
        require(actor, Permission.PRINT)
        from station_app.core.printing.arrest_register import (  # noqa: PLC0415
            RegisterRow,
            render_arrest_register,
        )

        rows = [RegisterRow(a.content, a.status, a.produced_at) for a in self._arrests.register(actor, since)]
        identity = self._station.identity()
        return render_arrest_register(
            rows,
            station=vars(identity),
            printed_at=self._clock.now(),
            since=since,
            training=identity.training,
        )

    def case_diary_pdf(self, actor: Actor, fir_id: str) -> bytes:
        """The whole case diary of one FIR as one volume, with its stored page numbers.

        BNSS 192 keeps the diary from everyone but the investigation and the court: printing it needs
        the right to investigate, not just to print."""
        require(actor, Permission.INVESTIGATE)
        from station_app.core.printing.case_diary_volume import render_case_diary  # noqa: PLC0415

        entries = self._case_diary.entries(actor, fir_id)
        if not entries:
            raise ConflictError("This FIR has no case diary entries yet; there is nothing to print.")
        return render_case_diary(
            entries,
            form=self._case_diary.form,
            training=self._station.identity().training,
            fir_registered_at=self._fir_date(actor, fir_id),
        )

    def seizure_memo_pdf(self, actor: Actor, seizure_id: str) -> bytes:
        """The IIF-4 memo of one seizure, with each article's chain of custody as an annexure."""
        require(actor, Permission.PRINT)
        from station_app.core.printing.arrest_memo import gd_text  # noqa: PLC0415
        from station_app.core.printing.seizure_memo import render_seizure_memo  # noqa: PLC0415

        seizure = self._seizures.get(actor, seizure_id)
        items = [
            {"malkhana_ref": i.malkhana_ref, "description": i.description, "seal": i.seal,
             "location": i.location, "status": i.status}
            for i in seizure.items
        ]  # fmt: skip
        return render_seizure_memo(
            seizure.content,
            digest=seizure.digest,
            form=self._seizures.form,
            training=self._station.identity().training,
            items=items,
            custody=[self._seizures.custody_chain(actor, i.id) for i in seizure.items],
            gd_text=gd_text(self._gd(actor, seizure.content["values"].get("gd_entry"))),
            fir_registered_at=self._fir_date(actor, seizure.fir_id),
        )

    def _gd(self, actor: Actor, gd_id: Any) -> dict[str, Any] | None:
        if not gd_id:
            return None
        entry = self._diary.get(actor, str(gd_id))
        return {"number": entry.number, "year": entry.year, "entry_at": entry.entry_at}

    def _fir_date(self, actor: Actor, fir_id: str) -> datetime | None:
        return self._firs.get(actor, fir_id).summary.registered_at
