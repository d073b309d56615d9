"""The person master (complainants, victims, accused, witnesses), its merges, photos and search tables.

One person, one id: duplicates are merged, never deleted. A merged duplicate keeps its row and its id
(arrest memos and seizures may cite it) and points at the person it was merged into; ``resolve``
in the person service follows those pointers. Undoing a merge clears the pointer again; both acts
are audited, so the audit trail shows the whole history.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_app.core.models.base import Audited, Base, UtcDateTime


class Person(Base, Audited):
    __tablename__ = "person"
    __table_args__ = (Index("ix_person_merged_into", "merged_into"),)
    audit_type = "person"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # A local integer that names this person's row in the full-text index (person_fts.rowid). The
    # table's own rowid is not used: VACUUM may renumber the rowids of a table with a text key.
    search_key: Mapped[int] = mapped_column(Integer, unique=True)
    station_code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))  # as written, Latin or Devanagari
    name_alt: Mapped[str] = mapped_column(String(200), default="")  # the same name in the other script
    aliases: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of strings
    relative_name: Mapped[str] = mapped_column(String(200), default="")
    relative_relation: Mapped[str] = mapped_column(String(16), default="")  # father|husband|mother|guardian
    # What was given, as given: a date of birth, a year of birth, or an age on a date.
    dob: Mapped[str | None] = mapped_column(String(10), nullable=True)  # ISO date
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    age: Mapped[int | None] = mapped_column(Integer, nullable=True)
    age_on: Mapped[str | None] = mapped_column(String(10), nullable=True)  # ISO date the age was given
    birth_year_est: Mapped[int | None] = mapped_column(Integer, nullable=True)  # derived, for matching
    sex: Mapped[str] = mapped_column(String(1), default="")  # M | F | T | "" unknown
    present_address: Mapped[str] = mapped_column(Text, default="")
    permanent_address: Mapped[str] = mapped_column(Text, default="")
    phones: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of 10-digit numbers
    id_documents: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{kind, number}], Aadhaar masked
    photo_sha256: Mapped[str | None] = mapped_column(ForeignKey("person_photo.sha256"), nullable=True)
    merged_into: Mapped[str | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_by: Mapped[str] = mapped_column(String(36))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_by: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer, default=1)

    def audit_key(self) -> str:
        return self.id

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "station_code": self.station_code,
            "name": self.name,
            "name_alt": self.name_alt,
            "aliases": self.aliases,
            "relative_name": self.relative_name,
            "relative_relation": self.relative_relation,
            "dob": self.dob,
            "birth_year": self.birth_year,
            "age": self.age,
            "age_on": self.age_on,
            "sex": self.sex,
            "present_address": self.present_address,
            "permanent_address": self.permanent_address,
            "phones": self.phones,
            "id_documents": self.id_documents,
            "photo_sha256": self.photo_sha256,
            "merged_into": self.merged_into,
            "version": self.version,
        }


class PersonPhoto(Base):
    """A photo, stored once however many people cite it, named by the SHA-256 of its bytes.

    The bytes sit in the encrypted database like every other column; the name doubles as a check
    that they were not changed (and the person's audit snapshot pins the name).
    """

    __tablename__ = "person_photo"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    mime: Mapped[str] = mapped_column(String(16))  # image/jpeg | image/png
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class PersonMerge(Base, Audited):
    """One merge of a duplicate into the person kept; ``undone_at`` is set when it is undone."""

    __tablename__ = "person_merge"
    __table_args__ = (Index("ix_person_merge_duplicate_id", "duplicate_id"),)
    audit_type = "person_merge"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    keep_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    duplicate_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    reason: Mapped[str] = mapped_column(Text)
    merged_at: Mapped[datetime] = mapped_column(UtcDateTime())
    merged_by: Mapped[str] = mapped_column(String(36))
    undone_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    undone_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    undo_reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    def audit_key(self) -> str:
        return self.id

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "keep_id": self.keep_id,
            "duplicate_id": self.duplicate_id,
            "reason": self.reason,
            "merged_at": self.merged_at,
            "merged_by": self.merged_by,
            "undone_at": self.undone_at,
            "undone_by": self.undone_by,
            "undo_reason": self.undo_reason,
        }


class FirVehicle(Base):
    """Vehicle registration numbers found in registered FIRs' property rows (derived, for search).

    A trigger on ``fir`` queues every FIR whose content is set (``SearchFirPending``); the search
    service reads the queued FIRs' property descriptions and fills this table.
    """

    __tablename__ = "fir_vehicle"
    __table_args__ = (Index("ix_fir_vehicle_tail", "tail"),)

    reg_no: Mapped[str] = mapped_column(String(16), primary_key=True)  # "UP32AB1234"
    fir_id: Mapped[str] = mapped_column(ForeignKey("fir.id"), primary_key=True)
    tail: Mapped[str] = mapped_column(String(4))  # the last four digits, as officers often ask for
    written: Mapped[str] = mapped_column(String(40))  # as it appears in the FIR


class FirPerson(Base):
    """A person linked to a registered FIR in a role ("victim"), with her label on masked outputs ("V1").

    Derived from the FIR's frozen content (``victims``), which is audited and synced; this table lets
    the person register find, without reading every FIR, whose identity is protected (a victim of a
    sensitive FIR is not shown to officers without the need to know)."""

    __tablename__ = "fir_person"
    __table_args__ = (Index("ix_fir_person_person_id", "person_id"),)

    fir_id: Mapped[str] = mapped_column(ForeignKey("fir.id"), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)  # victim
    label: Mapped[str] = mapped_column(String(8))  # V1, V2 ...


class SearchFirPending(Base):
    """FIRs whose vehicles are not yet in ``fir_vehicle`` (filled by a trigger, emptied by search)."""

    __tablename__ = "search_fir_pending"

    fir_id: Mapped[str] = mapped_column(String(36), primary_key=True)
