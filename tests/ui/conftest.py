"""Fixtures for the GUI tests: the app's real op runner, events and windows on a real encrypted
station (from tests/conftest.py), with message boxes recorded instead of shown.

Offscreen Qt (QT_QPA_PLATFORM is set in tests/conftest.py before any QApplication exists); the
key store is the test key file that tests/conftest.py points every test at.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget

from station_app.core.clock import SystemClock
from station_app.core.errors import StationError
from station_app.core.keys import KeyStore
from station_app.core.logs import configure_logging
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import SetupOutcome, StationServices, set_up_station
from station_app.core.services.accounts import NewOfficer
from station_app.ui.context import Desk
from station_app.ui.events import AppEvents
from station_app.ui.idle_lock import IdleWatcher
from station_app.ui.main_window import MainWindow
from station_app.ui.ops import OpRunner
from station_app.ui.theme import apply_theme
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.ui.sync_rig import rig_factory  # noqa: F401 - a fixture for the sync GUI tests

os.environ["QT_QPA_PLATFORM"] = "offscreen"

OFFICER_PASSWORD = "first-pass-77"
CHOSEN_PASSWORD = "own-choice-88"
NEVER_MS = 3_600_000  # an idle interval no test reaches unless it asks for a short one


@dataclass
class RecordingMessages:
    """Messages that record instead of blocking on a modal dialog; answers are set per test."""

    errors: list[StationError] = field(default_factory=list)
    infos: list[tuple[str, str]] = field(default_factory=list)
    confirms: list[str] = field(default_factory=list)
    recovery_offers: list[StationError] = field(default_factory=list)
    unexpected_texts: list[str] = field(default_factory=list)
    confirm_answer: bool = True
    recover_answer: bool = True

    def station_error(self, parent: QWidget | None, exc: StationError) -> None:
        self.errors.append(exc)

    def offer_recovery(self, parent: QWidget | None, exc: StationError) -> bool:
        self.recovery_offers.append(exc)
        return self.recover_answer

    def confirm(self, parent: QWidget | None, title: str, text: str, yes_text: str) -> bool:
        self.confirms.append(text)
        return self.confirm_answer

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self.infos.append((title, text))

    def unexpected(self, text: str) -> None:
        self.unexpected_texts.append(text)


@pytest.fixture(autouse=True)
def delete_widgets_on_the_gui_thread() -> Iterator[None]:
    """Destroy the widgets a finished test closed (pytest-qt calls deleteLater) here, on the GUI thread.

    Otherwise a parentless test widget caught in a reference cycle lives on until Python's cyclic
    GC frees it, which may happen on the next test's database worker thread, and Qt aborts when a
    widget is destroyed outside the GUI thread. Autouse fixtures are torn down last."""
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(scope="session")
def themed_app(qapp: QApplication) -> QApplication:
    apply_theme(qapp)
    return qapp


@pytest.fixture
def messages() -> RecordingMessages:
    return RecordingMessages()


@pytest.fixture
def events() -> AppEvents:
    return AppEvents()


@pytest.fixture
def bugs() -> Iterator[list[BaseException]]:
    """Unexpected exceptions the op runner handed to the bug path. Tests that expect one clear it."""
    found: list[BaseException] = []
    yield found
    assert found == [], f"unexpected errors in ops: {found!r}"


@pytest.fixture
def ops(
    themed_app: QApplication, events: AppEvents, messages: RecordingMessages, bugs: list[BaseException]
) -> Iterator[OpRunner]:
    def on_bug(_t: type[BaseException], exc: BaseException, _tb: TracebackType | None) -> None:
        bugs.append(exc)

    runner = OpRunner(events, messages, on_bug)
    yield runner
    runner.wait_idle()
    runner.shutdown()


@pytest.fixture
def idle(themed_app: QApplication) -> Iterator[IdleWatcher]:
    watcher = IdleWatcher(themed_app, interval_ms_override=NEVER_MS)
    yield watcher
    watcher.stop()


def add_officer(
    services: StationServices, sho: Actor, username: str, role: Role, full_name: str = "Suresh Pal"
) -> Actor:
    """An officer who has already chosen a password (so signing in opens the desk directly)."""
    services.accounts.create_officer(
        sho, NewOfficer(username, full_name, "Head Constable", "HC-77", role), OFFICER_PASSWORD
    )
    actor = services.accounts.login(username, OFFICER_PASSWORD)
    return services.accounts.change_password(actor, OFFICER_PASSWORD, CHOSEN_PASSWORD)


def make_desk(
    data_dir: DataDir,
    station: StationServices,
    actor: Actor,
    ops: OpRunner,
    events: AppEvents,
    messages: RecordingMessages,
) -> Desk:
    return Desk(data_dir, station, IDENTITY, actor, ops, events, messages)  # type: ignore[arg-type]


@pytest.fixture
def sho_desk(
    data_dir: DataDir,
    station: StationServices,
    sho: Actor,
    ops: OpRunner,
    events: AppEvents,
    messages: RecordingMessages,
) -> Desk:
    return make_desk(data_dir, station, sho, ops, events, messages)


@pytest.fixture
def open_window(qtbot, idle: IdleWatcher, ops: OpRunner) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """Builds main windows for a desk; after the test closes and deletes them while the op runner
    still runs (it depends on ``ops``, so it is torn down first): no timer of theirs fires later."""
    windows: list[MainWindow] = []

    def build(desk: Desk) -> MainWindow:
        window = MainWindow(desk, idle)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        desk.ops.wait_idle()
        windows.append(window)
        return window

    yield build
    for window in windows:
        window.close_for_good()
        window.deleteLater()
    ops.wait_idle()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def closed_station(data_dir: DataDir, keystore: KeyStore) -> SetupOutcome:
    """A set-up station whose database is closed again, for tests that open it like the app does."""
    outcome = set_up_station(data_dir, keystore, SystemClock(), IDENTITY, SHO, SHO_PASSWORD)
    outcome.services.close()
    return outcome


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The app's log handler pointed at a fresh file for this test, removed afterwards."""
    root = logging.getLogger()
    saved = [h for h in root.handlers if getattr(h, "station_app_log", False)]
    for handler in saved:
        root.removeHandler(handler)
    path = tmp_path / "logs" / "station-app.log"
    handler = configure_logging(path)
    assert handler is not None
    yield path
    root.removeHandler(handler)
    handler.close()
    for old in saved:
        root.addHandler(old)


@pytest.fixture
def training_station(data_dir: DataDir, keystore: KeyStore) -> Iterator[StationServices]:
    """A training station: practice FIRs (IPC and BNS, Zero FIRs, e-FIRs, sensitive) and GD entries."""
    outcome = set_up_station(
        data_dir, keystore, SystemClock(), replace(IDENTITY, training=True), SHO, SHO_PASSWORD
    )
    yield outcome.services
    outcome.services.close()


@pytest.fixture
def training_desk(
    data_dir: DataDir,
    training_station: StationServices,
    ops: OpRunner,
    events: AppEvents,
    messages: RecordingMessages,
) -> Desk:
    sho = training_station.accounts.login(SHO.username, SHO_PASSWORD)
    identity = replace(IDENTITY, training=True)
    return Desk(data_dir, training_station, identity, sho, ops, events, messages)
