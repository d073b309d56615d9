"""Investigation records: arrests (IIF-3) and what follows them, the case diary (BNSS 192),
seizures (IIF-4) with the property room (malkhana) and its chain of custody, and preliminary enquiries.

Memos are frozen when recorded (``content`` + ``content_digest``); later facts are linked events.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from station_app.core.models.base import Audited, Base, UtcDateTime


class Arrest(Base, Audited):
    __tablename__ = "arrest"
    __table_args__ = (
        UniqueConstraint("fir_id", "person_id", "arrested_at"),
        Index("ix_arrest_status", "status", "arrested_at"),
    )
    audit_type = "arrest"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(String(32))
    fir_id: Mapped[str] = mapped_column(ForeignKey("fir.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    accused_code: Mapped[str] = mapped_column(String(4))
    gd_entry_id: Mapped[str] = mapped_column(ForeignKey("gd_entry.id"))
    kind: Mapped[str] = mapped_column(String(12))  # arrest | surrender
    arrested_at: Mapped[datetime] = mapped_column(UtcDateTime())
    status: Mapped[str] = mapped_column(
        String(20)
    )  # in_custody | produced | police_custody | judicial_custody | bailed | released
    produced_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    officer_id: Mapped[str] = mapped_column(ForeignKey("officer.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    form_version: Mapped[int] = mapped_column(Integer)
    content_digest: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    content: Mapped[str] = mapped_column(Text)  # last: see Fir

    def audit_key(self) -> str:
        return self.id

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "fir_id": self.fir_id, "person_id": self.person_id, "accused_code": self.accused_code,
            "arrested_at": self.arrested_at, "status": self.status, "produced_at": self.produced_at,
            "content": self.content, "content_digest": self.content_digest, "version": self.version,
        }  # fmt: skip


class ArrestEvent(Base, Audited):
    """Production before the Magistrate, remand (police or judicial), bail, release."""

    __tablename__ = "arrest_event"
    __table_args__ = (UniqueConstraint("arrest_id", "seq"),)
    audit_type = "arrest_event"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    arrest_id: Mapped[str] = mapped_column(ForeignKey("arrest.id"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(
        String(20)
    )  # produced | remand_police | remand_judicial | bail | released
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    until: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    officer_id: Mapped[str] = mapped_column(ForeignKey("officer.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    body: Mapped[str] = mapped_column(Text)

    def audit_key(self) -> str:
        return self.id

    def audit_snapshot(self) -> dict[str, Any]:
        return {"arrest_id": self.arrest_id, "seq": self.seq, "kind": self.kind, "at": self.at, "until": self.until,
                "body": self.body}  # fmt: skip


class CaseDiaryEntry(Base, Audited):
    """One day's entry of an FIR's case diary: append-only, chained by hash, paginated as one volume."""

    __tablename__ = "case_diary_entry"
    __table_args__ = (UniqueConstraint("fir_id", "seq"),)
    audit_type = "case_diary_entry"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    fir_id: Mapped[str] = mapped_column(ForeignKey("fir.id"))
    seq: Mapped[int] = mapped_column(Integer)
    entry_date: Mapped[str] = mapped_column(String(10))  # ISO date (IST)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    closed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    page_start: Mapped[int] = mapped_column(Integer)
    page_end: Mapped[int] = mapped_column(Integer)
    officer_id: Mapped[str] = mapped_column(ForeignKey("officer.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)

    def audit_key(self) -> str:
        return self.id

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "fir_id": self.fir_id, "seq": self.seq, "entry_date": self.entry_date, "page_start": self.page_start,
            "page_end": self.page_end, "prev_hash": self.prev_hash, "entry_hash": self.entry_hash,
            "content": self.content,
        }  # fmt: skip


class Seizure(Base, Audited):
    __tablename__ = "seizure"
    audit_type = "seizure"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(String(32))
    fir_id: Mapped[str] = mapped_column(ForeignKey("fir.id"))
    gd_entry_id: Mapped[str] = mapped_column(ForeignKey("gd_entry.id"))
    seized_at: Mapped[datetime] = mapped_column(UtcDateTime())
    seized_from_person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    officer_id: Mapped[str] = mapped_column(ForeignKey("officer.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    form_version: Mapped[int] = mapped_column(Integer)
    content_digest: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)

    def audit_key(self) -> str:
        return self.id

    def audit_snapshot(self) -> dict[str, Any]:
        return {"fir_id": self.fir_id, "seized_at": self.seized_at, "content": self.content,
                "content_digest": self.content_digest}  # fmt: skip


class PropertyItem(Base, Audited):
    """A seized item's entry in the property-room (malkhana) register."""

    __tablename__ = "property_item"
    __table_args__ = (
        UniqueConstraint("malkhana_year", "malkhana_no"),
        UniqueConstraint("seizure_id", "item_no"),
    )
    audit_type = "property_item"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seizure_id: Mapped[str] = mapped_column(ForeignKey("seizure.id"))
    item_no: Mapped[int] = mapped_column(Integer)
    malkhana_year: Mapped[int] = mapped_column(Integer)
    malkhana_no: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(300))
    seal: Mapped[str] = mapped_column(String(60), default="")
    location: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))  # in_malkhana | out | returned | disposed
    version: Mapped[int] = mapped_column(Integer, default=1)

    def audit_key(self) -> str:
        return self.id

    def audit_snapshot(self) -> dict[str, Any]:
        return {"seizure_id": self.seizure_id, "item_no": self.item_no, "malkhana_year": self.malkhana_year,
                "malkhana_no": self.malkhana_no, "description": self.description, "seal": self.seal,
                "location": self.location, "status": self.status, "version": self.version}  # fmt: skip


