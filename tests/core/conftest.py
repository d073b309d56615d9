"""Fixtures shared by the core tests of one freshly set-up station on a manual clock.

A test module that needs something else (another clock, an integrity check at teardown) defines its
own `clock`, `svc` or `sho`, which take precedence over these."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from station_app.core.keys import KeyStore
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices, set_up_station
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.helpers.clock import ManualClock


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def svc(data_dir: DataDir, keystore: KeyStore, clock: ManualClock) -> Iterator[StationServices]:
    outcome = set_up_station(data_dir, keystore, clock, IDENTITY, SHO, SHO_PASSWORD)
    yield outcome.services
    outcome.services.close()


@pytest.fixture
def sho(svc: StationServices) -> Actor:
    return svc.accounts.login(SHO.username, SHO_PASSWORD)
