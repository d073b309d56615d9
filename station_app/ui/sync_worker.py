"""The background sync worker: network work on its own thread, driven by ``SyncScheduler``.

    GUI thread                                         network thread "station-sync"
    ----------                                         -----------------------------
    SyncScheduler (sync/policy.py, pure rules)
    QTimer at scheduler.next_wakeup() --due-->  job    run_sync_cycle | probe_server | enrol_station
    _deliver(job)  <---- one queued signal -------     (the engine's own short DB transactions)

Only the GUI thread touches the scheduler, so its rules need no locks; the network thread runs one
job at a time (single flight), and the engine's file lock keeps a `station-app sync` from another
process out too. Neither the GUI thread nor the op runner's database thread ever waits on the network.

    ✅ worker.sync_now()                       (Ctrl+Shift+S; returns at once)
    ✅ worker.enrol(actor, url, code, ca, on_success=..., on_failure=...)
    ❌ run_sync_cycle(...) from a widget or through ops.run (the DB thread would wait on the network)
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from types import TracebackType
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from station_app.core.errors import StationError
from station_app.core.keys import KeyStore
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from station_app.core.sync_runtime import enrol_station, probe_server, run_sync_cycle
from sync.client import Timeouts
from sync.engine import CycleReport, Observer, Outcome
from sync.policy import SyncScheduler
from sync.protocol import EnrolResponse

log = logging.getLogger(__name__)

# The brief's timer: a cycle every 5 minutes even when nothing was written (pulls the inbox).
DEFAULT_SCHEDULER_INTERVAL = timedelta(minutes=5)
MAX_TIMER_MS = 60_000  # look again at least every minute: survives clock jumps and sleep/resume
STOP_TIMEOUT_S = 5.0

BugHandler = Callable[[type[BaseException], BaseException, TracebackType | None], None]
# Outcomes after which only a person can help (re-enrol, update, fix the address or the CA bundle):
# the scheduler pauses until "Sync now" or a new enrolment.
_PAUSING = {
    Outcome.AUTH_REQUIRED,
    Outcome.UPDATE_REQUIRED,
    Outcome.NOT_ENROLLED,
    Outcome.FORBIDDEN,
    Outcome.TLS_ERROR,
}
# Outcomes that prove the state server answered (so the desk is online even though it failed).
_SERVER_ANSWERED = {
    Outcome.OK,
    Outcome.ATTENTION,
    Outcome.AUTH_REQUIRED,
    Outcome.UPDATE_REQUIRED,
    Outcome.FORBIDDEN,
}


def default_scheduler() -> SyncScheduler:
    return SyncScheduler(safety_interval=DEFAULT_SCHEDULER_INTERVAL)


class Activity(StrEnum):
    IDLE = "idle"
    SYNCING = "syncing"
    PROBING = "probing"
    ENROLLING = "enrolling"
    STOPPED = "stopped"


@dataclass(frozen=True)
class WorkerStatus:
    """What the worker knows that the database does not: is the server reachable right now."""

    activity: Activity = Activity.IDLE
    online: bool | None = None  # None: not tried since sign-in
    last_report: CycleReport | None = None
    last_report_at: datetime | None = None
    next_try_at: datetime | None = None  # the backoff's "not before", while failing
    paused: bool = False
    failures: int = 0


class _Cancelled(Exception):
    """Raised from the engine's observer when the worker stops: the engine puts the batch back."""


