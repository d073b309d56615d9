"""A fresh station for a benchmark, with its SHO signed in."""

from __future__ import annotations

from pathlib import Path

from station_app.core.clock import Clock, SystemClock
from station_app.core.identity import StationIdentity
from station_app.core.keys import open_keystore
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices, set_up_station
from station_app.core.services.accounts import NewOfficer

IDENTITY = StationIdentity("Uttar Pradesh", "Lucknow", "Hazratganj", "हज़रतगंज", "UP-LKO-0042")
PASSWORD = "bench-pass-1"


def bench_station(workdir: Path, clock: Clock | None = None) -> tuple[StationServices, Actor]:
    outcome = set_up_station(
        DataDir(workdir / "station"),
        open_keystore(),
        clock or SystemClock(),
        IDENTITY,
        NewOfficer("sho", "Bench SHO", "Inspector", "PIS-1", Role.SHO),
        PASSWORD,
    )
    services = outcome.services
    return services, services.accounts.login("sho", PASSWORD)
