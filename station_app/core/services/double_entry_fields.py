"""What double entry shows (batches, records, differences); the key items of a digitised record that
it compares, read from the record as stored or from what the second operator keyed, always in one
canonical form so that "05-3-19" and "05-03-2019", or "IPC 411, 379" and "IPC 379, IPC 411", are the
same value; and the correction of a record when the first operator's value was wrong.

A correction changes the record in place: a legacy record copies a paper page, it is not yet evidence
the way an FIR registered in the app is, so its transcription may be put right. The change is one
audited write (before and after digests), the content digest is recomputed, and the corrected content
goes to the state server as a ``correct_legacy_record`` command.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from forms.law_master import LawMaster, SectionRef
from station_app.core.audit import record_change, snapshot_digest
from station_app.core.canonical import canonical_json, sha256_hex
from station_app.core.errors import ValidationError
from station_app.core.fir_content import section_rows, sections_text
from station_app.core.importers.spec import GD_KIND_CHOICES, SPECS, Kind
from station_app.core.importers.values import (
    CellProblem,
    cell_text,
    is_blank,
    parse_date,
    parse_int,
    parse_sections,
    parse_text,
    parse_time,
)
from station_app.core.localtime import IST, iso_ist, ist_year, to_ist
from station_app.core.models import Fir, FirSection, GdEntry
from station_app.core.models.legacy import LegacyArrest
from station_app.core.numbering import FIR_SERIES, GD_SERIES, format_fir_number
from station_app.core.outbox import enqueue
from station_app.core.permissions import Actor
from station_app.core.services.legacy.batch import keep_series_ahead
from sync import ops

OP_CORRECT_LEGACY_RECORD = "correct_legacy_record"  # not yet in sync/ops.py: see the report
KEY_FIELDS: dict[Kind, tuple[str, ...]] = {
    "fir": ("fir_number", "fir_year", "registered_on", "acts_sections", "complainant_name"),
    "gd": ("gd_number", "gd_year", "entry_on", "entry_time", "entry_kind"),
    "arrest": ("arrest_number", "arrest_year", "arrested_on", "acts_sections", "name"),
}
RECORD_TYPES: dict[Kind, str] = {"fir": "fir", "gd": "gd_entry", "arrest": "legacy_arrest"}
AGGREGATES = {"fir": ops.AGG_FIR, "gd_entry": ops.AGG_GD_ENTRY, "legacy_arrest": ops.AGG_LEGACY_ARREST}
IPC_UNTIL = date(2024, 7, 1)
Record = Fir | GdEntry | LegacyArrest


@dataclass(frozen=True)
class BatchInfo:
    """A batch as the lists show it."""

    id: str
    kind: Kind
    label: str
    status: str  # first_pass | second_pass | accepted
    first_by: str
    first_by_name: str
    second_by_name: str
    created_at: datetime
    records: int
    rekeyed: int
    mismatches: int
    open_mismatches: int

    @property
    def can_accept(self) -> bool:
        return self.status == "second_pass" and self.rekeyed == self.records and not self.open_mismatches


@dataclass(frozen=True)
class ItemInfo:
    id: str
    seq: int
    record_type: str
    record_id: str
    label: str
    source_reference: str
    rekeyed: bool


@dataclass(frozen=True)
class MismatchInfo:
    id: str
    item_id: str
    record_label: str
    field: str
    field_label: str
    first_value: str
    second_value: str
    resolution: str | None
    resolved_by_name: str


def _day(moment: datetime) -> str:
    return f"{to_ist(moment):%d-%m-%Y}"


def _sections(refs: list[SectionRef]) -> str:
    return ", ".join(sorted(str(r) for r in refs))


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def same(first: str, second: str) -> bool:
    """Names and free text compare without regard to case or spacing; the rest is canonical already."""
    return _fold(first) == _fold(second)


def stored_values(record: Record, sections: list[SectionRef]) -> dict[str, str]:
    """The key items of a record as the first operator stored them (canonical text)."""
    if isinstance(record, Fir):
        assert record.number is not None and record.year is not None and record.registered_at is not None
        return {"fir_number": str(record.number), "fir_year": str(record.year),
                "registered_on": _day(record.registered_at), "acts_sections": _sections(sections),
                "complainant_name": record.complainant_name}  # fmt: skip
    if isinstance(record, GdEntry):
        return {"gd_number": str(record.number), "gd_year": str(record.year), "entry_on": _day(record.entry_at),
                "entry_time": f"{to_ist(record.entry_at):%H:%M}", "entry_kind": record.kind}  # fmt: skip
    return {"arrest_number": str(record.number), "arrest_year": str(record.year),
            "arrested_on": _day(record.arrested_at), "acts_sections": _sections(sections), "name": record.name}  # fmt: skip


def record_sections(session: Session, record: Record) -> list[SectionRef]:
    if isinstance(record, Fir):
        rows = session.scalars(select(FirSection).where(FirSection.fir_id == record.id))
        return [SectionRef(r.act, r.section) for r in rows]
    if isinstance(record, LegacyArrest):
        content = json.loads(record.content)
        return [SectionRef(r["act"], r["section"]) for r in content.get("sections") or []]
    return []


def law_date(record: Record) -> date | None:
    """The day whose law the sections must be of (the offence's; for an arrest, as the import decides)."""
    if isinstance(record, Fir):
        return to_ist(record.occurrence_from).date() if record.occurrence_from else None
    if isinstance(record, LegacyArrest):
        day = to_ist(record.arrested_at).date()
        return day if day < IPC_UNTIL else None
    return None


def _entry_kind(value: object) -> str:
    text = cell_text(value).casefold().replace(" ", "_")
    kind = {"complaint": "complaint_received", "": "other"}.get(text, text)
    if kind not in GD_KIND_CHOICES:
        raise CellProblem(
            f"'{cell_text(value)}' is not a type of GD entry.", "Use one of: " + ", ".join(GD_KIND_CHOICES)
        )
    return kind


def canonical(kind: Kind, field: str, value: object, laws: LawMaster, on: date | None, today: date) -> str:
    """What the second operator keyed, in the form ``stored_values`` gives; CellProblem if unreadable."""
    column = SPECS[kind].column(field)
    if is_blank(value):
        raise CellProblem(f"{column.label_en} is blank.", "Key it in as written in the register.")
    if column.type == "int":
        return str(parse_int(value, 1, 999_999))
    if column.type == "year":
        return str(parse_int(value, 1860, today.year))
    if column.type == "date":
        return f"{parse_date(value, today):%d-%m-%Y}"
    if column.type == "time":
        return f"{parse_time(value):%H:%M}"
    if column.type == "sections":
        return _sections(parse_sections(laws, value, on))
    if column.type == "choice":
        return _entry_kind(value)
    return parse_text(value, column.max_length, name=column.type == "name")


# --- correcting a record ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Correction:
    actor: Actor
    now: datetime
    laws: LawMaster
    batch_id: str
    changes: dict[str, tuple[str, str]]  # field -> (first value, second value)

    def new(self, field: str) -> str | None:
        change = self.changes.get(field)
        return change[1] if change else None


def _moved_day(moment: datetime, day: str) -> datetime:
    """The same hour on another day (a register's date corrected; the time was not in question)."""
    parsed = datetime.strptime(day, "%d-%m-%Y").date()
    at = to_ist(moment)
    return datetime.combine(parsed, at.time(), tzinfo=IST)


def _renumber(c: Correction, session: Session, record: Record, number_key: str, year_key: str) -> None:
    number = int(c.new(number_key) or record.number or 0)
    year = int(c.new(year_key) or record.year or 0)
    if (number, year) == (record.number, record.year):
        return
    model = type(record)
    query = select(model.id).where(model.year == year, model.number == number, model.id != record.id)
    if isinstance(record, Fir):
        query = query.where(Fir.series == FIR_SERIES)
    if session.scalar(query) is not None:
        raise ValidationError({number_key: f"{number}/{year} is already another record of this register: keep "
                                           "the first value, or correct that record first."})  # fmt: skip
    record.number, record.year = number, year
    series = FIR_SERIES if isinstance(record, Fir) else GD_SERIES if isinstance(record, GdEntry) else ""
    if series:
        keep_series_ahead(session, series, year, number, ist_year(c.now))


def _check_year(record: Record, moment: datetime, year_key: str) -> None:
    if to_ist(moment).year != record.year:
        raise ValidationError({year_key: f"With these choices the year ({record.year}) and the date "
                                         f"({_day(moment)}) disagree: choose again for both."})  # fmt: skip


def _correct_fir(c: Correction, session: Session, fir: Fir) -> dict[str, Any]:
    content: dict[str, Any] = json.loads(fir.content or "{}")
    _renumber(c, session, fir, "fir_number", "fir_year")
    content.update(
        year=fir.year, number=fir.number, fir_no=format_fir_number(FIR_SERIES, fir.number or 0, fir.year or 0)
    )
    assert fir.registered_at is not None
    if (day := c.new("registered_on")) is not None:
        fir.registered_at = _moved_day(fir.registered_at, day)
        content["registered_at"] = iso_ist(fir.registered_at)
        if (
            fir.occurrence_from is not None
            and to_ist(fir.occurrence_from).date() > to_ist(fir.registered_at).date()
        ):
            raise ValidationError({"registered_on": f"The occurrence ({_day(fir.occurrence_from)}) would be after "
                                                    f"the FIR ({day}): keep the first value."})  # fmt: skip
    _check_year(fir, fir.registered_at, "fir_year")
    if (text := c.new("acts_sections")) is not None:
        refs = parse_sections(c.laws, text, law_date(fir))
        session.execute(delete(FirSection).where(FirSection.fir_id == fir.id))
        session.add_all(FirSection(fir_id=fir.id, act=r.act, section=r.number) for r in refs)
        fir.sections_text = sections_text(refs)
        fir.sensitive = c.laws.is_sensitive(refs)
        content.update(sections=section_rows(c.laws, refs), sensitive=fir.sensitive)
        content.setdefault("values", {})["acts_sections"] = [
            {"act": r.act, "section": r.number} for r in refs
        ]
    if (name := c.new("complainant_name")) is not None:
        fir.complainant_name = name[:200]
        content.setdefault("values", {})["complainant_name"] = name
    text_content = canonical_json(content)
    fir.content, fir.content_digest = text_content, sha256_hex(text_content)
    fir.version += 1
    fir.updated_at = c.now
    return {"content": text_content, "content_digest": fir.content_digest}


def _correct_gd(c: Correction, session: Session, entry: GdEntry) -> dict[str, Any]:
    _renumber(c, session, entry, "gd_number", "gd_year")
    at = to_ist(entry.entry_at)
    if (day := c.new("entry_on")) is not None:
        at = _moved_day(at, day)
    if (hour := c.new("entry_time")) is not None:
        parsed = datetime.strptime(hour, "%H:%M").time()
        at = at.replace(hour=parsed.hour, minute=parsed.minute)
    entry.entry_at = at
    _check_year(entry, at, "gd_year")
    if (kind := c.new("entry_kind")) is not None:
        entry.kind = kind
    return {
        "year": entry.year,
        "number": entry.number,
        "entry_at": iso_ist(entry.entry_at),
        "kind": entry.kind,
    }


def _correct_arrest(c: Correction, session: Session, arrest: LegacyArrest) -> dict[str, Any]:
    content: dict[str, Any] = json.loads(arrest.content)
    _renumber(c, session, arrest, "arrest_number", "arrest_year")
    if (day := c.new("arrested_on")) is not None:
        arrest.arrested_at = _moved_day(arrest.arrested_at, day)
    _check_year(arrest, arrest.arrested_at, "arrest_year")
    content.update(year=arrest.year, number=arrest.number, register_no=f"{arrest.number:04d}/{arrest.year}",
                   arrested_at=iso_ist(arrest.arrested_at))  # fmt: skip
    if (text := c.new("acts_sections")) is not None:
        refs = parse_sections(c.laws, text, law_date(arrest))
        arrest.sections_text = sections_text(refs)
        content["sections"] = section_rows(c.laws, refs)
    if (name := c.new("name")) is not None:
        arrest.name = name[:200]
        content.setdefault("person", {})["name"] = name
    text_content = canonical_json(content)
    arrest.content, arrest.content_digest = text_content, sha256_hex(text_content)
    return {"content": text_content, "content_digest": arrest.content_digest}


def correct(c: Correction, session: Session, record: Record) -> None:
    """Put the second operator's values into the record: one audited change and one outbox command."""
    before = snapshot_digest(record)
    try:
        if isinstance(record, Fir):
            state = _correct_fir(c, session, record)
        elif isinstance(record, GdEntry):
            state = _correct_gd(c, session, record)
        else:
            state = _correct_arrest(c, session, record)
    except CellProblem as exc:
        raise ValidationError({"acts_sections": f"{exc.problem} {exc.suggestion}".strip()}) from None
    fields = ", ".join(c.changes)
    record_change(session, actor=c.actor.audit, at=c.now, action=f"{record.audit_type}.correct", record=record,
                  before=before, summary=f"double entry: {fields}"[:200])  # fmt: skip
    payload = {
        "record_type": record.audit_type, "record_id": record.id, "station_code": record.station_code,
        "batch_id": c.batch_id, "corrected_at": iso_ist(c.now), "corrected_by": c.actor.officer_id,
        "fields": {f: {"from": old, "to": new} for f, (old, new) in c.changes.items()}, **state,
    }  # fmt: skip
    enqueue(session, op=OP_CORRECT_LEGACY_RECORD, aggregate_type=AGGREGATES[record.audit_type],
            aggregate_id=record.id, payload=payload, officer_id=c.actor.officer_id, at=c.now)  # fmt: skip
