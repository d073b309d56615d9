"""Shared fixtures: every test gets its own data folder and its own (test-only) key file.

Real SQLCipher files in temporary folders; the only stand-in is the key store, because CI machines
have no desktop keyring. The opt-in variables below are exactly what an IT admin would have to set
to run the app that way, so the fail-closed path stays the default everywhere else.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

from station_app.core.clock import SystemClock
from station_app.core.identity import StationIdentity
from station_app.core.keys import KeyStore, open_keystore
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices, set_up_station
from station_app.core.services.accounts import NewOfficer

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHO_PASSWORD = "thana-sho-2026"
IDENTITY = StationIdentity(
    state="Uttar Pradesh",
    district="Lucknow",
    station_name="Hazratganj",
    station_name_hi="हज़रतगंज",
    station_code="UP-LKO-0042",
)
SHO = NewOfficer("sho.singh", "Anil Kumar Singh", "Inspector", "PIS-1001", Role.SHO)

# Qt's warnings fail the test that caused them: each one is a real defect (a bad property name, a
# signal connected twice, a painter on a deleted widget...), except these, which the offscreen
# platform itself prints about things a real desktop does.
HARMLESS_QT_MESSAGES = (
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",  # a completer's popup shown
    "This plugin does not support grabbing the keyboard",  # the same popup taking the keys
)
FAILING_QT_MESSAGES = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)


class QtMessages:
    """Every Qt message of the session; a test fails on the warnings, criticals and fatals it caused.

    Installed once for the whole session (pytest-qt's own per-test capture is off in pyproject), so
    messages from worker threads and from fixture teardown (windows closing) are caught too."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failing: list[str] = []

    def handle(self, kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if kind in FAILING_QT_MESSAGES and not any(h in message for h in HARMLESS_QT_MESSAGES):
            where = f" ({context.category})" if context.category not in (None, "default") else ""
            with self._lock:
                self._failing.append(f"{kind.name}{where}: {message}")

    def take(self) -> list[str]:
        with self._lock:
            found, self._failing = self._failing, []
        return found


QT_MESSAGES = QtMessages()
qInstallMessageHandler(QT_MESSAGES.handle)


@pytest.fixture(autouse=True)
def no_qt_warnings() -> Iterator[None]:
    """Autouse in the root conftest: set up first, torn down last, after every window has closed."""
    earlier = [
        f"{m} (before this test: left over from an earlier test or fixture)" for m in QT_MESSAGES.take()
    ]
    yield
    found = earlier + QT_MESSAGES.take()
    if found:
        pytest.fail("Qt printed warnings during this test:\n  " + "\n  ".join(found), pytrace=False)


@pytest.fixture(autouse=True)
def isolated_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    key_file = tmp_path / "test-keyring.json"
    monkeypatch.setenv("STATION_APP_ALLOW_INSECURE_KEYRING", "1")
    monkeypatch.setenv("STATION_APP_INSECURE_KEYRING_FILE", str(key_file))
    monkeypatch.delenv("STATION_APP_DATA_DIR", raising=False)
    return key_file


@pytest.fixture
def keystore(isolated_keyring: Path) -> KeyStore:
    return open_keystore()


@pytest.fixture
def data_dir(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "station")


@pytest.fixture
def station(data_dir: DataDir, keystore: KeyStore) -> Iterator[StationServices]:
    outcome = set_up_station(data_dir, keystore, SystemClock(), IDENTITY, SHO, SHO_PASSWORD)
    yield outcome.services
    outcome.services.close()


@pytest.fixture
def sho(station: StationServices) -> Actor:
    return station.accounts.login(SHO.username, SHO_PASSWORD)
