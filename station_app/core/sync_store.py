"""The sync engine's reads and writes in the station database: choosing a batch, marking it in
flight, recording results, and applying pulled pages with their cursors, each in one short
transaction. station_app/core/sync_adapters.py presents these as the ports sync/ports.py defines.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

from pydantic import ValidationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from station_app.core import sync_person_pull as person_pull
from station_app.core import sync_reference as reference
from station_app.core.db import Database
from station_app.core.models import OutboxEntry, SyncCursor, SyncStaging, SyncState
from station_app.core.models.legacy import AttachmentBlob
from station_app.core.outbox import OPEN_STATUSES
from sync.policy import HOLD_LIMIT, ITEM_BACKOFF
from sync.ports import CursorState, PushTally, Queued
from sync.protocol import SCOPE_PERSONS, Mutation, MutationResult, ResultStatus, ScopePage


def state(db: Database) -> SyncState:
    """The sync_state row (made on first use); a detached copy."""
    with db.write() as session:
        row = session.get(SyncState, 1)
        if row is None:
            row = SyncState(id=1, consecutive_failures=0)
            session.add(row)
            session.flush()
        return row


def reset_inflight(db: Database) -> int:
    """A batch left in flight by a crash goes back to pending: the server dedupes the resend."""
    with db.write() as session:
        result = session.execute(
            update(OutboxEntry).where(OutboxEntry.status == "inflight").values(status="pending")
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _wire(e: OutboxEntry, offset_now: int | None) -> Mutation:
    return Mutation(
        mutation_id=e.mutation_id, client_seq=e.client_seq, aggregate_type=e.aggregate_type,
        aggregate_id=e.aggregate_id, op=e.op_name, op_version=e.op_version, payload=e.payload,
        payload_sha256=e.payload_sha256, base_version=e.base_version, officer_id=e.officer_id,
        device_time=e.created_at_device,
        # The offset known when written, else the one this cycle's hello measured.
        clock_offset_ms=e.clock_offset_ms if e.clock_offset_ms is not None else offset_now,
    )  # fmt: skip


def select_batch(
    db: Database, now: datetime, max_count: int, max_bytes: int, offset_now: int | None
) -> list[Queued]:
    """The next mutations to send, oldest first, keeping each record's order.

    A record is held back from the first of its mutations that cannot go now (quarantined, in
    conflict, or waiting for a retry time): later changes of that record wait behind it, while every
    other record's changes still flow.
    """
    batch: list[Queued] = []
    held: set[tuple[str, str]] = set()
    malformed: dict[str, str] = {}
    total = 0
    query = (
        select(OutboxEntry)
        .where(OutboxEntry.status.in_(("pending", "quarantined", "conflict")))
        .order_by(OutboxEntry.client_seq)
        .execution_options(yield_per=200)
    )
    with db.read() as session:
        for e in session.scalars(query):
            key = (e.aggregate_type, e.aggregate_id)
            if key in held:
                continue
            if e.status != "pending" or (e.next_attempt_at is not None and e.next_attempt_at > now):
                held.add(key)
                continue
            try:
                wire = _wire(e, offset_now)
            except ValidationError as exc:  # e.g. written by an older build: never sent, never blocking
                held.add(key)
                malformed[e.mutation_id] = "; ".join(
                    f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
                    for err in exc.errors(include_input=False, include_url=False)
                )
                continue
            size = len(wire.model_dump_json()) + 1
            if batch and (len(batch) >= max_count or total + size > max_bytes):
                break
            batch.append(Queued(wire, size))
            total += size
    for mutation_id, detail in malformed.items():
        hold_back(db, mutation_id, "quarantined", "invalid_mutation", f"not a valid command: {detail}")
    return batch


def mark_inflight(db: Database, ids: list[str]) -> None:
    with db.write() as session:
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.mutation_id.in_(ids))
            .values(status="inflight", attempts=OutboxEntry.attempts + 1)
        )


def release(db: Database, ids: list[str]) -> None:
    """The reply never came (or said nothing per item): the batch is pending again, as it was."""
    with db.write() as session:
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.mutation_id.in_(ids), OutboxEntry.status == "inflight")
            .values(status="pending")
        )


def hold_back(db: Database, mutation_id: str, status: str, code: str, detail: str) -> None:
    with db.write() as session:
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.mutation_id == mutation_id)
            .values(status=status, last_error_code=code, last_error_detail=detail)
        )


def apply_results(
    db: Database, batch: list[Queued], results: list[MutationResult], now: datetime, rng: random.Random
) -> PushTally:
    """Record every per-item result of one reply in one transaction; unanswered items go back."""
    tally = PushTally()
    by_id = {r.mutation_id: r for r in results}
    ids = [q.mutation.mutation_id for q in batch]
    with db.write() as session:
        entries = {
            e.mutation_id: e
            for e in session.scalars(select(OutboxEntry).where(OutboxEntry.mutation_id.in_(ids)))
        }
        for mutation_id in ids:
            entry = entries.get(mutation_id)
            if entry is None or entry.status != "inflight":
                continue
            result = by_id.get(entry.mutation_id)
            if result is None:
                entry.status = "pending"
                continue
            _apply_one(entry, result, now, rng, tally)
    return tally


def _apply_one(
    entry: OutboxEntry, r: MutationResult, now: datetime, rng: random.Random, tally: PushTally
) -> None:
    entry.last_error_code, entry.last_error_detail = r.code, r.detail
    if r.status in (ResultStatus.APPLIED, ResultStatus.DUPLICATE):
        entry.status, entry.server_seq, entry.acked_at = "applied", r.server_seq, now
        entry.last_error_code = entry.last_error_detail = None
        if r.status == ResultStatus.APPLIED:
            tally.applied += 1
        else:
            tally.duplicate += 1
    elif r.status == ResultStatus.REJECTED:
        entry.status = "quarantined"
        tally.quarantined += 1
    elif r.status == ResultStatus.CONFLICT:
        entry.status = "conflict"
        tally.conflict += 1
    elif r.code == "predecessor_missing" and entry.attempts >= HOLD_LIMIT:
        # Held long enough: a person must find the missing change; nothing is forced or dropped.
        entry.status = "conflict"
        entry.last_error_detail = f"{r.detail} (still missing after {entry.attempts} tries)"
        tally.conflict += 1
    else:
        entry.status = "pending"
        if r.code != "held_behind":
            entry.next_attempt_at = now + timedelta(seconds=ITEM_BACKOFF.delay(entry.attempts, rng))
        tally.retry_later += 1


def stored_bytes(db: Database, sha256: str) -> bytes | None:
    """A scanned page's bytes, for the upload before its link is pushed (sync/blobs.py)."""
    with db.read() as session:
        blob = session.get(AttachmentBlob, sha256)
        return None if blob is None else bytes(blob.data)


