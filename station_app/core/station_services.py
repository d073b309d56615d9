"""The bundle of an open station's services, which the composition root (runtime.py) builds.

Its own module so that what the composition root wires (training seeding, the practice import) can
name the bundle without importing the composition root back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from forms.law_master import LawMaster
from station_app.core.audit import record_change
from station_app.core.backups import BackupService
from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.errors import OutputFileError
from station_app.core.fsutil import atomic_write_bytes, private_folder
from station_app.core.importers.jobs import ImportService
from station_app.core.outbox import OutboxService
from station_app.core.outputs import OutputFiles
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Permission, require
from station_app.core.reference_data import ReferenceService
from station_app.core.services.accounts import (
    AccountService,
)
from station_app.core.services.arrests import ArrestService
from station_app.core.services.case_diary import CaseDiaryService
from station_app.core.services.deadlines import DeadlineService
from station_app.core.services.diary import DiaryService
from station_app.core.services.double_entry import DoubleEntryService
from station_app.core.services.fir_events import FirEventService
from station_app.core.services.fir_print import FirPrintService
from station_app.core.services.fir_register import FirRegisterService
from station_app.core.services.firs import FirService
from station_app.core.services.investigation_print import InvestigationPrintService
from station_app.core.services.legacy import AttachmentService, LegacyService
from station_app.core.services.persons import PersonService
from station_app.core.services.search import SearchService
from station_app.core.services.seizures import SeizureService
from station_app.core.services.station import StationService


@dataclass
class StationServices:
    data_dir: DataDir
    db: Database
    clock: Clock
    laws: LawMaster
    station: StationService
    accounts: AccountService
    diary: DiaryService
    firs: FirService
    fir_events: FirEventService
    fir_register: FirRegisterService
    fir_print: FirPrintService
    outbox: OutboxService
    reference: ReferenceService
    persons: PersonService
    search: SearchService
    arrests: ArrestService
    case_diary: CaseDiaryService
    seizures: SeizureService
    deadlines: DeadlineService
    investigation_print: InvestigationPrintService
    legacy: LegacyService
    attachments: AttachmentService
    imports: ImportService
    double_entry: DoubleEntryService
    backups: BackupService

    def close(self) -> None:
        self.db.dispose()

    def sync_status(self) -> dict[str, object]:
        """What `status --json` reports about sync: queue counts, last sync, pulled reference data."""
        return {**self.outbox.status_block(), "reference": self.reference.counts()}

    @property
    def outputs(self) -> OutputFiles:
        """The gate for files written where a person chose (never into this station's data folder)."""
        return OutputFiles(self.data_dir.root)

    def make_backup(self, actor: Actor, folder: Path | None = None) -> Path:
        """An encrypted copy of the database plus the key file (which the copy needs to be recovered),
        in the backups folder or in ``folder`` (outside the data folder; made 0700 if new). A backup
        never replaces another: two in the same second get a numbered name.

        A copy of every record leaves the station with it: only the SHO and the IT admin make one,
        and the audit trail says who did, when and where to."""
        require(actor, Permission.BACKUP)
        now = self.clock.now()
        stamp = now.strftime("%Y%m%dT%H%M%SZ")
        if folder is None:
            target_dir = private_folder(self.data_dir.backups)
        else:
            target_dir = self.outputs.folder(folder, what="The backup")
        name, n = f"station-{stamp}", 1
        while (target_dir / f"{name}.db").exists() or (target_dir / f"{name}-key.json").exists():
            n += 1
            name = f"station-{stamp}-{n}"
        target = target_dir / f"{name}.db"
        self.db.backup_to(target)
        try:
            atomic_write_bytes(
                target_dir / f"{name}-key.json", self.data_dir.key_metadata.read_bytes(), replace=False
            )
        except OSError as exc:
            raise OutputFileError(
                f"The backup's key file could not be written to {target_dir}: {exc.strerror}.",
                "The database copy was written; check the folder's free space and permissions.",
            ) from exc
        with self.db.write() as session:
            record_change(
                session,
                actor=actor.audit,
                at=now,
                action="station.backup",
                entity_type="backup",
                entity_id=target.name,
                summary=str(target)[:200],
            )
        return target
