"""The transactional outbox: every write that must reach the state server adds a named command here
in the same transaction as the record and its audit entry.

A command carries what the server needs to check the legal record (the registered content and its
digest, not a draft), and is delivered at least once; the server's dedupe makes the effect exactly
once. Rows are never deleted, so ``client_seq`` only grows and the queue's history stays on record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from station_app.core.audit import SYSTEM_USERNAME, AuditActor, record_change
from station_app.core.canonical import canonical_json, sha256_hex
from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.errors import ConflictError, NotFoundError
from station_app.core.ids import new_id
from station_app.core.models import (
    Arrest,
    ArrestEvent,
    CaseDiaryEntry,
    CustodyMovement,
    Fir,
    FirEvent,
    GdEntry,
    OutboxEntry,
    PropertyItem,
    Seizure,
    SyncState,
)
from station_app.core.models.persons import Person, PersonMerge
from station_app.core.outbox_names import record_name
from station_app.core.permissions import Actor, Permission, require
from station_app.core.victim_links import is_protected
from station_app.core.victim_mask import content_for
from sync import ops
from sync.policy import CLOCK_SUSPECT_MS

OPEN_STATUSES = ("pending", "inflight", "quarantined", "conflict")


def enqueue(
    session: Session,
    *,
    op: str,
    aggregate_type: str,
    aggregate_id: str,
    payload: dict[str, Any],
    officer_id: str | None,
    at: datetime,
    base_version: int | None = None,
    op_version: int = ops.PAYLOAD_VERSION,
) -> OutboxEntry:
    """Add one command inside the caller's (IMMEDIATE) transaction, which serialises ``client_seq``."""
    text = canonical_json(payload)
    last_seq = session.scalar(select(func.max(OutboxEntry.client_seq)))
    state = session.get(SyncState, 1)
    offset = state.clock_offset_ms if state is not None else None
    entry = OutboxEntry(
        mutation_id=new_id(),
        client_seq=(last_seq or 0) + 1,
        aggregate_type=aggregate_type,
        aggregate_id=aggregate_id,
        op_name=op,
        op_version=op_version,
        payload=text,
        payload_sha256=sha256_hex(text),
        base_version=base_version,
        officer_id=officer_id,
        created_at_device=at,
        clock_offset_ms=offset,
        clock_suspect=offset is not None and abs(offset) > CLOCK_SUSPECT_MS,
        status="pending",
        attempts=0,
    )
    session.add(entry)
    if isinstance(
        session, Session
    ):  # the legacy batch builds commands without a session, and audits them itself
        record_change(
            session, actor=AuditActor(officer_id, SYSTEM_USERNAME), at=at, action="outbox.queued", record=entry,
            summary=f"{op} #{entry.client_seq}",
        )  # fmt: skip
    return entry


def _iso(moment: datetime | None) -> str:
    assert moment is not None
    return moment.isoformat(timespec="microseconds")


def enqueue_gd_entry(session: Session, entry: GdEntry, at: datetime) -> OutboxEntry:
    payload = {
        "gd_id": entry.id, "station_code": entry.station_code, "year": entry.year, "number": entry.number,
        "entry_at": _iso(entry.entry_at), "recorded_at": _iso(entry.recorded_at), "officer_id": entry.officer_id,
        "officer_name": entry.officer_name, "kind": entry.kind, "subject": entry.subject,
        "details": entry.details, "fir_id": entry.fir_id, "legacy": bool(entry.legacy),
    }  # fmt: skip
    return enqueue(
        session, op=ops.OP_ADD_GD_ENTRY, aggregate_type=ops.AGG_GD_ENTRY, aggregate_id=entry.id,
        payload=payload, officer_id=entry.officer_id, at=at,
    )  # fmt: skip


