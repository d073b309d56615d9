"""Investigation records through the outbox to the real server (SQLite and PostgreSQL storage):
persons (shared, with merges), arrests with production and remand, case diaries (chained), seizures
with malkhana entries and custody movements. Exactly once, in order, equal on both sides; a broken
case-diary chain is refused and quarantined; a person changed at two stations is a conflict.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from state_server import admin
from state_server import models as srv
from state_server.db import ServerDatabase
from station_app.core.canonical import canonical_json, sha256_hex
from station_app.core.keys import KeyStore
from station_app.core.models import (
    Arrest,
    ArrestEvent,
    CaseDiaryEntry,
    CustodyMovement,
    OutboxEntry,
    PropertyItem,
    Seizure,
)
from station_app.core.models.persons import Person, PersonMerge
from station_app.core.services.person_input import PersonInput
from sync import ops
from sync.engine import Outcome
from tests.helpers.clock import ManualClock
from tests.helpers.firs import complaint_gd, ist, theft_values
from tests.helpers.investigation import (
    accused,
    arrest_values,
    diary_values,
    gd_at,
    later,
    registered_theft,
    seizure_values,
)
from tests.sync.live_server import LiveServer
from tests.sync.stations import SyncStation, applied_count, make_station

INVESTIGATION_TYPES = ("person", "arrest", "case_diary_entry", "seizure")


def _when(moment: datetime | str | None) -> datetime | None:
    return None if moment is None else datetime.fromisoformat(moment) if isinstance(moment, str) else moment


def station_side(st: SyncStation) -> dict[str, set[tuple[Any, ...]]]:
    with st.services.db.read() as s:
        return {
            "person": {(p.id, p.version, p.name, p.relative_name, p.merged_into, tuple(json.loads(p.phones)))
                       for p in s.scalars(select(Person))},
            "person_merge": {(m.id, m.keep_id, m.duplicate_id, m.undone_at is not None) for m in s.scalars(select(PersonMerge))},
            "arrest": {(a.id, a.fir_id, a.person_id, a.accused_code, a.status, _when(a.produced_at), a.content_digest)
                       for a in s.scalars(select(Arrest))},
            "arrest_event": {(e.id, e.arrest_id, e.seq, e.kind, _when(e.at), e.body) for e in s.scalars(select(ArrestEvent))},
            "case_diary_entry": {(e.id, e.fir_id, e.seq, e.page_start, e.page_end, e.prev_hash, e.entry_hash, e.content)
                                 for e in s.scalars(select(CaseDiaryEntry))},
            "seizure": {(z.id, z.fir_id, z.content_digest) for z in s.scalars(select(Seizure))},
            "property_item": {(i.id, i.seizure_id, i.malkhana_year, i.malkhana_no, i.location, i.status)
                              for i in s.scalars(select(PropertyItem))},
            "custody_movement": {(m.id, m.property_id, m.seq, _when(m.at), m.to_location)
                                 for m in s.scalars(select(CustodyMovement))},
        }  # fmt: skip


def server_side(db: ServerDatabase, code: str) -> dict[str, set[tuple[Any, ...]]]:
    with db.read() as s:
        return {
            "person": {(p.id, p.version, p.name, p.relative_name, p.merged_into, tuple(json.loads(p.phones)))
                       for p in s.scalars(select(srv.Person))},
            "person_merge": {(m.id, m.keep_id, m.duplicate_id, m.undone_at is not None) for m in s.scalars(select(srv.PersonMerge))},
            "arrest": {(a.id, a.fir_id, a.person_id, a.accused_code, a.status, _when(a.produced_at), a.content_digest)
                       for a in s.scalars(select(srv.Arrest).where(srv.Arrest.station_code == code))},
            "arrest_event": {(e.id, e.arrest_id, e.seq, e.kind, _when(e.at), e.body) for e in s.scalars(select(srv.ArrestEvent))},
            "case_diary_entry": {(e.id, e.fir_id, e.seq, e.page_start, e.page_end, e.prev_hash, e.entry_hash, e.content)
                                 for e in s.scalars(select(srv.CaseDiaryEntry))},
            "seizure": {(z.id, z.fir_id, z.content_digest) for z in s.scalars(select(srv.Seizure))},
            "property_item": {(i.id, i.seizure_id, i.malkhana_year, i.malkhana_no, i.location, i.status)
                              for i in s.scalars(select(srv.PropertyItem))},
            "custody_movement": {(m.id, m.property_id, m.seq, _when(m.at), m.to_location)
                                 for m in s.scalars(select(srv.CustodyMovement))},
        }  # fmt: skip


def investigate(st: SyncStation, clock: ManualClock) -> dict[str, str]:
    """A day and more of an IO's work on one FIR, every write through the services."""
    svc, sho = st.services, st.actor
    fir = registered_theft(svc, sho)
    raju = accused(svc, sho)
    svc.persons.update(
        sho, raju, PersonInput(name="Raju Khan", relative_name="Salim Khan", relative_relation="father", age=32,
                               sex="M", present_address="Daliganj, Lucknow", phones=("9839012345",)), 1,
    )  # fmt: skip
    again = accused(svc, sho, "Raaju Khan", "Saleem Khan")  # the same man, entered twice
    merge = svc.persons.merge(sho, raju, again, "Same father, address and phone; typed twice at the desk")
    svc.persons.unmerge(sho, merge.id, "Different men: the second is his cousin from Sitapur")
    svc.persons.merge(sho, raju, again, "Confirmed by the beat constable: the same man after all")
    now = later(clock, hours=3)
    gd = gd_at(svc, sho, "arrest", now - timedelta(minutes=55), "Arrest")
    arrest = svc.arrests.record_arrest(sho, fir.id, arrest_values(gd, raju, now - timedelta(hours=1)))
    now = later(clock, hours=1)
    gd = gd_at(svc, sho, "property", now - timedelta(minutes=20), "Seizure")
    seizure = svc.seizures.record_seizure(
        sho, fir.id, seizure_values(gd, now - timedelta(minutes=30), seized_from=raju)
    )
    svc.arrests.record_production(sho, arrest.id, later(clock, hours=1), "CJM Lucknow")
    start = later(clock, minutes=30)
    svc.arrests.record_remand(sho, arrest.id, "police", start, start + timedelta(days=3), "Remand 12/26")
    svc.seizures.move(sho, seizure.items[0].id, at=later(clock, hours=1), to_location="FSL Lucknow",
                      purpose="Examination", handed_over_by="HC Salim Ansari", received_by="FSL clerk R. Verma")  # fmt: skip
    for _ in range(3):
        svc.case_diary.add_entry(sho, fir.id, diary_values(later(clock, days=1)))
    return {"fir": fir.id, "arrest": arrest.id, "seizure": seizure.id}


