"""Legal records: General Diary entries, FIRs and their linked records, and gap-free number series."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from station_app.core.models.base import Audited, Base, UtcDateTime


class NumberSeries(Base):
    """The last number used in each series (FIR, ZERO, GD) per calendar year (IST).

    Numbers are taken in the same IMMEDIATE transaction that registers the record, so a number is
    used exactly when the record exists: no gaps, no duplicates, even with two desks at once.
    """

    __tablename__ = "number_series"

    series: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer)


class GdEntry(Base, Audited):
    """One General Diary (roznamcha) entry. Append-only: corrections are new entries."""

    __tablename__ = "gd_entry"
    __table_args__ = (UniqueConstraint("year", "number"), Index("ix_gd_entry_entry_at", "entry_at"))
    audit_type = "gd_entry"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    entry_at: Mapped[datetime] = mapped_column(UtcDateTime())  # when the event happened
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())  # when it was written down
    officer_id: Mapped[str] = mapped_column(ForeignKey("officer.id"))
    officer_name: Mapped[str] = mapped_column(String(200))  # as signed at the time
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(200))
    details: Mapped[str] = mapped_column(Text)
    fir_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    legacy: Mapped[bool] = mapped_column(Boolean, default=False)

    def audit_key(self) -> str:
        return self.id

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "number": self.number,
            "entry_at": self.entry_at,
            "recorded_at": self.recorded_at,
            "officer_id": self.officer_id,
            "officer_name": self.officer_name,
            "kind": self.kind,
            "subject": self.subject,
            "details": self.details,
            "fir_id": self.fir_id,
            "legacy": self.legacy,
        }


class Fir(Base, Audited):
    """An FIR from draft to registration. Once registered, ``content`` is frozen and pinned by its digest."""

    __tablename__ = "fir"
    __table_args__ = (
        UniqueConstraint("series", "year", "number"),
        Index("ix_fir_register_order", "year", "number", "id"),
        Index("ix_fir_status", "status"),
        Index("ix_fir_registered_at", "registered_at"),
        Index("ix_fir_occurrence_from", "occurrence_from"),
    )
    audit_type = "fir"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(20))  # draft | registered | transferred
    source: Mapped[str] = mapped_column(String(12), default="station")  # station | efir | legacy
    series: Mapped[str | None] = mapped_column(String(8), nullable=True)  # FIR | ZERO once registered
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    form_version: Mapped[int] = mapped_column(Integer)
    content_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    registered_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    registered_by: Mapped[str | None] = mapped_column(ForeignKey("officer.id"), nullable=True)
    gd_entry_id: Mapped[str | None] = mapped_column(ForeignKey("gd_entry.id"), nullable=True)
    occurrence_from: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    complainant_name: Mapped[str] = mapped_column(String(200), default="")
    accused_names: Mapped[str] = mapped_column(Text, default="")
    sections_text: Mapped[str] = mapped_column(Text, default="")
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    efir_received_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    informant_signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_by: Mapped[str] = mapped_column(ForeignKey("officer.id"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The big text columns come last: SQLite then reads the register's columns from each row's first
    # page without walking overflow pages, which keeps scans of 200,000 FIRs fast.
    draft: Mapped[str] = mapped_column(Text, default="{}")  # working values (JSON) while a draft
    content: Mapped[str | None] = mapped_column(Text, nullable=True)  # registered content (canonical JSON)

    def audit_key(self) -> str:
        return self.id

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "source": self.source,
            "series": self.series,
            "year": self.year,
            "number": self.number,
            "draft": self.draft,
            "content": self.content,
            "content_digest": self.content_digest,
            "registered_at": self.registered_at,
            "registered_by": self.registered_by,
            "gd_entry_id": self.gd_entry_id,
            "efir_received_at": self.efir_received_at,
            "informant_signed_at": self.informant_signed_at,
            "version": self.version,
        }


class FirSection(Base):
    """Act and section pairs of registered FIRs (after alterations), for the register's filter."""

    __tablename__ = "fir_section"
    __table_args__ = (Index("ix_fir_section_lookup", "act", "section"),)

    fir_id: Mapped[str] = mapped_column(ForeignKey("fir.id"), primary_key=True)
    act: Mapped[str] = mapped_column(String(16), primary_key=True)
    section: Mapped[str] = mapped_column(String(24), primary_key=True)


class FirEvent(Base, Audited):
    """What happens to a registered FIR without changing it: alteration memo, dispatch to court, transfer."""

    __tablename__ = "fir_event"
    __table_args__ = (UniqueConstraint("fir_id", "seq"),)
    audit_type = "fir_event"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    fir_id: Mapped[str] = mapped_column(ForeignKey("fir.id"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(24))  # alteration | court_dispatch | transfer
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    officer_id: Mapped[str] = mapped_column(ForeignKey("officer.id"))
    body: Mapped[str] = mapped_column(Text)  # canonical JSON

    def audit_key(self) -> str:
        return self.id

    def audit_snapshot(self) -> dict[str, Any]:
        return {"fir_id": self.fir_id, "seq": self.seq, "kind": self.kind, "at": self.at, "body": self.body}
