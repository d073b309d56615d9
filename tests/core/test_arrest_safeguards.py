"""Arrest safeguards at their exact boundaries: a woman at sunset ± 1 minute (BNSS 43(5)), a person
aged 59, 60 and 61 for an offence under three years (35(7)), the right to bail only when every
section is bailable (47(2)), and where the sun times come from."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from station_app.core.errors import PermissionDeniedError, ValidationError
from station_app.core.keys import KeyStore
from station_app.core.localtime import IST, iso_ist
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices, set_up_station
from station_app.core.services.accounts import NewOfficer
from station_app.core.services.person_input import PersonInput
from station_app.core.sun import _sun_times, daylight
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.helpers.clock import ManualClock
from tests.helpers.investigation import arrest_values, gd_at, registered_theft
from tests.helpers.pdf import english, hindi

MUMBAI = (19.076, 72.8777)  # sunset on 15-11-2026 at 18:00 IST
HURT = [{"act": "BNS", "section": "115(2)"}]  # one year, bailable
NIGHT_ITEMS = {
    "night_reason": "She was caught removing the stolen jewellery from the house and would have fled the city.",
    "arrested_by_woman_officer": True,
    "woman_officer": "SI Meena Kumari, PIS-2231",
    "magistrate_order_no": "CJM/Misc/118/2026",
    "magistrate_order_date": "2026-11-15",
    "magistrate_name": "Smt. R. Deshmukh, CJM",
}


def ist(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=IST)


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


def _person(svc: StationServices, sho: Actor, sex: str = "F", **birth: Any) -> str:
    data = PersonInput(name="Sunita Devi" if sex == "F" else "Ram Prasad", relative_name="Mohan Lal",
                       relative_relation="husband" if sex == "F" else "father", sex=sex,
                       present_address="Aminabad, Lucknow", **birth)  # fmt: skip
    return svc.persons.create(sho, data).id


@pytest.fixture
def fir(svc: StationServices, sho: Actor) -> Any:
    return registered_theft(svc, sho)


def _arrest(
    svc: StationServices, sho: Actor, clock: ManualClock, at: datetime, person: str, **values: Any
) -> Any:
    fir = svc.firs.find(sho, 2026, 1)  # the fixture's FIR 0001/2026
    clock.set_to(at + timedelta(hours=2))
    gd = gd_at(svc, sho, "arrest", at + timedelta(minutes=5), "Arrest")
    overrides = {"medical_officer": "Dr. K. Singh (lady medical officer), Civil Hospital", **values}
    return svc.arrests.record_arrest(sho, fir.id, arrest_values(gd, person, at, **overrides))


# --- sunset and sunrise ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "day", "sunrise", "sunset"),
    [  # reference times from astral 3.2 (an independent implementation), to the minute
        ((28.6139, 77.2090), date(2026, 12, 21), "07:09", "17:28"),  # Delhi, winter solstice
        (MUMBAI, date(2026, 11, 15), "06:45", "18:00"),
        ((27.08, 93.61), date(2026, 6, 21), "04:22", "18:12"),  # Itanagar, summer solstice
    ],
)
def test_noaa_sun_times(place: tuple[float, float], day: date, sunrise: str, sunset: str) -> None:
    rise, set_ = _sun_times(day, *place)
    expected_rise = datetime.combine(day, datetime.strptime(sunrise, "%H:%M").time(), IST)
    expected_set = datetime.combine(day, datetime.strptime(sunset, "%H:%M").time(), IST)
    assert abs(rise - expected_rise) < timedelta(minutes=1)
    assert abs(set_ - expected_set) < timedelta(minutes=1)


def test_without_coordinates_the_state_table_then_the_india_default_widen_the_night() -> None:
    moment = ist("2026-11-15 12:00")
    own = daylight(moment, (26.85, 80.95), "Uttar Pradesh")
    state = daylight(moment, None, "Uttar Pradesh")
    assert state.sunset == own.sunset - timedelta(minutes=30) and state.sunrise == own.sunrise + timedelta(
        minutes=30
    )
    assert "state table" in state.source
    unknown = daylight(moment, None, "Atlantis")
    assert (unknown.sunrise, unknown.sunset) == (ist("2026-11-15 08:00"), ist("2026-11-15 16:00"))
    assert unknown.is_night(ist("2026-11-15 16:01")) and not unknown.is_night(ist("2026-11-15 15:59"))


# --- BNSS 43(5): a woman between sunset and sunrise -------------------------------------------------


def test_a_woman_at_17_59_is_arrested_by_day(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    svc.station.set_coordinates(sho, *MUMBAI)
    arrest = _arrest(svc, sho, clock, ist("2026-11-15 17:59"), _person(svc, sho))
    assert arrest.content["safeguards"]["at_night"] is False
    assert arrest.content["safeguards"]["sun_source"] == "station coordinates"


def test_a_woman_at_18_01_needs_the_night_safeguards(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    svc.station.set_coordinates(sho, *MUMBAI)
    person = _person(svc, sho)
    with pytest.raises(ValidationError) as err:
        _arrest(svc, sho, clock, ist("2026-11-15 18:01"), person)
    errors = err.value.field_errors
    assert {
        "night_reason",
        "arrested_by_woman_officer",
        "magistrate_order_no",
        "magistrate_order_date",
    } <= set(errors)
    assert "BNSS 43(5)" in errors["night_reason"] and "set at 18:00 IST" in errors["night_reason"]
    arrest = _arrest(svc, sho, clock, ist("2026-11-15 18:01"), person, **NIGHT_ITEMS)
    assert arrest.content["safeguards"]["at_night"] is True
    assert arrest.content["values"]["woman_officer"] == "SI Meena Kumari, PIS-2231"


def test_the_magistrates_permission_comes_before_the_arrest(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    svc.station.set_coordinates(sho, *MUMBAI)
    late = {**NIGHT_ITEMS, "magistrate_order_date": "2026-11-16"}
    with pytest.raises(ValidationError) as err:
        _arrest(svc, sho, clock, ist("2026-11-15 23:00"), _person(svc, sho), **late)
    assert "prior permission" in err.value.field_errors["magistrate_order_date"]


@pytest.mark.parametrize(("minutes", "night"), [(-1, True), (1, False)])
def test_sunrise_boundary(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any, minutes: int, night: bool
) -> None:
    svc.station.set_coordinates(sho, *MUMBAI)
    rise, _ = _sun_times(date(2026, 11, 16), *MUMBAI)
    at = rise.replace(second=0, microsecond=0) + timedelta(minutes=minutes + (1 if rise.second else 0))
    values = NIGHT_ITEMS if night else {}
    arrest = _arrest(svc, sho, clock, at, _person(svc, sho), **values)
    assert arrest.content["safeguards"]["at_night"] is night


def test_a_man_at_night_needs_no_magistrates_permission(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    svc.station.set_coordinates(sho, *MUMBAI)
    arrest = _arrest(svc, sho, clock, ist("2026-11-15 23:00"), _person(svc, sho, "M", age=30))
    assert arrest.content["safeguards"]["at_night"] is True


def test_a_person_of_unknown_sex_at_night_is_asked_about(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    svc.station.set_coordinates(sho, *MUMBAI)
    with pytest.raises(ValidationError) as err:
        _arrest(svc, sho, clock, ist("2026-11-15 23:00"), _person(svc, sho, ""))
    assert "Record the person's sex" in err.value.field_errors["person"]


def test_station_coordinates_are_checked_and_only_the_station_manager_sets_them(
    svc: StationServices, sho: Actor
) -> None:
    with pytest.raises(ValidationError) as err:
        svc.station.set_coordinates(sho, 51.5, -0.12)
    assert set(err.value.field_errors) == {"latitude", "longitude"}
    svc.accounts.create_officer(
        sho, NewOfficer("io.verma", "R. Verma", "SI", "PIS-9", Role.INVESTIGATING_OFFICER), "io-password-2026"
    )
    io = svc.accounts.login("io.verma", "io-password-2026")
    with pytest.raises(PermissionDeniedError):
        svc.station.set_coordinates(io, *MUMBAI)
    assert svc.station.coordinates() is None
    svc.station.set_coordinates(sho, *MUMBAI)
    assert svc.station.coordinates() == MUMBAI


# --- BNSS 35(7): under three years, infirm or above sixty --------------------------------------------


@pytest.mark.parametrize(("years", "needed"), [(59, False), (60, False), (61, True)])
def test_dsp_permission_above_sixty(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any, years: int, needed: bool
) -> None:
    """Born on 15 November: on the arrest day the person has exactly ``years`` completed years."""
    at = ist("2026-11-15 11:00")
    person = _person(svc, sho, "M", dob=date(2026 - years, 11, 15))
    if needed:
        with pytest.raises(ValidationError) as err:
            _arrest(svc, sho, clock, at, person, acts_sections=HURT)
        assert "BNSS 35(7)" in err.value.field_errors["dsp_permission_by"]
        assert "aged 61" in err.value.field_errors["dsp_permission_by"]
        permission = {"dsp_permission_by": "Sri A. K. Mishra, DSP Hazratganj", "dsp_permission_ref": "DSP/45/26",
                      "dsp_permission_at": iso_ist(at - timedelta(hours=1))}  # fmt: skip
        arrest = _arrest(svc, sho, clock, at, person, acts_sections=HURT, **permission)
    else:
        arrest = _arrest(svc, sho, clock, at, person, acts_sections=HURT)
    assert arrest.content["safeguards"]["dsp_permission_needed"] is needed


def test_dsp_permission_for_the_infirm_and_not_for_a_three_year_offence(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    at = ist("2026-11-15 11:00")
    young = _person(svc, sho, "M", age=35)
    with pytest.raises(ValidationError) as err:
        _arrest(svc, sho, clock, at, young, acts_sections=HURT, infirm=True)
    assert "infirm" in err.value.field_errors["dsp_permission_by"]
    old = _person(svc, sho, "M", dob=date(1950, 1, 1))
    arrest = _arrest(svc, sho, clock, at, old)  # theft, BNS 303(2): three years, not "less than three"
    assert arrest.content["safeguards"]["dsp_permission_needed"] is False


def test_the_permission_comes_before_the_arrest(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    at = ist("2026-11-15 11:00")
    person = _person(svc, sho, "M", dob=date(1950, 1, 1))
    late = {"dsp_permission_by": "DSP", "dsp_permission_at": iso_ist(at + timedelta(minutes=10))}
    with pytest.raises(ValidationError) as err:
        _arrest(svc, sho, clock, at, person, acts_sections=HURT, **late)
    assert "before the arrest" in err.value.field_errors["dsp_permission_at"]


# --- BNSS 47(2): the right to bail only for bailable offences ----------------------------------------


@pytest.mark.parametrize(
    ("sections", "bail_right", "not_bailable"),
    [
        (HURT, True, []),
        ([{"act": "BNS", "section": "303(2)"}], False, ["BNS 303(2)"]),  # theft: non-bailable
        # A state excise section: the master cannot know its bail value, so no right to bail is told.
        ([{"act": "EXCISE", "section": "E1"}], False, ["EXCISE E1 (no value)"]),
        ([*HURT, {"act": "BNS", "section": "3(5)"}], True, []),  # common intention takes the offence's value
        ([*HURT, {"act": "BNS", "section": "303(2)"}], False, ["BNS 303(2)"]),
    ],
)
def test_bail_right_only_when_every_section_is_bailable(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any, sections: list[dict[str, str]], bail_right: bool,
    not_bailable: list[str],
) -> None:  # fmt: skip
    arrest = _arrest(
        svc, sho, clock, ist("2026-11-15 11:00"), _person(svc, sho, "M", age=30), acts_sections=sections
    )
    assert arrest.content["safeguards"]["bail_right"] is bail_right
    assert arrest.content["safeguards"]["not_bailable"] == not_bailable


# --- the printed memo --------------------------------------------------------------------------------


def test_the_memo_prints_the_safeguards_and_the_bail_right_of_a_bailable_offence(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    svc.station.set_coordinates(sho, *MUMBAI)
    at = ist("2026-11-15 21:10")
    person = _person(svc, sho, dob=date(1960, 3, 1))  # 66: above sixty
    permission = {"dsp_permission_by": "Sri A. K. Mishra, DSP", "dsp_permission_ref": "DSP/45/26",
                  "dsp_permission_at": iso_ist(at - timedelta(hours=2))}  # fmt: skip
    arrest = _arrest(
        svc, sho, clock, at, person, acts_sections=HURT, **NIGHT_ITEMS, **permission,
        education="secondary", economic_status="bpl", marital_status="widowed", dependants=2,
        risk_threaten_witnesses=True, hair="Grey", custody_place="Women's lock-up, P.S. Hazratganj",
        custody_place_told_to="Ramesh (son)",
    )  # fmt: skip
    pdf = svc.investigation_print.arrest_memo_pdf(sho, arrest.id)
    en, hi = " ".join(english(pdf)), " ".join(hindi(pdf))
    for expected in (
        "2(a). Arrest of a woman between sunset and sunrise (BNSS 43(5))", "CJM/Misc/118/2026",
        "She was caught removing the stolen jewellery", "2(b). Permission of an officer not below DSP",
        "Sri A. K. Mishra, DSP", "Arrest made between sunset and sunrise (sunrise 06:45, sunset 18:00 IST; station coordinates)",
        "Arrest made by a woman police officer: SI Meena Kumari, PIS-2231 (BNSS 43(1))",
        "the right to be released on bail (BNSS 47(2))", "held at Women's lock-up, P.S. Hazratganj",
        "was told to Ramesh (son) (D.K. Basu)", "11. Socio-economic profile", "Below poverty line", "Widowed",
        "Likely to jump bail or threaten witnesses", "Grey",
    ):  # fmt: skip
        assert expected in en, expected
    assert "ज़मानत पर रिहा होने (बी.एन.एस.एस. धारा 47(2))" in hi and "गरीबी रेखा से नीचे" in hi
    assert "Woman police officer who made the arrest (BNSS 43(1))" in en
