"""The Qt-free half of the composition root: an open station and its services, built in one place.

``station_app.app`` (GUI) and ``station_app.cli`` (commands) both start here, so the two front ends
can never wire the services differently.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select

from forms.law_master import LawMaster
from station_app.core.backups import BackupService
from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.identity import StationIdentity
from station_app.core.importers.jobs import ImportService
from station_app.core.keys import KeyStore
from station_app.core.models import Arrest, Base, CaseDiaryEntry, Fir, GdEntry, Seizure
from station_app.core.models.legacy import Attachment, LegacyArrest
from station_app.core.models.persons import Person
from station_app.core.outbox import OutboxService
from station_app.core.outputs import OutputFiles
from station_app.core.paths import DataDir
from station_app.core.reference_data import ReferenceService
from station_app.core.services.accounts import (
    AccountService,
    NewOfficer,
    validate_new_officer,
    validate_password,
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
from station_app.core.services.station import CountQuery, StationService
from station_app.core.station_services import StationServices
from station_app.core.storage import CreatedStation, abandon_station, create_station, open_station
from station_app.core.training import seed_training_station

__all__ = ["SetupOutcome", "StationServices", "build_services", "open_services", "set_up_station"]


def build_services(
    data_dir: DataDir, db: Database, clock: Clock, laws: LawMaster | None = None
) -> StationServices:
    laws = laws or LawMaster.load()
    station = StationService(db, clock)
    diary = DiaryService(db, clock)
    firs = FirService(db, clock, laws, diary)
    fir_events = FirEventService(db, clock, laws)
    station.register_count("fir", _count_where(Fir, Fir.status != "draft"))
    station.register_count("fir_draft", _count_where(Fir, Fir.status == "draft"))
    station.register_model_count("gd_entry", GdEntry)
    station.register_model_count("person", Person)  # merged duplicates included: none is deleted
    station.register_model_count("arrest", Arrest)
    station.register_model_count("case_diary_entry", CaseDiaryEntry)
    station.register_model_count("seizure", Seizure)
    station.register_model_count("legacy_arrest", LegacyArrest)
    station.register_model_count("attachment", Attachment)
    legacy = LegacyService(db, clock, laws)
    arrests = ArrestService(db, clock, laws)
    case_diary = CaseDiaryService(db, clock)
    seizures = SeizureService(db, clock, laws)
    return StationServices(
        data_dir=data_dir,
        db=db,
        clock=clock,
        laws=laws,
        station=station,
        accounts=AccountService(db, clock),
        diary=diary,
        firs=firs,
        fir_events=fir_events,
        fir_register=FirRegisterService(db),
        fir_print=FirPrintService(db, clock, station, firs, fir_events),
        outbox=OutboxService(db, clock),
        reference=ReferenceService(db, clock),
        persons=PersonService(db, clock),
        search=SearchService(db, clock),
        arrests=arrests,
        case_diary=case_diary,
        seizures=seizures,
        deadlines=DeadlineService(db, clock, laws),
        investigation_print=InvestigationPrintService(
            clock, station, firs, diary, arrests, case_diary, seizures
        ),
        legacy=legacy,
        attachments=AttachmentService(db, clock),
        imports=ImportService(db, clock, legacy, OutputFiles(data_dir.root)),
        double_entry=DoubleEntryService(db, clock, laws),
        backups=BackupService(db, data_dir, clock, station),
    )


def _count_where(model: type[Base], condition: ColumnElement[bool]) -> CountQuery:
    return lambda session: int(session.scalar(select(func.count()).select_from(model).where(condition)) or 0)


def open_services(data_dir: DataDir, keystore: KeyStore, clock: Clock) -> StationServices:
    return build_services(data_dir, open_station(data_dir, keystore, clock), clock)


@dataclass(frozen=True)
class SetupOutcome:
    services: StationServices
    recovery_key: str
    created: CreatedStation

    def undo(self, keystore: KeyStore) -> None:
        """Remove the new station again (the recovery key was not confirmed)."""
        abandon_station(self.services.data_dir, keystore, self.created)


def set_up_station(
    data_dir: DataDir,
    keystore: KeyStore,
    clock: Clock,
    identity: StationIdentity,
    admin: NewOfficer,
    admin_password: str,
) -> SetupOutcome:
    """First run: the encrypted database, the station identity and the first SHO's account.

    All or nothing: if the account cannot be made, the new files and key are removed again.
    """
    # Check the account before any file is made, so a bad password never leaves a half station.
    checked = validate_new_officer(admin)
    validate_password(admin_password, checked.username)
    created = create_station(data_dir, keystore, identity, clock)
    try:
        services = build_services(data_dir, created.db, clock)
        with created.db.write() as session:
            services.accounts.create_first_sho(session, checked, admin_password)
        if identity.training:
            seed_training_station(services)
    except BaseException:
        abandon_station(data_dir, keystore, created)
        raise
    return SetupOutcome(services, created.recovery_key, created)