def test_investigation_records_reach_the_server_exactly_once_in_order(
    tmp_path: Path, keystore: KeyStore, live_server: LiveServer, server_db: ServerDatabase
) -> None:
    clock = ManualClock()
    st = make_station(tmp_path, keystore, clock=clock)
    ids = investigate(st, clock)
    written = [(e.op_name, e.aggregate_type) for e in st.outbox()]
    mine = [w for w in written if w[1] not in (ops.AGG_GD_ENTRY, ops.AGG_FIR)]
    assert mine == [
        ("upsert_person", "person"), ("upsert_person", "person"), ("upsert_person", "person"),
        ("merge_persons", "person"), ("unmerge_persons", "person"), ("merge_persons", "person"),
        ("record_arrest", "arrest"), ("record_seizure", "seizure"),
        ("record_arrest_event", "arrest"), ("record_arrest_event", "arrest"),
        ("record_custody_movement", "seizure"),
        ("add_case_diary_entry", "case_diary"), ("add_case_diary_entry", "case_diary"),
        ("add_case_diary_entry", "case_diary"),
    ]  # fmt: skip

    st.enrol(live_server.url, server_db)
    report = st.sync()
    assert report.outcome is Outcome.OK, report
    assert report.pushed.applied == len(written) and st.statuses() == {"applied": len(written)}
    assert server_side(server_db, st.code) == station_side(st)
    with server_db.read() as s:  # one application each, in the station's order
        order = list(s.scalars(select(srv.AppliedMutation.client_seq).order_by(srv.AppliedMutation.seq)))
        assert order == sorted(order) and len(set(order)) == len(written)
        arrest = s.get(srv.Arrest, ids["arrest"])
        assert arrest is not None and arrest.status == "police_custody" and arrest.produced_at is not None
    station_counts = st.services.station.counts()
    server_counts = admin.status(server_db, training=False)["stations"][st.code]["counts"]
    assert {t: server_counts[t] for t in INVESTIGATION_TYPES} == {
        t: station_counts[t] for t in INVESTIGATION_TYPES
    }
    assert station_counts["person"] == 2 and station_counts["case_diary_entry"] == 3
    assert report.pulled["persons"] == 2  # its own persons come back, already up to date
    assert st.services.station.check_integrity().ok

    again = st.sync()  # nothing left to send, nothing changed
    assert again.outcome is Outcome.OK and again.batches == 0
    assert applied_count(server_db, st.code) == len(written)
    st.services.close()


def _tamper(st: SyncStation, fir_id: str, seq: int, field: str) -> None:
    """Alter a queued case-diary entry as a forger would (its payload hash made to match)."""
    with st.services.db.write() as s:
        entry = next(
            e
            for e in s.scalars(select(OutboxEntry).where(OutboxEntry.aggregate_id == fir_id))
            if e.op_name == ops.OP_ADD_CASE_DIARY_ENTRY and json.loads(e.payload)["seq"] == seq
        )
        payload = json.loads(entry.payload)
        if field == "prev_hash":  # re-chained onto a different predecessor, internally consistent
            payload["prev_hash"] = "f" * 64
            payload["entry_hash"] = sha256_hex(payload["prev_hash"] + "\n" + payload["content"])
        else:  # the day's text rewritten, the hash left as it was
            payload["content"] = payload["content"].replace("two youths", "nobody")
        text = canonical_json(payload)
        s.execute(
            update(OutboxEntry)
            .where(OutboxEntry.mutation_id == entry.mutation_id)
            .values(payload=text, payload_sha256=sha256_hex(text))
        )


