"""A station on a hand-moved clock with a registered FIR, for the investigation GUI tests.

The FIR is registered at 10:00 IST on 2 November 2026 (a fresh ManualClock); tests move the clock
on before recording an arrest, so nothing is dated before the FIR by accident. Import the fixtures
into a test module with ``pytest_plugins = ["tests.ui.investigation_rig"]``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from station_app.core.keys import KeyStore
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices, set_up_station
from station_app.ui.context import Desk
from station_app.ui.events import AppEvents
from station_app.ui.ops import OpRunner
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.helpers.clock import ManualClock
from tests.helpers.investigation import registered_theft
from tests.ui.conftest import RecordingMessages


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def case_station(data_dir: DataDir, keystore: KeyStore, clock: ManualClock) -> Iterator[StationServices]:
    outcome = set_up_station(data_dir, keystore, clock, IDENTITY, SHO, SHO_PASSWORD)
    yield outcome.services
    outcome.services.close()


@pytest.fixture
def case_sho(case_station: StationServices) -> Actor:
    return case_station.accounts.login(SHO.username, SHO_PASSWORD)


@pytest.fixture
def case_fir(case_station: StationServices, case_sho: Actor) -> Any:
    return registered_theft(case_station, case_sho)


@pytest.fixture
def case_desk(
    data_dir: DataDir,
    case_station: StationServices,
    case_sho: Actor,
    ops: OpRunner,
    events: AppEvents,
    messages: RecordingMessages,
) -> Desk:
    return Desk(data_dir, case_station, IDENTITY, case_sho, ops, events, messages)  # type: ignore[arg-type]
