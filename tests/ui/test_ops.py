"""The op runner: work off the GUI thread, results and errors back on it, change events."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget

from station_app.core.errors import ValidationError, WrongKeyError
from station_app.ui.events import OFFICER, AppEvents, ChangeSet
from station_app.ui.ops import OpRunner
from tests.ui.conftest import RecordingMessages


def test_result_arrives_on_the_gui_thread(ops: OpRunner, events: AppEvents) -> None:
    seen: list[tuple[str, bool]] = []
    changes: list[ChangeSet] = []
    events.changed.connect(changes.append)
    gui_thread = threading.current_thread()
    ops.run(
        lambda: threading.current_thread().name,
        on_success=lambda name: seen.append((name, threading.current_thread() is gui_thread)),
        changes=ChangeSet.of(OFFICER),
    )
    assert ops.busy
    ops.wait_idle()
    assert not ops.busy
    assert len(seen) == 1
    worker_name, on_gui_thread = seen[0]
    assert worker_name.startswith("station-db")
    assert on_gui_thread
    assert changes == [ChangeSet.of(OFFICER)]
    assert changes[0].touches(OFFICER) and changes[0].touches("audit") and not changes[0].touches("fir")


def test_ops_run_one_at_a_time_in_order(ops: OpRunner) -> None:
    order: list[int] = []
    for n in range(5):
        ops.run(lambda n=n: n, on_success=order.append)
    ops.wait_idle()
    assert order == [0, 1, 2, 3, 4]


def test_station_error_goes_to_the_failure_callback(ops: OpRunner, events: AppEvents) -> None:
    failures: list[Exception] = []
    done: list[bool] = []
    changes: list[ChangeSet] = []
    events.changed.connect(changes.append)

    def work() -> None:
        raise ValidationError({"username": "taken"})

    ops.run(
        work,
        on_success=lambda _r: pytest.fail("no success"),
        on_failure=failures.append,
        on_done=lambda: done.append(True),
        changes=ChangeSet.of(OFFICER),
    )
    ops.wait_idle()
    assert [type(f) for f in failures] == [ValidationError]
    assert done == [True]
    assert changes == []  # nothing was written, so nothing to refresh


def test_station_error_without_callback_is_shown_with_its_hint(
    ops: OpRunner, messages: RecordingMessages
) -> None:
    def work() -> None:
        raise WrongKeyError("wrong key", "use the recovery key")

    ops.run(work)
    ops.wait_idle()
    assert [e.hint for e in messages.errors] == ["use the recovery key"]


def test_unexpected_exception_goes_to_the_bug_path(
    ops: OpRunner, messages: RecordingMessages, bugs: list[BaseException]
) -> None:
    done: list[bool] = []
    ops.run(
        lambda: 1 / 0,
        on_failure=lambda _e: pytest.fail("a bug is not a StationError"),
        on_done=lambda: done.append(True),
    )
    ops.wait_idle()
    assert [type(b) for b in bugs] == [ZeroDivisionError]
    assert done == [True]
    assert messages.errors == []
    bugs.clear()


def test_callbacks_are_skipped_when_the_owner_was_deleted(ops: OpRunner, qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QWidget()
    seen: list[int] = []
    gate = threading.Event()
    ops.run(lambda: gate.wait(5) and 1, on_success=seen.append, owner=owner)
    owner.deleteLater()
    qtbot.wait(10)  # let the deletion happen while the op is still running
    gate.set()
    ops.wait_idle()
    assert seen == []


def test_idle_signal_for_waiting(ops: OpRunner, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(ops.idle, timeout=5000):
        ops.run(lambda: None)


def test_run_after_shutdown_is_a_no_op(themed_app, events: AppEvents, messages: RecordingMessages) -> None:  # type: ignore[no-untyped-def]
    """A timer (the deadline list's re-query) may fire while the app closes: nothing runs, nothing raises."""
    bugs: list[BaseException] = []
    runner = OpRunner(events, messages, lambda _t, exc, _tb: bugs.append(exc))
    ran: list[str] = []
    runner.run(lambda: ran.append("before"), on_done=lambda: ran.append("delivered"))
    runner.wait_idle()
    runner.shutdown()
    runner.run(
        lambda: ran.append("after"),
        on_success=lambda _r: ran.append("success"),
        on_done=lambda: ran.append("done"),
    )
    assert not runner.busy
    runner.wait_idle()  # returns at once: nothing is pending
    themed_app.processEvents()
    assert ran == ["before", "delivered"]
    assert bugs == [] and messages.errors == []


def test_the_deadline_list_refreshing_after_shutdown_does_nothing(sho_desk, ops: OpRunner) -> None:  # type: ignore[no-untyped-def]
    from station_app.ui.views.deadline_list import DeadlineList

    deadlines = DeadlineList(sho_desk)
    ops.wait_idle()
    ops.shutdown()
    deadlines.refresh()  # what the re-query timer does when it fires late
    deadlines.tick()
    assert not ops.busy
    deadlines.deleteLater()


def test_shutdown_finishes_the_running_op_and_drops_the_queued_ones(
    themed_app, events: AppEvents, messages: RecordingMessages
) -> None:  # type: ignore[no-untyped-def]
    runner = OpRunner(events, messages, lambda _t, exc, _tb: None)
    release = threading.Event()
    started = threading.Event()
    delivered: list[str] = []

    def slow() -> str:
        started.set()
        release.wait(5)
        return "running"

    runner.run(slow, on_success=delivered.append)
    runner.run(lambda: "queued 1", on_success=delivered.append)
    runner.run(lambda: "queued 2", on_success=delivered.append)
    assert started.wait(5)
    threading.Timer(0.2, release.set).start()
    runner.shutdown()  # waits for the running op; the two queued ones never run
    assert runner.busy  # the running op's result is still on its way to the GUI thread
    runner.wait_idle(timeout_ms=5_000)
    assert delivered == ["running"]
    assert not runner.busy
