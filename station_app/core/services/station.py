"""The station's identity, its settings, and what it holds (for the dashboard and `status --json`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from station_app.core.audit import record_change, snapshot_digest
from station_app.core.audit_verify import ChainHead, verify_audit
from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.errors import NotSetUpError, ValidationError
from station_app.core.identity import StationIdentity
from station_app.core.models import AuditEntry, Base, Officer, Station
from station_app.core.permissions import Actor, Permission, require
from station_app.core.services.case_diary import verify_case_diaries

MIN_IDLE_LOCK_MINUTES = 1
MAX_IDLE_LOCK_MINUTES = 120
INDIA_LATITUDE = (6.0, 38.0)
INDIA_LONGITUDE = (68.0, 98.0)

# Record types counted by `status --json`, under the names other tools script against.
# Each later module adds its own models here through `register_count`.
CountQuery = Callable[[Session], int]


def _count(model: type[Base]) -> CountQuery:
    return lambda session: int(session.scalar(select(func.count()).select_from(model)) or 0)


@dataclass(frozen=True)
class IntegrityReport:
    sqlcipher_ok: bool
    sqlcipher_messages: tuple[str, ...]
    sqlite_ok: bool
    sqlite_messages: tuple[str, ...]
    foreign_keys_ok: bool
    audit_entries: int
    audit_records: int
    audit_problems: tuple[str, ...]
    chain_head: ChainHead | None = None  # the last audit entry, for the check against the server

    @property
    def ok(self) -> bool:
        return self.sqlcipher_ok and self.sqlite_ok and self.foreign_keys_ok and not self.audit_problems


class StationService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._counts: dict[str, CountQuery] = {"officer": _count(Officer)}

    def register_count(self, record_type: str, query: CountQuery) -> None:
        self._counts[record_type] = query

    def register_model_count(self, record_type: str, model: type[Base]) -> None:
        self._counts[record_type] = _count(model)

    def identity(self) -> StationIdentity:
        with self._db.read() as session:
            return _identity(session)

    def idle_lock_minutes(self) -> int:
        with self._db.read() as session:
            return _station(session).idle_lock_minutes

    def set_idle_lock_minutes(self, actor: Actor, minutes: int) -> None:
        require(actor, Permission.MANAGE_STATION)
        if not MIN_IDLE_LOCK_MINUTES <= minutes <= MAX_IDLE_LOCK_MINUTES:
            raise ValidationError(
                {
                    "idle_lock_minutes": f"Choose between {MIN_IDLE_LOCK_MINUTES} and {MAX_IDLE_LOCK_MINUTES} minutes."
                }
            )
        with self._db.write() as session:
            station = _station(session)
            before = snapshot_digest(station)
            station.idle_lock_minutes = minutes
            station.updated_at = self._clock.now()
            record_change(
                session,
                actor=actor.audit,
                at=station.updated_at,
                action="station.settings",
                record=station,
                before=before,
                summary=f"idle lock {minutes} min",
            )

    def coordinates(self) -> tuple[float, float] | None:
        """The station's latitude and longitude (degrees), if the SHO has set them."""
        with self._db.read() as session:
            station = _station(session)
            if station.latitude is None or station.longitude is None:
                return None
            return station.latitude, station.longitude

    def set_coordinates(self, actor: Actor, latitude: float, longitude: float) -> None:
        """Where the station is, for sunset and sunrise (BNSS 43(5)); India lies within 6-38° N, 68-98° E."""
        require(actor, Permission.MANAGE_STATION)
        errors: dict[str, str] = {}
        if not (INDIA_LATITUDE[0] <= latitude <= INDIA_LATITUDE[1]):
            errors["latitude"] = (
                f"A latitude in India is between {INDIA_LATITUDE[0]} and {INDIA_LATITUDE[1]} degrees north."
            )
        if not (INDIA_LONGITUDE[0] <= longitude <= INDIA_LONGITUDE[1]):
            errors["longitude"] = (
                f"A longitude in India is between {INDIA_LONGITUDE[0]} and {INDIA_LONGITUDE[1]} degrees east."
            )
        if errors:
            raise ValidationError(errors)
        with self._db.write() as session:
            station = _station(session)
            before = snapshot_digest(station)
            station.latitude, station.longitude = round(latitude, 5), round(longitude, 5)
            station.updated_at = self._clock.now()
            record_change(
                session, actor=actor.audit, at=station.updated_at, action="station.settings", record=station,
                before=before, summary=f"coordinates {station.latitude}, {station.longitude}",
            )  # fmt: skip

    def counts(self) -> dict[str, int]:
        with self._db.read() as session:
            return {name: query(session) for name, query in sorted(self._counts.items())}

    def audit_entry_count(self) -> int:
        with self._db.read() as session:
            return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)

    def check_integrity(self) -> IntegrityReport:
        """SQLCipher's page HMACs, SQLite's structure, foreign keys, and the audit chain."""
        # A damaged page makes a check stop with an error rather than a list of problems: that is a
        # finding of verify too (exit 1 with what stopped it), never "cannot open" for a file that opens.
        with self._db.read() as session:
            conn = session.connection()
            cipher = _pragma_rows(conn, "PRAGMA cipher_integrity_check")
            sqlite = _pragma_rows(conn, "PRAGMA integrity_check")
            fk_rows = _pragma_rows(conn, "PRAGMA foreign_key_check")
            head = None
            try:
                audit = verify_audit(session)
                chain_problems = tuple(p.describe() for p in audit.problems)
                entries, records, head = audit.entries_checked, audit.records_checked, audit.head
            except DBAPIError as exc:
                chain_problems = (f"the audit trail could not be read to its end: {exc.orig}",)
                entries = records = 0
            try:
                diaries = verify_case_diaries(session)
                chain_problems += tuple(
                    f"case diary of FIR {d.fir_id}, entry {d.seq}: {d.reason}" for d in diaries
                )
            except (
                DBAPIError,
                ValueError,
                TypeError,
            ) as exc:  # a damaged row: named above by the audit check
                chain_problems += (f"the case diaries could not be read to their end: {exc}",)
        sqlite_ok = sqlite == ["ok"]
        return IntegrityReport(
            sqlcipher_ok=not cipher,
            sqlcipher_messages=tuple(cipher),
            sqlite_ok=sqlite_ok,
            sqlite_messages=() if sqlite_ok else tuple(sqlite),
            foreign_keys_ok=not fk_rows,
            audit_entries=entries,
            audit_records=records,
            audit_problems=chain_problems,
            chain_head=head,
        )


def _pragma_rows(conn: Connection, pragma: str) -> list[str]:
    """The rows a check pragma returns, or the error that stopped it (a damaged page) as one row."""
    try:
        return [str(row[0]) for row in conn.exec_driver_sql(pragma)]
    except DBAPIError as exc:
        return [f"{pragma} stopped: {exc.orig}"]


def _station(session: Session) -> Station:
    station = session.get(Station, 1)
    if station is None:
        raise NotSetUpError(
            "The station database has no station identity.",
            "Setup did not finish on this computer. Move the data folder aside and run setup again.",
        )
    return station


def _identity(session: Session) -> StationIdentity:
    s = _station(session)
    return StationIdentity(s.state, s.district, s.station_name, s.station_name_hi, s.station_code, s.training)
