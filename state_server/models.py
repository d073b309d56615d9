"""The server's tables: stations and their credentials, applied mutations (the dedupe record), the
records stations own, and the reference items served by pull."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
# BIGINT on PostgreSQL, but INTEGER on SQLite so that the primary key is SQLite's rowid (autoincrement).
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Moment(TypeDecorator[datetime]):
    """Aware UTC instants on both databases (SQLite keeps no zone, so it is restored on reading)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware datetime")
        moment = value.astimezone(UTC)
        return moment.replace(tzinfo=None) if dialect.name == "sqlite" else moment

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Station(Base):
    __tablename__ = "station"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    enrol_code_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    enrol_code_expires_at: Mapped[datetime | None] = mapped_column(Moment(), nullable=True)
    enrolled_at: Mapped[datetime | None] = mapped_column(Moment(), nullable=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    last_client_seq: Mapped[int] = mapped_column(BigId, default=0)
    last_push_at: Mapped[datetime | None] = mapped_column(Moment(), nullable=True)
    last_pull_at: Mapped[datetime | None] = mapped_column(Moment(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(Moment())
    # The station's audit chain head as last anchored by a push (state_server/chain_anchor.py).
    chain_seq: Mapped[int | None] = mapped_column(BigId, nullable=True)
    chain_mac: Mapped[str | None] = mapped_column(String(64), nullable=True)
    chain_anchored_at: Mapped[datetime | None] = mapped_column(Moment(), nullable=True)


class AppliedMutation(Base):
    """One row per applied mutation, written in the transaction of its effect: the dedupe record."""

    __tablename__ = "applied_mutation"
    __table_args__ = (UniqueConstraint("station_code", "client_seq"),)

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)  # server receipt order
    mutation_id: Mapped[str] = mapped_column(String(36), unique=True)
    station_code: Mapped[str] = mapped_column(ForeignKey("station.code"))
    client_seq: Mapped[int] = mapped_column(BigId)
    aggregate_type: Mapped[str] = mapped_column(String(32))
    aggregate_id: Mapped[str] = mapped_column(String(64))
    op: Mapped[str] = mapped_column(String(48))
    op_version: Mapped[int] = mapped_column(Integer)
    payload_sha256: Mapped[str] = mapped_column(String(64))
    device_time: Mapped[datetime] = mapped_column(Moment())
    clock_offset_ms: Mapped[int | None] = mapped_column(BigId, nullable=True)
    clock_suspect: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime] = mapped_column(Moment())


class RejectedMutation(Base):
    """Dead letters: rejected and conflicting mutations kept for supervisors, with the payload."""

    __tablename__ = "rejected_mutation"
    __table_args__ = (Index("ix_rejected_mutation_station", "station_code", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    station_code: Mapped[str] = mapped_column(String(32))
    mutation_id: Mapped[str] = mapped_column(String(36))
    client_seq: Mapped[int] = mapped_column(BigId)
    op: Mapped[str] = mapped_column(String(48))
    status: Mapped[str] = mapped_column(String(16))  # rejected | conflict
    code: Mapped[str] = mapped_column(String(48))
    detail: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(Moment())


class Fir(Base):
    __tablename__ = "fir"
    __table_args__ = (UniqueConstraint("station_code", "series", "year", "number"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(ForeignKey("station.code"))
    series: Mapped[str] = mapped_column(String(8))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    fir_no: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(20))  # registered | transferred
    registered_at: Mapped[str] = mapped_column(String(40))
    gd_entry_id: Mapped[str | None] = mapped_column(String(36), nullable=True)  # null: a digitised paper FIR
    content: Mapped[str] = mapped_column(Text)
    content_digest: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(Moment())
    source: Mapped[str] = mapped_column(String(12), server_default="station")  # station | efir | legacy
    gd_reference: Mapped[str | None] = mapped_column(String(200), nullable=True)  # legacy: the paper GD cited


class GdEntry(Base):
    __tablename__ = "gd_entry"
    __table_args__ = (UniqueConstraint("station_code", "year", "number"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(ForeignKey("station.code"))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    entry_at: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[str] = mapped_column(String(40))
    officer_id: Mapped[str] = mapped_column(String(36))
    officer_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(200))
    details: Mapped[str] = mapped_column(Text)
    fir_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    legacy: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime] = mapped_column(Moment())


class FirEvent(Base):
    __tablename__ = "fir_event"
    __table_args__ = (UniqueConstraint("fir_id", "seq"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    fir_id: Mapped[str] = mapped_column(ForeignKey("fir.id"))
    station_code: Mapped[str] = mapped_column(ForeignKey("station.code"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(24))
    at: Mapped[str] = mapped_column(String(40))
    officer_id: Mapped[str] = mapped_column(String(36))
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(Moment())


class ScopeState(Base):
    """Per feed (a scope, or one station's inbox): its epoch and the last sequence number given.

    Locking this row while publishing makes sequence numbers commit in order, so a reader that has
    seen number N can never later miss a smaller one committed late.
    """

    __tablename__ = "scope_state"

    feed: Mapped[str] = mapped_column(String(80), primary_key=True)
    epoch: Mapped[int] = mapped_column(Integer, default=1)
    last_seq: Mapped[int] = mapped_column(BigId, default=0)


class RefItem(Base):
    """Current state of every published item; ``seq`` is its feed's number of the last change."""

    __tablename__ = "ref_item"
    __table_args__ = (Index("ix_ref_item_feed_seq", "feed", "seq"),)

    feed: Mapped[str] = mapped_column(String(80), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[str] = mapped_column(Text)
    seq: Mapped[int] = mapped_column(BigId)
    updated_at: Mapped[datetime] = mapped_column(Moment())


# --- persons (shared records) and investigation records (owned by the station that made them) ----
# Times the station wrote (arrested_at, at, ...) are kept as the ISO-8601 text it sent; ``received_at``
# is the server's own clock.


class Person(Base):
    """The person master, shared by all stations: ``version`` counts the changes applied here."""

    __tablename__ = "person"
    __table_args__ = (
        Index("ix_person_station_code", "station_code"),
        Index("ix_person_merged_into", "merged_into"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(ForeignKey("station.code"))  # the station that entered it
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    name_alt: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[str] = mapped_column(Text)  # JSON list
    relative_name: Mapped[str] = mapped_column(String(200))
    relative_relation: Mapped[str] = mapped_column(String(16))
    dob: Mapped[str | None] = mapped_column(String(10), nullable=True)
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    age: Mapped[int | None] = mapped_column(Integer, nullable=True)
    age_on: Mapped[str | None] = mapped_column(String(10), nullable=True)
    birth_year_est: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sex: Mapped[str] = mapped_column(String(1))
    present_address: Mapped[str] = mapped_column(Text)
    permanent_address: Mapped[str] = mapped_column(Text)
    phones: Mapped[str] = mapped_column(Text)  # JSON list
    id_documents: Mapped[str] = mapped_column(Text)  # JSON [{kind, number}], Aadhaar masked
    merged_into: Mapped[str | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(36))
    updated_at: Mapped[str] = mapped_column(String(40))
    updated_by: Mapped[str] = mapped_column(String(36))
    updated_by_station: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(Moment())


class PersonMerge(Base):
    __tablename__ = "person_merge"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(ForeignKey("station.code"))  # the station that merged
    keep_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    duplicate_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    reason: Mapped[str] = mapped_column(Text)
    merged_at: Mapped[str] = mapped_column(String(40))
    merged_by: Mapped[str] = mapped_column(String(36))
    undone_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    undone_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    undone_station: Mapped[str | None] = mapped_column(String(32), nullable=True)
    undo_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    received_at: Mapped[datetime] = mapped_column(Moment())


class Arrest(Base):
    __tablename__ = "arrest"
    __table_args__ = (UniqueConstraint("fir_id", "person_id", "arrested_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(ForeignKey("station.code"))
    fir_id: Mapped[str] = mapped_column(ForeignKey("fir.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    accused_code: Mapped[str] = mapped_column(String(4))
    gd_entry_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(12))
    arrested_at: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[str] = mapped_column(String(40))
    officer_id: Mapped[str] = mapped_column(String(36))
    form_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    produced_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    content_digest: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(Moment())


class ArrestEvent(Base):
    __tablename__ = "arrest_event"
    __table_args__ = (UniqueConstraint("arrest_id", "seq"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    arrest_id: Mapped[str] = mapped_column(ForeignKey("arrest.id"))
    station_code: Mapped[str] = mapped_column(ForeignKey("station.code"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[str] = mapped_column(String(40))
    until: Mapped[str | None] = mapped_column(String(40), nullable=True)
    officer_id: Mapped[str] = mapped_column(String(36))
    recorded_at: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(Moment())


class CaseDiaryEntry(Base):
    __tablename__ = "case_diary_entry"
    __table_args__ = (UniqueConstraint("fir_id", "seq"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    fir_id: Mapped[str] = mapped_column(ForeignKey("fir.id"))
    station_code: Mapped[str] = mapped_column(ForeignKey("station.code"))
    seq: Mapped[int] = mapped_column(Integer)
    entry_date: Mapped[str] = mapped_column(String(10))
    started_at: Mapped[str] = mapped_column(String(40))
    closed_at: Mapped[str] = mapped_column(String(40))
    page_start: Mapped[int] = mapped_column(Integer)
    page_end: Mapped[int] = mapped_column(Integer)
    officer_id: Mapped[str] = mapped_column(String(36))
    recorded_at: Mapped[str] = mapped_column(String(40))
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(Moment())


class Seizure(Base):
    __tablename__ = "seizure"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(ForeignKey("station.code"))
    fir_id: Mapped[str] = mapped_column(ForeignKey("fir.id"))
    gd_entry_id: Mapped[str] = mapped_column(String(36))
    seized_at: Mapped[str] = mapped_column(String(40))
    seized_from_person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    officer_id: Mapped[str] = mapped_column(String(36))
    recorded_at: Mapped[str] = mapped_column(String(40))
    form_version: Mapped[int] = mapped_column(Integer)
    content_digest: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(Moment())


class PropertyItem(Base):
    """A seized item's malkhana entry: its number is unique per station and year."""

    __tablename__ = "property_item"
    __table_args__ = (
        UniqueConstraint("station_code", "malkhana_year", "malkhana_no"),
        UniqueConstraint("seizure_id", "item_no"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seizure_id: Mapped[str] = mapped_column(ForeignKey("seizure.id"))
    station_code: Mapped[str] = mapped_column(ForeignKey("station.code"))
    item_no: Mapped[int] = mapped_column(Integer)
    malkhana_year: Mapped[int] = mapped_column(Integer)
    malkhana_no: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(300))
    seal: Mapped[str] = mapped_column(String(60))
    location: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))


class CustodyMovement(Base):
    __tablename__ = "custody_movement"
    __table_args__ = (UniqueConstraint("property_id", "seq"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    property_id: Mapped[str] = mapped_column(ForeignKey("property_item.id"))
    station_code: Mapped[str] = mapped_column(ForeignKey("station.code"))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(40))
    from_location: Mapped[str] = mapped_column(String(200))
    to_location: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(String(300))
    handed_over_by: Mapped[str] = mapped_column(String(200))
    received_by: Mapped[str] = mapped_column(String(200))
    reference: Mapped[str] = mapped_column(String(200))
    officer_id: Mapped[str] = mapped_column(String(36))
    recorded_at: Mapped[str] = mapped_column(String(40))
    received_at: Mapped[datetime] = mapped_column(Moment())


# --- digitised paper records and their scanned pages ----------------------------------------------


class LegacyArrest(Base):
    """An arrest copied from a paper arrest register: its serial is unique per station and year."""

    __tablename__ = "legacy_arrest"
    __table_args__ = (UniqueConstraint("station_code", "year", "number"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(ForeignKey("station.code"))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    arrested_at: Mapped[str] = mapped_column(String(40))
    fir_id: Mapped[str | None] = mapped_column(ForeignKey("fir.id"), nullable=True)
    content_digest: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(Moment())


class Blob(Base):
    """The bytes of a scan a station uploaded, named by their SHA-256 (checked on receipt).

    Kept per station, so that a station learns only of the scans it sent itself. In the database here
    (PostgreSQL bytea, SQLite BLOB); a production server should keep them in object storage instead.
    """

    __tablename__ = "blob"

    station_code: Mapped[str] = mapped_column(ForeignKey("station.code"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigId)
    received_at: Mapped[datetime] = mapped_column(Moment())
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Attachment(Base):
    """A scanned page linked to a record of the station (FIR, GD entry or legacy arrest)."""

    __tablename__ = "attachment"
    __table_args__ = (
        UniqueConstraint("sha256", "record_type", "record_id"),
        Index("ix_attachment_record", "record_type", "record_id"),
        ForeignKeyConstraint(["station_code", "sha256"], ["blob.station_code", "blob.sha256"]),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(ForeignKey("station.code"))
    record_type: Mapped[str] = mapped_column(String(16))  # fir | gd_entry | legacy_arrest
    record_id: Mapped[str] = mapped_column(String(36))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigId)
    mime: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(200))
    attached_at: Mapped[str] = mapped_column(String(40))
    attached_by: Mapped[str] = mapped_column(String(36))
    received_at: Mapped[datetime] = mapped_column(Moment())