@dataclass
class _Job:
    kind: Activity
    work: Callable[[], Any]
    on_success: Callable[[Any], None] | None = None
    on_failure: Callable[[StationError], None] | None = None
    result: Any = None
    error: BaseException | None = None
    thread_name: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class SyncWorker(QObject):
    """Made by the composition root for one signed-in desk; ``stop()`` on sign-out and quit."""

    status_changed = Signal(object)  # WorkerStatus
    cycle_finished = Signal(object)  # CycleReport, after the status was updated
    _delivered = Signal(object)  # _Job, emitted on the network thread, delivered on the GUI thread

    def __init__(
        self,
        services: StationServices,
        keystore: KeyStore,
        *,
        scheduler: SyncScheduler | None = None,
        timeouts: Timeouts | None = None,
        now: Callable[[], datetime] | None = None,
        observer: Observer | None = None,
        on_bug: BugHandler | None = None,
    ) -> None:
        super().__init__()
        self._services = services
        self._keystore = keystore
        self.scheduler = scheduler or default_scheduler()
        self._timeouts = timeouts
        self._now = now or (lambda: datetime.now(UTC))
        self._observer = observer
        self._on_bug = on_bug
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="station-sync", daemon=True)
        self._cancel = threading.Event()
        self._outstanding = 0  # jobs handed to the network thread and not yet delivered
        self._stopped = False
        self._started = False
        self._last_probe_at: datetime | None = None
        self.status = WorkerStatus()
        self.last_cycle_thread = ""  # the thread the last cycle ran on (tests check it is not the GUI's)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)
        # Queued explicitly: results must reach the GUI thread whichever thread emits.
        self._delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # --- life -------------------------------------------------------------------------------------

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        self._thread.start()
        self._timer.start(0)  # the scheduler has never run: a first cycle right after sign-in

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self, timeout_s: float = STOP_TIMEOUT_S) -> bool:
        """Stop triggering, cancel the cycle at its next step, and join the thread. False if the
        thread is still inside a network call after ``timeout_s`` (it is a daemon and ends with
        the call; nothing it does is lost: the queue is as durable as before)."""
        if self._stopped:
            return not self._thread.is_alive()
        self._stopped = True
        self._timer.stop()
        self._cancel.set()
        self._jobs.put(None)
        if self._thread.is_alive():
            self._thread.join(timeout_s)
        stopped = not self._thread.is_alive()
        if not stopped:
            log.warning("the sync thread is still in a network call after %.1f s; it ends with it", timeout_s)
        self._set_status(activity=Activity.STOPPED)
        return stopped

    # --- triggers (GUI thread) --------------------------------------------------------------------

    def request_after_commit(self) -> None:
        """Something that must reach the server was written: sync once the burst has settled."""
        if self._stopped:
            return
        self.scheduler.on_commit(self._now())
        self._tick()

    def sync_now(self) -> None:
        if self._stopped:
            return
        self.scheduler.on_sync_now(self._now())
        self._set_status(paused=False)
        self._tick()

    def enrol(
        self,
        actor: Actor,
        server_url: str,
        code: str,
        ca_bundle: str | None,
        *,
        on_success: Callable[[EnrolResponse], None],
        on_failure: Callable[[StationError], None],
    ) -> None:
        """Trade a one-time code for the station's credential, on the network thread."""
        services, keystore, timeouts = self._services, self._keystore, self._timeouts

        def work() -> EnrolResponse:
            return enrol_station(
                services, keystore, server_url, code, by=actor, ca_bundle=ca_bundle, timeouts=timeouts
            )

        self._submit(_Job(Activity.ENROLLING, work, on_success, on_failure))

    # --- the scheduler's clock --------------------------------------------------------------------

    def _tick(self) -> None:
        if self._stopped or not self._started or self._outstanding:
            return
        now = self._now()
        scheduler = self.scheduler
        if scheduler.due(now) and scheduler.start(now):
            self._start_cycle()
        elif self._probe_due(now):
            self._start_probe(now)
        else:
            self._arm(now)

    def _probe_due(self, now: datetime) -> bool:
        if self.status.online is not False or self.scheduler.paused:
            return False
        last = self._last_probe_at or self.scheduler.last_run_at
        return last is None or now - last >= self.scheduler.probe_interval

    def _arm(self, now: datetime) -> None:
        wake = self.scheduler.next_wakeup(now)
        if self.status.online is False and not self.scheduler.paused:
            last = self._last_probe_at or self.scheduler.last_run_at or now
            wake = min(wake, last + self.scheduler.probe_interval)
        ms = int((wake - now).total_seconds() * 1000)
        self._timer.start(max(0, min(ms, MAX_TIMER_MS)))

    def _start_cycle(self) -> None:
        services, keystore, timeouts = self._services, self._keystore, self._timeouts

        def work() -> CycleReport:
            return run_sync_cycle(services, keystore, timeouts=timeouts, observer=self._observe)

        self._submit(_Job(Activity.SYNCING, work))

    def _start_probe(self, now: datetime) -> None:
        self._last_probe_at = now
        services, timeouts = self._services, self._timeouts
        self._submit(_Job(Activity.PROBING, lambda: probe_server(services, timeouts)))

    def _observe(self, event: str, info: dict[str, object]) -> None:  # network thread
        # Only at steps where stopping is free: before a batch is sent or a page applied (the
        # engine puts an unsent batch back); never between a reply and recording its results.
        if self._cancel.is_set() and event in ("hello", "before_send", "page_received"):
            raise _Cancelled
        if self._observer is not None:
            self._observer(event, info)

    # --- the network thread -----------------------------------------------------------------------

    def _submit(self, job: _Job) -> None:
        if self._stopped:
            return
        if not self._started:
            self.start()
        self._outstanding += 1
        self._timer.stop()
        self._set_status(activity=job.kind)
        self._jobs.put(job)

    def _loop(self) -> None:  # network thread
        while True:
            job = self._jobs.get()
            if job is None:
                return
            job.thread_name = threading.current_thread().name
            try:
                job.result = job.work()
            except BaseException as exc:  # delivered to the GUI thread, never swallowed
                job.error = exc
            if self._cancel.is_set() or not shiboken6.isValid(self):
                return  # stopping: nobody is waiting for the result any more
            self._delivered.emit(job)

    # --- results (GUI thread) ---------------------------------------------------------------------

    def _deliver(self, job: _Job) -> None:
        self._outstanding -= 1
        if self._stopped:
            return
        now = self._now()
        if job.kind is Activity.SYNCING:
            self._cycle_done(job, now)
        elif job.kind is Activity.PROBING:
            self._probe_done(job, now)
        else:
            self._enrol_done(job, now)
        if not self._outstanding and self.status.activity is not Activity.STOPPED:
            self._set_status(activity=Activity.IDLE)
        self._tick()

    def _bug(self, exc: BaseException) -> None:
        if self._on_bug is not None:
            self._on_bug(type(exc), exc, exc.__traceback__)
        else:
            log.error("sync worker: unexpected error", exc_info=exc)

    def _cycle_done(self, job: _Job, now: datetime) -> None:
        self.last_cycle_thread = job.thread_name
        if isinstance(job.error, _Cancelled):
            self.scheduler.finish(now, ok=True)
            return
        if job.error is not None:  # the database failed under the engine (disk full...), or a bug
            if not isinstance(job.error, StationError):
                self._bug(job.error)
            message = job.error.message if isinstance(job.error, StationError) else str(job.error)
            report = CycleReport(outcome=Outcome.OFFLINE, message=message)
        else:
            report = job.result
        assert isinstance(report, CycleReport)
        outcome = report.outcome
        if report.ok:
            self.scheduler.finish(now, ok=True)
        else:
            self.scheduler.finish(now, ok=False, retry_after=report.retry_after, pause=outcome in _PAUSING)
        online: bool | None = self.status.online
        if outcome in _SERVER_ANSWERED:
            online = True
        elif outcome in (Outcome.OFFLINE, Outcome.PROTOCOL_ERROR):
            online = False
        elif outcome is Outcome.NOT_ENROLLED:
            online = None
        if online is False:
            self._last_probe_at = now
        log.info("sync cycle: %s %s", outcome.value, report.message)
        self._set_status(online=online, last_report=report, last_report_at=now)
        self.cycle_finished.emit(report)

    def _probe_done(self, job: _Job, now: datetime) -> None:
        if job.result is True:
            log.info("the state server answers again: syncing")
            self.scheduler.on_probe_ok(now)
            self._set_status(online=True)
        elif job.error is not None and not isinstance(job.error, StationError):
            self._bug(job.error)

    def _enrol_done(self, job: _Job, now: datetime) -> None:
        error = job.error
        if error is None:
            if job.on_success is not None:
                job.on_success(job.result)
            # A new credential: whatever paused the scheduler (401, wrong server) may be fixed.
            self.scheduler.failures = 0
            self.scheduler.on_sync_now(now)
            self._set_status(online=True, paused=False)
        elif isinstance(error, StationError):
            if job.on_failure is not None:
                job.on_failure(error)
        else:
            self._bug(error)

    def _set_status(self, **changes: Any) -> None:
        scheduler = self.scheduler
        now = self._now()
        not_before = scheduler.not_before if scheduler.not_before and scheduler.not_before > now else None
        base = {"next_try_at": not_before, "paused": scheduler.paused, "failures": scheduler.failures}
        values = {**vars(self.status), **base, **changes}
        self.status = WorkerStatus(**values)
        self.status_changed.emit(self.status)
