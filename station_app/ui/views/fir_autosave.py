"""Autosaving an FIR draft: debounced, one save in flight, never over another desk's newer save.

The draft lives in the database from the first change on, so it survives a crash, the idle lock
and closing the editor. Every save sends the version this desk last saw (``expected_version``);
the service refuses a stale one with ConflictError, which stops autosaving until the officer
reloads. Everything else that changes the draft's version (recording the e-FIR signature,
registering) goes through ``then`` so it runs after the last save and with its version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from station_app.core.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    StationError,
    ValidationError,
)
from station_app.core.localtime import format_ist
from station_app.core.permissions import Actor
from station_app.core.services.firs import FirRecord, FirService
from station_app.ui.events import FIR, ChangeSet
from station_app.ui.ops import OpRunner

AUTOSAVE_DELAY_MS = 2000


class DraftAutosaver(QObject):
    saved = Signal(object)  # FirRecord: the draft as stored now
    field_errors = Signal(object)  # dict[str, str]: values the service would not store (bad Aadhaar)
    conflict = Signal(str)  # another desk saved first; autosave is paused until ``adopt``
    failed = Signal(object)  # StationError: anything else (disk full...)
    status = Signal(str)  # a short line for the editor's status label

    def __init__(
        self,
        firs: FirService,
        actor: Actor,
        ops: OpRunner,
        values: Callable[[], dict[str, Any]],
        record: FirRecord | None = None,
        delay_ms: int = AUTOSAVE_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._firs = firs
        self._actor = actor
        self._ops = ops
        self._values = values
        self.fir_id: str | None = record.id if record else None
        self.version: int | None = record.summary.version if record else None
        self.dirty = False
        self.in_flight = False
        self.paused = False  # after a conflict, until the officer reloads
        self._waiting: list[Callable[[], None]] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._save)

    # --- triggers ---------------------------------------------------------------------------------

    def schedule(self) -> None:
        """A change: save ``delay_ms`` after the last one."""
        self.dirty = True
        if not self.paused:
            self.status.emit("Changes not yet saved…")
            self._timer.start()

    def flush(self, create: bool = False) -> None:
        """Save now if anything is unsaved (focus left, desk locked, editor closed, Check pressed).
        ``create`` makes the draft even from an untouched form, so it can be checked."""
        self._timer.stop()
        if create and self.fir_id is None:
            self.dirty = True
        if self.dirty and not self.in_flight and not self.paused:
            self._save()

    def then(self, action: Callable[[], None]) -> None:
        """Run ``action`` once no save is pending (at once if none is)."""
        if self.in_flight or (self.dirty and not self.paused):
            self._waiting.append(action)
            self.flush()
        else:
            action()

    def adopt(self, record: FirRecord) -> None:
        """Take a record's version as ours (after a reload, a signature, or another op)."""
        self.fir_id = record.id
        self.version = record.summary.version
        self.paused = False

    def stop(self) -> None:
        self._timer.stop()
        self.paused = True
        self._waiting.clear()

    # --- saving -----------------------------------------------------------------------------------

    def _save(self) -> None:
        values = self._values()
        firs, actor, fir_id, version = self._firs, self._actor, self.fir_id, self.version
        self.dirty = False
        self.in_flight = True
        self.status.emit("Saving…")

        def work() -> tuple[FirRecord, dict[str, str]]:
            # The service refuses a draft with a value it may not store (a bad Aadhaar number)
            # before writing anything: save the rest without it, in the same op, so that nothing
            # typed is lost and the stored version is known (no false conflict on the next save).
            if fir_id is None:
                try:
                    return firs.new_draft(actor, values), {}
                except ValidationError as exc:
                    kept = {k: v for k, v in values.items() if k not in exc.field_errors}
                    return firs.new_draft(actor, kept), exc.field_errors
            assert version is not None
            try:
                return firs.save_draft(actor, fir_id, values, version), {}
            except ValidationError as exc:
                kept = {k: v for k, v in values.items() if k not in exc.field_errors}
                return firs.save_draft(actor, fir_id, kept, version), exc.field_errors

        self._ops.run(
            work,
            on_success=self._saved,
            on_failure=self._failed,
            on_done=self._done,
            changes=ChangeSet.of(FIR),
            owner=self,
        )

    def _saved(self, result: tuple[FirRecord, dict[str, str]]) -> None:
        record, errors = result
        self.adopt(record)
        self.saved.emit(record)
        self.status.emit(f"Draft saved {format_ist(record.summary.updated_at)}")
        if errors:
            self.field_errors.emit(errors)

    def _failed(self, exc: StationError) -> None:
        self.dirty = True  # what was typed is still only on the screen
        if isinstance(exc, ConflictError):
            self.paused = True
            self._waiting.clear()
            self.status.emit("Not saved: changed at another desk")
            self.conflict.emit(exc.message)
        else:
            # A refusal will not change by retrying; a disk problem may (the timer tries again).
            self.paused = isinstance(exc, PermissionDeniedError | NotFoundError)
            self.status.emit("Not saved")
            self._waiting.clear()
            self.failed.emit(exc)

    def _done(self) -> None:
        self.in_flight = False
        if self.paused:
            return
        if self.dirty and self._waiting:
            self._save()  # someone is waiting for everything to be stored
        elif self.dirty and not self._timer.isActive():
            self._timer.start()
        elif not self.dirty:
            waiting, self._waiting = self._waiting, []
            for action in waiting:
                action()
