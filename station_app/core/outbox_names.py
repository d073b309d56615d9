"""Which record a queued command belongs to, in the words of the registers: "GD entry 0042/2026",
"FIR 0012/2026", "Arrest of A1, FIR 0012/2026", for the Sync screen's held-back items.

Read from the station's own records (the queue itself only knows ids); a record that cannot be
found falls back to the command's payload, and at last to the end of its id.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from station_app.core.models import Arrest, Fir, GdEntry, OutboxEntry, Seizure
from station_app.core.models.legacy import Attachment, LegacyArrest
from station_app.core.models.persons import Person
from station_app.core.models.sync import InboxItem
from sync import ops

KIND_NAMES = {
    ops.AGG_FIR: "FIR",
    ops.AGG_GD_ENTRY: "GD entry",
    ops.AGG_INBOX_ITEM: "Inbox item",
    ops.AGG_PERSON: "Person",
    ops.AGG_ARREST: "Arrest",
    ops.AGG_CASE_DIARY: "Case diary",
    ops.AGG_SEIZURE: "Seizure",
    ops.AGG_LEGACY_ARREST: "Digitised arrest",
    ops.AGG_ATTACHMENT: "Scanned page",
}


def _serial(number: int | None, year: int | None) -> str:
    return f"{number:04d}/{year}" if number is not None and year is not None else ""


def _fir_no(session: Session, fir_id: str | None) -> str:
    fir = session.get(Fir, fir_id) if fir_id else None
    if fir is None or fir.number is None:
        return ""
    prefix = "Zero FIR" if fir.series == "ZERO" else "FIR"
    return f"{prefix} {_serial(fir.number, fir.year)}"


def _from_records(session: Session, kind: str, ident: str) -> str:
    """The record's name from the station's tables, or "" if it is not there."""
    if kind == ops.AGG_GD_ENTRY:
        gd = session.get(GdEntry, ident)
        return (
            f"{'Digitised GD entry' if gd.legacy else 'GD entry'} {_serial(gd.number, gd.year)}" if gd else ""
        )
    if kind in (ops.AGG_FIR, ops.AGG_CASE_DIARY):
        fir = _fir_no(session, ident)
        return (fir if kind == ops.AGG_FIR else f"Case diary of {fir}") if fir else ""
    if kind == ops.AGG_PERSON:
        person = session.get(Person, ident)
        return f"Person {person.name}" if person else ""
    if kind == ops.AGG_ARREST:
        arrest = session.get(Arrest, ident)
        return (
            f"Arrest of {arrest.accused_code}, {_fir_no(session, arrest.fir_id)}".rstrip(", ")
            if arrest
            else ""
        )
    if kind == ops.AGG_SEIZURE:
        seizure = session.get(Seizure, ident)
        return f"Seizure, {_fir_no(session, seizure.fir_id)}".rstrip(", ") if seizure else ""
    if kind == ops.AGG_LEGACY_ARREST:
        legacy = session.get(LegacyArrest, ident)
        return f"Digitised arrest {_serial(legacy.number, legacy.year)}" if legacy else ""
    if kind == ops.AGG_ATTACHMENT:
        page = session.get(Attachment, ident)
        return f"Scanned page “{page.label}”" if page else ""
    if kind == ops.AGG_INBOX_ITEM:
        item = session.get(InboxItem, ident)
        return f"Inbox item “{item.subject}”" if item and item.subject else ""
    return ""


def _from_payload(kind: str, payload: dict[str, Any]) -> str:
    serial = _serial(payload.get("number"), payload.get("year"))
    if kind == ops.AGG_FIR and isinstance(payload.get("fir_no"), str):
        return f"FIR {payload['fir_no']}"
    if serial:
        return f"{KIND_NAMES.get(kind, kind)} {serial}"
    if kind == ops.AGG_PERSON and isinstance(payload.get("name"), str):
        return f"Person {payload['name']}"
    return ""


def record_name(session: Session, entry: OutboxEntry) -> str:
    """The human name of the record ``entry`` changes (type and number, or a person's name)."""
    kind, ident = entry.aggregate_type, entry.aggregate_id
    name = _from_records(session, kind, ident)
    if not name:
        try:
            payload = json.loads(entry.payload)
        except ValueError:
            payload = None
        name = _from_payload(kind, payload) if isinstance(payload, dict) else ""
    if not name:
        short = ident[-8:] if len(ident) > 8 else ident
        name = f"{KIND_NAMES.get(kind, kind.replace('_', ' '))} …{short}"
    return name
