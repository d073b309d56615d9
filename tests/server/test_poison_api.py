"""Poisoned input never wedges sync: the server refuses each bad mutation on its own, with a result
code of the protocol, and applies the rest of the batch; a bad request as a whole is a 4xx with the
protocol's error body, never a 500 (issue 12 §1). Driven with raw HTTP over loopback, because the
station's own client could not even build most of these bodies; SQLite and PostgreSQL.
"""

from __future__ import annotations

import gzip
import json
import zlib
from typing import Any

import pytest
import requests

from state_server import admin
from state_server.db import ServerDatabase
from sync import ops
from sync.protocol import PREFIX, Mutation, payload_digest
from tests.server.helpers import gd, mutation, register
from tests.server.investigation_helpers import person
from tests.sync.live_server import LiveServer

A = "UP-LKO-0042"


def _token(server: LiveServer, db: ServerDatabase) -> str:
    code = admin.create_station(db, A, "PS Hazratganj")
    reply = requests.post(
        server.url + PREFIX + "/enrol",
        json={"station_code": A, "code": code, "training": False, "app_version": "t"},
        timeout=10,
    )
    assert reply.status_code == 200, reply.text
    return str(reply.json()["token"])


def _wire(m: Mutation) -> dict[str, Any]:
    return m.model_dump(mode="json")


def _poisoned(m: Mutation, **changes: Any) -> dict[str, Any]:
    """``m`` with payload fields changed, its digest made to match (a station's own poisoned record)."""
    payload = json.loads(m.payload)
    payload.update(changes)
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return {**_wire(m), "payload": text, "payload_sha256": _digest(text)}


def _digest(text: str) -> str:
    try:
        return payload_digest(text)
    except UnicodeEncodeError:  # a lone surrogate: no digest can be right, any will do
        return "0" * 64


def _post(
    server: LiveServer, token: str, path: str, body: bytes | dict[str, Any], **headers: str
) -> requests.Response:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return requests.post(
        server.url + PREFIX + path,
        data=data,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json", **headers},
        timeout=30,
    )


