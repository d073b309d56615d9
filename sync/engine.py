"""One sync cycle: hello (clock offset, versions, training) -> push batches (each after the bytes of
the scanned pages it links are uploaded) -> pull each scope.

Qt-free and synchronous; the GUI runs it on its network thread, `station-app sync` runs it once.
Every network failure ends the cycle with an outcome, never an exception: the queue is left exactly
as durable as before, and the scheduler decides when to try again.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from sync.blobs import BlobTally, BlobUploader
from sync.client import SyncClient
from sync.errors import (
    AuthRequiredError,
    BusyError,
    ForbiddenError,
    PayloadTooLargeError,
    ProtocolError,
    ResetRequiredError,
    SyncError,
    TlsError,
    UpdateRequiredError,
)
from sync.lock import SyncLock
from sync.ops import PAYLOAD_VERSION, accepted_versions
from sync.policy import CLOCK_SUSPECT_MS
from sync.ports import Clock, PushTally, StationPorts
from sync.protocol import SCOPES, ChainAnchor, Hello, PullRequest, PushRequest

log = logging.getLogger(__name__)

START_BATCH_COUNT = 100
START_BATCH_BYTES = 64 * 1024
MAX_PAGES_PER_SCOPE = 10_000


class Outcome(StrEnum):
    OK = "ok"
    ATTENTION = "attention"  # complete, but quarantined or conflicting items need a person
    OFFLINE = "offline"  # transport failure, 5xx, 429/503: retried with backoff
    AUTH_REQUIRED = "auth_required"
    UPDATE_REQUIRED = "update_required"
    NOT_ENROLLED = "not_enrolled"
    FORBIDDEN = "forbidden"  # training station vs real server, or the other way round
    PROTOCOL_ERROR = "protocol_error"
    TLS_ERROR = "tls_error"
    BUSY = "busy"


EXIT_CODES: dict[Outcome, int] = {
    Outcome.OK: 0,
    Outcome.ATTENTION: 31,
    Outcome.OFFLINE: 32,
    Outcome.AUTH_REQUIRED: 33,
    Outcome.UPDATE_REQUIRED: 34,
    Outcome.NOT_ENROLLED: 35,
    Outcome.FORBIDDEN: 36,
    Outcome.PROTOCOL_ERROR: 37,
    Outcome.TLS_ERROR: 38,
    Outcome.BUSY: 39,
}


@dataclass
class CycleReport:
    outcome: Outcome = Outcome.OK
    message: str = ""
    pushed: PushTally = field(default_factory=PushTally)
    pulled: dict[str, int] = field(default_factory=dict)
    resets: list[str] = field(default_factory=list)
    clock_offset_ms: int | None = None
    clock_suspect: bool = False
    retry_after: float | None = None
    open_counts: dict[str, int] = field(default_factory=dict)
    batches: int = 0
    blobs: BlobTally = field(default_factory=BlobTally)  # scanned pages checked and uploaded
    chain_problem: str | None = None  # the local audit chain no longer extends the server's anchor

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.outcome]

    @property
    def ok(self) -> bool:
        return self.outcome in (Outcome.OK, Outcome.ATTENTION)


Observer = Callable[[str, dict[str, object]], None]


def _no_observer(_event: str, _info: dict[str, object]) -> None:
    return None


@dataclass(frozen=True)
class StationSide:
    station_code: str
    training: bool


class SyncEngine:
    """One station's sync, through the ports the station implements (sync/ports.py)."""

    def __init__(
        self,
        ports: StationPorts,
        clock: Clock,
        client: SyncClient,
        station: StationSide,
        lock: SyncLock,
        *,
        observer: Observer | None = None,
        rng: random.Random | None = None,
        scopes: tuple[str, ...] = SCOPES,
        page_limit: int = 500,
        payload_version: int = PAYLOAD_VERSION,
    ) -> None:
        self._outbox, self._pull, self._chain = ports.outbox, ports.pull, ports.chain
        self._status, self._blobs = ports.status, ports.blobs
        self._clock = clock
        self._client = client
        self._station = station
        self._lock = lock
        self._observe = observer or _no_observer
        self._rng = rng or random.Random()
        self._scopes = scopes
        self._page_limit = page_limit
        self._payload_version = payload_version
        self.batch_count = START_BATCH_COUNT
        self.batch_bytes = START_BATCH_BYTES

    def close(self) -> None:
        self._client.close()

    def run_cycle(self) -> CycleReport:
        report = CycleReport()
        if not self._lock.acquire():
            report.outcome, report.message = Outcome.BUSY, BusyError.title
            return report
        try:
            self._run(report)
        except SyncError as exc:
            report.outcome = _outcome_of(exc)
            report.message = exc.message
            report.retry_after = exc.retry_after
            log.warning("sync cycle stopped: %s (%s)", type(exc).__name__, exc.message)
        finally:
            self._lock.release()
        report.open_counts = self._outbox.open_counts()
        if report.outcome is Outcome.OK and (
            report.open_counts.get("quarantined") or report.open_counts.get("conflict")
        ):
            report.outcome = Outcome.ATTENTION
            report.message = "Some records are held back and need a person (see the Sync screen)."
        if report.outcome is Outcome.OK and report.chain_problem:
            report.outcome = Outcome.ATTENTION
            report.message = f"Audit trail tampered with: {report.chain_problem}. Run station-app verify."
        self._record(report)
        return report

    def _run(self, report: CycleReport) -> None:
        hello = self._hello(report)
        self._outbox.reset_inflight()
        self._push(hello, report)
        self._settle_anchor(report)
        for scope in self._scopes:
            if scope in hello.scopes and self._pull.applies(scope):
                report.pulled[scope] = self._pull_scope(scope, hello, report)

    def _hello(self, report: CycleReport) -> Hello:
        hello, sent, received = self._client.hello()
        # Offset against the midpoint of the round trip; the device clock is never used to order.
        local_mid = datetime.fromtimestamp((sent + received) / 2, UTC)
        device_now = self._clock.now()
        skew_of_clock = device_now - datetime.now(UTC)  # the injected clock may differ from the OS's
        offset = hello.server_time - (local_mid + skew_of_clock)
        report.clock_offset_ms = int(offset.total_seconds() * 1000)
        report.clock_suspect = abs(report.clock_offset_ms) > CLOCK_SUSPECT_MS
        self._observe("hello", {"offset_ms": report.clock_offset_ms})
        if hello.training != self._station.training:
            raise ForbiddenError(
                "This is a training station and the server is a real state server."
                if self._station.training
                else "The server is a training server; a real station never syncs with it.",
                "Training and real records never mix. Check the server address.",
                "training_mismatch",
            )
        if self._payload_version < min(hello.accepted_payload_versions):
            raise UpdateRequiredError(
                "This station app is too old for the state server: update it. Records stay queued meanwhile.",
                f"The server accepts payload versions {hello.accepted_payload_versions}.",
            )
        if self._payload_version > max(accepted_versions(hello.payload_version)):
            raise UpdateRequiredError(
                "The state server is older than this station app; records stay queued until it is updated.",
                f"The server understands payload versions up to {hello.payload_version}.",
            )
        self._status.record_clock(report.clock_offset_ms, device_now)
        return hello

    def _push(self, hello: Hello, report: CycleReport) -> None:
        count_cap = min(self.batch_count, hello.limits.max_batch_count)
        bytes_cap = min(self.batch_bytes, hello.limits.max_batch_bytes)
        sent_ids: set[str] = set()
        uploader = BlobUploader(
            self._outbox, self._blobs, self._client, self._station.station_code, report.blobs
        )
        while True:
            now = self._clock.now()
            batch = self._outbox.select_batch(now, count_cap, bytes_cap, report.clock_offset_ms)
            if not batch:
                return
            ids = [q.mutation.mutation_id for q in batch]
            if sent_ids.issuperset(ids):
                return  # everything left was already tried this cycle (e.g. held server-side)
            quarantined = report.blobs.quarantined
            ready = uploader.prepare(batch, hello)  # the scans' bytes first, then their links
            report.pushed.quarantined += report.blobs.quarantined - quarantined
            if ready is None:
                continue  # an attachment was quarantined instead: choose the batch again
            batch, ids = ready, [q.mutation.mutation_id for q in ready]
            self._outbox.mark_inflight(ids)
            self._observe("before_send", {"ids": ids})
            try:
                head, at_anchor = self._chain_fields()
                reply = self._client.push(
                    PushRequest(
                        station_code=self._station.station_code,
                        mutations=[q.mutation for q in batch],
                        chain_head=head,
                        chain_at_anchor=at_anchor,
                    )
                )
            except PayloadTooLargeError:
                self._outbox.release(ids)
                if len(batch) == 1:
                    self._outbox.hold_back(
                        ids[0], "quarantined", "too_large", "larger than the server accepts"
                    )
                    report.pushed.quarantined += 1
                else:
                    count_cap = max(1, len(batch) // 2)
                    bytes_cap = max(1, sum(q.size for q in batch) // 2)
                continue
            except BaseException:
                self._outbox.release(ids)
                raise
            self._observe("response_received", {"ids": ids})
            self._note_anchor(report, reply.chain_anchor)
            tally = self._outbox.apply_results(batch, reply.results, self._clock.now(), self._rng)
            report.batches += 1
            sent_ids.update(ids)
            for name in ("applied", "duplicate", "quarantined", "conflict", "retry_later"):
                setattr(report.pushed, name, getattr(report.pushed, name) + getattr(tally, name))
            # Grow after success, up to the server's limits (64 KB/100 -> 1 MB/500 by default).
            count_cap = self.batch_count = min(hello.limits.max_batch_count, count_cap * 2)
            bytes_cap = self.batch_bytes = min(hello.limits.max_batch_bytes, bytes_cap * 2)

    # --- the audit chain's anchor on the server (ChainAnchorPort) -----------------------------------

    def _chain_fields(self) -> tuple[ChainAnchor | None, ChainAnchor | None]:
        return self._chain.chain_fields()

    def _note_anchor(self, report: CycleReport, anchor: ChainAnchor | None) -> None:
        problem = self._chain.note_anchor(anchor)
        report.chain_problem = problem
        if problem:
            log.warning("audit chain no longer extends the server's anchor: %s", problem)

    def _settle_anchor(self, report: CycleReport) -> None:
        """Anchor the chain's head now (an empty push), unless the server already holds it. A second
        try follows when the station first had to learn the server's anchor (a restored copy)."""
        for _ in range(2):
            head, at_anchor = self._chain_fields()
            held = self._chain.held_anchor()
            if report.chain_problem or head is None or held == (head.seq, head.mac):
                return
            reply = self._client.push(
                PushRequest(
                    station_code=self._station.station_code,
                    mutations=[],
                    chain_head=head,
                    chain_at_anchor=at_anchor,
                )
            )
            self._note_anchor(report, reply.chain_anchor)
            if reply.chain_anchor is None:
                return  # a server that does not anchor chains (older than this protocol field)

    def _pull_scope(self, scope: str, hello: Hello, report: CycleReport) -> int:
        received = 0
        resets = 0
        limit = min(self._page_limit, hello.limits.max_pull_items)
        for _ in range(MAX_PAGES_PER_SCOPE):
            cur = self._pull.cursor_state(scope)
            try:
                reply = self._client.pull(
                    PullRequest(
                        station_code=self._station.station_code, scopes={scope: cur.send}, limit=limit
                    )
                )
            except ResetRequiredError:
                resets += 1
                if resets > 2:
                    raise ProtocolError(f"The server keeps resetting {scope}.") from None
                self._pull.start_rebuild(scope, self._clock.now())
                report.resets.append(scope)
                continue
            page = next((p for p in reply.pages if p.scope == scope), None)
            if page is None:
                raise ProtocolError(f"The server's pull reply had no page for {scope}.")
            self._observe("page_received", {"scope": scope, "items": len(page.items), "staged": cur.staged})
            now = self._clock.now()
            if cur.staged:
                self._pull.stage_page(scope, page, now)
                if not page.has_more and not self._pull.swap(scope, page.cursor, page.total_live, now):
                    raise ProtocolError(
                        f"The rebuilt {scope} did not match the server's count; it is read again."
                    )
            else:
                self._pull.apply_page(scope, page, now)
            self._observe("page_applied", {"scope": scope})
            received += len(page.items)
            if not page.has_more:
                break
        return received

    def _record(self, report: CycleReport) -> None:
        failed = not report.ok and report.outcome is not Outcome.BUSY
        self._status.record_cycle(
            self._clock.now(),
            report.outcome.value,
            succeeded=report.ok,
            failure=report.message if failed else None,
        )


def _outcome_of(exc: SyncError) -> Outcome:
    if isinstance(exc, AuthRequiredError):
        return Outcome.AUTH_REQUIRED
    if isinstance(exc, UpdateRequiredError):
        return Outcome.UPDATE_REQUIRED
    if isinstance(exc, ForbiddenError):
        return Outcome.FORBIDDEN
    if isinstance(exc, TlsError):
        return Outcome.TLS_ERROR
    if isinstance(exc, ProtocolError):
        return Outcome.PROTOCOL_ERROR
    return Outcome.OFFLINE