def enqueue_fir_registration(session: Session, fir: Fir, at: datetime) -> OutboxEntry:
    """The registered content exactly as frozen (and digested) at registration; drafts never sync."""
    assert fir.content is not None and fir.content_digest is not None and fir.series is not None
    content = json.loads(fir.content)
    payload = {
        "fir_id": fir.id, "station_code": fir.station_code, "series": fir.series, "year": fir.year,
        "number": fir.number, "fir_no": content["fir_no"], "registered_at": content["registered_at"],
        "gd_entry_id": fir.gd_entry_id, "content": fir.content, "content_digest": fir.content_digest,
    }  # fmt: skip
    return enqueue(
        session, op=ops.OP_REGISTER_FIR, aggregate_type=ops.AGG_FIR, aggregate_id=fir.id, payload=payload,
        officer_id=fir.registered_by, at=at,
    )  # fmt: skip


def enqueue_fir_event(session: Session, event: FirEvent, at: datetime) -> OutboxEntry:
    payload = {
        "event_id": event.id, "fir_id": event.fir_id, "seq": event.seq, "kind": event.kind,
        "at": _iso(event.at), "officer_id": event.officer_id, "body": event.body,
    }  # fmt: skip
    # Events share the FIR's aggregate, so they reach the server after the registration, in order.
    return enqueue(
        session, op=ops.EVENT_KIND_OPS[event.kind], aggregate_type=ops.AGG_FIR, aggregate_id=event.fir_id,
        payload=payload, officer_id=event.officer_id, at=at,
    )  # fmt: skip


# --- persons (shared records: each change names the version it was based on) ------------------


def person_payload(person: Person) -> dict[str, Any]:
    """A person's particulars as ``upsert_person`` carries them (the photo stays at the station)."""
    return {
        "person_id": person.id, "station_code": person.station_code, "version": person.version,
        "name": person.name, "name_alt": person.name_alt, "aliases": json.loads(person.aliases),
        "relative_name": person.relative_name, "relative_relation": person.relative_relation, "dob": person.dob,
        "birth_year": person.birth_year, "age": person.age, "age_on": person.age_on,
        "birth_year_est": person.birth_year_est, "sex": person.sex, "present_address": person.present_address,
        "permanent_address": person.permanent_address, "phones": json.loads(person.phones),
        "id_documents": json.loads(person.id_documents), "created_at": _iso(person.created_at),
        "created_by": person.created_by, "updated_at": _iso(person.updated_at), "updated_by": person.updated_by,
    }  # fmt: skip


def enqueue_person(session: Session, person: Person, at: datetime) -> OutboxEntry:
    """After ``create``, ``update`` or ``set_photo``: the person as it now stands, based on the version
    before this change (0 for a new person). A photo change syncs too, so versions stay in step."""
    return enqueue(
        session, op=ops.OP_UPSERT_PERSON, aggregate_type=ops.AGG_PERSON, aggregate_id=person.id,
        payload=person_payload(person), officer_id=person.updated_by, at=at, base_version=person.version - 1,
    )  # fmt: skip


def enqueue_person_merge(
    session: Session, merge: PersonMerge, keep: Person, duplicate: Person, at: datetime
) -> OutboxEntry:
    """After ``merge``: the duplicate's change (its aggregate), based on its version before."""
    payload = {
        "merge_id": merge.id, "keep_id": keep.id, "keep_version": keep.version, "duplicate_id": duplicate.id,
        "version": duplicate.version, "reason": merge.reason, "merged_at": _iso(merge.merged_at),
        "officer_id": merge.merged_by,
    }  # fmt: skip
    return enqueue(
        session, op=ops.OP_MERGE_PERSONS, aggregate_type=ops.AGG_PERSON, aggregate_id=duplicate.id,
        payload=payload, officer_id=merge.merged_by, at=at, base_version=duplicate.version - 1,
    )  # fmt: skip