def _push(server: LiveServer, token: str, mutations: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    reply = _post(server, token, "/push", {"station_code": A, "mutations": mutations})
    assert reply.status_code == 200, reply.text
    return [(r["status"], r["code"]) for r in reply.json()["results"]]


def _assert_protocol_error(reply: requests.Response, *statuses: int) -> dict[str, Any]:
    assert reply.status_code in statuses, (reply.status_code, reply.text[:500])
    body = reply.json()
    assert isinstance(body["code"], str) and isinstance(body["message"], str)
    return dict(body)


POISONS: dict[str, Any] = {
    "nul_in_gd_details": lambda: _poisoned(gd(A, 2), details="Patrol\x00left"),
    "control_char_in_gd_subject": lambda: _poisoned(gd(A, 2), subject="Patrol\x1bleft"),
    "lone_surrogate_in_gd_text": lambda: _poisoned(gd(A, 2), details="Patrol \ud800 left"),
    "gd_number_out_of_range": lambda: _poisoned(gd(A, 2), number=2**40),
    "gd_number_beyond_int64": lambda: _poisoned(gd(A, 2), number=10**30),
    "nul_in_person_name": lambda: _poisoned(person(A, name="Raju Khan"), name="Raju\x00Khan"),
    "person_version_out_of_range": lambda: _poisoned(person(A), version=2**31),
    "deep_json_payload": lambda: {
        **_wire(gd(A, 2)),
        "payload": "[" * 1000 + "]" * 1000,
        "payload_sha256": payload_digest("[" * 1000 + "]" * 1000),
    },
    "deep_json_in_fir_content": lambda: _poisoned(register(A, 2), content="[" * 1000 + "]" * 1000),
    "nul_in_fir_content": lambda: _poisoned(register(A, 2), content='{"complainant_name":"Ram\\u0000Lal"}'),
    "nan_in_payload": lambda: _poisoned(gd(A, 2), number=float("nan")),
    "client_seq_out_of_range": lambda: {**_wire(gd(A, 2)), "client_seq": 2**70},
    "device_time_year_9999": lambda: {**_wire(gd(A, 2)), "device_time": "9999-12-31T23:59:59-05:00"},
    "device_time_without_zone": lambda: {**_wire(gd(A, 2)), "device_time": "2026-11-02T10:00:00"},
    "clock_offset_out_of_range": lambda: {**_wire(gd(A, 2)), "clock_offset_ms": 10**20},
    "base_version_out_of_range": lambda: {**_wire(person(A)), "base_version": 2**40},
    "nul_in_op": lambda: {**_wire(gd(A, 2)), "op": "add_gd\x00entry"},
    "nul_in_aggregate_id": lambda: {**_wire(gd(A, 2)), "aggregate_id": "g\x00"},
    "nul_in_officer_id": lambda: {**_wire(gd(A, 2)), "officer_id": "o\x00"},
}


@pytest.mark.parametrize("poison", list(POISONS))
def test_one_poisoned_mutation_is_refused_alone_and_the_rest_of_the_batch_applies(
    poison: str, live_server: LiveServer, server_db: ServerDatabase
) -> None:
    token = _token(live_server, server_db)
    before, bad, after = _wire(gd(A, 1)), POISONS[poison](), _wire(gd(A, 3))
    results = _push(live_server, token, [before, bad, after])
    assert results[0] == ("applied", None)
    assert results[1][0] == "rejected" and results[1][1] in ("invalid_payload", "invalid_mutation")
    assert results[2] == ("applied", None)
    counts = admin.status(server_db, False)["stations"][A]
    assert counts["counts"]["gd_entry"] == 2
    assert counts["dead_letters"] == 1
    # The next push goes through: nothing is wedged.
    assert _push(live_server, token, [_wire(gd(A, 4))]) == [("applied", None)]


def test_a_refusal_names_the_field_but_never_repeats_the_value(
    live_server: LiveServer, server_db: ServerDatabase
) -> None:
    token = _token(live_server, server_db)
    reply = _post(
        live_server, token, "/push",
        {"station_code": A, "mutations": [_poisoned(person(A, name="Raju Khan"), name="Sushila\x00Devi")]},
    )  # fmt: skip
    result = reply.json()["results"][0]
    assert (result["status"], result["code"]) == ("rejected", "invalid_payload")
    assert "name" in result["detail"] and "Sushila" not in result["detail"]


def test_a_mutation_without_a_usable_id_makes_the_request_a_protocol_error(
    live_server: LiveServer, server_db: ServerDatabase
) -> None:
    token = _token(live_server, server_db)
    reply = _post(live_server, token, "/push", {"station_code": A, "mutations": [{"mutation_id": "\x00"}]})
    assert _assert_protocol_error(reply, 422)["code"] == "bad_request"


def test_deeply_nested_request_bodies_are_refused_not_a_crash(
    live_server: LiveServer, server_db: ServerDatabase
) -> None:
    token = _token(live_server, server_db)
    deep = b'{"station_code":"' + A.encode() + b'","mutations":' + b"[" * 1000 + b"]" * 1000 + b"}"
    assert _assert_protocol_error(_post(live_server, token, "/push", deep), 400, 422)["code"] == "bad_request"
    deep_enrol = b'{"station_code":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    reply = requests.post(live_server.url + PREFIX + "/enrol", data=deep_enrol, timeout=30)
    _assert_protocol_error(reply, 400, 422)


def test_pull_cursors_that_are_huge_or_out_of_range_are_refused_not_a_crash(
    live_server: LiveServer, server_db: ServerDatabase
) -> None:
    token = _token(live_server, server_db)
    huge = {"station_code": A, "scopes": {"wanted_persons": "A" * 1_000_000}, "limit": 10}
    reply = _post(live_server, token, "/pull", huge)
    assert reply.status_code in (410, 413, 422), reply.text[:300]
    _assert_protocol_error(reply, 410, 413, 422)
    # A well-formed cursor of the current epoch whose position is beyond any database integer.
    raw = json.dumps({"v": 1, "e": 1, "s": 10**30, "m": "i"}).encode()
    import base64

    cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    reply = _post(live_server, token, "/pull", {"station_code": A, "scopes": {"wanted_persons": cursor}})
    assert _assert_protocol_error(reply, 410)["code"] == "reset_required"


@pytest.mark.parametrize(
    "station_code",
    ["UP-LKO\x00-0042", "UP-LKO-\ud800", "UP\x1b[2J-0042"],
    ids=["nul", "lone_surrogate", "escape"],
)
def test_enrolment_with_control_characters_is_a_protocol_error_not_a_crash(
    station_code: str, live_server: LiveServer, server_db: ServerDatabase
) -> None:
    admin.create_station(server_db, A, "PS Hazratganj")
    body = json.dumps(
        {"station_code": station_code, "code": "ABCD-EFGH-JKMN", "training": False, "app_version": "t"}
    )
    reply = requests.post(
        live_server.url + PREFIX + "/enrol", data=body.encode(), headers={"Content-Type": "application/json"},
        timeout=10,
    )  # fmt: skip
    _assert_protocol_error(reply, 403, 422)
    nul_code = {"station_code": A, "code": "ABCD\x00EFGH", "training": False, "app_version": "t"}
    reply = requests.post(live_server.url + PREFIX + "/enrol", json=nul_code, timeout=10)
    _assert_protocol_error(reply, 403, 422)


def test_corrupt_gzip_is_a_400_protocol_error(live_server: LiveServer, server_db: ServerDatabase) -> None:
    token = _token(live_server, server_db)
    body = json.dumps({"station_code": A, "mutations": [_wire(gd(A, 1))]}).encode()
    packed = gzip.compress(body)
    damaged = packed[:20] + bytes(b ^ 0xFF for b in packed[20:40]) + packed[40:]
    for bad in (b"not gzip at all", damaged, packed[: len(packed) // 2]):
        reply = _post(live_server, token, "/push", bad, **{"Content-Encoding": "gzip"})
        assert _assert_protocol_error(reply, 400)["code"] == "bad_encoding"


def test_a_multi_member_gzip_body_is_read_whole(live_server: LiveServer, server_db: ServerDatabase) -> None:
    token = _token(live_server, server_db)
    body = json.dumps({"station_code": A, "mutations": [_wire(gd(A, 1)), _wire(gd(A, 2))]}).encode()
    middle = len(body) // 2
    two_members = gzip.compress(body[:middle]) + gzip.compress(body[middle:])
    assert zlib.decompressobj(wbits=31).decompress(two_members) == body[:middle]  # what one member gives
    reply = _post(live_server, token, "/push", two_members, **{"Content-Encoding": "gzip"})
    assert reply.status_code == 200, reply.text
    assert [r["status"] for r in reply.json()["results"]] == ["applied", "applied"]


def test_a_payload_of_an_unknown_shape_is_still_refused_per_mutation(
    live_server: LiveServer, server_db: ServerDatabase
) -> None:
    token = _token(live_server, server_db)
    odd = mutation(ops.OP_ADD_GD_ENTRY, ops.AGG_GD_ENTRY, "g1", {"gd_id": "g1"})
    other = mutation(ops.OP_ADD_GD_ENTRY, ops.AGG_GD_ENTRY, "g2", {"gd_id": "g2"})
    not_json = {**_wire(other), "payload": "{not json", "payload_sha256": payload_digest("{not json")}
    results = _push(live_server, token, [_wire(odd), not_json, _wire(gd(A, 1))])
    assert results == [("rejected", "invalid_payload"), ("rejected", "invalid_payload"), ("applied", None)]


def test_the_openapi_lists_every_error_with_the_protocols_body(
    live_server: LiveServer, server_db: ServerDatabase
) -> None:
    spec = requests.get(live_server.url + "/openapi.json", timeout=10).json()
    paths = spec["paths"]
    expected = {
        ("post", "/enrol"): {"400", "403", "413", "422", "426", "429", "503"},
        ("post", "/push"): {"400", "401", "403", "413", "422", "426", "429", "503"},
        ("post", "/pull"): {"400", "401", "403", "410", "413", "422", "426", "429", "503"},
        ("put", "/blobs/{sha256}"): {"400", "401", "403", "413", "415", "422", "426", "429", "503"},
        ("head", "/blobs/{sha256}"): {"401", "403", "404", "422", "426", "429", "503"},
    }
    for (method, path), codes in expected.items():
        answers = paths[PREFIX + path][method]["responses"]
        assert codes | {"200", "500"} <= set(answers), (path, sorted(answers))
        for code in codes - {"404"}:
            schema = answers[code]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (path, code, schema)
    push_body = paths[PREFIX + "/push"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert push_body == {"$ref": "#/components/schemas/PushRequest"}
    mutation = spec["components"]["schemas"]["Mutation"]["properties"]
    assert mutation["client_seq"]["maximum"] == 2**53 - 1
    assert "PushEnvelope" not in spec["components"]["schemas"]


def test_the_database_backstop_refuses_one_mutation_if_a_value_slips_past_the_checks(
    live_server: LiveServer, server_db: ServerDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were the protocol checks to miss a value the database cannot hold, its savepoint alone rolls
    back: PostgreSQL refuses the NUL, SQLite stores it, and neither fails the batch."""
    from state_server import handlers

    monkeypatch.setattr(handlers, "check_json_value", lambda *_a, **_kw: None)
    token = _token(live_server, server_db)
    results = _push(
        live_server, token, [_wire(gd(A, 1)), _poisoned(gd(A, 2), details="a\x00b"), _wire(gd(A, 3))]
    )
    assert results[0] == results[2] == ("applied", None)
    expected = ("rejected", "invalid_payload") if not server_db.is_sqlite else ("applied", None)
    assert results[1] == expected


def test_a_fault_of_the_server_on_one_mutation_is_retried_later_and_the_rest_applies(
    live_server: LiveServer, server_db: ServerDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    from state_server import ingest

    original = ingest.HANDLERS[ops.OP_ADD_GD_ENTRY]

    def flaky(session: Any, ctx: Any, payload: Any) -> None:
        if payload.number == 2:
            raise TypeError("a bug in the server")
        original(session, ctx, payload)

    monkeypatch.setitem(ingest.HANDLERS, ops.OP_ADD_GD_ENTRY, flaky)
    token = _token(live_server, server_db)
    results = _push(live_server, token, [_wire(gd(A, 1)), _wire(gd(A, 2)), _wire(gd(A, 3))])
    assert results == [("applied", None), ("retry_later", "server_error"), ("applied", None)]
