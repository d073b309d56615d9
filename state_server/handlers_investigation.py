"""Arrests (IIF-3) and their events, case-diary entries (BNSS 192), seizures (IIF-4) with their
malkhana entries and custody movements. Each is owned by the station that made it: only that station
writes it, under its own FIR, and the server keeps every chain in order (an event or entry whose
predecessor has not arrived waits as ``predecessor_missing``; a broken case-diary link is refused).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from state_server.models import (
    Arrest,
    ArrestEvent,
    CaseDiaryEntry,
    CustodyMovement,
    Fir,
    GdEntry,
    Person,
    PropertyItem,
    Seizure,
)
from state_server.outcomes import Conflict, Context, Handler, Rejected, RetryLater, own
from sync import ops
from sync.protocol import payload_digest

# An arrest's status after each kind of event.
EVENT_STATUS = {
    "produced": "produced",
    "remand_police": "police_custody",
    "remand_judicial": "judicial_custody",
    "bail": "bailed",
    "released": "released",
}
IN_CUSTODY = ("in_custody", "produced", "police_custody", "judicial_custody")


def _moment(text: str, field: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise Rejected("invalid_payload", f"{field}: not an ISO-8601 time") from exc
    if moment.tzinfo is None:
        raise Rejected("invalid_payload", f"{field}: the time needs its UTC offset")
    return moment


def _frozen(content: str, digest: str, station_code: str, what: str) -> dict[str, Any]:
    """The frozen memo content, checked against its digest and the pushing station."""
    if payload_digest(content) != digest:
        raise Rejected("digest_mismatch", f"the {what} content does not match its digest")
    try:
        body = json.loads(content)
        station = body["station"]["station_code"]
    except (ValueError, KeyError, TypeError) as exc:
        raise Rejected("invalid_payload", f"the {what} content is not a recorded {what} ({exc!r})") from exc
    if not isinstance(body, dict) or station != station_code:
        raise Rejected("invalid_payload", f"the {what} content names another station")
    return body


def _own_fir(session: Session, ctx: Context, fir_id: str) -> Fir:
    fir = session.get(Fir, fir_id)
    if fir is None:
        raise RetryLater("predecessor_missing", "the FIR has not reached the server yet")
    if fir.station_code != ctx.station_code:
        raise Rejected("not_owner", "this FIR belongs to another station")
    return fir


def _own_gd(session: Session, ctx: Context, gd_id: str) -> None:
    gd = session.get(GdEntry, gd_id)
    if gd is None:
        raise RetryLater("predecessor_missing", "the GD entry it cites has not reached the server yet")
    if gd.station_code != ctx.station_code:
        raise Rejected("not_owner", "the GD entry it cites belongs to another station")


def _person(session: Session, person_id: str) -> None:
    if session.get(Person, person_id) is None:
        raise RetryLater("predecessor_missing", "the person has not reached the server yet")


def _next_seq(last: int, seq: int, what: str) -> None:
    """A gap-free chain: the next number is last + 1; more waits for the missing ones, less is taken."""
    if seq > last + 1:
        raise RetryLater("predecessor_missing", f"{what} {last + 1} has not arrived yet")
    if seq <= last:
        raise Conflict("seq_taken", f"{what} {seq} is already on record")


# --- arrests ---------------------------------------------------------------------------------------


def _record_arrest(session: Session, ctx: Context, p: ops.RecordArrest) -> None:
    own(ctx, p.station_code)
    content = _frozen(p.content, p.content_digest, p.station_code, "arrest memo")
    if (
        content.get("accused_code") != p.accused_code
        or (content.get("person") or {}).get("id") != p.person_id
    ):
        raise Rejected(
            "invalid_payload", "the arrest memo's content disagrees with its accused code or person"
        )
    existing = session.get(Arrest, p.arrest_id)
    if existing is not None:
        if existing.station_code != ctx.station_code:
            raise Rejected("not_owner", "this arrest belongs to another station")
        raise Conflict("already_exists", "this arrest memo is already on record")
    _own_fir(session, ctx, p.fir_id)
    _own_gd(session, ctx, p.gd_entry_id)
    _person(session, p.person_id)
    _moment(p.arrested_at, "arrested_at")
    same = session.scalar(
        select(Arrest.id).where(
            Arrest.fir_id == p.fir_id, Arrest.person_id == p.person_id, Arrest.arrested_at == p.arrested_at
        )
    )
    if same is not None:
        raise Conflict(
            "already_exists", "an arrest of this person at this time in this case is already on record"
        )
    session.add(
        Arrest(
            id=p.arrest_id, station_code=p.station_code, fir_id=p.fir_id, person_id=p.person_id,
            accused_code=p.accused_code, gd_entry_id=p.gd_entry_id, kind=p.kind, arrested_at=p.arrested_at,
            recorded_at=p.recorded_at, officer_id=p.officer_id, form_version=p.form_version, status="in_custody",
            produced_at=None, content_digest=p.content_digest, content=p.content, received_at=ctx.now,
        )
    )  # fmt: skip


def _record_arrest_event(session: Session, ctx: Context, p: ops.RecordArrestEvent) -> None:
    arrest = session.get(Arrest, p.arrest_id)
    if arrest is None:
        raise RetryLater("predecessor_missing", "the arrest has not reached the server yet")
    if arrest.station_code != ctx.station_code:
        raise Rejected("not_owner", "this arrest belongs to another station")
    if session.get(ArrestEvent, p.event_id) is not None:
        raise Conflict("already_exists", "this arrest event is already on record")
    last = session.scalar(
        select(func.coalesce(func.max(ArrestEvent.seq), 0)).where(ArrestEvent.arrest_id == arrest.id)
    )
    _next_seq(int(last or 0), p.seq, "event")
    at = _moment(p.at, "at")
    if at < _moment(arrest.arrested_at, "arrested_at"):
        raise Rejected("out_of_sequence", "the event is dated before the arrest")
    if p.until is not None and _moment(p.until, "until") <= at:
        raise Rejected("invalid_payload", "until: a remand must end after it starts")
    if arrest.status not in IN_CUSTODY:
        raise Rejected("out_of_sequence", f"the person is no longer in custody ({arrest.status})")
    if p.kind == "produced":
        if arrest.produced_at is not None:
            raise Conflict("already_produced", "the production before the Magistrate is already on record")
        arrest.produced_at = p.at
    elif p.kind.startswith("remand_") and arrest.produced_at is None:
        raise Rejected("out_of_sequence", "a remand without a production before the Magistrate")
    arrest.status = EVENT_STATUS[p.kind]
    session.add(
        ArrestEvent(
            id=p.event_id, arrest_id=arrest.id, station_code=ctx.station_code, seq=p.seq, kind=p.kind, at=p.at,
            until=p.until, officer_id=p.officer_id, recorded_at=p.recorded_at, body=p.body, received_at=ctx.now,
        )
    )  # fmt: skip


# --- the case diary --------------------------------------------------------------------------------


def chain_hash(prev_hash: str, content: str) -> str:
    return payload_digest(prev_hash + "\n" + content)


def _add_case_diary_entry(session: Session, ctx: Context, p: ops.AddCaseDiaryEntry) -> None:
    fir = _own_fir(session, ctx, p.fir_id)
    if session.get(CaseDiaryEntry, p.entry_id) is not None:
        raise Conflict("already_exists", "this case-diary entry is already on record")
    if chain_hash(p.prev_hash, p.content) != p.entry_hash:
        raise Rejected("digest_mismatch", "entry_hash is not the hash of prev_hash and content")
    content = _frozen(p.content, payload_digest(p.content), ctx.station_code, "case-diary entry")
    if content.get("fir_no") != fir.fir_no:
        raise Rejected("invalid_payload", "the entry's content names another FIR")
    if p.page_end < p.page_start:
        raise Rejected("invalid_payload", "page_end is before page_start")
    last = session.scalar(
        select(CaseDiaryEntry)
        .where(CaseDiaryEntry.fir_id == fir.id)
        .order_by(CaseDiaryEntry.seq.desc())
        .limit(1)
    )
    _next_seq(last.seq if last else 0, p.seq, "case-diary entry")
    expected = last.entry_hash if last else ops.GENESIS_HASH
    if p.prev_hash != expected:
        raise Rejected("chain_broken", f"prev_hash is not the hash of entry {p.seq - 1} held by the server")
    if p.page_start != (last.page_end + 1 if last else 1):
        raise Rejected("chain_broken", f"the entry's pages do not follow entry {p.seq - 1}'s in the volume")
    if last is not None and (
        p.entry_date < last.entry_date
        or _moment(p.started_at, "started_at") < _moment(last.closed_at, "closed_at")
    ):
        raise Rejected("out_of_sequence", f"the entry is dated before entry {last.seq} closed")
    session.add(
        CaseDiaryEntry(
            id=p.entry_id, fir_id=fir.id, station_code=ctx.station_code, seq=p.seq, entry_date=p.entry_date,
            started_at=p.started_at, closed_at=p.closed_at, page_start=p.page_start, page_end=p.page_end,
            officer_id=p.officer_id, recorded_at=p.recorded_at, prev_hash=p.prev_hash, entry_hash=p.entry_hash,
            content=p.content, received_at=ctx.now,
        )
    )  # fmt: skip


# --- seizures and the malkhana ---------------------------------------------------------------------


def _movement(session: Session, ctx: Context, item: PropertyItem, m: ops.CustodyMovementPayload) -> None:
    if session.get(CustodyMovement, m.movement_id) is not None:
        raise Conflict("already_exists", "this custody movement is already on record")
    last = session.scalar(
        select(CustodyMovement)
        .where(CustodyMovement.property_id == item.id)
        .order_by(CustodyMovement.seq.desc())
        .limit(1)
    )
    _next_seq(last.seq if last else 0, m.seq, "movement")
    if last is not None and _moment(m.at, "at") < _moment(last.at, "at"):
        raise Rejected("out_of_sequence", f"the movement is dated before movement {last.seq}")
    session.add(
        CustodyMovement(
            id=m.movement_id, property_id=item.id, station_code=ctx.station_code, seq=m.seq, at=m.at,
            from_location=m.from_location, to_location=m.to_location, purpose=m.purpose,
            handed_over_by=m.handed_over_by, received_by=m.received_by, reference=m.reference,
            officer_id=m.officer_id, recorded_at=m.recorded_at, received_at=ctx.now,
        )
    )  # fmt: skip
    session.flush()


def _record_seizure(session: Session, ctx: Context, p: ops.RecordSeizure) -> None:
    own(ctx, p.station_code)
    _frozen(p.content, p.content_digest, p.station_code, "seizure memo")
    existing = session.get(Seizure, p.seizure_id)
    if existing is not None:
        if existing.station_code != ctx.station_code:
            raise Rejected("not_owner", "this seizure belongs to another station")
        raise Conflict("already_exists", "this seizure memo is already on record")
    _own_fir(session, ctx, p.fir_id)
    _own_gd(session, ctx, p.gd_entry_id)
    if p.seized_from_person_id is not None:
        _person(session, p.seized_from_person_id)
    _moment(p.seized_at, "seized_at")
    numbers = [(i.malkhana_year, i.malkhana_no) for i in p.items]
    if len(set(numbers)) != len(numbers) or len({i.item_no for i in p.items}) != len(p.items):
        raise Rejected("invalid_payload", "items: a malkhana number or item number appears twice")
    for item in p.items:
        taken = session.scalar(
            select(PropertyItem.id).where(
                PropertyItem.station_code == ctx.station_code,
                PropertyItem.malkhana_year == item.malkhana_year,
                PropertyItem.malkhana_no == item.malkhana_no,
            )
        )
        if taken is not None:
            raise Conflict(
                "number_taken",
                f"malkhana number M-{item.malkhana_no:04d}/{item.malkhana_year} is already on record",
            )
        if session.get(PropertyItem, item.property_id) is not None:
            raise Conflict("already_exists", "a malkhana item with this id is already on record")
    session.add(
        Seizure(
            id=p.seizure_id, station_code=p.station_code, fir_id=p.fir_id, gd_entry_id=p.gd_entry_id,
            seized_at=p.seized_at, seized_from_person_id=p.seized_from_person_id, officer_id=p.officer_id,
            recorded_at=p.recorded_at, form_version=p.form_version, content_digest=p.content_digest,
            content=p.content, received_at=ctx.now,
        )
    )  # fmt: skip
    session.flush()
    for item in p.items:
        row = PropertyItem(
            id=item.property_id, seizure_id=p.seizure_id, station_code=ctx.station_code, item_no=item.item_no,
            malkhana_year=item.malkhana_year, malkhana_no=item.malkhana_no, description=item.description,
            seal=item.seal, location=item.location, status=item.status,
        )  # fmt: skip
        session.add(row)
        session.flush()
        for movement in item.movements:
            _movement(session, ctx, row, movement)


def _record_custody_movement(session: Session, ctx: Context, p: ops.RecordCustodyMovement) -> None:
    seizure = session.get(Seizure, p.seizure_id)
    if seizure is None:
        raise RetryLater("predecessor_missing", "the seizure has not reached the server yet")
    if seizure.station_code != ctx.station_code:
        raise Rejected("not_owner", "this seizure belongs to another station")
    item = session.get(PropertyItem, p.property_id)
    if item is None or item.seizure_id != seizure.id:
        raise Rejected("invalid_payload", "property_id is not an item of this seizure")
    if item.status == "disposed":
        raise Rejected("out_of_sequence", "the item was disposed of; it can no longer move")
    _movement(session, ctx, item, p)
    item.location, item.status = p.to_location, p.status


INVESTIGATION_HANDLERS: dict[str, Handler] = {
    ops.OP_RECORD_ARREST: _record_arrest,
    ops.OP_RECORD_ARREST_EVENT: _record_arrest_event,
    ops.OP_ADD_CASE_DIARY_ENTRY: _add_case_diary_entry,
    ops.OP_RECORD_SEIZURE: _record_seizure,
    ops.OP_RECORD_CUSTODY_MOVEMENT: _record_custody_movement,
}