def enqueue_person_unmerge(
    session: Session, merge: PersonMerge, duplicate: Person, at: datetime
) -> OutboxEntry:
    assert merge.undone_by is not None and merge.undo_reason is not None
    payload = {
        "merge_id": merge.id, "keep_id": merge.keep_id, "duplicate_id": duplicate.id, "version": duplicate.version,
        "reason": merge.undo_reason, "undone_at": _iso(merge.undone_at), "officer_id": merge.undone_by,
    }  # fmt: skip
    return enqueue(
        session, op=ops.OP_UNMERGE_PERSONS, aggregate_type=ops.AGG_PERSON, aggregate_id=duplicate.id,
        payload=payload, officer_id=merge.undone_by, at=at, base_version=duplicate.version - 1,
    )  # fmt: skip


# --- investigation records (owned by this station) -----------------------------------------------


def enqueue_arrest(session: Session, arrest: Arrest, at: datetime) -> OutboxEntry:
    """The memo exactly as frozen (and digested) when recorded."""
    payload = {
        "arrest_id": arrest.id, "station_code": arrest.station_code, "fir_id": arrest.fir_id,
        "person_id": arrest.person_id, "accused_code": arrest.accused_code, "gd_entry_id": arrest.gd_entry_id,
        "kind": arrest.kind, "arrested_at": _iso(arrest.arrested_at), "recorded_at": _iso(arrest.recorded_at),
        "officer_id": arrest.officer_id, "form_version": arrest.form_version, "content": arrest.content,
        "content_digest": arrest.content_digest,
    }  # fmt: skip
    return enqueue(
        session, op=ops.OP_RECORD_ARREST, aggregate_type=ops.AGG_ARREST, aggregate_id=arrest.id,
        payload=payload, officer_id=arrest.officer_id, at=at,
    )  # fmt: skip


def enqueue_arrest_event(session: Session, event: ArrestEvent, at: datetime) -> OutboxEntry:
    payload = {
        "event_id": event.id, "arrest_id": event.arrest_id, "seq": event.seq, "kind": event.kind,
        "at": _iso(event.at), "until": _iso(event.until) if event.until is not None else None,
        "officer_id": event.officer_id, "recorded_at": _iso(event.recorded_at), "body": event.body,
    }  # fmt: skip
    # Events share the arrest's aggregate, so they reach the server after the memo, in order.
    return enqueue(
        session, op=ops.OP_RECORD_ARREST_EVENT, aggregate_type=ops.AGG_ARREST, aggregate_id=event.arrest_id,
        payload=payload, officer_id=event.officer_id, at=at,
    )  # fmt: skip


def enqueue_case_diary_entry(session: Session, entry: CaseDiaryEntry, at: datetime) -> OutboxEntry:
    """The entry with its place in the chain (seq, prev_hash, entry_hash) and the volume (pages)."""
    payload = {
        "entry_id": entry.id, "fir_id": entry.fir_id, "seq": entry.seq, "entry_date": entry.entry_date,
        "started_at": _iso(entry.started_at), "closed_at": _iso(entry.closed_at), "page_start": entry.page_start,
        "page_end": entry.page_end, "officer_id": entry.officer_id, "recorded_at": _iso(entry.recorded_at),
        "prev_hash": entry.prev_hash, "entry_hash": entry.entry_hash, "content": entry.content,
    }  # fmt: skip
    return enqueue(
        session, op=ops.OP_ADD_CASE_DIARY_ENTRY, aggregate_type=ops.AGG_CASE_DIARY, aggregate_id=entry.fir_id,
        payload=payload, officer_id=entry.officer_id, at=at,
    )  # fmt: skip


def _movement(m: CustodyMovement) -> dict[str, Any]:
    return {
        "movement_id": m.id, "seq": m.seq, "at": _iso(m.at), "from_location": m.from_location,
        "to_location": m.to_location, "purpose": m.purpose, "handed_over_by": m.handed_over_by,
        "received_by": m.received_by, "reference": m.reference, "officer_id": m.officer_id,
        "recorded_at": _iso(m.recorded_at),
    }  # fmt: skip


