"""BNSS 187(2): police custody 15 days in all, and only within the first 40 (60-day cases) or 60 days
(90-day cases) of detention, day 1 being the IST date of the first remand. Each rule at its boundary."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from station_app.core.errors import ValidationError
from station_app.core.keys import KeyStore
from station_app.core.localtime import IST
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices, set_up_station
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.helpers.clock import ManualClock
from tests.helpers.investigation import accused, arrest_values, gd_at, later, registered_theft


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


def _remanded(
    svc: StationServices, sho: Actor, clock: ManualClock, sections: list[dict[str, str]] | None = None
) -> Any:
    """An accused produced and first remanded to judicial custody at 23:30 IST on 2 November 2026."""
    fir = registered_theft(svc, sho)
    at = later(clock, hours=3) - timedelta(hours=1)
    gd = gd_at(svc, sho, "arrest", at + timedelta(minutes=5), "Arrest")
    overrides: dict[str, Any] = {"acts_sections": sections} if sections else {}
    arrest = svc.arrests.record_arrest(sho, fir.id, arrest_values(gd, accused(svc, sho), at, **overrides))
    clock.advance(hours=2)
    svc.arrests.record_production(sho, arrest.id, clock.now(), "CJM Lucknow")
    first = datetime(2026, 11, 2, 23, 30, tzinfo=IST)
    clock.set_to(first + timedelta(minutes=1))
    svc.arrests.record_remand(sho, arrest.id, "judicial", first, first + timedelta(days=14), "R 1/26")
    clock.set_to(first + timedelta(days=80))
    return arrest


def _day_end(day: int) -> datetime:
    """Midnight IST at the end of detention day ``day`` (day 1 = 2 November 2026)."""
    return datetime(2026, 11, 2, tzinfo=IST) + timedelta(days=day)


def test_police_custody_inside_the_first_40_days(
    svc: StationServices, sho: Actor, clock: ManualClock
) -> None:
    arrest = _remanded(svc, sho, clock)
    end = _day_end(40)  # 12-12-2026 00:00 IST: the end of day 40, 11 December
    with pytest.raises(ValidationError) as err:
        svc.arrests.record_remand(
            sho, arrest.id, "police", end - timedelta(days=3), end + timedelta(minutes=1), "R 2"
        )
    message = err.value.field_errors["until"]
    assert "first 40 days" in message and "BNSS 187(2)" in message and "day 40 is 11-12-2026" in message
    with pytest.raises(ValidationError) as err:
        svc.arrests.record_remand(sho, arrest.id, "police", end, end + timedelta(days=1), "R 2")
    assert "only judicial custody" in err.value.field_errors["at"]
    done = svc.arrests.record_remand(sho, arrest.id, "police", end - timedelta(days=3), end, "R 2")
    assert done.status == "police_custody"


def test_a_90_day_case_has_60_days_for_police_custody(
    svc: StationServices, sho: Actor, clock: ManualClock
) -> None:
    arrest = _remanded(svc, sho, clock, [{"act": "BNS", "section": "103(1)"}])  # murder: death or life
    end = _day_end(60)
    with pytest.raises(ValidationError) as err:
        svc.arrests.record_remand(
            sho, arrest.id, "police", end - timedelta(days=2), end + timedelta(minutes=1), "R"
        )
    assert "first 60 days" in err.value.field_errors["until"]
    svc.arrests.record_remand(sho, arrest.id, "police", end - timedelta(days=2), end, "R")


def test_police_custody_total_of_15_days(svc: StationServices, sho: Actor, clock: ManualClock) -> None:
    arrest = _remanded(svc, sho, clock)
    start = _day_end(10)
    svc.arrests.record_remand(sho, arrest.id, "police", start, start + timedelta(days=10), "R 2")
    second = start + timedelta(days=12)
    with pytest.raises(ValidationError) as err:
        svc.arrests.record_remand(
            sho, arrest.id, "police", second, second + timedelta(days=5, minutes=1), "R 3"
        )
    assert "15 days in all" in err.value.field_errors["until"]
    svc.arrests.record_remand(sho, arrest.id, "police", second, second + timedelta(days=5), "R 3")
