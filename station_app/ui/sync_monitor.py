"""What the desk shows about sync, in one place: the queue as the database has it (read through the
op runner) and the worker's live state (online, syncing, backoff), merged into one ``SyncPicture``.

The status bar, the Sync screen, the inbox and the FIR register's "not yet on the state server" mark
all listen to ``SyncMonitor.updated``, so one read serves them all. It refreshes after every write
that can queue something and after every sync cycle, and re-announces every half minute so that
"last sync 5 min ago" stays true.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal

from station_app.core.runtime import StationServices
from station_app.core.sync_store import state as sync_state
from station_app.ui.context import Desk
from station_app.ui.events import AUDIT, OFFICER, STATION, ChangeSet
from station_app.ui.sync_worker import SyncWorker, WorkerStatus
from sync.engine import CycleReport
from sync.ops import AGG_FIR
from sync.policy import CLOCK_SUSPECT_MS

RELATIVE_REFRESH_MS = 30_000
_NOT_SYNCED = frozenset({AUDIT, OFFICER, STATION})  # writes that never queue anything for the server


@dataclass(frozen=True)
class QueueSnapshot:
    """The sync state row and the outbox counts, read in one op on the database thread."""

    pending: int = 0  # pending and in flight: still to be delivered
    quarantined: int = 0
    conflict: int = 0
    last_sync: datetime | None = None
    last_attempt: datetime | None = None
    last_outcome: str | None = None
    problem: str | None = None
    server_url: str | None = None
    server_name: str | None = None
    enrolled_at: datetime | None = None
    clock_offset_ms: int | None = None
    unsynced_firs: frozenset[str] = frozenset()

    @property
    def enrolled(self) -> bool:
        return bool(self.server_url)

    @property
    def clock_suspect(self) -> bool:
        return self.clock_offset_ms is not None and abs(self.clock_offset_ms) > CLOCK_SUSPECT_MS


def load_snapshot(services: StationServices) -> QueueSnapshot:
    """Runs on the database thread (through ``OpRunner``), never on the GUI thread."""
    counts = services.outbox.counts()
    state = sync_state(services.db)
    return QueueSnapshot(
        pending=counts["pending"],
        quarantined=counts["quarantined"],
        conflict=counts["conflict"],
        last_sync=state.last_sync_at,
        last_attempt=state.last_attempt_at,
        last_outcome=state.last_outcome,
        problem=state.problem,
        server_url=state.server_url,
        server_name=state.server_name,
        enrolled_at=state.enrolled_at,
        clock_offset_ms=state.clock_offset_ms,
        unsynced_firs=frozenset(services.outbox.unsynced_ids(AGG_FIR)),
    )


@dataclass(frozen=True)
class SyncPicture:
    queue: QueueSnapshot
    worker: WorkerStatus | None  # None: this desk has no sync worker
    now: datetime
    loaded: bool = True  # False until the first read arrived


class SyncMonitor(QObject):
    updated = Signal(object)  # SyncPicture
    cycle_finished = Signal(object)  # CycleReport, after the queue was read again

    def __init__(self, desk: Desk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ops = desk.ops
        self._services = desk.services
        self.worker: SyncWorker | None = desk.sync_worker
        self._queue = QueueSnapshot()
        self._loaded = False
        self._loading = False
        self._again = False
        self._after_commit = False
        self._pending_report: CycleReport | None = None
        desk.events.changed.connect(self._changed)
        if self.worker is not None:
            # A method, not a lambda: Qt drops the connection when this desk's monitor is deleted,
            # and the worker (which may outlive the window by a moment) then emits into nothing.
            self.worker.status_changed.connect(self._status_changed)
            self.worker.cycle_finished.connect(self._cycle_finished)
        self._clock = QTimer(self)
        self._clock.setInterval(RELATIVE_REFRESH_MS)
        self._clock.timeout.connect(self._announce)
        self._clock.start()
        self.refresh()

    def _status_changed(self, _status: object) -> None:
        self._announce()

    @property
    def picture(self) -> SyncPicture:
        worker = self.worker.status if self.worker is not None else None
        return SyncPicture(self._queue, worker, datetime.now(UTC), self._loaded)

    def sync_now(self) -> None:
        if self.worker is not None:
            self.worker.sync_now()

    def refresh(self) -> None:
        """Read the queue again; a refresh asked for while one runs is done once, afterwards."""
        if self._loading:
            self._again = True
            return
        self._loading = True
        services = self._services
        # Taken by this read only: a write announced while it runs gets the next read.
        after_commit, self._after_commit = self._after_commit, False
        self._ops.run(
            lambda: load_snapshot(services),
            on_success=lambda snapshot: self._loaded_snapshot(snapshot, after_commit),
            on_done=self._done,
            owner=self,
        )

    def _done(self) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.refresh()

    def _loaded_snapshot(self, snapshot: QueueSnapshot, after_commit: bool) -> None:
        before = self._queue if self._loaded else None
        self._queue, self._loaded = snapshot, True
        # Only when the write queued something new: a draft's autosave must not start a cycle.
        grew = snapshot.pending > (before.pending if before else 0)
        if after_commit and grew and self.worker is not None:
            self.worker.request_after_commit()
        self._announce()
        report, self._pending_report = self._pending_report, None
        if report is not None:
            self.cycle_finished.emit(report)

    def _changed(self, changes: ChangeSet) -> None:
        if changes.record_types <= _NOT_SYNCED:
            return
        self._after_commit = True
        self.refresh()

    def _cycle_finished(self, report: CycleReport) -> None:
        self._pending_report = report
        self.refresh()

    def _announce(self) -> None:
        self.updated.emit(self.picture)