def enqueue_seizure(session: Session, seizure: Seizure, at: datetime) -> OutboxEntry:
    """The memo as frozen, its malkhana entries and their deposit movements (all written with it)."""
    session.flush()
    items = []
    for item in session.scalars(
        select(PropertyItem).where(PropertyItem.seizure_id == seizure.id).order_by(PropertyItem.item_no)
    ):
        movements = session.scalars(
            select(CustodyMovement)
            .where(CustodyMovement.property_id == item.id)
            .order_by(CustodyMovement.seq)
        )
        items.append({
            "property_id": item.id, "item_no": item.item_no, "malkhana_year": item.malkhana_year,
            "malkhana_no": item.malkhana_no, "description": item.description, "seal": item.seal,
            "location": item.location, "status": item.status, "movements": [_movement(m) for m in movements],
        })  # fmt: skip
    payload = {
        "seizure_id": seizure.id, "station_code": seizure.station_code, "fir_id": seizure.fir_id,
        "gd_entry_id": seizure.gd_entry_id, "seized_at": _iso(seizure.seized_at),
        "seized_from_person_id": seizure.seized_from_person_id, "officer_id": seizure.officer_id,
        "recorded_at": _iso(seizure.recorded_at), "form_version": seizure.form_version, "content": seizure.content,
        "content_digest": seizure.content_digest, "items": items,
    }  # fmt: skip
    return enqueue(
        session, op=ops.OP_RECORD_SEIZURE, aggregate_type=ops.AGG_SEIZURE, aggregate_id=seizure.id,
        payload=payload, officer_id=seizure.officer_id, at=at,
    )  # fmt: skip


def enqueue_custody_movement(
    session: Session, item: PropertyItem, movement: CustodyMovement, at: datetime
) -> OutboxEntry:
    """A later hand-over of a seized item, with the item's location and status after it."""
    payload = {
        **_movement(movement),
        "seizure_id": item.seizure_id,
        "property_id": item.id,
        "status": item.status,
    }
    # Movements share their seizure's aggregate, so they follow the memo (and each other) in order.
    return enqueue(
        session, op=ops.OP_RECORD_CUSTODY_MOVEMENT, aggregate_type=ops.AGG_SEIZURE, aggregate_id=item.seizure_id,
        payload=payload, officer_id=movement.officer_id, at=at,
    )  # fmt: skip


# --- reading and tending the queue (status bar, Sync screen, `status --json`) -------------------


@dataclass(frozen=True)
class OutboxItem:
    mutation_id: str
    client_seq: int
    op: str
    aggregate_type: str
    aggregate_id: str
    status: str
    attempts: int
    created_at: datetime
    clock_suspect: bool
    error_code: str | None
    error_detail: str | None
    record: str = ""  # the record it changes, as the registers name it: "GD entry 0042/2026"


def _item(e: OutboxEntry, record: str = "") -> OutboxItem:
    return OutboxItem(
        e.mutation_id, e.client_seq, e.op_name, e.aggregate_type, e.aggregate_id, e.status, e.attempts,
        e.created_at_device, e.clock_suspect, e.last_error_code, e.last_error_detail, record,
    )  # fmt: skip