class CustodyMovement(Base, Audited):
    """One hand-over in a seized item's chain of custody (malkhana, FSL, court, owner...)."""

    __tablename__ = "custody_movement"
    __table_args__ = (UniqueConstraint("property_id", "seq"),)
    audit_type = "custody_movement"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    property_id: Mapped[str] = mapped_column(ForeignKey("property_item.id"))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    from_location: Mapped[str] = mapped_column(String(200))
    to_location: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(String(300))
    handed_over_by: Mapped[str] = mapped_column(String(200))
    received_by: Mapped[str] = mapped_column(String(200))
    reference: Mapped[str] = mapped_column(String(200), default="")
    officer_id: Mapped[str] = mapped_column(ForeignKey("officer.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())

    def audit_key(self) -> str:
        return self.id

    def audit_snapshot(self) -> dict[str, Any]:
        return {"property_id": self.property_id, "seq": self.seq, "at": self.at, "from": self.from_location,
                "to": self.to_location, "purpose": self.purpose, "handed_over_by": self.handed_over_by,
                "received_by": self.received_by, "reference": self.reference}  # fmt: skip


class PreliminaryEnquiry(Base, Audited):
    """BNSS 173(3): a preliminary enquiry (offences of 3 to under 7 years) to finish within 14 days."""

    __tablename__ = "preliminary_enquiry"
    audit_type = "preliminary_enquiry"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    gd_entry_id: Mapped[str] = mapped_column(ForeignKey("gd_entry.id"))
    subject: Mapped[str] = mapped_column(String(300))
    permitted_by: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    concluded_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(300), nullable=True)
    fir_id: Mapped[str | None] = mapped_column(ForeignKey("fir.id"), nullable=True)
    officer_id: Mapped[str] = mapped_column(ForeignKey("officer.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    def audit_key(self) -> str:
        return self.id

    def audit_snapshot(self) -> dict[str, Any]:
        return {"gd_entry_id": self.gd_entry_id, "subject": self.subject, "permitted_by": self.permitted_by,
                "started_at": self.started_at, "concluded_at": self.concluded_at, "outcome": self.outcome,
                "fir_id": self.fir_id, "version": self.version}  # fmt: skip
