"""Push end to end against the real server (SQLite and PostgreSQL storage): exactly once, in order,
ownership and legal numbers enforced, nothing dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from state_server import admin
from state_server.db import ServerDatabase
from state_server.models import RejectedMutation
from station_app.core.errors import PermissionDeniedError
from station_app.core.keys import KeyStore
from station_app.core.models import AuditEntry
from station_app.core.permissions import Role
from station_app.core.services.accounts import NewOfficer
from station_app.core.sync_runtime import credential_name, enrol_station
from sync import ops
from sync.engine import Outcome
from tests.sync.fixtures import new_code
from tests.sync.live_server import LiveServer
from tests.sync.stations import FAST, applied_count, make_station, server_records


def test_station_delivers_firs_gd_entries_and_events_exactly_once(
    tmp_path: Path, keystore: KeyStore, live_server: LiveServer, server_db: ServerDatabase
) -> None:
    st = make_station(tmp_path, keystore)
    first = st.fir()
    st.fir()
    st.gd()
    st.alteration(first)
    st.dispatch(first)
    draft = st.services.firs.new_draft(st.actor, {"complainant_name": "Draft only"})
    ops_written = [e.op_name for e in st.outbox()]
    assert ops_written == [
        "add_gd_entry", "register_fir", "add_gd_entry",  # complaint GD, FIR, its "FIR registered" GD
        "add_gd_entry", "register_fir", "add_gd_entry",
        "add_gd_entry", "add_fir_alteration", "record_court_dispatch",
    ]  # fmt: skip
    assert all(e.aggregate_id != draft.id for e in st.outbox())  # drafts never sync

    st.enrol(live_server.url, server_db)
    report = st.sync()
    assert report.outcome is Outcome.OK, report
    assert report.pushed.applied == 9
    assert st.statuses() == {"applied": 9}
    assert server_records(server_db, st.code) == st.records()
    status = admin.status(server_db, training=False)["stations"][st.code]
    assert {k: n for k, n in status["counts"].items() if n} == {"fir": 2, "gd_entry": 5, "fir_event": 2}
    assert status["last_push"] is not None and status["last_pull"] is not None
    assert st.services.outbox.status_block()["outbox"] == {"pending": 0, "quarantined": 0, "conflict": 0}
    assert st.services.outbox.status_block()["last_sync"] is not None
    assert st.services.outbox.unsynced_ids("fir") == set()

    again = st.sync()  # nothing left: a second cycle sends nothing and changes nothing
    assert again.outcome is Outcome.OK and again.batches == 0
    assert applied_count(server_db, st.code) == 9
    st.services.close()


def test_unsynced_firs_are_listed_until_the_server_has_them(
    tmp_path: Path, keystore: KeyStore, sqlite_live_server: LiveServer, sqlite_server_db: ServerDatabase
) -> None:
    st = make_station(tmp_path, keystore)
    fir_id = st.fir()
    assert st.services.outbox.unsynced_ids(ops.AGG_FIR) == {fir_id}
    assert st.services.outbox.counts() == {"pending": 3, "quarantined": 0, "conflict": 0}
    st.enrol(sqlite_live_server.url, sqlite_server_db)
    assert st.sync().outcome is Outcome.OK
    assert st.services.outbox.unsynced_ids(ops.AGG_FIR) == set()
    with sqlite_server_db.read() as s:
        assert list(s.scalars(select(RejectedMutation))) == []
    st.services.close()


def test_final_report_and_progress_intimation_sync_as_fir_events(
    tmp_path: Path, keystore: KeyStore, sqlite_live_server: LiveServer, sqlite_server_db: ServerDatabase
) -> None:
    st = make_station(tmp_path, keystore)
    fir = st.fir()
    st.services.fir_events.record_progress_intimation(
        st.actor, fir, at=st.clock.now(), to="The informant", how="SMS"
    )
    st.services.fir_events.record_final_report(
        st.actor, fir, at=st.clock.now(), report_type="charge_sheet", number="CS 12/2026", court="CJM Lucknow"
    )
    assert [e.op_name for e in st.outbox()][-2:] == [
        ops.OP_RECORD_PROGRESS_INTIMATION,
        ops.OP_RECORD_FINAL_REPORT,
    ]
    st.enrol(sqlite_live_server.url, sqlite_server_db)
    report = st.sync()
    assert report.outcome is Outcome.OK, report
    assert server_records(sqlite_server_db, st.code) == st.records()
    st.services.close()


def test_a_search_and_its_record_to_the_magistrate_sync_as_fir_events(
    tmp_path: Path, keystore: KeyStore, sqlite_live_server: LiveServer, sqlite_server_db: ServerDatabase
) -> None:
    st = make_station(tmp_path, keystore)
    fir = st.fir()
    search = st.services.fir_events.record_search(
        st.actor, fir, at=st.clock.now(), place="House 4, Daliganj", grounds="Stolen property kept there."
    )
    st.services.fir_events.record_search_sent(
        st.actor, fir, search_seq=search.seq, at=st.clock.now(), magistrate="CJM Lucknow", reference="L 1"
    )
    assert [e.op_name for e in st.outbox()][-2:] == [ops.OP_RECORD_SEARCH, ops.OP_RECORD_SEARCH_SENT]
    st.enrol(sqlite_live_server.url, sqlite_server_db)
    report = st.sync()
    assert report.outcome is Outcome.OK, report
    assert server_records(sqlite_server_db, st.code) == st.records()
    st.services.close()


def test_only_the_sho_enrols_the_station_and_the_audit_names_who_did(
    tmp_path: Path, keystore: KeyStore, sqlite_live_server: LiveServer, sqlite_server_db: ServerDatabase
) -> None:
    st = make_station(tmp_path, keystore)
    st.services.accounts.create_officer(
        st.actor,
        NewOfficer("si.rawat", "Meena Rawat", "SI", "PIS-77", Role.INVESTIGATING_OFFICER),
        "io-pass-1234",
    )
    io = st.services.accounts.login("si.rawat", "io-pass-1234")
    code = new_code(sqlite_server_db, st.code)
    with pytest.raises(PermissionDeniedError):  # refused by the core, whichever front end asks
        enrol_station(st.services, keystore, sqlite_live_server.url, code, by=io, timeouts=FAST)
    assert keystore.get(credential_name(st.services)) is None  # nothing was kept
    enrol_station(st.services, keystore, sqlite_live_server.url, code, by=st.actor, timeouts=FAST)
    with st.services.db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "sync.enrol")).one()
    assert entry.officer_username == st.actor.username
