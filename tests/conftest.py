"""Shared fixtures: every test gets its own data folder and its own (test-only) key file.

Real SQLCipher files in temporary folders; the only stand-in is the key store, because CI machines
have no desktop keyring. The opt-in variables below are exactly what an IT admin would have to set
to run the app that way, so the fail-closed path stays the default everywhere else.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

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
