"""SQLAlchemy models of the station database. One module per area; all share ``Base``."""

from station_app.core.models.base import Audited, Base, UtcDateTime
from station_app.core.models.persons import Person
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
    "AuditEntry",
    "Audited",
    "Base",
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
    "Station",
    "StolenVehicle",
    "SyncCursor",
    "SyncStaging",
    "SyncState",
    "UtcDateTime",
    "WantedPerson",
]
