"""Digitised paper records: where each came from, legacy arrests, scanned pages, and import jobs.

Legacy FIRs and GD entries live in ``fir`` and ``gd_entry`` like any other (so the register, search
and prints show them); what only a digitised record has is here. Scanned pages are stored once per
content (named by their SHA-256) and linked to as many records as cite them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from station_app.core.models.base import Audited, Base, UtcDateTime


class LegacySource(Base, Audited):
    """The paper a digitised record was copied from (register, volume, page) and who copied it."""

    __tablename__ = "legacy_source"
    __table_args__ = (Index("ix_legacy_source_import", "import_sha256"),)
    audit_type = "legacy_source"

    record_type: Mapped[str] = mapped_column(String(16), primary_key=True)  # fir | gd_entry | legacy_arrest
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    register: Mapped[str] = mapped_column(String(120))
    volume: Mapped[str] = mapped_column(String(40), default="")
    page: Mapped[str] = mapped_column(String(40))
    source_reference: Mapped[str] = mapped_column(String(300))
    original_officer: Mapped[str] = mapped_column(String(200), default="")
    digitised_at: Mapped[datetime] = mapped_column(UtcDateTime())
    digitised_by: Mapped[str] = mapped_column(ForeignKey("officer.id"))
    import_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)  # the file, if imported

    audit_key_columns = ("record_type", "record_id")

    def audit_key(self) -> str:
        return f"{self.record_type}:{self.record_id}"

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "register": self.register, "volume": self.volume, "page": self.page,
            "source_reference": self.source_reference, "original_officer": self.original_officer,
            "digitised_at": self.digitised_at, "digitised_by": self.digitised_by,
            "import_sha256": self.import_sha256,
        }  # fmt: skip


class LegacyArrest(Base, Audited):
    """An arrest copied from a paper arrest register: the reduced facts such registers hold.

    Paper registers lack the BNSS-era items of an IIF-3 memo (grounds, intimation, medical), and their
    people are not in the person master, so they are kept apart from ``arrest``. The FIR is cited by
    number and year as written; ``fir_id`` is filled when that FIR was already in the app.
    """

    __tablename__ = "legacy_arrest"
    __table_args__ = (
        UniqueConstraint("year", "number"),
        Index("ix_legacy_arrest_fir", "fir_year", "fir_number"),
    )
    audit_type = "legacy_arrest"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)  # the arrest register's own serial and year
    number: Mapped[int] = mapped_column(Integer)
    arrested_at: Mapped[datetime] = mapped_column(UtcDateTime())
    name: Mapped[str] = mapped_column(String(200))
    relative_name: Mapped[str] = mapped_column(String(200), default="")
    sections_text: Mapped[str] = mapped_column(Text, default="")
    fir_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fir_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fir_id: Mapped[str | None] = mapped_column(ForeignKey("fir.id"), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    recorded_by: Mapped[str] = mapped_column(ForeignKey("officer.id"))
    content_digest: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)  # canonical JSON, frozen like a memo's

    def audit_key(self) -> str:
        return self.id

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "year": self.year, "number": self.number, "arrested_at": self.arrested_at, "fir_id": self.fir_id,
            "content": self.content, "content_digest": self.content_digest,
        }  # fmt: skip


class AttachmentBlob(Base):
    """The bytes of a scanned page, stored once however many records cite it (named by SHA-256)."""

    __tablename__ = "attachment_blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    mime: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    stored_at: Mapped[datetime] = mapped_column(UtcDateTime())
    data: Mapped[bytes] = mapped_column(LargeBinary)  # last: a big value never slows the other columns


class Attachment(Base, Audited):
    """A scanned page linked to a record; its audit snapshot pins the bytes through their SHA-256."""

    __tablename__ = "attachment"
    __table_args__ = (
        UniqueConstraint("sha256", "record_type", "record_id"),
        Index("ix_attachment_record", "record_type", "record_id"),
    )
    audit_type = "attachment"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("attachment_blob.sha256"))
    record_type: Mapped[str] = mapped_column(String(16))  # fir | gd_entry | legacy_arrest
    record_id: Mapped[str] = mapped_column(String(36))
    label: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(200), default="")
    attached_at: Mapped[datetime] = mapped_column(UtcDateTime())
    attached_by: Mapped[str] = mapped_column(ForeignKey("officer.id"))

    def audit_key(self) -> str:
        return self.id

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256, "record_type": self.record_type, "record_id": self.record_id,
            "label": self.label, "file_name": self.file_name, "attached_at": self.attached_at,
            "attached_by": self.attached_by,
        }  # fmt: skip


class ImportJob(Base):
    """One file being imported, keyed by its SHA-256: progress commits with each batch of rows, so an
    interrupted import resumes after the last committed row, and the same file never imports twice."""

    __tablename__ = "import_job"

    file_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # fir | gd | arrest
    file_name: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(12))  # running | done
    total_rows: Mapped[int] = mapped_column(Integer)
    rows_done: Mapped[int] = mapped_column(Integer)  # data rows consumed, in file order
    imported: Mapped[int] = mapped_column(Integer)
    already_present: Mapped[int] = mapped_column(Integer)
    problem_rows: Mapped[int] = mapped_column(Integer)
    officer_id: Mapped[str] = mapped_column(ForeignKey("officer.id"))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class ImportProblem(Base):
    """A problem found by a real import, kept so the report is whole even after a resumed import."""

    __tablename__ = "import_problem"

    job_sha256: Mapped[str] = mapped_column(ForeignKey("import_job.file_sha256"), primary_key=True)
    row: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    column: Mapped[str] = mapped_column(String(60))
    problem: Mapped[str] = mapped_column(Text)
    suggestion: Mapped[str] = mapped_column(Text)
