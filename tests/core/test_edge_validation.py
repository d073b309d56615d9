"""The station's edge: what a person types or imports is refused at its field when it holds a control
character, a lone surrogate or an out-of-range value, so that it never reaches the outbox (issue 12
§1). Real station database; one shared rule (forms.text_rules) behind every entry point."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from station_app.core.errors import ValidationError
from station_app.core.keys import KeyStore
from station_app.core.localtime import to_ist
from station_app.core.models import GdEntry, OutboxEntry
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices, set_up_station
from station_app.core.services.accounts import NewOfficer
from station_app.core.services.person_input import PersonInput
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.fixtures.import_files import row, write_csv
from tests.helpers.clock import ManualClock


@pytest.fixture
def svc(data_dir: DataDir, keystore: KeyStore) -> Iterator[StationServices]:
    outcome = set_up_station(data_dir, keystore, ManualClock(), IDENTITY, SHO, SHO_PASSWORD)
    yield outcome.services
    outcome.services.close()


@pytest.fixture
def sho(svc: StationServices) -> Actor:
    return svc.accounts.login(SHO.username, SHO_PASSWORD)


def _gd(svc: StationServices, sho: Actor, **values: str) -> None:
    at = to_ist(svc.clock.now() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:00+05:30")
    svc.diary.add_entry(
        sho, {"kind": "other", "entry_at": at, "subject": "Patrol", "details": "Left.", **values}
    )


def _queued(svc: StationServices) -> int:
    with svc.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(OutboxEntry)) or 0)


def test_a_gd_entry_with_a_nul_is_refused_at_its_field_and_nothing_is_queued(
    svc: StationServices, sho: Actor
) -> None:
    before = _queued(svc)
    for field, text in (("details", "Patrol\x00left"), ("subject", "Patrol \ud800"), ("subject", "a\tb")):
        with pytest.raises(ValidationError) as err:
            _gd(svc, sho, **{field: text})
        assert set(err.value.field_errors) == {field}
    assert _queued(svc) == before
    _gd(svc, sho, details="Patrol left at 10:00.\n\tBeat 4, with HC Salim.")  # a narrative keeps its lines
    assert _queued(svc) == before + 1


def test_a_person_with_a_control_character_in_the_name_is_refused_at_the_name(
    svc: StationServices, sho: Actor
) -> None:
    with pytest.raises(ValidationError) as err:
        svc.persons.create(sho, PersonInput("Raju\x00Khan", present_address="Daliganj"))
    assert set(err.value.field_errors) == {"name"}
    with pytest.raises(ValidationError) as err:
        svc.persons.create(sho, PersonInput("Raju Khan", present_address="Daliganj \x1b[2J"))
    assert set(err.value.field_errors) == {"present_address"}
    assert svc.persons.create(sho, PersonInput("राजू ख़ान", present_address="Daliganj")).name == "राजू ख़ान"


def test_an_officer_name_with_a_control_character_is_refused(svc: StationServices, sho: Actor) -> None:
    spec = NewOfficer("meena", "SI Meena\x07", "SI", "", Role.INVESTIGATING_OFFICER)
    with pytest.raises(ValidationError) as err:
        svc.accounts.create_officer(sho, spec, "a-long-password-1")
    assert "full_name" in err.value.field_errors


def test_an_imported_register_row_with_a_control_character_is_a_problem_of_that_cell(
    svc: StationServices, sho: Actor, tmp_path: Path
) -> None:
    rows = [
        row("gd"),
        row("gd", gd_number="24", details="Complaint\x1bof theft"),
        row("gd", gd_number="25", subject="Theft \x7f"),
    ]
    summary = svc.imports.run(sho, write_csv(tmp_path / "gd.csv", "gd", rows))
    assert (summary.imported, summary.problem_rows) == (1, 2)
    assert [(p.row, p.column) for p in summary.first_problems] == [(3, "Details"), (4, "Subject")]
    assert "escape" in summary.first_problems[0].problem
    with svc.db.read() as s:
        assert s.scalar(select(func.count()).select_from(GdEntry)) == 1


def test_an_inbox_answer_with_a_control_character_is_refused(svc: StationServices, sho: Actor) -> None:
    with pytest.raises(ValidationError) as err:
        svc.reference.answer_inbox_item(sho, "item-1", "acknowledged", "Seen\x00")
    assert set(err.value.field_errors) == {"note"}
