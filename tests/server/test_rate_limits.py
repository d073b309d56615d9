"""Enrolment and refused credentials are rate-limited per client address: 429 with Retry-After and the
protocol's body beyond the limit, other addresses unaffected (issue 12 §4). Over loopback; the client
address comes through X-Forwarded-For, which uvicorn trusts from the proxy on 127.0.0.1 only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from state_server import admin
from state_server.db import ServerDatabase
from state_server.ratelimit import AttemptLimiter
from sync.protocol import PREFIX
from tests.sync.fixtures import start_server
from tests.sync.live_server import LiveServer

A = "UP-LKO-0042"
ENROL_LIMIT, AUTH_LIMIT = 3, 4


@pytest.fixture
def server(sqlite_server_db: ServerDatabase) -> Iterator[LiveServer]:
    live = start_server(sqlite_server_db, enrol_attempts=ENROL_LIMIT, auth_failures=AUTH_LIMIT)
    yield live
    live.stop()


def _enrol(server: LiveServer, address: str, code: str, station: str = A) -> requests.Response:
    body = {"station_code": station, "code": code, "training": False, "app_version": "t"}
    return requests.post(
        server.url + PREFIX + "/enrol", json=body, headers={"X-Forwarded-For": address}, timeout=10
    )


def _pull(server: LiveServer, address: str, token: str) -> requests.Response:
    return requests.post(
        server.url + PREFIX + "/pull",
        json={"station_code": A, "scopes": {"wanted_persons": None}},
        headers={"X-Forwarded-For": address, "Authorization": f"Bearer {token}"},
        timeout=10,
    )


def _limited(reply: requests.Response) -> int:
    assert reply.status_code == 429, reply.text
    body = reply.json()
    assert body["code"] == "rate_limited" and body["retry_after"] >= 1
    assert int(reply.headers["Retry-After"]) == body["retry_after"]
    return int(body["retry_after"])


def test_enrolment_attempts_are_limited_per_address(
    server: LiveServer, sqlite_server_db: ServerDatabase
) -> None:
    code = admin.create_station(sqlite_server_db, A, "PS Hazratganj")
    for _ in range(ENROL_LIMIT):  # up to the limit: each wrong code is answered as such
        assert _enrol(server, "203.0.113.7", "WRNG-CODE-0000").status_code == 403
    waited = _limited(_enrol(server, "203.0.113.7", code))  # even the right code waits
    assert 0 < waited <= 15 * 60
    assert _enrol(server, "203.0.113.8", code).status_code == 200  # another address is not held back


def test_refused_credentials_are_limited_per_address_and_a_good_station_is_not(
    server: LiveServer, sqlite_server_db: ServerDatabase
) -> None:
    code = admin.create_station(sqlite_server_db, A, "PS Hazratganj")
    token = _enrol(server, "198.51.100.1", code).json()["token"]
    for _ in range(10):  # a healthy station's requests never count
        assert _pull(server, "198.51.100.1", token).status_code == 200
    for _ in range(AUTH_LIMIT):
        assert _pull(server, "203.0.113.9", "guessed-token").status_code == 401
    _limited(_pull(server, "203.0.113.9", "guessed-token"))
    _limited(_pull(server, "203.0.113.9", token))
    assert _pull(server, "198.51.100.1", token).status_code == 200


def test_the_window_slides_an_address_may_try_again_once_its_oldest_attempt_is_old_enough() -> None:
    now = [1000.0]
    limiter = AttemptLimiter(2, 60, clock=lambda: now[0])
    limiter.record("x")
    now[0] += 30
    limiter.record("x")
    assert limiter.retry_after("x") == 30
    now[0] += 29.5
    assert limiter.retry_after("x") == 1
    now[0] += 0.5  # the first attempt is exactly a window old: it no longer counts
    assert limiter.retry_after("x") is None
    assert limiter.retry_after("y") is None
