"""Building one checked legacy record: the record, where it came from, its audit entries and its
outbox command, added to a ``BatchWriter`` whose transaction writes them all or nothing.

Shared by the keyboard form (a batch of one) and the bulk import (a batch of rows per transaction).
A record's original number is kept: nothing is allocated. The same record written twice is
recognised ("present"); another record under the same number is refused with a message naming the
one already there.
"""

from __future__ import annotations

import json
from datetime import datetime, time
from typing import Any, Literal

from forms.law_master import LawError
from station_app.core.canonical import canonical_json, sha256_hex
from station_app.core.errors import ConflictError
from station_app.core.fir_content import section_rows, sections_text
from station_app.core.ids import new_id
from station_app.core.importers.rows import LegacyArrestRow, LegacyFirRow, LegacyGdRow, LegacyRow, Source
from station_app.core.localtime import IST, format_ist, iso_ist
from station_app.core.models import Fir, FirSection, GdEntry
from station_app.core.models.legacy import LegacyArrest, LegacySource
from station_app.core.numbering import FIR_SERIES, GD_SERIES, format_fir_number
from station_app.core.outbox import enqueue, enqueue_fir_registration, enqueue_gd_entry
from station_app.core.services.legacy.batch import BatchWriter
from station_app.core.services.legacy.context import WriteContext

CONTENT_SCHEMA = 1
LEGACY_ARREST_FORM = "legacy_arrest"
# Sync vocabulary for what the server does not know yet (see the report to the sync engineer).
OP_RECORD_LEGACY_ARREST = "record_legacy_arrest"
AGG_LEGACY_ARREST = "legacy_arrest"
NOT_RECORDED = "(not recorded in the register)"
Outcome = Literal["imported", "present"]


class RowConflict(ConflictError):
    """The record clashes with one already in the app; ``column`` is where the operator should look."""

    def __init__(self, column: str, message: str, suggestion: str = "") -> None:
        super().__init__(message, suggestion)
        self.column = column
        self.suggestion = suggestion


def _legacy_block(ctx: WriteContext, source: Source, officer: str, **extra: Any) -> dict[str, Any]:
    return {
        "source_reference": source.reference(), "register": source.register, "volume": source.volume,
        "page": source.page, "original_officer": officer, "digitised_at": iso_ist(ctx.now),
        "digitised_by": ctx.digitiser, **extra,
    }  # fmt: skip


def _comparable(content: dict[str, Any]) -> dict[str, Any]:
    """What makes two digitisations the same record: everything but when and by whom it was typed."""
    legacy = {
        k: v for k, v in (content.get("legacy") or {}).items() if k not in ("digitised_at", "digitised_by")
    }
    return {**content, "legacy": legacy}


def _source_row(w: BatchWriter, record_type: str, record_id: str, source: Source, officer: str) -> None:
    ctx = w.ctx
    row = LegacySource(
        record_type=record_type, record_id=record_id, register=source.register, volume=source.volume,
        page=source.page, source_reference=source.reference(), original_officer=officer, digitised_at=ctx.now,
        digitised_by=ctx.actor.officer_id, import_sha256=ctx.import_sha256,
    )  # fmt: skip
    w.add(row)
    w.audit(row, "legacy.source", source.reference()[:200])


# --- FIR -------------------------------------------------------------------------------------------


def _fir_values(row: LegacyFirRow) -> dict[str, Any]:
    values: dict[str, Any] = {
        "acts_sections": [{"act": r.act, "section": r.number} for r in row.sections],
        "occurrence_from": iso_ist(row.occurrence_from),
        "place_address": row.place,
        "complainant_name": row.complainant_name,
        "complainant_relative_name": row.complainant_relative_name,
        "complainant_present_address": row.complainant_address,
        "accused": [{"status": "known", "name": name} for name in row.accused],
        "narrative": row.brief_facts,
    }
    if row.occurrence_to is not None:  # "up to that day": the day's last minute
        values["occurrence_to"] = iso_ist(datetime.combine(row.occurrence_to, time(23, 59), tzinfo=IST))
    return {k: v for k, v in values.items() if v not in ("", [], None)}