def open_counts(db: Database) -> dict[str, int]:
    with db.read() as session:
        rows = session.execute(
            select(OutboxEntry.status, func.count())
            .where(OutboxEntry.status.in_(OPEN_STATUSES))
            .group_by(OutboxEntry.status)
        ).all()
    return {str(status): int(n) for status, n in rows}


# --- pull ----------------------------------------------------------------------------------------


def cursor_state(db: Database, scope: str) -> CursorState:
    with db.read() as session:
        row = session.get(SyncCursor, scope)
        if row is None:
            return CursorState(None, None, False)
        return CursorState(row.cursor, row.staging_cursor, row.rebuilding)


def _cursor_row(session: Session, scope: str) -> SyncCursor:
    row = session.get(SyncCursor, scope)
    if row is None:
        row = SyncCursor(scope=scope, rebuilding=False, resets=0)
        session.add(row)
    return row


def start_rebuild(db: Database, scope: str, now: datetime) -> None:
    """410: forget the scope's cursor and staged pages; the table stays as it is until the swap."""
    with db.write() as session:
        row = _cursor_row(session, scope)
        row.cursor, row.staging_cursor, row.rebuilding = None, None, True
        row.resets += 1
        row.updated_at = now
        session.execute(delete(SyncStaging).where(SyncStaging.scope == scope))


def apply_page(db: Database, scope: str, page: ScopePage, now: datetime) -> None:
    """An incremental page and its cursor, in one transaction (a crash re-applies it, harmlessly)."""
    with db.write() as session:
        if scope == SCOPE_PERSONS:
            items = [(i.id, i.version, None if i.deleted else i.data) for i in page.items]
            person_pull.apply_persons(session, items, now)
        else:
            pending = (
                reference.inbox_items_with_pending_changes(session) if scope == "station_inbox" else set()
            )
            for item in page.items:
                if item.deleted or item.data is None:
                    reference.remove(session, scope, item.id, pending)
                else:
                    reference.upsert(session, scope, item.id, item.version, item.data, now, pending)
        row = _cursor_row(session, scope)
        row.cursor, row.updated_at = page.cursor, now


def stage_page(db: Database, scope: str, page: ScopePage, now: datetime) -> None:
    with db.write() as session:
        for item in page.items:
            existing = session.get(SyncStaging, (scope, item.id))
            if item.deleted or item.data is None:
                if existing is not None:
                    session.delete(existing)
                continue
            text = json.dumps(item.data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            if existing is None:
                session.add(SyncStaging(scope=scope, item_id=item.id, version=item.version, data=text))
            else:
                existing.version, existing.data = item.version, text
        row = _cursor_row(session, scope)
        row.staging_cursor, row.rebuilding, row.updated_at = page.cursor, True, now


def swap(db: Database, scope: str, final_cursor: str, total_live: int | None, now: datetime) -> bool:
    """Make the scope's table equal the staged snapshot, in one transaction. The outbox and the
    station's own records are not touched. False (and the rebuild starts over) if the count the
    server reported differs from what was staged."""
    with db.write() as session:
        staged = {
            s.item_id: (s.version, s.data)
            for s in session.scalars(select(SyncStaging).where(SyncStaging.scope == scope))
        }
        row = _cursor_row(session, scope)
        if total_live is not None and total_live != len(staged):
            row.cursor, row.staging_cursor, row.rebuilding = None, None, True
            session.execute(delete(SyncStaging).where(SyncStaging.scope == scope))
            return False
        if scope == SCOPE_PERSONS:  # persons are never removed: the snapshot only adds and updates
            person_pull.apply_persons(session, [(i, v, json.loads(d)) for i, (v, d) in staged.items()], now)
        else:
            reference.replace_all(session, scope, staged, now)
        session.execute(delete(SyncStaging).where(SyncStaging.scope == scope))
        row.cursor, row.staging_cursor, row.rebuilding, row.updated_at = final_cursor, None, False, now
        return True