class OutboxService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def counts(self) -> dict[str, int]:
        """``pending`` counts everything still to be delivered (including a batch in flight)."""
        with self._db.read() as session:
            rows = session.execute(
                select(OutboxEntry.status, func.count())
                .where(OutboxEntry.status.in_(OPEN_STATUSES))
                .group_by(OutboxEntry.status)
            ).all()
        by_status = {status: int(n) for status, n in rows}
        return {
            "pending": by_status.get("pending", 0) + by_status.get("inflight", 0),
            "quarantined": by_status.get("quarantined", 0),
            "conflict": by_status.get("conflict", 0),
        }

    def last_sync(self) -> datetime | None:
        with self._db.read() as session:
            state = session.get(SyncState, 1)
            return state.last_sync_at if state is not None else None

    def status_block(self) -> dict[str, Any]:
        """The sync part of `station-app status --json`."""
        last = self.last_sync()
        return {"outbox": self.counts(), "last_sync": last.isoformat() if last else None}

    def items(self, statuses: tuple[str, ...] = OPEN_STATUSES, limit: int = 500) -> list[OutboxItem]:
        query = (
            select(OutboxEntry)
            .where(OutboxEntry.status.in_(statuses))
            .order_by(OutboxEntry.client_seq)
            .limit(limit)
        )
        with self._db.read() as session:
            return [_item(e, record_name(session, e)) for e in session.scalars(query)]

    def unsynced_ids(self, aggregate_type: str) -> set[str]:
        """Records (e.g. FIRs) with something not yet applied by the state server."""
        query = select(OutboxEntry.aggregate_id).where(
            OutboxEntry.aggregate_type == aggregate_type, OutboxEntry.status.in_(OPEN_STATUSES)
        )
        with self._db.read() as session:
            return set(session.scalars(query))

    def retry(self, actor: Actor, mutation_id: str) -> None:
        """Send a quarantined or conflicting command again (after the cause was fixed at the server).

        Only the SHO decides that a held-back record should go again."""
        require(actor, Permission.MANAGE_STATION)
        with self._db.write() as session:
            entry = session.get(OutboxEntry, mutation_id)
            if entry is None:
                raise NotFoundError("That queued item does not exist.")
            if entry.status not in ("quarantined", "conflict"):
                raise ConflictError("Only a held-back (quarantined or conflicting) item can be retried.")
            session.execute(
                update(OutboxEntry)
                .where(OutboxEntry.mutation_id == mutation_id)
                .values(status="pending", next_attempt_at=None, attempts=0)
            )

    def export(self, actor: Actor, statuses: tuple[str, ...] = ("quarantined", "conflict")) -> str:
        """The held-back commands with their reasons as JSON, for the district IT cell. They carry the
        records themselves, so only a role that may read records exports them; for an officer without
        the need to know, a sensitive FIR's content has the victims' identity replaced by labels and a
        protected victim's person record is withheld (``payload_sha256`` still names the command as
        queued)."""
        require(actor, Permission.SYNC)
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            rows = session.scalars(
                select(OutboxEntry).where(OutboxEntry.status.in_(statuses)).order_by(OutboxEntry.client_seq)
            )
            body = [
                {
                    "mutation_id": e.mutation_id,
                    "client_seq": e.client_seq,
                    "op": e.op_name,
                    "op_version": e.op_version,
                    "aggregate_type": e.aggregate_type,
                    "aggregate_id": e.aggregate_id,
                    "status": e.status,
                    "error_code": e.last_error_code,
                    "error_detail": e.last_error_detail,
                    "attempts": e.attempts,
                    "created_at_device": e.created_at_device.isoformat(),
                    "payload_sha256": e.payload_sha256,
                    "payload": _as_seen(
                        session, actor, e.aggregate_type, e.aggregate_id, json.loads(e.payload)
                    ),
                }
                for e in rows
            ]
        return json.dumps(
            {"exported_at": self._clock.now().isoformat(), "items": body}, ensure_ascii=False, indent=2
        )


def _as_seen(
    session: Session, actor: Actor, aggregate_type: str, aggregate_id: str, payload: dict[str, Any]
) -> dict[str, Any]:
    """An outbox payload as ``actor`` may take it out of the station (issue 11 §1)."""
    if actor.can(Permission.VIEW_VICTIM_IDENTITY):
        return payload
    if aggregate_type == ops.AGG_PERSON and is_protected(session, aggregate_id):
        return {"withheld": "the person is the victim of a sensitive case"}
    if aggregate_type == ops.AGG_FIR and isinstance(payload.get("content"), str):
        fir = session.get(Fir, aggregate_id)
        content = json.loads(payload["content"])
        seen = content_for(actor, content, None, bool(fir is not None and fir.sensitive))
        if seen.get("identity_withheld"):
            return {**payload, "content": json.dumps(seen, ensure_ascii=False)}
    return payload
