"""The General Diary (roznamcha): append-only entries numbered per station per calendar year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from forms.schema import FormDef, load_form, parse_datetime
from forms.validation import strip_blanks, validate_values
from station_app.core.audit import record_change
from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.errors import NotFoundError, ValidationError
from station_app.core.ids import new_id
from station_app.core.localtime import format_ist, ist_year
from station_app.core.models import GdEntry, Station
from station_app.core.numbering import GD_SERIES, allocate
from station_app.core.outbox import enqueue_gd_entry
from station_app.core.permissions import Actor, Permission, require
from station_app.core.services.common import officer_signature

GD_KINDS = ("complaint_received", "fir_registered", "arrest", "departure", "arrival", "property", "other")


@dataclass(frozen=True)
class GdEntryInfo:
    id: str
    year: int
    number: int
    entry_at: datetime
    recorded_at: datetime
    officer_name: str
    kind: str
    subject: str
    details: str
    fir_id: str | None

    @property
    def reference(self) -> str:
        """How the entry is cited: "GD 0045/2026 at 14-03-2026 10:55"."""
        return f"GD {self.number:04d}/{self.year} at {format_ist(self.entry_at)}"


def _info(e: GdEntry) -> GdEntryInfo:
    return GdEntryInfo(
        e.id,
        e.year,
        e.number,
        e.entry_at,
        e.recorded_at,
        e.officer_name,
        e.kind,
        e.subject,
        e.details,
        e.fir_id,
    )


class DiaryService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self.form: FormDef = load_form("gd_entry")

    def add_entry(self, actor: Actor, values: dict[str, Any]) -> GdEntryInfo:
        require(actor, Permission.WRITE_GD)
        with self._db.write() as session:
            return _info(self.append(session, actor, values))

    def append(
        self, session: Session, actor: Actor, values: dict[str, Any], *, fir_id: str | None = None
    ) -> GdEntry:
        """Write one entry inside the caller's transaction (FIR registration uses this too)."""
        now = self._clock.now()
        values = strip_blanks(self.form, values)
        errors = validate_values(self.form, values, now)
        entry_at = parse_datetime(values.get("entry_at")) if "entry_at" not in errors else None
        if entry_at is not None:
            last_at = session.scalar(select(func.max(GdEntry.entry_at)))
            if last_at is not None and entry_at < last_at:
                errors["entry_at"] = (
                    f"The diary cannot go back in time: the last entry is at {format_ist(last_at)}. "
                    "Write a late entry with the present time and give the event's time in the details."
                )
        if errors:
            raise ValidationError(errors)
        assert entry_at is not None
        station = session.get(Station, 1)
        assert station is not None
        year = ist_year(entry_at)
        entry = GdEntry(
            id=new_id(),
            station_code=station.station_code,
            year=year,
            number=allocate(session, GD_SERIES, year),
            entry_at=entry_at,
            recorded_at=now,
            officer_id=actor.officer_id,
            officer_name=officer_signature(session, actor.officer_id),
            kind=values["kind"],
            subject=values["subject"],
            details=values["details"],
            fir_id=fir_id,
            legacy=False,
        )
        session.add(entry)
        record_change(
            session,
            actor=actor.audit,
            at=now,
            action="gd.add",
            record=entry,
            summary=f"GD {entry.number:04d}/{year} {entry.kind}",
        )
        enqueue_gd_entry(session, entry, now)
        return entry

    def get(self, actor: Actor, entry_id: str) -> GdEntryInfo:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            entry = session.get(GdEntry, entry_id)
            if entry is None:
                raise NotFoundError("That General Diary entry does not exist.")
            return _info(entry)

    def find(self, actor: Actor, year: int, number: int) -> GdEntryInfo:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            entry = session.scalar(select(GdEntry).where(GdEntry.year == year, GdEntry.number == number))
            if entry is None:
                raise NotFoundError(f"There is no GD entry {number:04d}/{year}.")
            return _info(entry)

    def list_entries(
        self,
        actor: Actor,
        *,
        year: int | None = None,
        kind: str | None = None,
        text: str = "",
        offset: int = 0,
        limit: int = 200,
    ) -> list[GdEntryInfo]:
        """Newest first. ``text`` matches the subject or details."""
        require(actor, Permission.VIEW_RECORDS)
        query = select(GdEntry)
        if year is not None:
            query = query.where(GdEntry.year == year)
        if kind:
            query = query.where(GdEntry.kind == kind)
        if text.strip():
            like = f"%{text.strip()}%"
            query = query.where(or_(GdEntry.subject.ilike(like), GdEntry.details.ilike(like)))
        query = query.order_by(GdEntry.year.desc(), GdEntry.number.desc()).offset(offset).limit(limit)
        with self._db.read() as session:
            return [_info(e) for e in session.scalars(query)]

    def citable_entries(self, actor: Actor, not_after: datetime, limit: int = 50) -> list[GdEntryInfo]:
        """Entries an FIR may cite: not later than the FIR, newest first (complaints received first)."""
        require(actor, Permission.VIEW_RECORDS)
        query = (
            select(GdEntry)
            .where(GdEntry.entry_at <= not_after, GdEntry.fir_id.is_(None))
            .order_by((GdEntry.kind == "complaint_received").desc(), GdEntry.entry_at.desc())
            .limit(limit)
        )
        with self._db.read() as session:
            return [_info(e) for e in session.scalars(query)]
