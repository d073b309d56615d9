"""A station whose outbox already holds poisoned records (written before the edge checks existed, or
by a damaged build) syncs everything else: the server refuses each one alone, the station
quarantines it with the server's reason and the record's name, later changes of the same record wait
behind it, and every other record keeps flowing (issue 12 §1). End to end over loopback, SQLite and
PostgreSQL storage.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, update

from state_server import admin
from state_server.db import ServerDatabase
from state_server.models import RejectedMutation
from station_app.core.canonical import canonical_json, sha256_hex
from station_app.core.errors import ValidationError
from station_app.core.keys import KeyStore
from station_app.core.models import OutboxEntry
from station_app.core.services.person_input import PersonInput
from station_app.core.sync_runtime import enrol_station
from sync import ops
from sync.engine import Outcome
from tests.sync.live_server import LiveServer
from tests.sync.stations import SyncStation, make_station, server_records


def poison(st: SyncStation, aggregate_id: str, **changes: object) -> None:
    """Rewrite the queued payload of ``aggregate_id`` as an older build could have queued it."""
    with st.services.db.write() as s:
        entry = s.scalars(
            select(OutboxEntry)
            .where(OutboxEntry.aggregate_id == aggregate_id)
            .order_by(OutboxEntry.client_seq)
        ).first()
        assert entry is not None
        payload = {**json.loads(entry.payload), **changes}
        text = canonical_json(payload)
        s.execute(
            update(OutboxEntry)
            .where(OutboxEntry.mutation_id == entry.mutation_id)
            .values(payload=text, payload_sha256=sha256_hex(text))
        )


def test_a_poisoned_record_is_quarantined_with_its_reason_and_everything_else_syncs(
    tmp_path: Path, keystore: KeyStore, live_server: LiveServer, server_db: ServerDatabase
) -> None:
    st = make_station(tmp_path, keystore)
    st.gd("Patrol party left for the market area")
    bad_gd = st.gd("Written complaint of a stolen phone")
    poison(st, bad_gd, details="Complaint\x00of a stolen phone")
    person = st.services.persons.create(st.actor, PersonInput("Raju Khan", present_address="Daliganj"))
    poison(st, person.id, number=10**12, version=2**40)
    later = st.services.persons.update(
        st.actor, person.id, PersonInput("Raju Khan", present_address="Aminabad"), person.version
    )
    assert later.version == 2
    fir = st.fir()
    st.alteration(fir)

    st.enrol(live_server.url, server_db)
    report = st.sync()

    assert report.outcome is Outcome.ATTENTION, report
    assert report.pushed.quarantined == 2
    assert st.statuses() == {"applied": 5, "quarantined": 2, "pending": 1}
    records = st.records()
    records["gd_entry"] = {g for g in records["gd_entry"] if g[0] != bad_gd}
    assert server_records(server_db, st.code) == records  # everything else is at the server
    with st.services.db.read() as s:
        waiting = s.scalars(select(OutboxEntry).where(OutboxEntry.status == "pending")).one()
    # Sent in the same batch, the server held it behind its record's refused change.
    assert (waiting.aggregate_id, waiting.last_error_code) == (person.id, "held_behind")

    held = st.services.outbox.items(("quarantined",))
    by_record = {i.aggregate_id: i for i in held}
    gd_item, person_item = by_record[bad_gd], by_record[person.id]
    with st.services.db.read() as s:
        gd_payload = json.loads(
            s.scalars(select(OutboxEntry.payload).where(OutboxEntry.aggregate_id == bad_gd)).one()
        )
    assert gd_item.record == f"GD entry {gd_payload['number']:04d}/{gd_payload['year']}"
    assert (gd_item.error_code, gd_item.op) == ("invalid_payload", ops.OP_ADD_GD_ENTRY)
    assert "details" in (gd_item.error_detail or "") and "control character" in (gd_item.error_detail or "")
    assert person_item.record == "Person Raju Khan"
    assert person_item.error_code == "invalid_payload" and "out of range" in (person_item.error_detail or "")

    # The server keeps both dead letters, storable (the NUL kept as an escape), and nothing wedges:
    # new records go through on the next cycle while the quarantined ones wait for a person.
    with server_db.read() as s:
        letters = {r.mutation_id: r for r in s.scalars(select(RejectedMutation))}
    assert {r.code for r in letters.values()} == {"invalid_payload"}
    assert "\x00" not in "".join(r.payload for r in letters.values())
    st.gd("Patrol party returned")
    again = st.sync()
    assert again.outcome is Outcome.ATTENTION and again.pushed.applied == 1
    assert st.statuses() == {"applied": 6, "quarantined": 2, "pending": 1}
    assert admin.status(server_db, False)["stations"][st.code]["dead_letters"] == 2
    with st.services.db.read() as s:
        assert (
            s.get(OutboxEntry, waiting.mutation_id).attempts == waiting.attempts
        )  # the station holds it now


def test_an_enrolment_code_with_a_control_character_is_refused_at_the_field_before_any_request(
    tmp_path: Path, keystore: KeyStore
) -> None:
    st = make_station(tmp_path, keystore)
    for code in ("CDEF\x00-7QXA-KM3P", "CDEF-7QXA-KM3P\x1b", "CD\ud800EF-7QXA"):
        with pytest.raises(ValidationError) as err:  # port 9 (discard) is never asked
            enrol_station(st.services, keystore, "http://127.0.0.1:9", code, by=st.actor)
        assert set(err.value.field_errors) == {"code"}


def test_a_queued_command_the_protocol_cannot_carry_is_quarantined_at_the_station_and_the_rest_flows(
    tmp_path: Path, keystore: KeyStore, sqlite_live_server: LiveServer, sqlite_server_db: ServerDatabase
) -> None:
    st = make_station(tmp_path, keystore)
    broken = st.gd("Patrol party left for the market area")
    st.gd("Patrol party returned")
    with st.services.db.write() as s:  # as a damaged build could have queued it
        s.execute(
            update(OutboxEntry).where(OutboxEntry.aggregate_id == broken).values(op_name="Add GD entry")
        )
    st.enrol(sqlite_live_server.url, sqlite_server_db)
    report = st.sync()
    assert report.outcome is Outcome.ATTENTION, report
    assert st.statuses() == {"applied": 1, "quarantined": 1}
    (held,) = st.services.outbox.items(("quarantined",))
    assert (held.aggregate_id, held.error_code) == (broken, "invalid_mutation")
    assert "op" in (held.error_detail or "") and held.record.startswith("GD entry ")
