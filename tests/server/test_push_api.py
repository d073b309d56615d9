"""The server's push rules, driven over HTTP with hand-made mutations (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from state_server import admin
from state_server.db import ServerDatabase
from sync import ops
from sync.client import SyncClient
from sync.errors import (
    AuthRequiredError,
    EnrolmentError,
    ForbiddenError,
    PayloadTooLargeError,
    UpdateRequiredError,
)
from sync.protocol import EnrolRequest, Mutation, PushRequest, ResultStatus
from tests.server.helpers import event, gd, mutation, register
from tests.sync.fixtures import start_server
from tests.sync.live_server import LiveServer

A, B = "UP-LKO-0042", "UP-LKO-0043"


def enrolled(server: LiveServer, db: ServerDatabase, code: str, **kw: object) -> SyncClient:
    one_time = admin.create_station(db, code, f"PS {code}")
    token = (
        SyncClient(server.url)
        .enrol(EnrolRequest(station_code=code, code=one_time, training=False, app_version="t"))
        .token
    )
    return SyncClient(server.url, token, **kw)  # type: ignore[arg-type]


def push(client: SyncClient, station: str, *mutations: Mutation) -> list[tuple[ResultStatus, str | None]]:
    reply = client.push(PushRequest(station_code=station, mutations=list(mutations)))
    return [(r.status, r.code) for r in reply.results]


def test_dedupe_by_mutation_id_and_payload_hash(live_server: LiveServer, server_db: ServerDatabase) -> None:
    client = enrolled(live_server, server_db, A)
    m = register(A, 1)
    assert push(client, A, m) == [(ResultStatus.APPLIED, None)]
    assert push(client, A, m) == [(ResultStatus.DUPLICATE, None)]  # a lost ACK's resend
    changed = register(A, 2, mutation_id=m.mutation_id, client_seq=m.client_seq)
    assert push(client, A, changed) == [(ResultStatus.REJECTED, "payload_mismatch")]
    bad_hash = m.model_copy(update={"mutation_id": "x-1", "payload_sha256": "0" * 64})
    assert push(client, A, bad_hash) == [(ResultStatus.REJECTED, "hash_mismatch")]
    assert admin.status(server_db, False)["stations"][A]["counts"]["fir"] == 1
    assert admin.status(server_db, False)["stations"][A]["dead_letters"] == 2


def test_poison_payloads_are_rejected_with_field_names_but_no_values(
    live_server: LiveServer, server_db: ServerDatabase
) -> None:
    client = enrolled(live_server, server_db, A)
    unknown = mutation("burn_the_register", "fir", "f1", {"x": 1})
    secret = mutation(
        ops.OP_ADD_GD_ENTRY, ops.AGG_GD_ENTRY, "g1", {"gd_id": "g1", "subject": "AADHAAR 1234-5678-9012"}
    )
    reply = client.push(PushRequest(station_code=A, mutations=[unknown, secret]))
    assert [(r.status, r.code) for r in reply.results] == [
        (ResultStatus.REJECTED, "unknown_op"),
        (ResultStatus.REJECTED, "invalid_payload"),
    ]
    detail = reply.results[1].detail or ""
    assert "station_code" in detail and "1234-5678" not in detail


def test_a_station_writes_only_its_own_records(live_server: LiveServer, server_db: ServerDatabase) -> None:
    a, b = enrolled(live_server, server_db, A), enrolled(live_server, server_db, B)
    fir = register(A, 1)
    assert push(a, A, fir) == [(ResultStatus.APPLIED, None)]
    assert push(b, B, register(A, 2)) == [(ResultStatus.REJECTED, "not_owner")]
    assert push(b, B, event(fir.aggregate_id, 1)) == [(ResultStatus.REJECTED, "not_owner")]
    with pytest.raises(ForbiddenError):  # a credential speaks for one station only
        push(b, A, register(A, 3))


def test_legal_numbers_are_unique_per_station_series_and_year(
    live_server: LiveServer, server_db: ServerDatabase
) -> None:
    a, b = enrolled(live_server, server_db, A), enrolled(live_server, server_db, B)
    assert push(a, A, register(A, 1), gd(A, 1)) == [(ResultStatus.APPLIED, None)] * 2
    assert push(a, A, register(A, 1), gd(A, 1)) == [(ResultStatus.CONFLICT, "number_taken")] * 2
    assert push(a, A, register(A, 1, series="ZERO")) == [(ResultStatus.APPLIED, None)]  # another series
    assert push(b, B, register(B, 1), gd(B, 1)) == [(ResultStatus.APPLIED, None)] * 2  # another station


def test_out_of_order_events_are_held_not_guessed(live_server: LiveServer, server_db: ServerDatabase) -> None:
    client = enrolled(live_server, server_db, A)
    fir = register(A, 1)
    first, second = event(fir.aggregate_id, 1), event(fir.aggregate_id, 2, ops.OP_RECORD_COURT_DISPATCH)
    assert push(client, A, second) == [(ResultStatus.RETRY_LATER, "predecessor_missing")]
    assert push(client, A, fir, second) == [
        (ResultStatus.APPLIED, None),
        (ResultStatus.RETRY_LATER, "predecessor_missing"),
    ]
    assert push(client, A, first, second) == [(ResultStatus.APPLIED, None)] * 2
    assert push(client, A, event(fir.aggregate_id, 2)) == [(ResultStatus.CONFLICT, "seq_taken")]


def test_a_failed_mutation_holds_back_later_ones_of_the_same_record_only(
    live_server: LiveServer, server_db: ServerDatabase
) -> None:
    client = enrolled(live_server, server_db, A)
    bad = register(A, 1).model_copy(update={"payload_sha256": "1" * 64})
    later = event(bad.aggregate_id, 1)
    other = gd(A, 1)
    assert push(client, A, bad, later, other) == [
        (ResultStatus.REJECTED, "hash_mismatch"),
        (ResultStatus.RETRY_LATER, "held_behind"),
        (ResultStatus.APPLIED, None),
    ]


def test_versions_n_minus_2_accepted_older_answered_426(tmp_path: object, server_db: ServerDatabase) -> None:
    server = start_server(server_db, payload_version=3)  # accepts 1, 2, 3
    try:
        client = enrolled(server, server_db, A)
        assert push(client, A, register(A, 1, op_version=1)) == [(ResultStatus.APPLIED, None)]
        hello, _s, _r = client.hello()
        assert hello.accepted_payload_versions == [1, 2, 3]
    finally:
        server.stop()
    server = start_server(server_db, payload_version=4)  # accepts 2, 3, 4
    try:
        token_client = SyncClient(server.url, client._token, payload_version=1)
        with pytest.raises(UpdateRequiredError):
            push(token_client, A, register(A, 2, op_version=1))
    finally:
        server.stop()


def test_credentials_codes_and_limits(live_server: LiveServer, server_db: ServerDatabase) -> None:
    code = admin.create_station(server_db, A, "Hazratganj")
    anonymous = SyncClient(live_server.url)
    with pytest.raises(ForbiddenError):  # a real server never takes a training station
        anonymous.enrol(EnrolRequest(station_code=A, code=code, training=True, app_version="t"))
    token = anonymous.enrol(EnrolRequest(station_code=A, code=code, training=False, app_version="t")).token
    with pytest.raises(EnrolmentError):  # one time only
        anonymous.enrol(EnrolRequest(station_code=A, code=code, training=False, app_version="t"))
    with pytest.raises(AuthRequiredError):
        push(SyncClient(live_server.url, "not-the-token"), A, register(A, 1))
    client = SyncClient(live_server.url, token)
    too_many = [gd(A, n) for n in range(1, 502)]
    with pytest.raises(PayloadTooLargeError):
        push(client, A, *too_many)
    new_code = admin.reissue_code(server_db, A, revoke=True)
    with pytest.raises(AuthRequiredError):
        push(client, A, register(A, 1))
    assert new_code != code
