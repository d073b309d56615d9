"""Double entry of digitised records: a batch keyed by one operator and re-keyed by another.

A batch lists the records its first operator digitised, each with the key items as they were stored
(``first_values``). A second operator re-keys those items from the paper (``second_values``); every
difference is a mismatch that someone must resolve (keep the first value, or take the second, which
corrects the record) before the batch can be accepted. All three tables are audited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from station_app.core.models.base import Audited, Base, UtcDateTime


class DoubleEntryBatch(Base, Audited):
    __tablename__ = "double_entry_batch"
    audit_type = "double_entry_batch"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # fir | gd | arrest
    label: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12))  # first_pass | second_pass | accepted
    first_by: Mapped[str] = mapped_column(ForeignKey("officer.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)  # first pass done
    second_by: Mapped[str | None] = mapped_column(ForeignKey("officer.id"), nullable=True)
    accepted_by: Mapped[str | None] = mapped_column(ForeignKey("officer.id"), nullable=True)
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)

    def audit_key(self) -> str:
        return self.id

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "label": self.label, "status": self.status, "first_by": self.first_by,
            "created_at": self.created_at, "closed_at": self.closed_at, "second_by": self.second_by,
            "accepted_by": self.accepted_by, "accepted_at": self.accepted_at,
        }  # fmt: skip


class DoubleEntryItem(Base, Audited):
    """One record of a batch: its key items as the first operator stored them and as re-keyed."""

    __tablename__ = "double_entry_item"
    __table_args__ = (
        UniqueConstraint("batch_id", "seq"),
        UniqueConstraint("batch_id", "record_type", "record_id"),
    )
    audit_type = "double_entry_item"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("double_entry_batch.id"))
    seq: Mapped[int] = mapped_column(Integer)
    record_type: Mapped[str] = mapped_column(String(16))  # fir | gd_entry | legacy_arrest
    record_id: Mapped[str] = mapped_column(String(36))
    label: Mapped[str] = mapped_column(String(60))  # "FIR 0012/2019" when it was added
    source_reference: Mapped[str] = mapped_column(String(300))  # where the second operator finds it
    first_values: Mapped[str] = mapped_column(Text)  # canonical JSON: key item -> value as stored
    second_values: Mapped[str | None] = mapped_column(Text, nullable=True)
    second_by: Mapped[str | None] = mapped_column(ForeignKey("officer.id"), nullable=True)
    rekeyed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)

    def audit_key(self) -> str:
        return self.id

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "batch_id": self.batch_id, "seq": self.seq, "record_type": self.record_type,
            "record_id": self.record_id, "first_values": self.first_values, "second_values": self.second_values,
            "second_by": self.second_by, "rekeyed_at": self.rekeyed_at,
        }  # fmt: skip


class DoubleEntryMismatch(Base, Audited):
    """A key item the two operators keyed differently, and how it was resolved."""

    __tablename__ = "double_entry_mismatch"
    __table_args__ = (
        UniqueConstraint("item_id", "field"),
        Index("ix_double_entry_mismatch_batch", "batch_id"),
    )
    audit_type = "double_entry_mismatch"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("double_entry_batch.id"))
    item_id: Mapped[str] = mapped_column(ForeignKey("double_entry_item.id"))
    field: Mapped[str] = mapped_column(String(40))
    first_value: Mapped[str] = mapped_column(Text)
    second_value: Mapped[str] = mapped_column(Text)
    resolution: Mapped[str | None] = mapped_column(String(8), nullable=True)  # first | second
    resolved_by: Mapped[str | None] = mapped_column(ForeignKey("officer.id"), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)

    def audit_key(self) -> str:
        return self.id

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "batch_id": self.batch_id, "item_id": self.item_id, "field": self.field,
            "first_value": self.first_value, "second_value": self.second_value, "resolution": self.resolution,
            "resolved_by": self.resolved_by, "resolved_at": self.resolved_at,
        }  # fmt: skip
