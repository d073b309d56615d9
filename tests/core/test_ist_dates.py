"""Every date the app derives is the IST calendar date, with a fixed clock at 00:29, 00:30, 05:31 and
23:50 IST. Between 00:00 and 05:30 IST the UTC date is still the day before: a check against it refused
a case diary entry made at 00:29 IST as "in the future"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from forms.schema import load_form, parse_date
from forms.validation import validate_values
from station_app.core.errors import ValidationError
from station_app.core.keys import KeyStore
from station_app.core.localtime import IST, iso_ist
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices, set_up_station
from station_app.core.services.person_input import PersonInput
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.helpers.clock import ManualClock
from tests.helpers.investigation import (
    accused,
    arrest_values,
    diary_values,
    gd_at,
    registered_theft,
    seizure_values,
)


def ist(day: int, hour: int, minute: int, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=IST)


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


@pytest.mark.parametrize(("hour", "minute"), [(0, 29), (5, 31)])
def test_a_case_diary_entry_of_today_is_not_in_the_future(
    svc: StationServices, sho: Actor, clock: ManualClock, hour: int, minute: int
) -> None:
    """At 00:29 IST on 3 November it is still 2 November in UTC; the entry dated 3 November is today's."""
    fir = registered_theft(svc, sho)
    now = ist(3, hour, minute)
    clock.set_to(now)
    values = diary_values(now, entry_date="2026-11-03", info_reached_at=iso_ist(ist(3, 0, 1)),
                          started_at=iso_ist(ist(3, 0, 2)), closed_at=iso_ist(now - timedelta(minutes=1)))  # fmt: skip
    entry = svc.case_diary.add_entry(sho, fir.id, values)
    assert entry.entry_date == date(2026, 11, 3)
    tomorrow = diary_values(now, entry_date="2026-11-04")
    with pytest.raises(ValidationError) as err:
        svc.case_diary.add_entry(sho, fir.id, tomorrow)
    assert "in the future" in err.value.field_errors["entry_date"]


@pytest.mark.parametrize(
    ("now", "today_ok", "tomorrow_refused"),
    [
        (ist(3, 0, 29), "2026-11-03", "2026-11-04"),
        (ist(3, 5, 31), "2026-11-03", "2026-11-04"),
        (ist(3, 23, 50), "2026-11-03", "2026-11-04"),
        (ist(3, 0, 0), "2026-11-03", "2026-11-04"),
    ],
)
def test_not_future_dates_compare_with_the_ist_day(
    now: datetime, today_ok: str, tomorrow_refused: str
) -> None:
    form = load_form("case_diary_entry")
    assert "entry_date" not in validate_values(form, {"entry_date": today_ok}, now.astimezone(UTC))
    errors = validate_values(form, {"entry_date": tomorrow_refused}, now)
    assert errors["entry_date"] == "This date is in the future."


def test_a_time_read_as_a_date_is_its_ist_day() -> None:
    """00:30 IST on 4 November is 19:00 UTC on the 3rd: as a date it is the 4th; 23:50 IST stays the 3rd."""
    assert parse_date(datetime(2026, 11, 3, 19, 0, tzinfo=UTC)) == date(2026, 11, 4)
    assert parse_date(datetime(2026, 11, 3, 18, 20, tzinfo=UTC)) == date(2026, 11, 3)


@pytest.mark.parametrize("moment", [ist(31, 23, 50, month=12), ist(1, 0, 30, month=1, year=2027)])
def test_gd_and_fir_years_are_ist_years(
    svc: StationServices, sho: Actor, clock: ManualClock, moment: datetime
) -> None:
    clock.set_to(moment + timedelta(minutes=1))
    entry = svc.diary.add_entry(
        sho, {"kind": "other", "entry_at": iso_ist(moment), "subject": "Night round", "details": "Patrol."}
    )
    assert entry.year == moment.year  # 31-12-2026 23:50 IST is 2026; 01-01-2027 00:30 IST is 2027


@pytest.mark.parametrize("moment", [ist(3, 0, 30), ist(3, 23, 50)])
def test_an_arrest_memo_at_the_edges_of_the_ist_day(
    svc: StationServices, sho: Actor, clock: ManualClock, moment: datetime
) -> None:
    fir = registered_theft(svc, sho)
    clock.set_to(moment + timedelta(hours=2))
    gd = gd_at(svc, sho, "arrest", moment + timedelta(minutes=5), "Arrest")
    values: dict[str, Any] = arrest_values(gd, accused(svc, sho), moment)
    arrest = svc.arrests.record_arrest(sho, fir.id, values)
    assert arrest.content["values"]["arrested_at"].startswith("2026-11-03T")


@pytest.mark.parametrize(
    ("moment", "fir_no"),
    [(ist(31, 23, 50, month=12), "0001/2026"), (ist(1, 0, 30, month=1, year=2027), "0001/2027")],
)
def test_an_fir_registered_at_the_turn_of_the_year_takes_the_ist_year(
    svc: StationServices, sho: Actor, clock: ManualClock, moment: datetime, fir_no: str
) -> None:
    """00:30 IST on 1 January is still 31 December in UTC: the FIR is the first of the new IST year."""
    clock.set_to(moment)
    fir = registered_theft(svc, sho)
    assert fir.summary.fir_no == fir_no


def test_a_person_with_a_stated_age_at_00_30_ist_on_new_year(
    svc: StationServices, sho: Actor, clock: ManualClock
) -> None:
    """The age is stated on the IST day (1 January 2027), so the estimated birth year is 1997, not 1996."""
    clock.set_to(ist(1, 0, 30, month=1, year=2027))
    person = svc.persons.create(sho, PersonInput(name="Ram Prasad", age=30, sex="M"))
    assert person.birth_year_est == 1997


def test_a_seizure_at_23_50_ist_keeps_its_ist_day_and_year(
    svc: StationServices, sho: Actor, clock: ManualClock
) -> None:
    fir = registered_theft(svc, sho)
    moment = ist(31, 23, 50, month=12)
    clock.set_to(moment + timedelta(hours=1))
    gd = gd_at(svc, sho, "property", moment + timedelta(minutes=5), "Seizure")
    seizure = svc.seizures.record_seizure(sho, fir.id, seizure_values(gd, moment))
    assert seizure.items and all(item.malkhana_ref.endswith("/2026") for item in seizure.items)
