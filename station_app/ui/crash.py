"""The global exception hook: an unexpected error is logged with its traceback and the officer sees
a plain dialog naming the log file, never a traceback (vorta __main__, qutebrowser crashsignal)."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("station_app.crash")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def unexpected_error_text(log_file: Path) -> str:
    return (
        "Something went wrong in the station app. The step you were doing may not have finished; "
        "records already saved are safe.\n\n"
        f"Details were saved to {log_file}.\nPlease tell the district IT admin."
    )


class ExceptionHook(QObject):
    """Installed by the composition root for the app's lifetime; ``handle`` is also the op runner's
    path for bugs raised inside background work."""

    # Carries the dialog text to the GUI thread: threading.excepthook runs on the failing thread.
    _show_requested = Signal(str)

    def __init__(self, log_file: Path, show: Callable[[str], None]) -> None:
        super().__init__()
        self._log_file = log_file
        self._show = show
        self._showing = False
        self._previous: tuple[object, object] | None = None
        self._show_requested.connect(self._show_once)

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous  # type: ignore[assignment]
            self._previous = None

    def handle(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.critical("unexpected error", exc_info=(exc_type, exc, tb))
        # Direct call on the GUI thread, queued from any other (AutoConnection decides at emit time).
        self._show_requested.emit(unexpected_error_text(self._log_file))

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _show_once(self, text: str) -> None:
        # A burst of errors (e.g. in a paint handler) must not stack dozens of dialogs.
        if self._showing:
            return
        self._showing = True
        try:
            self._show(text)
        finally:
            self._showing = False
