"""Typing into the main window's search box never blocks the GUI thread: the longest event-loop stall
while names are typed (at an officer's speed) over a station with many persons, against the longest
stall of the same window's idle event loop over the same length of time, in the same run.

A probe timer ticks every 2 ms on the GUI thread; a stall is the longest gap between two ticks (so
the idle figure is the floor: timer slack and the machine's own noise). The searches themselves run
on the database thread (op runner), debounced, at most one in flight; only painting the results and
handling keys happen on the GUI thread, and that is what the typing figure measures.

The station is made by bench/person_generator.py: 1,000,000 persons (quick: 100,000).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication: benchmarks run headless

from PySide6.QtCore import QElapsedTimer, QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from bench.common import Result
from bench.person_generator import generate_persons
from bench.station import bench_station
from station_app.ui.context import Desk
from station_app.ui.events import AppEvents
from station_app.ui.idle_lock import IdleWatcher
from station_app.ui.main_window import MainWindow
from station_app.ui.ops import OpRunner
from station_app.ui.search_box import SearchBox
from station_app.ui.theme import apply_theme

NAMES = ("Ramesh Yadav", "सुनीता देवी", "mohd irfan khan")
KEY_INTERVALS_MS = (70, 220)  # a quick typist (the debounce waits for a pause), a slow one (a search a key)
SETTLE_MS = 1500  # the window's own start-up work (first layouts, first queries) is over by then
PROBE_MS = 2
ANSWER_TIMEOUT_S = 20.0


@dataclass
class _Typing:
    next: int = 0  # index of the next key in the script
    waiting_for: str = ""  # a whole name typed: its results are awaited before the next name


@dataclass(frozen=True)
class StallFigures:
    typing_ms: float  # the longest gap between probe ticks while typing (and the answers came in)
    idle_ms: float  # the same, with the window idle, over as long a time
    keystrokes: int
    answered: int  # how many searches' results reached the screen
    seconds: float  # how long the typing took, answers included


class StallProbe(QObject):
    """The longest gap between ticks of a precise timer on the GUI thread, in ms."""

    def __init__(self) -> None:
        super().__init__()
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(PROBE_MS)
        self._timer.timeout.connect(self._tick)
        self._last = 0
        self.longest = 0.0

    def start(self) -> None:
        self.longest = 0.0
        self._clock.start()
        self._last = self._clock.nsecsElapsed()
        self._timer.start()

    def _tick(self) -> None:
        now = self._clock.nsecsElapsed()
        self.longest = max(self.longest, (now - self._last) / 1e6)
        self._last = now

    def stop(self) -> float:
        self._timer.stop()
        self._tick()
        return self.longest


def _key(widget: QWidget, char: str) -> None:
    """A key as a keyboard sends it (Devanagari too, as an InScript layout does)."""
    key = Qt.Key.Key_Space if char == " " else Qt.Key.Key_unknown
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char))


def settle(ms: int = SETTLE_MS) -> None:
    """Let a freshly shown window finish its start-up work before anything is measured."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def measure_search_stall(
    box: SearchBox, names: tuple[str, ...] = NAMES, interval_ms: int = KEY_INTERVALS_MS[0]
) -> StallFigures:
    """Type ``names`` into the search box ``box`` (a SearchBox on a shown window), one key every
    ``interval_ms``, wait for the last answer, then probe the idle loop for as long."""
    answered: list[str] = []
    box.results_shown.connect(answered.append)
    keys = [(name, i) for name in names for i in range(len(name) + 1)]
    loop = QEventLoop()
    state = _Typing()

    def step() -> None:
        if state.next >= len(keys):
            return
        name, i = keys[state.next]
        state.next += 1
        if i == 0:
            box.clear()
            box.setFocus()
        else:
            _key(box, name[i - 1])
        if i == len(name):  # the whole name typed: wait for its answer before the next one
            state.waiting_for = name.strip()
            return
        QTimer.singleShot(interval_ms, step)

    def shown(text: str) -> None:
        if text and text == state.waiting_for:
            state.waiting_for = ""
            if state.next >= len(keys):
                loop.quit()
            else:
                QTimer.singleShot(interval_ms, step)

    box.results_shown.connect(shown)
    probe = StallProbe()
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    guard.start(int(ANSWER_TIMEOUT_S * 1000 * len(names)))
    started = time.perf_counter()
    probe.start()
    QTimer.singleShot(0, step)
    loop.exec()
    typing = probe.stop()
    seconds = time.perf_counter() - started
    box.results_shown.disconnect(shown)
    box.results_shown.disconnect(answered.append)
    if state.next < len(keys) or state.waiting_for:
        raise TimeoutError("the search box did not answer in time")

    probe.start()
    idle_loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), idle_loop.quit)
    idle_loop.exec()
    idle = probe.stop()
    keystrokes = sum(len(n) for n in names)
    return StallFigures(round(typing, 1), round(idle, 1), keystrokes, len(answered), round(seconds, 2))


def run(workdir: Path, quick: bool) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    count = 100_000 if quick else 1_000_000
    app = QApplication.instance() or QApplication(["bench"])
    assert isinstance(app, QApplication)
    apply_theme(app)
    svc, sho = bench_station(workdir)
    events = AppEvents()
    ops = OpRunner(events, _SilentMessages(), _raise)
    try:
        generate_persons(svc.db, count, officer_id=sho.officer_id, station_code="UP-LKO-0042")
        desk = Desk(svc.data_dir, svc, svc.station.identity(), sho, ops, events, _SilentMessages())
        idle = IdleWatcher(app, interval_ms_override=3_600_000)
        window = MainWindow(desk, idle)
        window.resize(1280, 800)
        window.show()
        ops.wait_idle(60_000)
        settle()
        figures = [
            (interval, measure_search_stall(window.search_bar.box, NAMES, interval))
            for interval in KEY_INTERVALS_MS
        ]
        window.close_for_good()
        window.deleteLater()
        ops.wait_idle(60_000)
    finally:
        ops.shutdown()
        svc.close()
    return [
        Result(
            f"longest GUI stall typing names into the search box over {count:,} persons, a key every {interval} ms",
            f.typing_ms,
            "idle event loop, same window, same length of time",
            f.idle_ms,
            "ms",
            f.keystrokes,
            note=f"{f.keystrokes} keys, {f.answered} result lists shown, {f.seconds} s; probe every {PROBE_MS} ms",
        )
        for interval, f in figures
    ]


class _SilentMessages:
    """Benchmarks show no message boxes; a refusal here is a bug in the benchmark."""

    def station_error(self, parent: object, exc: BaseException) -> None:
        raise RuntimeError(f"unexpected refusal: {exc}")

    def offer_recovery(self, parent: object, exc: BaseException) -> bool:
        return False

    def confirm(self, parent: object, title: str, text: str, yes_text: str) -> bool:
        return False

    def info(self, parent: object, title: str, text: str) -> None:
        return None

    def unexpected(self, text: str) -> None:
        raise RuntimeError(text)


def _raise(_type: object, exc: BaseException, _tb: object) -> None:
    raise exc
