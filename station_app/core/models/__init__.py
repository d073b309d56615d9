"""SQLAlchemy models of the station database. One module per area; all share ``Base``."""

from station_app.core.models.base import Audited, Base, UtcDateTime
from station_app.core.models.investigation import (
    Arrest,
    ArrestEvent,
    CaseDiaryEntry,
    CustodyMovement,
    PreliminaryEnquiry,
    PropertyItem,
    Seizure,
)
from station_app.core.models.persons import Person as Person  # and registers the other person tables
from station_app.core.models.records import Fir, FirEvent, FirSection, GdEntry, NumberSeries
from station_app.core.models.station import AuditEntry, Officer, Station
from station_app.core.models.sync import (
    InboxItem,
    LawUpdate,
    MissingPerson,
    OutboxEntry,
    StolenVehicle,
    SyncCursor,
    SyncStaging,
    SyncState,
    WantedPerson,
)

__all__ = [
    "Arrest",
    "ArrestEvent",
    "AuditEntry",
    "Audited",
    "Base",
    "CaseDiaryEntry",
    "CustodyMovement",
    "Fir",
    "FirEvent",
    "FirSection",
    "GdEntry",
    "InboxItem",
    "LawUpdate",
    "MissingPerson",
    "NumberSeries",
    "Officer",
    "OutboxEntry",
    "Person",
    "PreliminaryEnquiry",
    "PropertyItem",
    "Seizure",
    "Station",
    "StolenVehicle",
    "SyncCursor",
    "SyncStaging",
    "SyncState",
    "UtcDateTime",
    "WantedPerson",
]