def fir_content(ctx: WriteContext, row: LegacyFirRow) -> dict[str, Any]:
    refs = list(row.sections)
    untimed = [name for name, known in (("registered_at", row.registered_time_known),
                                        ("occurrence_from", row.occurrence_time_known)) if not known]  # fmt: skip
    officer = row.original_officer
    return {
        "schema": CONTENT_SCHEMA, "form": ctx.form_id, "form_version": ctx.form_version, "station": ctx.station,
        "series": FIR_SERIES, "year": row.year, "number": row.number,
        "fir_no": format_fir_number(FIR_SERIES, row.number, row.year),
        "registered_at": iso_ist(row.registered_at),
        "registered_by": {"name": officer, "rank": "", "belt_number": ""} if officer else None,
        "gd_entry": None, "sensitive": ctx.laws.is_sensitive(refs), "zero_fir": False, "source": "legacy",
        "efir": None,
        "legacy": _legacy_block(ctx, row.source, officer, gd_reference=row.gd_reference, time_not_recorded=untimed,
                                **({"law_warnings": list(row.warnings)} if row.warnings else {})),
        "sections": section_rows(ctx.laws, refs), "investigating_officer": None, "values": _fir_values(row),
    }  # fmt: skip


def _describe_fir(fir: Fir) -> str:
    assert fir.series and fir.number and fir.year
    fir_no = format_fir_number(fir.series, fir.number, fir.year)
    if fir.source == "legacy" and fir.content:
        legacy = json.loads(fir.content).get("legacy") or {}
        return f"FIR {fir_no} is already digitised (from {legacy.get('source_reference')}) with different details"
    return f"FIR {fir_no} is already registered in the app ({format_ist(fir.registered_at)}, u/s {fir.sections_text})"


def write_fir(w: BatchWriter, row: LegacyFirRow) -> Outcome:
    ctx = w.ctx
    content = fir_content(ctx, row)
    existing = w.fir(row.year, row.number)
    if existing is not None:
        if (
            existing.source == "legacy"
            and existing.content
            and _comparable(json.loads(existing.content)) == _comparable(content)
        ):
            return "present"
        raise RowConflict("fir_number", _describe_fir(existing) + ".",
                          "Check the FIR number and year in the register: two FIRs cannot share a number.")  # fmt: skip
    if w.probe:
        return "imported"
    text = canonical_json(content)
    fir = Fir(
        id=new_id(), station_code=ctx.station["station_code"], status="registered", source="legacy",
        series=FIR_SERIES, year=row.year, number=row.number, form_version=ctx.form_version,
        content_digest=sha256_hex(text), registered_at=row.registered_at, registered_by=ctx.actor.officer_id,
        gd_entry_id=None, occurrence_from=row.occurrence_from, complainant_name=row.complainant_name[:200],
        accused_names="; ".join(row.accused), sections_text=sections_text(row.sections),
        sensitive=bool(content["sensitive"]), created_at=ctx.now, created_by=ctx.actor.officer_id,
        updated_at=ctx.now, version=1, draft="{}", content=text,
    )  # fmt: skip
    w.add(fir)
    for ref in row.sections:
        w.add(FirSection(fir_id=fir.id, act=ref.act, section=ref.number))
    w.audit(fir, "fir.digitise", f"legacy FIR {content['fir_no']}")
    _source_row(w, "fir", fir.id, row.source, row.original_officer)
    w.number(FIR_SERIES, row.year, row.number)
    w.queue(lambda session: enqueue_fir_registration(session, fir, ctx.now))
    return "imported"


# --- GD entry --------------------------------------------------------------------------------------


def write_gd(w: BatchWriter, row: LegacyGdRow) -> Outcome:
    ctx = w.ctx
    officer_name = row.original_officer or NOT_RECORDED
    existing = w.gd(row.year, row.number)
    if existing is not None:
        same = (existing.entry_at, existing.kind, existing.subject, existing.details, existing.officer_name)
        if existing.legacy and same == (row.entry_at, row.kind, row.subject, row.details, officer_name):
            return "present"
        what = "digitised with different details" if existing.legacy else "already written in the app"
        raise RowConflict("gd_number", f"GD {row.number:04d}/{row.year} is {what} ({format_ist(existing.entry_at)}).",
                          "Check the entry number and year in the register.")  # fmt: skip
    if w.probe:
        return "imported"
    # Legacy entries keep their own number and hour: the "diary cannot go back in time" rule is for
    # entries written now, not for old pages copied in.
    entry = GdEntry(
        id=new_id(), station_code=ctx.station["station_code"], year=row.year, number=row.number,
        entry_at=row.entry_at, recorded_at=ctx.now, officer_id=ctx.actor.officer_id, officer_name=officer_name,
        kind=row.kind, subject=row.subject, details=row.details, fir_id=None, legacy=True,
    )  # fmt: skip
    w.add(entry)
    w.audit(entry, "gd.digitise", f"legacy GD {row.number:04d}/{row.year}")
    _source_row(w, "gd_entry", entry.id, row.source, row.original_officer)
    w.number(GD_SERIES, row.year, row.number)
    w.queue(lambda session: enqueue_gd_entry(session, entry, ctx.now))
    return "imported"


