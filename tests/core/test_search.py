"""Search as you type: persons across scripts and by phone, FIRs by number, vehicles by number."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from station_app.core.errors import PermissionDeniedError
from station_app.core.keys import KeyStore
from station_app.core.localtime import IST
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices, set_up_station
from station_app.core.services.persons import PersonInput
from station_app.core.services.search import parse_fir_number
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.helpers.clock import ManualClock
from tests.helpers.firs import complaint_gd, theft_values


@pytest.fixture
def svc(data_dir: DataDir, keystore: KeyStore) -> Iterator[StationServices]:
    outcome = set_up_station(data_dir, keystore, ManualClock(), IDENTITY, SHO, SHO_PASSWORD)
    yield outcome.services
    assert outcome.services.station.check_integrity().ok
    outcome.services.close()


@pytest.fixture
def actor(svc: StationServices) -> Actor:
    return svc.accounts.login(SHO.username, SHO_PASSWORD)


def _register(svc: StationServices, actor: Actor, **overrides: Any) -> Any:
    clock = svc.clock
    assert isinstance(clock, ManualClock)
    clock.advance(minutes=30)
    at = clock.now() - timedelta(minutes=10)
    gd = complaint_gd(svc, actor, at=at.astimezone(IST).strftime("%Y-%m-%d %H:%M"))
    overrides.setdefault("info_received_at", (at - timedelta(minutes=5)).astimezone(IST).isoformat())
    draft = svc.firs.new_draft(actor, theft_values(gd, **overrides))
    return svc.firs.register(actor, draft.id, draft.summary.version)


def _labels(svc: StationServices, actor: Actor, typed: str, kind: str) -> list[str]:
    return [h.label for h in svc.search.search(actor, typed).hits(kind)]


def test_persons_are_found_across_scripts_while_typing(svc: StationServices, actor: Actor) -> None:
    irfan = svc.persons.create(actor, PersonInput("Mohd. Irfan", relative_name="Abdul Rashid", sex="M"))
    sunita = svc.persons.create(
        actor, PersonInput("सुनीता देवी", relative_name="रामलाल", relative_relation="husband")
    )
    svc.persons.create(actor, PersonInput("Sunil Yadav"))
    for typed in ("moh", "mohd irf", "Muhammad Irfan", "मोहम्मद इर", "इरफ़", "IRFAN "):
        assert [h.id for h in svc.search.search(actor, typed).hits("person")] == [irfan.id], typed
    for typed in ("sunita", "Suneeta Devi", "सुनीता", "sunita devi "):
        assert [h.id for h in svc.search.search(actor, typed).hits("person")] == [sunita.id], typed
    assert len(svc.search.search(actor, "सुनी").hits("person")) == 2  # "suni…": Sunita and Sunil
    hit = svc.search.search(actor, "sunita").hits("person")[0]
    assert hit.label == "सुनीता देवी w/o रामलाल" and hit.kind == "person"
    assert [g.title for g in svc.search.search(actor, "su").groups] == ["Persons"]
    assert svc.search.search(actor, "s").groups == ()  # one letter: wait for more


def test_persons_are_found_by_phone_and_its_last_digits(svc: StationServices, actor: Actor) -> None:
    person = svc.persons.create(actor, PersonInput("Ramesh Gupta", phones=("+91 98390 12345",)))
    svc.persons.create(actor, PersonInput("Suresh Gupta", phones=("9415012399",)))
    for typed in ("9839012345", "+91 98390-12345", "2345", "12345", "98390", "९८३९०१२३४५"):
        assert [h.id for h in svc.search.search(actor, typed).hits("person")] == [person.id], typed
    assert svc.search.search(actor, "2345").hits("person")[0].detail == "9839012345"


def test_merged_duplicates_leave_the_results(svc: StationServices, actor: Actor) -> None:
    keep = svc.persons.create(actor, PersonInput("Ramesh Gupta"))
    dup = svc.persons.create(actor, PersonInput("रमेश गुप्ता"))
    svc.persons.merge(actor, keep.id, dup.id, "one man entered twice")
    assert [h.id for h in svc.search.search(actor, "ramesh").hits("person")] == [keep.id]


@pytest.mark.parametrize(
    ("typed", "series", "number", "year"),
    [
        ("99/2026", ("FIR", "ZERO"), 99, 2026),
        ("0099/2026", ("FIR", "ZERO"), 99, 2026),
        ("99", ("FIR", "ZERO"), 99, None),
        ("Z-3/2026", ("ZERO",), 3, 2026),
        ("FIR No. 12/26", ("FIR", "ZERO"), 12, 2026),
    ],
)
def test_fir_numbers_are_read_as_officers_write_them(
    typed: str, series: tuple[str, ...], number: int, year: int | None
) -> None:
    wanted = parse_fir_number(typed, 2026)
    assert wanted is not None and (wanted.series, wanted.number, wanted.year) == (series, number, year)


@pytest.mark.parametrize("typed", ["ramesh", "12/2031", "0/2026", "UP32AB1234"])
def test_other_text_is_not_an_fir_number(typed: str) -> None:
    assert parse_fir_number(typed, 2026) is None


def test_firs_by_number_and_vehicles_by_registration(svc: StationServices, actor: Actor) -> None:
    first = _register(svc, actor)  # its property row: "Hero Splendor UP32 AB 1234, black"
    second = _register(
        svc,
        actor,
        properties=[
            {"category": "Vehicle", "type": "Car", "description": "Swift dl-3c-ab-0012 white", "value": "1"}
        ],
    )
    zero = _register(
        svc, actor, outside_limits=True, outside_station="Gomti Nagar", outside_district="Lucknow",
        outside_state="Uttar Pradesh", properties=[{"category": "Cash", "description": "Rs 5,000", "value": "5000"}],
    )  # fmt: skip
    for typed in ("1/2026", "0001/2026", "1"):
        assert [h.id for h in svc.search.search(actor, typed).hits("fir")][:1] == [first.id], typed
    assert [h.id for h in svc.search.search(actor, "Z-1/2026").hits("fir")] == [zero.id]
    assert [h.id for h in svc.search.search(actor, "2/2026").hits("fir")] == [second.id]
    label = svc.search.search(actor, "1/2026").hits("fir")[0].label
    assert label == "FIR 0001/2026 u/s BNS 303(2)"

    for typed in ("UP 32 AB 1234", "up32ab1234", "UP-32-AB-1234", "UP32AB", "1234"):
        hits = svc.search.search(actor, typed).hits("vehicle")
        assert [h.id for h in hits] == [first.id], typed
        assert hits[0].label == "UP32AB1234 — FIR 0001/2026 u/s BNS 303(2)", typed
        assert hits[0].detail == "UP32 AB 1234"  # as the FIR wrote it
    assert [h.id for h in svc.search.search(actor, "DL 3C AB 12").hits("vehicle")] == [second.id]
    with svc.db.read() as s:  # the queue is worked off: every registered FIR was indexed
        assert s.execute(text("SELECT count(*) FROM search_fir_pending")).scalar_one() == 0


def test_vehicles_of_older_firs_are_indexed_by_catch_up(svc: StationServices, actor: Actor) -> None:
    for _ in range(3):
        _register(svc, actor)
    with svc.db.read() as s:
        assert s.execute(text("SELECT count(*) FROM search_fir_pending")).scalar_one() == 3
    assert svc.search.catch_up() == 3
    assert svc.search.catch_up() == 0
    assert len(svc.search.search(actor, "UP32AB1234").hits("vehicle")) == 3


def test_the_fir_queue_triggers_exist_after_migration(svc: StationServices) -> None:
    """A later batch migration that rebuilds ``fir`` would drop them silently; this says so."""
    with svc.db.read() as s:
        names = set(s.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
    assert {"fir_search_queue_insert", "fir_search_queue_update"} <= names


def test_search_needs_view_records_and_rebuild_needs_the_sho(svc: StationServices, actor: Actor) -> None:
    svc.persons.create(actor, PersonInput("Ramesh Gupta"))
    viewer = Actor("v-1", "viewer", "A Viewer", "DSP", "1", Role.VIEWER)
    assert svc.search.search(viewer, "ramesh").hits("person")
    with pytest.raises(PermissionDeniedError):
        svc.search.rebuild_person_index(viewer)
    assert svc.search.rebuild_person_index(actor) == 1
    assert svc.search.search(actor, "ramesh").hits("person")


def test_vowels_read_differently_across_scripts_still_find_the_person(
    svc: StationServices, actor: Actor
) -> None:
    person = svc.persons.create(actor, PersonInput("Mukesh Agarwal"))
    svc.persons.create(actor, PersonInput("Mukesh Yadav"))
    # "अग्रवाल" reads "agraval", "Agarwal" keys "agarval": found on the second, looser try.
    assert [h.id for h in svc.search.search(actor, "मुकेश अग्रवाल").hits("person")] == [person.id]
