"""The one way to run work off the GUI thread.

Database work goes to a single worker thread (SQLite has one writer; Anki's taskman does the same)
and its result comes back on the GUI thread through one queued signal (Picard's run_task/to_main).

    ✅ ops.run(lambda: services.accounts.create_officer(actor, spec, pw),
               on_success=self._created, changes=ChangeSet.of(OFFICER), owner=self)
    ❌ services.accounts.create_officer(...) from a widget (blocks the GUI on Argon2 and disk)
    ❌ touching a widget inside ``work`` (it runs on the worker thread)

A ``StationError`` from the work goes to ``on_failure``, or by default to a message box with its
title, message and admin hint. Any other exception is a bug: it goes to the exception hook (log +
generic dialog).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from station_app.core.errors import StationError
from station_app.ui.events import AppEvents, ChangeSet
from station_app.ui.messages import Messages

log = logging.getLogger(__name__)

T = TypeVar("T")
BugHandler = Callable[[type[BaseException], BaseException, TracebackType | None], None]


@dataclass
class _Job(Generic[T]):
    work: Callable[[], T]
    on_success: Callable[[T], None] | None
    on_failure: Callable[[StationError], None] | None
    changes: ChangeSet | None
    owner: QObject | None
    on_done: Callable[[], None] | None
    result: Any = None
    error: BaseException | None = None


class OpRunner(QObject):
    """Made once by the composition root; every window and dialog gets the same instance."""

    idle = Signal()  # no op queued or running: tests wait on it (qtbot.waitSignal or wait_idle)
    _finished = Signal(object)  # _Job, emitted on the worker thread, delivered on the GUI thread

    def __init__(self, events: AppEvents, messages: Messages, on_bug: BugHandler) -> None:
        super().__init__()
        self._events = events
        self._messages = messages
        self._on_bug = on_bug
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="station-db")
        self._pending = 0
        self._shut_down = False
        self._queued: set[Future[None]] = set()  # submitted and not yet run (or cancelled)
        # Queued explicitly: the result must reach the GUI thread whatever thread emits.
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(
        self,
        work: Callable[[], T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[StationError], None] | None = None,
        changes: ChangeSet | None = None,
        owner: QObject | None = None,
        on_done: Callable[[], None] | None = None,
    ) -> None:
        """Queue ``work`` on the database thread. Callbacks run on the GUI thread, and are skipped
        if ``owner`` (the widget that asked) was deleted meanwhile. ``on_done`` runs last in every
        case, bugs included (re-enable buttons there); ``changes`` is announced on
        ``AppEvents.changed`` after a success.

        After ``shutdown`` this does nothing: a timer or a late signal (the deadline list's minute
        tick, a sync notice) may still fire while the app closes, and there is no thread left to
        run on nor a window to show the result in."""
        if self._shut_down:
            log.debug("op dropped: the op runner has shut down")
            return
        self._pending += 1
        job = _Job(work, on_success, on_failure, changes, owner, on_done)
        future = self._executor.submit(self._execute, job)
        self._queued.add(future)
        future.add_done_callback(self._queued.discard)

    def _execute(self, job: _Job[Any]) -> None:  # worker thread
        try:
            job.result = job.work()
        except BaseException as exc:  # delivered to the GUI thread, never swallowed
            job.error = exc
        self._finished.emit(job)

    def _deliver(self, job: _Job[Any]) -> None:  # GUI thread
        self._pending -= 1
        try:
            self._dispatch(job)
        finally:
            if self._pending == 0:
                self.idle.emit()

    def _dispatch(self, job: _Job[Any]) -> None:
        try:
            self._dispatch_result(job)
        finally:
            if job.on_done is not None and (job.owner is None or shiboken6.isValid(job.owner)):
                job.on_done()

    def _dispatch_result(self, job: _Job[Any]) -> None:
        owner_alive = job.owner is None or shiboken6.isValid(job.owner)
        error = job.error
        if error is None:
            if owner_alive and job.on_success is not None:
                job.on_success(job.result)
            if job.changes is not None:
                self._events.emit_changed(job.changes)
        elif isinstance(error, StationError):
            log.info("%s: %s", type(error).__name__, error.message)
            if not owner_alive:
                return
            if job.on_failure is not None:
                job.on_failure(error)
            else:
                parent = job.owner if isinstance(job.owner, QWidget) else None
                self._messages.station_error(parent, error)
        else:
            self._on_bug(type(error), error, error.__traceback__)

    def wait_idle(self, timeout_ms: int = 10_000) -> None:
        """Run the event loop until every queued op has delivered (for tests and shutdown)."""
        if not self._pending:
            return
        loop = QEventLoop()
        self.idle.connect(loop.quit)
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(timeout_ms)
        try:
            while self._pending and timer.isActive():
                loop.exec()
        finally:
            self.idle.disconnect(loop.quit)
            timer.stop()
        if self._pending:
            raise TimeoutError(f"{self._pending} operation(s) still running after {timeout_ms} ms")

    def shutdown(self) -> None:
        """Finish the op in progress and drop queued ones (the app is closing). Later ``run`` calls
        are ignored."""
        self._shut_down = True
        waiting = list(self._queued)
        self._executor.shutdown(wait=True, cancel_futures=True)
        # Dropped ops never deliver: without this, ``busy`` stayed true and ``wait_idle`` timed out.
        dropped = sum(1 for future in waiting if future.cancelled())
        self._pending -= dropped
        if dropped and self._pending == 0:
            self.idle.emit()