# --- arrest ----------------------------------------------------------------------------------------


def _check_against_fir(ctx: WriteContext, row: LegacyArrestRow, fir: Fir) -> None:
    occurred = fir.occurrence_from
    if occurred is None:
        return
    day = occurred.astimezone(IST).date()
    if row.arrested_at.astimezone(IST).date() < day:
        raise RowConflict("arrested_on", f"The arrest ({format_ist(row.arrested_at)}) is before the offence of FIR "
                          f"{row.fir_number}/{row.fir_year} ({day:%d-%m-%Y}).", "Check the date or the FIR number.")  # fmt: skip
    for ref in row.sections:
        try:
            ctx.laws.check(ref, day)
        except LawError as exc:
            raise RowConflict("acts_sections", f"{exc} (the offence of FIR {row.fir_number}/{row.fir_year}).",
                              "Cite the law in force on the date of the offence.") from None  # fmt: skip


def arrest_content(ctx: WriteContext, row: LegacyArrestRow) -> dict[str, Any]:
    fir = None
    if row.fir_number is not None and row.fir_year is not None:
        fir = {
            "number": row.fir_number,
            "year": row.fir_year,
            "fir_no": format_fir_number(FIR_SERIES, row.fir_number, row.fir_year),
        }
    return {
        "schema": CONTENT_SCHEMA, "form": LEGACY_ARREST_FORM, "station": ctx.station, "year": row.year,
        "number": row.number, "register_no": f"{row.number:04d}/{row.year}", "arrested_at": iso_ist(row.arrested_at),
        "place": row.place, "person": {"name": row.name, "relative_name": row.relative_name},
        "sections": section_rows(ctx.laws, row.sections), "fir": fir,
        "legacy": _legacy_block(ctx, row.source, row.original_officer,
                                time_not_recorded=[] if row.time_known else ["arrested_at"]),
    }  # fmt: skip


def write_arrest(w: BatchWriter, row: LegacyArrestRow) -> Outcome:
    ctx = w.ctx
    content = arrest_content(ctx, row)
    existing = w.arrest(row.year, row.number)
    if existing is not None:
        if _comparable(json.loads(existing.content)) == _comparable(content):
            return "present"
        raise RowConflict("arrest_number", f"Arrest {row.number:04d}/{row.year} is already digitised with different "
                          f"details ({existing.name}, {format_ist(existing.arrested_at)}).",
                          "Check the serial number and year in the register.")  # fmt: skip
    fir = None
    if row.fir_number is not None and row.fir_year is not None:
        fir = w.fir(row.fir_year, row.fir_number)
        if fir is not None:
            _check_against_fir(ctx, row, fir)
    if w.probe:
        return "imported"
    text = canonical_json(content)
    arrest = LegacyArrest(
        id=new_id(), station_code=ctx.station["station_code"], year=row.year, number=row.number,
        arrested_at=row.arrested_at, name=row.name[:200], relative_name=row.relative_name[:200],
        sections_text=sections_text(row.sections), fir_year=row.fir_year, fir_number=row.fir_number,
        fir_id=fir.id if fir else None, recorded_at=ctx.now, recorded_by=ctx.actor.officer_id,
        content_digest=sha256_hex(text), content=text,
    )  # fmt: skip
    w.add(arrest)
    w.audit(arrest, "arrest.digitise", f"legacy arrest {content['register_no']}")
    _source_row(w, "legacy_arrest", arrest.id, row.source, row.original_officer)
    payload = {
        "arrest_id": arrest.id, "station_code": arrest.station_code, "year": row.year, "number": row.number,
        "arrested_at": iso_ist(row.arrested_at), "fir_id": arrest.fir_id, "content": text,
        "content_digest": arrest.content_digest,
    }  # fmt: skip
    w.queue(lambda session: enqueue(
        session, op=OP_RECORD_LEGACY_ARREST, aggregate_type=AGG_LEGACY_ARREST, aggregate_id=arrest.id,
        payload=payload, officer_id=ctx.actor.officer_id, at=ctx.now,
    ))  # fmt: skip
    return "imported"


def write_row(w: BatchWriter, row: LegacyRow) -> Outcome:
    """Build (or when probing, only check) one legacy record in the writer's batch."""
    if isinstance(row, LegacyFirRow):
        return write_fir(w, row)
    if isinstance(row, LegacyGdRow):
        return write_gd(w, row)
    return write_arrest(w, row)
