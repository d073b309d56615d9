"""Paper FIRs are history: what was lawful when they were written is kept with a warning (struck-down
sections, only non-cognizable offences); a section already struck down on the decisive date is refused.
Both on the keyboard form and on bulk import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from station_app.core.errors import ValidationError
from station_app.core.keys import KeyStore
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices, set_up_station
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


def _fir(day: str, sections: str, registered: str | None = None, number: str = "12") -> dict[str, str]:
    registered = registered or day
    return row("fir", fir_number=number, fir_year=registered[-4:], registered_on=registered, occurrence_on=day,
               acts_sections=sections)  # fmt: skip


def _law_warnings(svc: StationServices, sho: Actor, fir_id: str) -> list[str]:
    content = svc.firs.get(sho, fir_id).content
    assert content is not None
    return list(content["legacy"].get("law_warnings", []))


@pytest.mark.parametrize(("day", "kept"), [("27-09-2018", True), ("28-09-2018", False)])
def test_adultery_decided_by_the_date_of_the_offence(
    svc: StationServices, sho: Actor, day: str, kept: bool
) -> None:
    values = _fir(day, "IPC 497, 498A", registered="01-10-2018")
    if not kept:
        with pytest.raises(ValidationError) as err:
            svc.legacy.digitise(sho, "fir", values)
        assert "Joseph Shine v. Union of India" in err.value.field_errors["acts_sections"]
        return
    issues = svc.legacy.check(sho, "fir", values)
    assert [i.warning for i in issues] == [True] and "kept as history" in issues[0].problem
    record = svc.legacy.digitise(sho, "fir", values)
    assert record.warnings == (issues[0].problem,)
    assert _law_warnings(svc, sho, record.record_id) == [issues[0].problem]


@pytest.mark.parametrize(("registered", "kept"), [("11-05-2022", True), ("12-05-2022", False)])
def test_sedition_decided_by_the_date_of_registration(
    svc: StationServices, sho: Actor, registered: str, kept: bool
) -> None:
    values = _fir("10-05-2022", "IPC 124A", registered=registered)
    if kept:
        record = svc.legacy.digitise(sho, "fir", values)
        assert any("S.G. Vombatkere" in w for w in record.warnings)
    else:
        with pytest.raises(ValidationError) as err:
            svc.legacy.digitise(sho, "fir", values)
        assert "S.G. Vombatkere v. Union of India" in err.value.field_errors["acts_sections"]


def test_unnatural_offence_is_warned_never_refused(svc: StationServices, sho: Actor) -> None:
    record = svc.legacy.digitise(sho, "fir", _fir("01-02-2019", "IPC 377"))
    assert len(record.warnings) == 1 and "Navtej Singh Johar" in record.warnings[0]


def test_only_non_cognizable_paper_fir_is_kept_with_a_warning(svc: StationServices, sho: Actor) -> None:
    record = svc.legacy.digitise(sho, "fir", _fir("04-03-2019", "IPC 323, 504"))
    assert len(record.warnings) == 1
    assert "IPC 323, IPC 504" in record.warnings[0] and "BNSS 174" in record.warnings[0]
    plain = svc.legacy.digitise(sho, "fir", _fir("04-03-2019", "IPC 379, 411", number="13"))
    assert plain.warnings == () and _law_warnings(svc, sho, plain.record_id) == []


def test_import_keeps_history_with_warnings_and_refuses_the_unlawful(
    svc: StationServices, sho: Actor, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "firs.csv", "fir", [
        _fir("01-03-2015", "IPC 497", number="1", registered="02-03-2015"),  # row 2: lawful then
        _fir("01-10-2018", "IPC 497, 498A", number="2", registered="02-10-2018"),  # row 3: already struck down
        _fir("04-03-2019", "IPC 379", number="3"),  # row 4: nothing to say
    ])  # fmt: skip
    dry = svc.imports.dry_run(sho, path)
    assert (dry.imported, dry.problem_rows, dry.warning_rows) == (2, 1, 1)
    summary = svc.imports.run(sho, path)
    assert (summary.imported, summary.problem_rows, summary.warning_rows) == (2, 1, 1)
    assert [(w.row, "Joseph Shine" in w.problem) for w in summary.warnings] == [(2, True), (2, False)]
    assert "BNSS 174" in summary.warnings[1].problem  # IPC 497 alone was non-cognizable, too
    assert [(p.row, "Joseph Shine" in p.problem) for p in summary.first_problems] == [(3, True)]
    fir = svc.firs.find(sho, 2015, 1)
    assert fir.content is not None and len(fir.content["legacy"]["law_warnings"]) == 2
