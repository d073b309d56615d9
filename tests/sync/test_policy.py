"""The scheduling rules and client-side checks, without a network: backoff with jitter, Retry-After,
single flight, debounce, pause on 401/426, and which server addresses are allowed."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from state_server.db import ServerDatabase
from station_app.core.errors import ValidationError
from station_app.core.keys import KeyStore
from station_app.core.sync_runtime import probe_server
from sync.client import check_server_url
from sync.policy import Backoff, SyncScheduler
from tests.sync.live_server import LiveServer
from tests.sync.stations import FAST, make_station

T0 = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)


def test_backoff_is_exponential_with_full_jitter_and_a_cap() -> None:
    rng = random.Random(1)
    backoff = Backoff(base_s=30, cap_s=1800)
    for failures, ceiling in ((1, 30), (2, 60), (3, 120), (7, 1800), (30, 1800)):
        waits = [backoff.delay(failures, rng) for _ in range(200)]
        assert all(0 <= w <= ceiling for w in waits)
        assert max(waits) > ceiling * 0.8 and min(waits) < ceiling * 0.2  # spread over the whole range


def test_retry_after_is_a_floor() -> None:
    rng = random.Random(2)
    assert all(120 <= Backoff().delay(1, rng, retry_after=120) <= 150 for _ in range(100))


def test_scheduler_single_flight_debounce_backoff_and_pause() -> None:
    s = SyncScheduler(rng=random.Random(3))
    assert s.due(T0)  # never synced: the safety timer is due
    assert s.start(T0) and not s.start(T0)  # a second trigger while running is refused
    assert not s.due(T0)
    s.finish(T0, ok=True)
    s.on_commit(T0)
    assert not s.due(T0 + timedelta(seconds=5))  # a burst of saves settles first
    assert s.due(T0 + timedelta(seconds=10))
    s.start(T0 + timedelta(seconds=10))
    s.finish(T0 + timedelta(seconds=11), ok=False, retry_after=60)
    assert not s.due(T0 + timedelta(seconds=60))
    assert s.next_wakeup(T0 + timedelta(seconds=12)) <= T0 + timedelta(seconds=11 + 60 + 31)
    s.on_probe_ok(T0 + timedelta(seconds=20))  # the server answered a probe: go now
    assert s.due(T0 + timedelta(seconds=20))
    s.start(T0 + timedelta(seconds=20))
    s.finish(T0 + timedelta(seconds=21), ok=False, pause=True)  # 401 or 426
    assert not s.due(T0 + timedelta(hours=2))
    s.on_sync_now(T0 + timedelta(hours=2))
    assert s.due(T0 + timedelta(hours=2))


@pytest.mark.parametrize(
    "url",
    [
        "https://sync.up.example.in",
        "https://10.0.0.5:8443/",
        "http://127.0.0.1:8470",
        "http://localhost:1",
        "http://[::1]:80",
    ],
)
def test_allowed_server_addresses(url: str) -> None:
    assert check_server_url(url) == url.strip().rstrip("/")


@pytest.mark.parametrize(
    "url", ["http://sync.up.example.in", "http://10.0.0.5:8470", "ftp://x", "sync.example.in", ""]
)
def test_plain_http_only_to_this_computer(url: str) -> None:
    with pytest.raises(ValidationError):
        check_server_url(url)


def test_the_probe_finds_the_server_or_not(
    tmp_path: Path, keystore: KeyStore, sqlite_live_server: LiveServer, sqlite_server_db: ServerDatabase
) -> None:
    st = make_station(tmp_path, keystore)
    assert not probe_server(st.services)  # not enrolled: nothing to probe
    st.enrol(sqlite_live_server.url, sqlite_server_db)
    assert probe_server(st.services, FAST)
    sqlite_live_server.stop()
    assert not probe_server(st.services, FAST)
    st.services.close()
