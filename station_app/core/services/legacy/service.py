"""Digitising paper records one at a time (the keyboard form) and reading them back.

A legacy FIR is stored like a registered FIR (status registered, source "legacy", frozen content and
digest with a ``legacy`` block), so the register, search and the printed copy (with its DIGITISED
mark) treat it like any other. GD entries keep their number and hour (``GdEntry.legacy``); arrests
from paper registers are ``LegacyArrest`` rows. Each write is one transaction with its audit entries
and its outbox command.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from forms.law_master import LawMaster
from forms.schema import load_form
from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.errors import ConflictError, NotFoundError, ValidationError
from station_app.core.importers.rows import CellIssue, LegacyFirRow, LegacyGdRow, LegacyRow, parse_row
from station_app.core.importers.spec import SPECS, Kind, KindSpec
from station_app.core.localtime import to_ist
from station_app.core.models import Fir, GdEntry
from station_app.core.models.legacy import LegacyArrest, LegacySource
from station_app.core.numbering import FIR_SERIES
from station_app.core.permissions import Actor, Permission, require
from station_app.core.services.common import officer_card
from station_app.core.services.legacy.batch import BatchWriter
from station_app.core.services.legacy.context import WriteContext, station_block
from station_app.core.services.legacy.writer import RowConflict, write_row


@dataclass(frozen=True)
class DigitisedRecord:
    kind: Kind
    record_type: str  # fir | gd_entry | legacy_arrest
    record_id: str
    label: str  # "FIR 0012/2019", "GD 0023/2019", "Arrest 0007/2019"
    warnings: tuple[str, ...] = ()  # what the law says of it today (kept with a paper FIR)


@dataclass(frozen=True)
class SourceInfo:
    record_type: str
    record_id: str
    register: str
    volume: str
    page: str
    source_reference: str
    original_officer: str
    digitised_at: datetime
    digitised_by: str
    import_sha256: str | None


@dataclass(frozen=True)
class LegacyArrestInfo:
    id: str
    register_no: str
    arrested_at: datetime
    name: str
    relative_name: str
    sections_text: str
    fir_no: str | None
    fir_id: str | None
    content: dict[str, Any]
    digest: str


def _arrest_info(a: LegacyArrest) -> LegacyArrestInfo:
    content = json.loads(a.content)
    fir = content.get("fir")
    return LegacyArrestInfo(a.id, content["register_no"], a.arrested_at, a.name, a.relative_name, a.sections_text,
                            fir["fir_no"] if fir else None, a.fir_id, content, a.content_digest)  # fmt: skip


def label_of(row: LegacyRow) -> tuple[str, str]:
    if isinstance(row, LegacyFirRow):
        return "fir", f"FIR {row.number:04d}/{row.year}"
    if isinstance(row, LegacyGdRow):
        return "gd_entry", f"GD {row.number:04d}/{row.year}"
    return "legacy_arrest", f"Arrest {row.number:04d}/{row.year}"


def _field_errors(issues: list[CellIssue]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for issue in issues:
        text = f"{issue.problem} {issue.suggestion}".strip()
        errors[issue.column or "row"] = f"{errors[issue.column]} {text}" if issue.column in errors else text
    return errors


class LegacyService:
    def __init__(self, db: Database, clock: Clock, laws: LawMaster) -> None:
        self._db = db
        self._clock = clock
        self._laws = laws
        self._fir_form = load_form("iif1_fir")

    @staticmethod
    def spec(kind: Kind) -> KindSpec:
        """The columns of a register in paper order, with labels and help (for the entry form)."""
        return SPECS[kind]

    def context(self, session: Session, actor: Actor, import_sha256: str | None = None) -> WriteContext:
        return WriteContext(
            actor=actor, now=self._clock.now(), laws=self._laws, form_id=self._fir_form.id,
            form_version=self._fir_form.version, station=station_block(session),
            digitiser=officer_card(session, actor.officer_id), import_sha256=import_sha256,
        )  # fmt: skip

    def parse(self, kind: Kind, values: Mapping[str, object]) -> tuple[LegacyRow | None, list[CellIssue]]:
        return parse_row(kind, values, self._laws, to_ist(self._clock.now()).date())

    def check(self, actor: Actor, kind: Kind, values: Mapping[str, object]) -> list[CellIssue]:
        """Every problem of one record as typed, including a number already taken (nothing is written)."""
        require(actor, Permission.DIGITISE_LEGACY)
        row, issues = self.parse(kind, values)
        if row is None:
            return issues
        with self._db.read() as session:
            try:
                if (
                    write_row(BatchWriter(session, self.context(session, actor), probe=True), row)
                    == "present"
                ):
                    return [CellIssue("", f"{label_of(row)[1]} is already digitised with these details.")]
            except RowConflict as exc:
                return [CellIssue(exc.column, exc.message, exc.suggestion)]
        return issues  # warnings only: the record can be saved

    def digitise(self, actor: Actor, kind: Kind, values: Mapping[str, object]) -> DigitisedRecord:
        """Store one paper record under its original number (no new number is allocated)."""
        require(actor, Permission.DIGITISE_LEGACY)
        row, issues = self.parse(kind, values)
        if row is None:
            raise ValidationError(_field_errors([i for i in issues if not i.warning]))
        record_type, label = label_of(row)
        with self._db.write() as session:
            writer = BatchWriter(session, self.context(session, actor))
            try:
                outcome = write_row(writer, row)
            except RowConflict as exc:
                raise ValidationError({exc.column: f"{exc.message} {exc.suggestion}".strip()}) from None
            if outcome == "present":
                raise ConflictError(f"{label} is already digitised with these details; nothing was added.")
            writer.finish()
            record_id = self._record_id(session, row)
        warnings = tuple(i.problem for i in issues if i.warning)
        return DigitisedRecord(kind, record_type, record_id, label, warnings)

    def _record_id(self, session: Session, row: LegacyRow) -> str:
        if isinstance(row, LegacyFirRow):
            query = select(Fir.id).where(
                Fir.series == FIR_SERIES, Fir.year == row.year, Fir.number == row.number
            )
        elif isinstance(row, LegacyGdRow):
            query = select(GdEntry.id).where(GdEntry.year == row.year, GdEntry.number == row.number)
        else:
            query = select(LegacyArrest.id).where(
                LegacyArrest.year == row.year, LegacyArrest.number == row.number
            )
        found = session.scalar(query)
        assert found is not None
        return str(found)

    # --- reading ----------------------------------------------------------------------------------

    def source(self, actor: Actor, record_type: str, record_id: str) -> SourceInfo | None:
        """Where a digitised record came from; None for a record made in the app."""
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            s = session.get(LegacySource, (record_type, record_id))
            if s is None:
                return None
            return SourceInfo(s.record_type, s.record_id, s.register, s.volume, s.page, s.source_reference,
                              s.original_officer, s.digitised_at, s.digitised_by, s.import_sha256)  # fmt: skip

    def digitised_ids(self, actor: Actor, record_type: str, record_ids: list[str]) -> set[str]:
        """Which of these records were digitised from paper: one query for a whole page of a list."""
        require(actor, Permission.VIEW_RECORDS)
        if not record_ids:
            return set()
        with self._db.read() as session:
            found = session.scalars(
                select(LegacySource.record_id).where(
                    LegacySource.record_type == record_type, LegacySource.record_id.in_(record_ids)
                )
            )
            return set(found)

    def arrest(self, actor: Actor, arrest_id: str) -> LegacyArrestInfo:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            found = session.get(LegacyArrest, arrest_id)
            if found is None:
                raise NotFoundError("That legacy arrest does not exist.")
            return _arrest_info(found)

    def arrests(
        self, actor: Actor, *, year: int | None = None, offset: int = 0, limit: int = 200
    ) -> list[LegacyArrestInfo]:
        """The digitised arrest register, newest serial first."""
        require(actor, Permission.VIEW_RECORDS)
        query = select(LegacyArrest)
        if year is not None:
            query = query.where(LegacyArrest.year == year)
        query = (
            query.order_by(LegacyArrest.year.desc(), LegacyArrest.number.desc()).offset(offset).limit(limit)
        )
        with self._db.read() as session:
            return [_arrest_info(a) for a in session.scalars(query)]

    def arrests_for_fir(self, actor: Actor, fir_id: str) -> list[LegacyArrestInfo]:
        """Digitised arrests of an FIR: linked when written, or citing its number and year."""
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            fir = session.get(Fir, fir_id)
            if fir is None:
                raise NotFoundError("That FIR does not exist.")
            linked = LegacyArrest.fir_id == fir.id
            if fir.series == FIR_SERIES:  # paper registers cite FIRs by number and year
                cites = (LegacyArrest.fir_year == fir.year) & (LegacyArrest.fir_number == fir.number)
                linked = or_(linked, cites)
            query = select(LegacyArrest).where(linked)
            return [_arrest_info(a) for a in session.scalars(query.order_by(LegacyArrest.arrested_at))]