def test_a_tampered_case_diary_entry_is_refused_and_quarantined(
    tmp_path: Path, keystore: KeyStore, live_server: LiveServer, server_db: ServerDatabase
) -> None:
    clock = ManualClock()
    st = make_station(tmp_path, keystore, clock=clock)
    tampered = {"prev_hash": "chain_broken", "content": "digest_mismatch"}  # what is altered -> the code
    firs = {"prev_hash": registered_theft(st.services, st.actor).id}
    clock.advance(minutes=30)
    gd = complaint_gd(st.services, st.actor, "2026-11-02 10:20")
    draft = st.services.firs.new_draft(st.actor, theft_values(gd, info_received_at=ist("2026-11-02 10:15")))
    firs["content"] = st.services.firs.register(st.actor, draft.id, draft.summary.version).id
    clock.advance(hours=9)
    for _ in range(3):
        when = later(clock, days=1)
        for fir_id in firs.values():
            st.services.case_diary.add_entry(st.actor, fir_id, diary_values(when))
    for field, fir_id in firs.items():
        _tamper(st, fir_id, 2, field)
    st.enrol(live_server.url, server_db)
    report = st.sync()
    assert report.outcome is Outcome.ATTENTION, report
    for field, fir_id in firs.items():
        diary = {
            json.loads(e.payload)["seq"]: e
            for e in st.outbox()
            if e.op_name == ops.OP_ADD_CASE_DIARY_ENTRY and e.aggregate_id == fir_id
        }
        assert diary[1].status == "applied"
        assert (diary[2].status, diary[2].last_error_code) == ("quarantined", tampered[field])
        assert diary[3].status == "pending"  # held behind the broken link, never applied past it
    with server_db.read() as s:
        assert sorted(e.seq for e in s.scalars(select(srv.CaseDiaryEntry))) == [1, 1]
        dead = {(d.op, d.code) for d in s.scalars(select(srv.RejectedMutation))}
        assert dead == {(ops.OP_ADD_CASE_DIARY_ENTRY, code) for code in tampered.values()}
    assert st.sync().batches == 0  # the rest of each diary waits for a person; nothing is dropped
    assert st.services.outbox.counts() == {"pending": 2, "quarantined": 2, "conflict": 0}
    st.services.close()


def test_a_person_changed_at_two_stations_from_one_version_is_a_conflict(
    tmp_path: Path, keystore: KeyStore, live_server: LiveServer, server_db: ServerDatabase
) -> None:
    a = make_station(tmp_path, keystore, "UP-LKO-0042")
    b = make_station(tmp_path, keystore, "UP-LKO-0043")
    a.enrol(live_server.url, server_db)
    b.enrol(live_server.url, server_db)
    facts = {"relative_name": "Shyam Lal", "relative_relation": "father", "age": 40, "sex": "M"}
    pid = a.services.persons.create(a.actor, PersonInput(name="Mohan Lal", **facts)).id  # type: ignore[arg-type]
    assert a.sync().outcome is Outcome.OK
    assert b.sync().outcome is Outcome.OK  # B receives the person from the persons scope
    received = b.services.persons.get(b.actor, pid)
    assert (received.name, received.version, received.station_code) == ("Mohan Lal", 1, "UP-LKO-0042")
    assert [m.person.id for m in b.services.persons.find_matches(b.actor, PersonInput(name="Mohan Lal"))] == [
        pid
    ]

    a.services.persons.update(a.actor, pid, PersonInput(name="Mohan Lal Verma", **facts), 1)  # type: ignore[arg-type]
    b.services.persons.update(b.actor, pid, PersonInput(name="Mohan Lal Yadav", **facts), 1)  # type: ignore[arg-type]
    assert a.sync().outcome is Outcome.OK
    report = b.sync()
    assert report.outcome is Outcome.ATTENTION and report.pushed.conflict == 1
    held = [e for e in b.outbox() if e.status != "applied"]
    assert [(e.op_name, e.status, e.last_error_code) for e in held] == [
        (ops.OP_UPSERT_PERSON, "conflict", "stale_base_version")
    ]
    with server_db.read() as s:
        person = s.get(srv.Person, pid)
        assert person is not None and (person.name, person.version) == ("Mohan Lal Verma", 2)
    # Never last-writer-wins, and the pull does not overwrite B's change while it waits for a person.
    assert b.services.persons.get(b.actor, pid).name == "Mohan Lal Yadav"
    assert b.services.station.check_integrity().ok
    assert b.sync().batches == 0
    for st in (a, b):
        st.services.close()
