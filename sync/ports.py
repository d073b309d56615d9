"""The ports of the sync engine: what it needs from the station, as small ``typing.Protocol``s.

sync/ is the protocol and the client engine; it never imports the station's core or GUI. The
station's core implements these ports on its database (station_app/core/sync_adapters.py) and the
composition root (station_app/core/sync_runtime.py) wires them into a ``SyncEngine``. A test can
hand the engine any object with these methods.

Every method is one short transaction of its own on the station side: the engine never holds one
open across a network call.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sync.protocol import ChainAnchor, Mutation, MutationResult, ScopePage

# --- values the ports exchange with the engine ------------------------------------------------------


@dataclass(frozen=True)
class Queued:
    """One outbox entry as the wire command it becomes."""

    mutation: Mutation
    size: int  # bytes of its JSON in the push body (uncompressed)

    @property
    def key(self) -> tuple[str, str]:
        return (self.mutation.aggregate_type, self.mutation.aggregate_id)


@dataclass
class PushTally:
    applied: int = 0
    duplicate: int = 0
    quarantined: int = 0
    conflict: int = 0
    retry_later: int = 0


@dataclass(frozen=True)
class CursorState:
    cursor: str | None
    staging_cursor: str | None
    rebuilding: bool

    @property
    def staged(self) -> bool:
        """Pages go to staging while the scope is read from the start (first time or after 410)."""
        return self.rebuilding or self.cursor is None

    @property
    def send(self) -> str | None:
        return self.staging_cursor if self.staged else self.cursor


# --- the ports ---------------------------------------------------------------------------------------


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class OutboxPort(Protocol):
    """The outbox reader and the push result recorder."""

    def reset_inflight(self) -> int:
        """A batch left in flight by a crash goes back to pending; how many."""
        ...

    def select_batch(
        self, now: datetime, max_count: int, max_bytes: int, offset_now: int | None
    ) -> list[Queued]: ...

    def mark_inflight(self, ids: list[str]) -> None: ...

    def release(self, ids: list[str]) -> None:
        """The reply never came: the batch is pending again, as it was."""
        ...

    def hold_back(self, mutation_id: str, status: str, code: str, detail: str) -> None: ...

    def apply_results(
        self, batch: list[Queued], results: list[MutationResult], now: datetime, rng: random.Random
    ) -> PushTally: ...

    def open_counts(self) -> dict[str, int]:
        """Entries not yet delivered, by status."""
        ...


class PullPort(Protocol):
    """The pulled-item appliers and each scope's cursor."""

    def applies(self, scope: str) -> bool:
        """Whether this station takes the scope's items."""
        ...

    def cursor_state(self, scope: str) -> CursorState: ...

    def start_rebuild(self, scope: str, now: datetime) -> None: ...

    def apply_page(self, scope: str, page: ScopePage, now: datetime) -> None:
        """An incremental page and its cursor, in one transaction."""
        ...

    def stage_page(self, scope: str, page: ScopePage, now: datetime) -> None: ...

    def swap(self, scope: str, final_cursor: str, total_live: int | None, now: datetime) -> bool:
        """Make the scope equal the staged snapshot; False if the server's count differs."""
        ...


class ChainAnchorPort(Protocol):
    """The station's audit chain as the server anchors it (docs/audit-chain.md)."""

    def chain_fields(self) -> tuple[ChainAnchor | None, ChainAnchor | None]:
        """(the chain's head, the entry at the anchor the server last confirmed)."""
        ...

    def held_anchor(self) -> tuple[int | None, str | None]:
        """(seq, mac) of the anchor the server is known to hold."""
        ...

    def note_anchor(self, anchor: ChainAnchor | None) -> str | None:
        """Remember the server's anchor; the problem when the local chain no longer extends it."""
        ...


class SyncStatusPort(Protocol):
    """Where the station keeps what the last cycle found (the Sync screen and `status` read it)."""

    def record_clock(self, offset_ms: int, checked_at: datetime) -> None: ...

    def record_cycle(self, at: datetime, outcome: str, *, succeeded: bool, failure: str | None) -> None:
        """``failure`` counts as one more failed cycle; a cycle that neither succeeded nor failed
        (another one was running) only records that it was tried."""
        ...


class BlobSource(Protocol):
    def stored_bytes(self, sha256: str) -> bytes | None:
        """The bytes of a scanned page kept at the station, or None."""
        ...


@dataclass(frozen=True)
class StationPorts:
    """Everything the engine needs from one station, wired by the composition root."""

    outbox: OutboxPort
    pull: PullPort
    chain: ChainAnchorPort
    status: SyncStatusPort
    blobs: BlobSource
