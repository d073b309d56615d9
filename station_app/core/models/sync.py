"""Sync state in the station database: the outbox, pull cursors, and the reference data pulled in.

The outbox holds named commands written in the same transaction as the record they describe; rows
are never deleted, so ``client_seq`` only grows. Pulled reference tables are server-owned copies:
they are not Audited (the server changes them), and the station's own answer to an inbox item lives
in separate ``local_*`` columns that a pull never writes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_app.core.models.base import Audited, Base, UtcDateTime

OUTBOX_STATUSES = ("pending", "inflight", "applied", "quarantined", "conflict")


class OutboxEntry(Base, Audited):
    """One queued command. Pinned by the audit chain when queued (all but its delivery columns)."""

    __tablename__ = "sync_outbox"
    __table_args__ = (
        Index("ix_sync_outbox_status_seq", "status", "client_seq"),
        Index("ix_sync_outbox_aggregate", "aggregate_type", "aggregate_id", "client_seq"),
    )

    mutation_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_seq: Mapped[int] = mapped_column(Integer, unique=True)
    aggregate_type: Mapped[str] = mapped_column(String(32))
    aggregate_id: Mapped[str] = mapped_column(String(64))
    op_name: Mapped[str] = mapped_column(String(48))
    op_version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON
    payload_sha256: Mapped[str] = mapped_column(String(64))
    base_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    officer_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at_device: Mapped[datetime] = mapped_column(UtcDateTime())
    clock_offset_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    clock_suspect: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_error_code: Mapped[str | None] = mapped_column(String(48), nullable=True)
    last_error_detail: Mapped[str | None] = mapped_column(Text, nullable=True)
    server_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    acked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)

    audit_type = "outbox_entry"
    audit_key_columns = ("mutation_id",)

    def audit_key(self) -> str:
        return self.mutation_id

    def audit_snapshot(self) -> dict[str, Any]:
        return {}  # not audited before migration 0010


class SyncState(Base):
    """One row: where this station syncs, and how the last cycles went. Never holds the credential."""

    __tablename__ = "sync_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    server_url: Mapped[str | None] = mapped_column(String(300), nullable=True)
    ca_bundle: Mapped[str | None] = mapped_column(String(500), nullable=True)
    credential_name: Mapped[str | None] = mapped_column(String(100), nullable=True)  # keyring entry
    server_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    enrolled_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    clock_offset_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    clock_checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_sync_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_outcome: Mapped[str | None] = mapped_column(String(32), nullable=True)
    problem: Mapped[str | None] = mapped_column(Text, nullable=True)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # The audit chain head the server last said it holds for this station (its anchor), and whether
    # the local chain still extends it. Not trusted for verification: the server is asked again.
    chain_anchor_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    chain_anchor_mac: Mapped[str | None] = mapped_column(String(64), nullable=True)
    chain_anchor_problem: Mapped[str | None] = mapped_column(Text, nullable=True)


class SyncCursor(Base):
    """Per pull scope: the cursor of applied pages, and of a rebuild being staged."""

    __tablename__ = "sync_cursor"

    scope: Mapped[str] = mapped_column(String(32), primary_key=True)
    cursor: Mapped[str | None] = mapped_column(Text, nullable=True)
    staging_cursor: Mapped[str | None] = mapped_column(Text, nullable=True)
    rebuilding: Mapped[bool] = mapped_column(Boolean, default=False)
    resets: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class SyncStaging(Base):
    """Pages of a scope being rebuilt after a 410; swapped into the real table when complete."""

    __tablename__ = "sync_staging"

    scope: Mapped[str] = mapped_column(String(32), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(Text)


class _Reference:
    """Columns every pulled table has: the server's id and version, and the full item as JSON."""

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(Text)  # canonical JSON of the item as the server sent it
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())


class LawUpdate(_Reference, Base):
    __tablename__ = "ref_law_update"

    act: Mapped[str] = mapped_column(String(16), default="")
    section: Mapped[str] = mapped_column(String(24), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    valid_from: Mapped[str | None] = mapped_column(String(10), nullable=True)
    valid_to: Mapped[str | None] = mapped_column(String(10), nullable=True)


class WantedPerson(_Reference, Base):
    """Wanted persons and proclaimed offenders circulated by the state."""

    __tablename__ = "ref_wanted_person"
    __table_args__ = (Index("ix_ref_wanted_person_name", "name"),)

    category: Mapped[str] = mapped_column(String(24), default="wanted")  # wanted | proclaimed_offender
    name: Mapped[str] = mapped_column(String(200), default="")
    alias: Mapped[str] = mapped_column(String(200), default="")
    father_name: Mapped[str] = mapped_column(String(200), default="")
    case_reference: Mapped[str] = mapped_column(String(200), default="")


class MissingPerson(_Reference, Base):
    __tablename__ = "ref_missing_person"
    __table_args__ = (Index("ix_ref_missing_person_name", "name"),)

    name: Mapped[str] = mapped_column(String(200), default="")
    age: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sex: Mapped[str] = mapped_column(String(8), default="")
    missing_since: Mapped[str | None] = mapped_column(String(10), nullable=True)
    reporting_station: Mapped[str] = mapped_column(String(200), default="")


class StolenVehicle(_Reference, Base):
    __tablename__ = "ref_stolen_vehicle"
    __table_args__ = (Index("ix_ref_stolen_vehicle_registration_no", "registration_no"),)

    registration_no: Mapped[str] = mapped_column(String(20), default="")  # upper case, no spaces
    vehicle_type: Mapped[str] = mapped_column(String(40), default="")
    make_model: Mapped[str] = mapped_column(String(100), default="")
    chassis_no: Mapped[str] = mapped_column(String(40), default="")
    engine_no: Mapped[str] = mapped_column(String(40), default="")
    fir_reference: Mapped[str] = mapped_column(String(100), default="")


class InboxItem(_Reference, Base):
    """A citizen complaint or verification request the state addressed to this station."""

    __tablename__ = "ref_inbox_item"

    kind: Mapped[str] = mapped_column(String(32), default="")  # citizen_complaint | verification_request
    subject: Mapped[str] = mapped_column(String(300), default="")
    applicant_name: Mapped[str] = mapped_column(String(200), default="")
    server_status: Mapped[str] = mapped_column(String(16), default="new")
    # The station's own answer, pending until the server applies it; a pull never touches these.
    local_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    local_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    local_changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
