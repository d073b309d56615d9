"""Arrests, case diary, seizures and the malkhana: sequencing rules, BNSS duties, tamper evidence."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from station_app.core.errors import ConflictError, PermissionDeniedError, ValidationError
from station_app.core.keys import KeyStore
from station_app.core.localtime import IST
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices, set_up_station
from station_app.core.services.accounts import NewOfficer
from station_app.core.services.arrests import accused_code
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.helpers.clock import ManualClock
from tests.helpers.investigation import (
    accused,
    arrest_values,
    diary_values,
    gd_at,
    later,
    registered_theft,
    seizure_values,
)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def svc(
    data_dir: DataDir, keystore: KeyStore, clock: ManualClock, request: pytest.FixtureRequest
) -> Iterator[StationServices]:
    outcome = set_up_station(data_dir, keystore, clock, IDENTITY, SHO, SHO_PASSWORD)
    yield outcome.services
    if request.node.get_closest_marker("tampers") is None:
        report = outcome.services.station.check_integrity()
        assert report.ok, report
    outcome.services.close()


@pytest.fixture
def sho(svc: StationServices) -> Actor:
    return svc.accounts.login(SHO.username, SHO_PASSWORD)


@pytest.fixture
def fir(svc: StationServices, sho: Actor) -> Any:
    return registered_theft(svc, sho)


def _arrest(svc: StationServices, sho: Actor, clock: ManualClock, fir: Any, **overrides: Any) -> Any:
    now = later(clock, hours=3)
    at = now - timedelta(hours=1)  # the memo is written an hour after the arrest, its GD entry at once
    gd = gd_at(svc, sho, "arrest", at + timedelta(minutes=5), "Arrest")
    person = overrides.pop("person", None) or accused(svc, sho)
    return svc.arrests.record_arrest(sho, fir.id, arrest_values(gd, person, at, **overrides))


@pytest.mark.parametrize(("index", "code"), [(0, "A1"), (8, "A9"), (9, "B1"), (17, "B9"), (18, "C1")])
def test_accused_codes(index: int, code: str) -> None:
    assert accused_code(index) == code


def test_arrest_memo_is_frozen_with_the_bnss_duties(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    arrest = _arrest(svc, sho, clock, fir)
    assert arrest.accused_code == "A1" and arrest.fir_no == "0001/2026"
    values = arrest.content["values"]
    assert values["grounds_of_arrest"].startswith("Found in possession")
    assert arrest.content["person"]["name"] == "Raju Khan"
    assert arrest.content["values"]["sections"][0]["section"] == "303(2)"  # the FIR's sections by default
    second = _arrest(svc, sho, clock, fir, person=accused(svc, sho, "Pappu alias Pradeep", "Ram Kishore"))
    assert second.accused_code == "A2"
    assert svc.station.counts()["arrest"] == 2


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"grounds_of_arrest": ""}, "grounds_of_arrest", "required"),
        ({"rights_explained": False}, "rights_explained", "BNSS 47"),
        ({"informed_name": ""}, "informed_name", "required"),
        ({"designated_officer_informed_at": None}, "designated_officer_informed_at", "required"),
        ({"medical_exam_at": None}, "medical_exam_at", "required"),
        ({"witness_name": ""}, "witness_name", "required"),
        ({"kind": "surrender"}, "surrender_court", "Name the court"),
        ({"acts_sections": [{"act": "IPC", "section": "379"}]}, "acts_sections", "use BNS 303(2)"),
    ],
)
def test_arrest_memo_refuses_missing_duties(
    svc: StationServices,
    sho: Actor,
    clock: ManualClock,
    fir: Any,
    overrides: dict[str, Any],
    field: str,
    fragment: str,
) -> None:
    with pytest.raises(ValidationError) as err:
        _arrest(svc, sho, clock, fir, **overrides)
    assert fragment in err.value.field_errors[field]
    assert svc.station.counts()["arrest"] == 0


def test_no_arrest_before_its_fir(svc: StationServices, sho: Actor, clock: ManualClock, fir: Any) -> None:
    before_fir = fir.summary.registered_at - timedelta(hours=3)
    gd = gd_at(svc, sho, "arrest", clock.now(), "Arrest")
    person = accused(svc, sho)
    with pytest.raises(ValidationError) as err:
        svc.arrests.record_arrest(sho, fir.id, arrest_values(gd, person, before_fir))
    assert "before FIR 0001/2026 was registered" in err.value.field_errors["arrested_at"]


def test_arrest_gd_entry_may_not_precede_the_arrest(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    gd = gd_at(svc, sho, "arrest", later(clock, minutes=10), "Arrest")
    at = later(clock, hours=1)
    with pytest.raises(ValidationError) as err:
        svc.arrests.record_arrest(sho, fir.id, arrest_values(gd, accused(svc, sho), at))
    assert "earlier than the arrest" in err.value.field_errors["gd_entry"]


def test_production_remand_and_the_custody_cap(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    arrest = _arrest(svc, sho, clock, fir)
    with pytest.raises(ValidationError) as err:
        svc.arrests.record_remand(
            sho, arrest.id, "police", clock.now(), clock.now() + timedelta(days=2), "Remand 12/26"
        )
    assert "production before the Magistrate first" in err.value.field_errors["at"]
    produced = svc.arrests.record_production(sho, arrest.id, later(clock, hours=1), "CJM Lucknow")
    assert produced.status == "produced"
    start = clock.now()
    svc.arrests.record_remand(sho, arrest.id, "police", start, start + timedelta(days=10), "Remand 12/26")
    clock.advance(days=10)
    with pytest.raises(ValidationError) as err:
        svc.arrests.record_remand(
            sho, arrest.id, "police", clock.now(), clock.now() + timedelta(days=6), "R 13"
        )
    assert (
        "15 days in all" in err.value.field_errors["until"]
        and "5 day(s) left" in err.value.field_errors["until"]
    )
    after = svc.arrests.record_remand(
        sho, arrest.id, "judicial", clock.now(), clock.now() + timedelta(days=14), "R 14"
    )
    assert after.status == "judicial_custody"
    with pytest.raises(ValidationError):
        svc.arrests.record_production(sho, arrest.id, clock.now(), "CJM")  # already produced


def test_a_person_in_custody_is_not_arrested_twice(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    person = accused(svc, sho)
    _arrest(svc, sho, clock, fir, person=person)
    with pytest.raises(ValidationError) as err:
        _arrest(svc, sho, clock, fir, person=person)
    assert "already in custody" in err.value.field_errors["person"]


def test_only_investigating_roles_record_arrests(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    svc.accounts.create_officer(
        sho, NewOfficer("dsp.view", "R K Tripathi", "DSP", "1", Role.VIEWER), "first-pass-1"
    )
    viewer = svc.accounts.login("dsp.view", "first-pass-1")
    with pytest.raises(PermissionDeniedError):
        svc.arrests.record_arrest(viewer, fir.id, {})


def test_case_diary_chain_pages_and_sequencing(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    first = svc.case_diary.add_entry(sho, fir.id, diary_values(later(clock, hours=9)))
    assert (first.seq, first.page_start) == (1, 1)
    long = diary_values(later(clock, days=1), circumstances="Enquiries at the bus stand. " * 400)
    second = svc.case_diary.add_entry(sho, fir.id, long)
    assert second.prev_hash == first.entry_hash
    assert second.page_start == first.page_end + 1 and second.page_end > second.page_start
    with pytest.raises(ValidationError) as err:  # the day's work cannot go back in time
        svc.case_diary.add_entry(sho, fir.id, diary_values(clock.now() - timedelta(days=1)))
    assert "cannot go back in time" in err.value.field_errors["entry_date"]
    with pytest.raises(ValidationError) as err:
        svc.case_diary.add_entry(sho, fir.id, diary_values(fir.summary.registered_at - timedelta(days=1)))
    assert "dated before the FIR" in err.value.field_errors["entry_date"]
    bad = diary_values(later(clock, days=1))
    bad["closed_at"] = bad["info_reached_at"]
    with pytest.raises(ValidationError) as err:
        svc.case_diary.add_entry(sho, fir.id, bad)
    assert "cannot close before it began" in err.value.field_errors["closed_at"]


@pytest.mark.tampers
@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        (
            "UPDATE case_diary_entry SET content = replace(content, 'two youths', 'nobody') WHERE seq = 2",
            "changed after",
        ),
        ("DELETE FROM case_diary_entry WHERE seq = 2", "missing before entry 3"),
    ],
)
def test_verify_detects_an_altered_or_removed_diary_entry(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any, sql: str, reason: str
) -> None:
    clock.advance(hours=9)
    for _ in range(3):
        svc.case_diary.add_entry(sho, fir.id, diary_values(later(clock, days=1)))
    assert svc.station.check_integrity().ok
    with svc.db.engine.begin() as conn:
        conn.execute(text(sql))
    report = svc.station.check_integrity()
    assert any(reason in p for p in report.audit_problems), report.audit_problems


def test_seizure_malkhana_and_chain_of_custody(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    at = later(clock, hours=3) - timedelta(hours=1)
    gd = gd_at(svc, sho, "property", at + timedelta(minutes=10), "Seizure")
    seizure = svc.seizures.record_seizure(sho, fir.id, seizure_values(gd, at))
    assert [i.malkhana_ref for i in seizure.items] == ["M-0001/2026", "M-0002/2026"]
    item = seizure.items[0]
    moved = svc.seizures.move(sho, item.id, at=later(clock, days=1), to_location="FSL Lucknow", purpose="Examination",
                              handed_over_by="HC Salim Ansari", received_by="FSL clerk R. Verma", reference="Letter 45/26")  # fmt: skip
    assert (moved.location, moved.status) == ("FSL Lucknow", "out")
    chain = svc.seizures.custody_chain(sho, item.id)
    assert [m["to"] for m in chain] == ["Malkhana (property room)", "FSL Lucknow"]
    with pytest.raises(ValidationError) as err:
        svc.seizures.move(sho, item.id, at=clock.now() - timedelta(days=2), to_location="Court", purpose="Trial",
                          handed_over_by="HC", received_by="Court clerk")  # fmt: skip
    assert "cannot go back in time" in err.value.field_errors["at"]


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"witness2_name": "mohd. aslam"}, "witness2_name", "different persons"),
        ({"witness1_name": "Anil Kumar Singh"}, "witness1_name", "not an independent witness"),
        ({"copy_given": False}, "copy_given", "copy of the seizure memo"),
        ({"av_recording": ""}, "av_recording", "required"),
        ({"items": []}, "items", "required"),
    ],
)
def test_seizure_refusals(
    svc: StationServices,
    sho: Actor,
    clock: ManualClock,
    fir: Any,
    overrides: dict[str, Any],
    field: str,
    fragment: str,
) -> None:
    at = later(clock, hours=1)
    gd = gd_at(svc, sho, "property", at, "Seizure")
    with pytest.raises(ValidationError) as err:
        svc.seizures.record_seizure(sho, fir.id, seizure_values(gd, at, **overrides))
    assert fragment in err.value.field_errors[field]


def test_no_seizure_before_its_fir(svc: StationServices, sho: Actor, clock: ManualClock, fir: Any) -> None:
    gd = gd_at(svc, sho, "property", clock.now(), "Seizure")
    with pytest.raises(ValidationError) as err:
        svc.seizures.record_seizure(
            sho, fir.id, seizure_values(gd, fir.summary.registered_at - timedelta(hours=1))
        )
    assert "before FIR 0001/2026 was registered" in err.value.field_errors["seized_at"]


def test_investigation_needs_a_registered_fir(svc: StationServices, sho: Actor) -> None:
    draft = svc.firs.new_draft(sho, {"narrative": "not yet"})
    with pytest.raises(ConflictError):
        svc.case_diary.add_entry(sho, draft.id, {})


def test_dashboard_deadlines(svc: StationServices, sho: Actor, clock: ManualClock, fir: Any) -> None:
    arrest = _arrest(svc, sho, clock, fir)
    clock.advance(hours=20)  # 24 hours after the arrest is close: red
    items = svc.deadlines.open_deadlines(sho)
    production = [i for i in items if i.rule.id == "production_24h"]
    assert len(production) == 1 and production[0].state.level == "warning"
    assert production[0].subject == "FIR 0001/2026 · A1 Raju Khan" and production[0].rule.section.startswith(
        "BNSS 58"
    )
    svc.arrests.record_production(sho, arrest.id, clock.now(), "CJM Lucknow")
    svc.arrests.record_remand(
        sho, arrest.id, "police", clock.now(), clock.now() + timedelta(days=3), "R 1/26"
    )
    rules = {i.rule.id: i for i in svc.deadlines.open_deadlines(sho, fir.id)}
    assert "production_24h" not in rules
    assert rules["police_custody_cap"].state.level == "ok"
    # Day 1 is the IST date of the first remand (Kapil Wadhawan): due by the end of day 60, right on day 61
    remand_day = rules["police_custody_cap"].state.started_at.astimezone(IST).date()
    assert rules["final_report_custody_60"].state.accrues_on == remand_day + timedelta(days=60)
    assert rules["final_report_custody_60"].state.due_at == datetime.combine(
        remand_day + timedelta(days=60), time(0), IST
    ) - timedelta(microseconds=1)
    assert rules["progress_to_informant"].state.level == "ok"


def test_final_report_and_progress_intimation_stop_their_clocks(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    arrest = _arrest(svc, sho, clock, fir)
    svc.arrests.record_production(sho, arrest.id, clock.now(), "CJM Lucknow")
    svc.arrests.record_remand(
        sho, arrest.id, "judicial", clock.now(), clock.now() + timedelta(days=14), "R 2/26"
    )
    before = {i.rule.id for i in svc.deadlines.open_deadlines(sho, fir.id)}
    assert {"final_report_custody_60", "progress_to_informant"} <= before
    clock.advance(days=20)
    with pytest.raises(ValidationError) as err:
        svc.fir_events.record_final_report(
            sho, fir.id, at=clock.now(), report_type="chargesheet", number="", court=""
        )
    assert set(err.value.field_errors) == {"report_type", "court"}
    svc.fir_events.record_progress_intimation(
        sho, fir.id, at=clock.now(), to="Ramesh Chandra Gupta", how="Letter"
    )
    svc.fir_events.record_final_report(
        sho, fir.id, at=clock.now(), report_type="charge_sheet", number="CS 7/2026", court="CJM Lucknow"
    )
    after = {i.rule.id for i in svc.deadlines.open_deadlines(sho, fir.id)}
    assert not after & {"final_report_custody_60", "progress_to_informant"}


def test_a_persons_arrests_follow_merges(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    first = accused(svc, sho)
    arrest = _arrest(svc, sho, clock, fir, person=first)
    later_entry = accused(svc, sho, "राजू ख़ान", "Salim Khan")
    assert svc.arrests.for_person(sho, later_entry) == []
    svc.persons.merge(sho, later_entry, first, "The same Raju Khan, entered again in Devanagari.")
    assert [a.id for a in svc.arrests.for_person(sho, later_entry)] == [arrest.id]
    assert [a.id for a in svc.arrests.for_person(sho, first)] == [arrest.id]


def test_a_report_typed_in_after_its_deadline_counts_from_when_it_was_filed(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    arrest = _arrest(svc, sho, clock, fir)
    svc.arrests.record_production(sho, arrest.id, clock.now(), "CJM Lucknow")
    remanded = clock.now()
    svc.arrests.record_remand(sho, arrest.id, "judicial", remanded, remanded + timedelta(days=14), "R 3/26")
    clock.advance(days=100)  # the charge sheet went to court on day 50; the desk records it on day 100
    filed = remanded + timedelta(days=50)
    svc.fir_events.record_progress_intimation(
        sho, fir.id, at=filed - timedelta(days=5), to="Informant", how="SMS"
    )
    svc.fir_events.record_final_report(
        sho, fir.id, at=filed, report_type="charge_sheet", number="CS 9/2026", court="CJM Lucknow"
    )
    clocks = {i.rule.id: i.state for i in svc.deadlines.open_deadlines(sho, fir.id)}
    assert "final_report_custody_60" not in clocks
    assert "progress_to_informant" not in clocks  # told on day 45: in time, not LATE for being typed late
