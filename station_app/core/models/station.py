"""The station itself, its officers, and the audit chain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_app.core.models.base import Audited, Base, UtcDateTime


class Station(Base, Audited):
    """Exactly one row: the identity of the police station this database belongs to."""

    __tablename__ = "station"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)
    audit_type = "station"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(80))
    district: Mapped[str] = mapped_column(String(80))
    station_name: Mapped[str] = mapped_column(String(120))
    station_name_hi: Mapped[str] = mapped_column(String(120))
    station_code: Mapped[str] = mapped_column(String(32))
    training: Mapped[bool] = mapped_column(Boolean, default=False)
    idle_lock_minutes: Mapped[int] = mapped_column(Integer, default=10)
    # For sunset and sunrise (BNSS 43(5)); null until set, when the per-state table is used.
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())

    audit_key_columns = ("station_code",)

    def audit_key(self) -> str:
        return self.station_code

    def audit_snapshot(self) -> dict[str, Any]:
        snapshot: dict[str, Any] = {
            "state": self.state,
            "district": self.district,
            "station_name": self.station_name,
            "station_name_hi": self.station_name_hi,
            "station_code": self.station_code,
            "training": self.training,
            "idle_lock_minutes": self.idle_lock_minutes,
        }
        if self.latitude is not None or self.longitude is not None:
            # Only once set, so the digests of stations recorded before 0009 stay as they were.
            snapshot["latitude"], snapshot["longitude"] = self.latitude, self.longitude
        return snapshot


class Officer(Base, Audited):
    __tablename__ = "officer"
    audit_type = "officer"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)  # stored lower-case
    full_name: Mapped[str] = mapped_column(String(120))
    rank: Mapped[str] = mapped_column(String(60))
    belt_number: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    def audit_key(self) -> str:
        return self.id

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "full_name": self.full_name,
            "rank": self.rank,
            "belt_number": self.belt_number,
            "role": self.role,
            "password_hash": self.password_hash,  # only its digest enters the audit chain
            "active": self.active,
            "must_change_password": self.must_change_password,
            "failed_attempts": self.failed_attempts,
            "locked_until": self.locked_until,
            "last_login_at": self.last_login_at,
            "version": self.version,
        }


class AuditEntry(Base):
    """One link of the audit chain: who did what to which record, and digests of the change."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_entity", "entity_type", "entity_id", "seq"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    officer_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    officer_username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text, default="")
    before_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    after_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))  # SHA-256, or HMAC-SHA256 under the chain key
    # Short per-column digests of the row after the change ("name=hash,..."), to name an edited column.
    after_columns: Mapped[str | None] = mapped_column(Text, nullable=True)
    keyed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")  # HMAC, not plain
