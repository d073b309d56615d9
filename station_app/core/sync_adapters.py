"""The station's side of the sync engine's ports (sync/ports.py), on the station database.

sync/ defines what its engine needs and never imports the core; this module is where the core
provides it: the outbox and the pulled pages (sync_store.py), the audit chain's anchor
(audit_anchor.py) and the sync status row. The composition root (sync_runtime.build_engine) hands
``station_ports(db)`` to the engine. Each method is one short transaction.
"""

from __future__ import annotations

import random
from datetime import datetime

from station_app.core import audit_anchor, sync_store
from station_app.core.db import Database
from station_app.core.models import SyncState
from station_app.core.sync_reference import SCOPE_MODELS
from sync.ports import CursorState, PushTally, Queued, StationPorts
from sync.protocol import SCOPE_PERSONS, ChainAnchor, MutationResult, ScopePage


class StationOutbox:
    """OutboxPort: the outbox reader and the push result recorder."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def reset_inflight(self) -> int:
        return sync_store.reset_inflight(self._db)

    def select_batch(
        self, now: datetime, max_count: int, max_bytes: int, offset_now: int | None
    ) -> list[Queued]:
        return sync_store.select_batch(self._db, now, max_count, max_bytes, offset_now)

    def mark_inflight(self, ids: list[str]) -> None:
        sync_store.mark_inflight(self._db, ids)

    def release(self, ids: list[str]) -> None:
        sync_store.release(self._db, ids)

    def hold_back(self, mutation_id: str, status: str, code: str, detail: str) -> None:
        sync_store.hold_back(self._db, mutation_id, status, code, detail)

    def apply_results(
        self, batch: list[Queued], results: list[MutationResult], now: datetime, rng: random.Random
    ) -> PushTally:
        return sync_store.apply_results(self._db, batch, results, now, rng)

    def open_counts(self) -> dict[str, int]:
        return sync_store.open_counts(self._db)


class StationPull:
    """PullPort: persons into the person master, reference data into its tables, with cursors."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def applies(self, scope: str) -> bool:
        return scope in SCOPE_MODELS or scope == SCOPE_PERSONS

    def cursor_state(self, scope: str) -> CursorState:
        return sync_store.cursor_state(self._db, scope)

    def start_rebuild(self, scope: str, now: datetime) -> None:
        sync_store.start_rebuild(self._db, scope, now)

    def apply_page(self, scope: str, page: ScopePage, now: datetime) -> None:
        sync_store.apply_page(self._db, scope, page, now)

    def stage_page(self, scope: str, page: ScopePage, now: datetime) -> None:
        sync_store.stage_page(self._db, scope, page, now)

    def swap(self, scope: str, final_cursor: str, total_live: int | None, now: datetime) -> bool:
        return sync_store.swap(self._db, scope, final_cursor, total_live, now)


class StationChainAnchor:
    """ChainAnchorPort: the audit chain's head and the anchor the server holds."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def chain_fields(self) -> tuple[ChainAnchor | None, ChainAnchor | None]:
        with self._db.read() as session:
            seq = audit_anchor.remembered_anchor_seq(session)
            return audit_anchor.chain_head(session), audit_anchor.entry_at(session, seq)

    def held_anchor(self) -> tuple[int | None, str | None]:
        with self._db.read() as session:
            state = session.get(SyncState, 1)
            return (state.chain_anchor_seq, state.chain_anchor_mac) if state else (None, None)

    def note_anchor(self, anchor: ChainAnchor | None) -> str | None:
        with self._db.write() as session:
            problem = audit_anchor.anchor_problem(session, anchor)
            audit_anchor.remember_anchor(session, anchor, problem)
        return problem


class StationSyncStatus:
    """SyncStatusPort: the sync_state row the Sync screen and `station-app status` read."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def record_clock(self, offset_ms: int, checked_at: datetime) -> None:
        with self._db.write() as session:
            state = session.get(SyncState, 1) or SyncState(id=1, consecutive_failures=0)
            state.clock_offset_ms, state.clock_checked_at = offset_ms, checked_at
            session.merge(state)

    def record_cycle(self, at: datetime, outcome: str, *, succeeded: bool, failure: str | None) -> None:
        with self._db.write() as session:
            state = session.get(SyncState, 1) or SyncState(id=1, consecutive_failures=0)
            state.last_attempt_at, state.last_outcome = at, outcome
            if succeeded:
                state.last_sync_at, state.consecutive_failures, state.problem = at, 0, None
            elif failure is not None:
                state.consecutive_failures = (state.consecutive_failures or 0) + 1
                state.problem = failure
            session.merge(state)


class StationBlobs:
    """BlobSource: the scanned pages' bytes, kept in the encrypted database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def stored_bytes(self, sha256: str) -> bytes | None:
        return sync_store.stored_bytes(self._db, sha256)


def station_ports(db: Database) -> StationPorts:
    return StationPorts(
        outbox=StationOutbox(db),
        pull=StationPull(db),
        chain=StationChainAnchor(db),
        status=StationSyncStatus(db),
        blobs=StationBlobs(db),
    )
