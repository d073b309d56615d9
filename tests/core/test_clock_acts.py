"""The clocks started by an act recorded on the FIR: the rape victim's medical report to the IO within
7 days (BNSS 184(6)) and the search record to the Magistrate within 48 hours (185(5))."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from station_app.core.errors import ValidationError
from station_app.core.keys import KeyStore
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices, set_up_station
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.helpers.clock import ManualClock
from tests.helpers.firs import complaint_gd, theft_values
from tests.helpers.investigation import registered_theft


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


def _clock(svc: StationServices, sho: Actor, fir_id: str, rule: str) -> list[str]:
    return [f"{i.state.level}|{i.subject}|{i.rule.section}" for i in svc.deadlines.open_deadlines(sho, fir_id)
            if i.rule.id == rule]  # fmt: skip


def test_search_record_to_the_magistrate_within_48_hours(
    svc: StationServices, sho: Actor, clock: ManualClock
) -> None:
    fir = registered_theft(svc, sho)
    clock.advance(hours=1)
    searched_at = clock.now()
    search = svc.fir_events.record_search(
        sho,
        fir.id,
        at=searched_at,
        place="House of Raju Khan, Daliganj",
        grounds="Stolen motorcycle kept there.",
    )
    clock.advance(hours=35, minutes=59)
    assert _clock(svc, sho, fir.id, "search_record_to_magistrate") == [
        "ok|FIR 0001/2026 · search at House of Raju Khan, Daliganj|BNSS 185(5)"
    ]
    clock.set_to(searched_at + timedelta(hours=48, minutes=1))
    assert _clock(svc, sho, fir.id, "search_record_to_magistrate")[0].startswith("overdue|")
    on_station = svc.deadlines.open_deadlines(sho)  # the SHO's dashboard shows it too
    assert any(i.rule.id == "search_record_to_magistrate" for i in on_station)
    with pytest.raises(ValidationError) as err:
        svc.fir_events.record_search_sent(
            sho,
            fir.id,
            search_seq=search.seq,
            at=searched_at - timedelta(minutes=1),
            magistrate="CJM",
            reference="",
        )
    assert "before the act" in err.value.field_errors["at"]
    svc.fir_events.record_search_sent(
        sho, fir.id, search_seq=search.seq, at=searched_at + timedelta(hours=48), magistrate="CJM Lucknow",
        reference="Letter 12/26",
    )  # fmt: skip
    assert _clock(svc, sho, fir.id, "search_record_to_magistrate") == []  # sent at 48 h: in time
    with pytest.raises(ValidationError) as err:
        svc.fir_events.record_search_sent(
            sho, fir.id, search_seq=search.seq, at=clock.now(), magistrate="CJM", reference=""
        )
    assert "already closed" in err.value.field_errors["for_seq"]


def test_a_search_record_sent_a_minute_late_stays_visible(
    svc: StationServices, sho: Actor, clock: ManualClock
) -> None:
    fir = registered_theft(svc, sho)
    clock.advance(hours=1)
    at = clock.now()
    search = svc.fir_events.record_search(
        sho, fir.id, at=at, place="Shop 4, Aminabad", grounds="Receiver of stolen goods."
    )
    clock.advance(days=3)
    svc.fir_events.record_search_sent(
        sho,
        fir.id,
        search_seq=search.seq,
        at=at + timedelta(hours=48, minutes=1),
        magistrate="CJM",
        reference="",
    )
    assert _clock(svc, sho, fir.id, "search_record_to_magistrate")[0].startswith("late|")


def test_medical_report_of_a_rape_victim_within_7_days(
    svc: StationServices, sho: Actor, clock: ManualClock
) -> None:
    theft = registered_theft(svc, sho)
    with pytest.raises(ValidationError) as err:
        svc.fir_events.record_victim_examined(
            sho, theft.id, at=clock.now(), victim="Victim V1", examined_by="Dr. A, Queen Mary Hospital"
        )
    assert "BNSS 184" in err.value.field_errors["fir"]
    clock.advance(hours=1)
    gd = complaint_gd(svc, sho, at="2026-11-02 11:00")
    draft = svc.firs.new_draft(
        sho, theft_values(gd, acts_sections=[{"act": "BNS", "section": "64(1)"}], complainant_is_victim=True)
    )
    rape = svc.firs.register(sho, draft.id, draft.summary.version)
    clock.advance(hours=1)
    examined = clock.now()
    exam = svc.fir_events.record_victim_examined(
        sho, rape.id, at=examined, victim="Victim V1", examined_by="Dr. A. Verma, Queen Mary Hospital"
    )
    clock.set_to(examined + timedelta(days=7))
    assert _clock(svc, sho, rape.id, "victim_medical_report")[0].startswith("warning|")
    assert _clock(svc, sho, rape.id, "victim_medical_report")[0].endswith("· Victim V1|BNSS 184(6)")
    clock.set_to(examined + timedelta(days=7, minutes=1))
    assert _clock(svc, sho, rape.id, "victim_medical_report")[0].startswith("overdue|")
    svc.fir_events.record_medical_report(
        sho, rape.id, examination_seq=exam.seq, at=examined + timedelta(days=6)
    )
    assert _clock(svc, sho, rape.id, "victim_medical_report") == []
