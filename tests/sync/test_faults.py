"""Network and server faults through the fault proxy: the queue survives every one of them, the
server applies each record once, and the cycle's outcome says what happened."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from state_server import admin
from state_server.db import ServerDatabase
from station_app.core.keys import KeyStore
from station_app.core.models import OutboxEntry
from sync.engine import EXIT_CODES, Outcome
from tests.sync.fault_proxy import (
    DropResponse,
    FaultProxy,
    LimitBody,
    ResetAfterServer,
    ResetBeforeSend,
    Respond,
    Stall,
    Truncate,
)
from tests.sync.fixtures import start_server
from tests.sync.live_server import LiveServer
from tests.sync.stations import ShiftedClock, SyncStation, applied_count, make_station, server_records


@pytest.fixture
def proxy(sqlite_live_server: LiveServer) -> Iterator[FaultProxy]:
    p = FaultProxy(sqlite_live_server.port)
    yield p
    p.close()


@pytest.fixture
def st(
    tmp_path: Path, keystore: KeyStore, proxy: FaultProxy, sqlite_server_db: ServerDatabase
) -> Iterator[SyncStation]:
    station = make_station(tmp_path, keystore)
    station.enrol(proxy.url, sqlite_server_db)
    station.fir()
    station.gd()
    yield station
    station.services.close()


def converged(st: SyncStation, db: ServerDatabase) -> bool:
    return st.statuses() == {"applied": len(st.outbox())} and server_records(db, st.code) == st.records()


@pytest.mark.parametrize("fault", [DropResponse(), ResetAfterServer(), Truncate(0.5), Truncate(0.02)])
def test_lost_ack_the_server_applied_but_the_reply_was_lost(
    st: SyncStation, proxy: FaultProxy, sqlite_server_db: ServerDatabase, fault: object
) -> None:
    proxy.plan("/sync/v1/push", fault)  # type: ignore[arg-type]
    report = st.sync()
    assert report.outcome is Outcome.OFFLINE and report.exit_code == 32
    assert applied_count(sqlite_server_db, st.code) == 4  # the server did apply the batch
    assert st.statuses() == {"pending": 4}  # the station does not know that yet
    again = st.sync()
    assert again.outcome is Outcome.OK
    assert (again.pushed.applied, again.pushed.duplicate) == (0, 4)
    assert applied_count(sqlite_server_db, st.code) == 4 and converged(st, sqlite_server_db)


def test_reset_before_the_request_reaches_the_server(
    st: SyncStation, proxy: FaultProxy, sqlite_server_db: ServerDatabase
) -> None:
    proxy.plan("/sync/v1/push", ResetBeforeSend())
    assert st.sync().outcome is Outcome.OFFLINE
    assert applied_count(sqlite_server_db, st.code) == 0
    assert st.sync().pushed.applied == 4 and converged(st, sqlite_server_db)


def test_a_stalled_reply_times_out_and_the_resend_is_a_duplicate(
    st: SyncStation, proxy: FaultProxy, sqlite_server_db: ServerDatabase
) -> None:
    proxy.plan("/sync/v1/push", Stall(4.0))
    report = st.sync()  # stall timeout 1.5 s
    assert report.outcome is Outcome.OFFLINE
    assert st.sync().pushed.duplicate == 4 and converged(st, sqlite_server_db)


@pytest.mark.parametrize(
    ("status", "headers", "retry_after"),
    [
        (500, (), None),
        (502, (), None),
        (503, (("Retry-After", "30"),), 30.0),
        (429, (("Retry-After", "120"),), 120.0),
    ],
)
def test_5xx_and_429_stop_the_cycle_and_keep_the_queue(
    st: SyncStation,
    proxy: FaultProxy,
    sqlite_server_db: ServerDatabase,
    status: int,
    headers: tuple[tuple[str, str], ...],
    retry_after: float | None,
) -> None:
    proxy.plan("/sync/v1/push", Respond(status, b'{"code":"busy","message":"try later"}', headers))
    report = st.sync()
    assert report.outcome is Outcome.OFFLINE and report.retry_after == retry_after
    assert report.pulled == {}  # the cycle stopped: no pull after a failed push
    assert st.statuses() == {"pending": 4} and applied_count(sqlite_server_db, st.code) == 0
    assert st.sync().outcome is Outcome.OK and converged(st, sqlite_server_db)


def test_413_halves_the_batch_and_quarantines_a_single_oversize_item(
    st: SyncStation, proxy: FaultProxy, sqlite_server_db: ServerDatabase
) -> None:
    for _ in range(6):
        st.gd()
    st.gd("x" * 150)
    with st.services.db.write() as s:  # one record far larger than any other
        big = s.query(OutboxEntry).order_by(OutboxEntry.client_seq.desc()).first()
        assert big is not None
    proxy.plan("/sync/v1/push", LimitBody(2500), times=None)  # like nginx's client_max_body_size
    st.services.diary.add_entry  # noqa: B018 - the station keeps working meanwhile
    report = st.sync()
    assert report.outcome is Outcome.OK or report.outcome is Outcome.ATTENTION
    sent = [path for path, action in proxy.log if path == "/sync/v1/push"]
    assert len(sent) > 2  # several halvings
    assert applied_count(sqlite_server_db, st.code) == len([e for e in st.outbox() if e.status == "applied"])
    assert all(e.status in ("applied", "quarantined") for e in st.outbox())
    for e in st.outbox():
        if e.status == "quarantined":
            assert e.last_error_code == "too_large"


def test_401_pauses_until_enrolled_again_with_the_queue_intact(
    st: SyncStation, proxy: FaultProxy, sqlite_server_db: ServerDatabase
) -> None:
    admin.reissue_code(sqlite_server_db, st.code, revoke=True)
    report = st.sync()
    assert report.outcome is Outcome.AUTH_REQUIRED and report.exit_code == 33
    assert st.statuses() == {"pending": 4}
    from station_app.core.sync_runtime import enrol_station

    enrol_station(st.services, st.keystore, proxy.url, admin.reissue_code(sqlite_server_db, st.code), by=None)
    assert st.sync().outcome is Outcome.OK and converged(st, sqlite_server_db)


def test_426_says_update_required_and_keeps_queueing(
    st: SyncStation, proxy: FaultProxy, sqlite_server_db: ServerDatabase
) -> None:
    new_server = start_server(sqlite_server_db, payload_version=4)  # upgraded: no longer takes version 1
    proxy.upstream_port = new_server.port
    try:
        report = st.sync()
        assert report.outcome is Outcome.UPDATE_REQUIRED and report.exit_code == 34
        assert "update" in report.message.lower()
        st.gd()  # the desk keeps working and queueing
        assert st.statuses() == {"pending": 5}
    finally:
        new_server.stop()


def test_a_captive_portal_page_is_not_taken_for_the_server(st: SyncStation, proxy: FaultProxy) -> None:
    proxy.plan(
        "/sync/v1/hello",
        Respond(200, b"<html>Please sign in to the hotel Wi-Fi</html>", (("Content-Type", "text/html"),)),
    )
    report = st.sync()
    assert report.outcome is Outcome.PROTOCOL_ERROR and report.exit_code == 37
    assert st.statuses() == {"pending": 4}


def test_poison_mutation_is_quarantined_and_holds_back_only_its_own_record(
    st: SyncStation, sqlite_server_db: ServerDatabase
) -> None:
    fir_id = next(e.aggregate_id for e in st.outbox() if e.op_name == "register_fir")
    with st.services.db.write() as s:  # a bad FIR registration payload, as a bug might write
        row = s.query(OutboxEntry).filter_by(aggregate_id=fir_id).one()
        row.payload = row.payload.replace('"series":"FIR"', '"series":"XYZ"')
        from station_app.core.canonical import sha256_hex

        row.payload_sha256 = sha256_hex(row.payload)
    st.dispatch(fir_id)  # a later change of the same FIR
    st.gd()  # and an unrelated record
    report = st.sync()
    assert report.outcome is Outcome.ATTENTION and report.exit_code == EXIT_CODES[Outcome.ATTENTION]
    by_op = {(e.op_name, e.aggregate_id == fir_id): e for e in st.outbox()}
    assert by_op[("register_fir", True)].status == "quarantined"
    assert by_op[("register_fir", True)].last_error_code == "invalid_payload"
    held = by_op[("record_court_dispatch", True)]
    assert (held.status, held.last_error_code) == ("pending", "held_behind")  # the server kept order
    st.sync()
    assert (
        next(e for e in st.outbox() if e.mutation_id == held.mutation_id).attempts == held.attempts
    )  # not resent
    assert sum(1 for e in st.outbox() if e.status == "applied") == 4  # everything else flowed
    assert st.services.outbox.counts() == {"pending": 1, "quarantined": 1, "conflict": 0}
    exported = st.services.outbox.export(st.actor)
    assert "invalid_payload" in exported and fir_id in exported


def test_same_id_with_a_different_payload_is_rejected(
    st: SyncStation, sqlite_server_db: ServerDatabase
) -> None:
    assert st.sync().outcome is Outcome.OK
    with st.services.db.write() as s:  # e.g. a database restored and edited behind the app's back
        row = (
            s.query(OutboxEntry)
            .filter_by(op_name="add_gd_entry")
            .order_by(OutboxEntry.client_seq.desc())
            .first()
        )
        assert row is not None
        row.payload = row.payload.replace("Patrol party", "Patrol team")
        from station_app.core.canonical import sha256_hex

        row.payload_sha256, row.status = sha256_hex(row.payload), "pending"
    report = st.sync()
    assert report.outcome is Outcome.ATTENTION
    assert [e.last_error_code for e in st.outbox() if e.status == "quarantined"] == ["payload_mismatch"]
    assert admin.status(sqlite_server_db, False)["stations"][st.code]["dead_letters"] == 1


def test_a_lost_predecessor_is_held_then_surfaced_for_review(st: SyncStation) -> None:
    fir_id = next(e.aggregate_id for e in st.outbox() if e.op_name == "register_fir")
    with st.services.db.write() as s:  # its registration never left: only the later event is queued
        s.query(OutboxEntry).filter_by(aggregate_id=fir_id, op_name="register_fir").update(
            {"status": "applied"}
        )
    st.dispatch(fir_id)
    for _ in range(8):
        st.sync()
        with st.services.db.write() as s:  # skip the retry wait
            s.query(OutboxEntry).filter(OutboxEntry.status == "pending").update({"next_attempt_at": None})
    event = next(e for e in st.outbox() if e.op_name == "record_court_dispatch")
    assert event.status == "conflict" and event.last_error_code == "predecessor_missing"


@pytest.mark.parametrize("error", [timedelta(days=1), timedelta(days=-1)])
def test_clock_skew_of_a_day_syncs_and_flags_records(
    tmp_path: Path,
    keystore: KeyStore,
    sqlite_live_server: LiveServer,
    sqlite_server_db: ServerDatabase,
    error: timedelta,
) -> None:
    st = make_station(tmp_path, keystore, clock=ShiftedClock(error))
    st.enrol(sqlite_live_server.url, sqlite_server_db)
    st.fir()
    report = st.sync()
    assert report.outcome is Outcome.OK and report.clock_suspect
    assert abs(report.clock_offset_ms + error.total_seconds() * 1000) < 300_000  # type: ignore[operator]
    st.fir()  # written after the offset was measured: flagged at once
    assert [e.clock_suspect for e in st.outbox()] == [False] * 3 + [True] * 3
    assert st.sync().outcome is Outcome.OK
    assert admin.status(sqlite_server_db, False)["stations"][st.code]["clock_suspect"] == 6
    assert converged(st, sqlite_server_db)
    seqs = [e.server_seq for e in st.outbox()]
    assert seqs == sorted(seqs)  # the server's order is the station's order, whatever the clock said
    st.services.close()


def test_concurrent_triggers_run_one_cycle_at_a_time(
    st: SyncStation, proxy: FaultProxy, sqlite_server_db: ServerDatabase
) -> None:
    proxy.plan("/sync/v1/push", Stall(0.8))  # keep the first cycle busy
    outcomes: list[Outcome] = []
    barrier = threading.Barrier(3)

    def trigger() -> None:
        barrier.wait()
        outcomes.append(st.sync().outcome)

    threads = [threading.Thread(target=trigger) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == sorted([Outcome.OK, Outcome.BUSY, Outcome.BUSY])
    assert applied_count(sqlite_server_db, st.code) == 4 and converged(st, sqlite_server_db)


def test_training_and_real_never_mix(
    st: SyncStation, proxy: FaultProxy, tmp_path: Path, keystore: KeyStore, sqlite_server_db: ServerDatabase
) -> None:
    training_server = start_server(sqlite_server_db, training=True)
    try:
        proxy.upstream_port = training_server.port  # the address now leads to a training server
        report = st.sync()
        assert report.outcome is Outcome.FORBIDDEN and report.exit_code == 36
        assert st.statuses() == {"pending": 4}
        from sync.errors import ForbiddenError

        trainee = make_station(tmp_path / "t", keystore, code="UP-LKO-T001", training=True)
        trainee.enrol(training_server.url, sqlite_server_db)  # a training station may use it
        assert trainee.sync().outcome in (Outcome.OK, Outcome.ATTENTION)
        assert admin.status(sqlite_server_db, True)["stations"]["UP-LKO-T001"]["counts"]["fir"] > 0
        trainee.services.close()
        from station_app.core.sync_runtime import enrol_station

        with pytest.raises(ForbiddenError):
            enrol_station(
                st.services,
                keystore,
                training_server.url,
                admin.reissue_code(sqlite_server_db, st.code),
                by=None,
            )
    finally:
        training_server.stop()


def test_a_record_over_the_servers_own_limit_is_quarantined_and_the_rest_flows(
    tmp_path: Path, keystore: KeyStore, sqlite_server_db: ServerDatabase
) -> None:
    from state_server.config import Limits

    server = start_server(sqlite_server_db, limits=Limits(max_batch_bytes=6_000))
    try:
        st = make_station(tmp_path, keystore)
        st.enrol(server.url, sqlite_server_db)
        st.gd()
        st.gd("Long entry", kind="other")
        with st.services.db.write() as s:  # a GD entry whose details run to pages
            row = s.query(OutboxEntry).order_by(OutboxEntry.client_seq.desc()).first()
            assert row is not None
            from station_app.core.canonical import sha256_hex

            row.payload = row.payload.replace("Long entry.", "Long entry. " + "x" * 30_000)
            row.payload_sha256 = sha256_hex(row.payload)
        st.gd()
        report = st.sync()
        assert report.outcome is Outcome.ATTENTION
        assert [(e.status, e.last_error_code) for e in st.outbox()] == [
            ("applied", None), ("quarantined", "too_large"), ("applied", None),
        ]  # fmt: skip
        st.services.close()
    finally:
        server.stop()
