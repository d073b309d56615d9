"""The global exception hook: log the traceback, show a plain dialog naming the log file."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from PySide6.QtCore import QTimer

from station_app.ui.crash import ExceptionHook


def _boom() -> None:
    raise RuntimeError("kaboom in a slot")


def test_exception_in_a_slot_is_logged_and_shown_without_traceback(qtbot, log_file: Path) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    hook = ExceptionHook(log_file, shown.append)
    hook.install()
    try:
        QTimer.singleShot(0, _boom)
        qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    finally:
        hook.uninstall()
    assert len(shown) == 1
    assert str(log_file) in shown[0]
    assert "Something went wrong" in shown[0]
    assert "Traceback" not in shown[0] and "kaboom" not in shown[0]
    logged = log_file.read_text(encoding="utf-8")
    assert "unexpected error" in logged
    assert "Traceback" in logged and "RuntimeError: kaboom in a slot" in logged


def test_exception_in_another_thread_reaches_the_gui_thread(qtbot, log_file: Path) -> None:  # type: ignore[no-untyped-def]
    shown: list[tuple[str, bool]] = []
    main = threading.current_thread()
    hook = ExceptionHook(log_file, lambda text: shown.append((text, threading.current_thread() is main)))
    hook.install()
    try:
        worker = threading.Thread(target=_boom)
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    finally:
        hook.uninstall()
    assert shown[0][1], "the dialog must be shown on the GUI thread"
    assert "RuntimeError: kaboom" in log_file.read_text(encoding="utf-8")


def test_uninstall_restores_previous_hooks(log_file: Path) -> None:
    before = (sys.excepthook, threading.excepthook)
    hook = ExceptionHook(log_file, lambda _t: None)
    hook.install()
    assert sys.excepthook == hook.handle
    hook.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_a_burst_of_errors_shows_one_dialog_at_a_time(log_file: Path) -> None:
    shown: list[str] = []
    hook: ExceptionHook

    def show(text: str) -> None:
        shown.append(text)
        try:
            raise ValueError("second error while the first dialog is up")
        except ValueError:
            hook.handle(*sys.exc_info())  # type: ignore[arg-type]

    hook = ExceptionHook(log_file, show)
    try:
        raise KeyError("first")
    except KeyError:
        hook.handle(*sys.exc_info())  # type: ignore[arg-type]
    assert len(shown) == 1
    assert log_file.read_text(encoding="utf-8").count("unexpected error") == 2
