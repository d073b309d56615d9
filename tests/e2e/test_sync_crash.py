"""kill -9 at every point of a sync cycle, on the station and on the server: nothing is lost and
nothing is applied twice."""

# ruff: noqa: F811  (pytest fixtures imported from tests.sync.fixtures are parameters here)

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from state_server.db import ServerDatabase
from station_app.core.clock import SystemClock
from station_app.core.keys import KeyStore
from station_app.core.runtime import open_services
from sync.engine import Outcome
from sync.protocol import SCOPE_VEHICLES
from tests.sync.fault_proxy import FaultProxy, Stall
from tests.sync.fixtures import (  # noqa: F401 - fixtures
    pg_database_url,
    server_db,
    sqlite_live_server,
    sqlite_server_db,
    start_server,
)
from tests.sync.live_server import ROOT, LiveServer, ServerProcess
from tests.sync.stations import SyncStation, applied_count, make_station, server_records

pytestmark = pytest.mark.slow


def child(data_dir: Path, pause_at: str = "") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.sync.child_sync", str(data_dir), pause_at],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def kill9(proc: subprocess.Popen[str]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    for stream in (proc.stdout, proc.stderr):
        if stream:
            stream.close()


def wait_paused(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "PAUSED", (line, proc.stderr.read() if proc.stderr else "")


def reopened(st: SyncStation) -> SyncStation:
    services = open_services(st.services.data_dir, st.keystore, SystemClock())
    return SyncStation(services, st.keystore, st.actor, st.code)


@pytest.fixture
def proxy(sqlite_live_server: LiveServer) -> Iterator[FaultProxy]:
    p = FaultProxy(sqlite_live_server.port)
    yield p
    p.close()


@pytest.fixture
def queued(
    tmp_path: Path, keystore: KeyStore, proxy: FaultProxy, sqlite_server_db: ServerDatabase
) -> SyncStation:
    st = make_station(tmp_path, keystore)
    st.enrol(proxy.url, sqlite_server_db)
    st.fir()
    st.gd()
    st.services.close()  # the child process owns the database now
    return st


def finish(st: SyncStation, db: ServerDatabase, duplicates: int) -> None:
    again = reopened(st)
    try:
        report = again.sync()
        assert report.outcome is Outcome.OK, report
        assert (report.pushed.applied, report.pushed.duplicate) == (4 - duplicates, duplicates)
        assert applied_count(db, st.code) == 4
        assert again.statuses() == {"applied": 4}
        assert server_records(db, st.code) == again.records()
    finally:
        again.services.close()


def test_kill_before_send(queued: SyncStation, sqlite_server_db: ServerDatabase) -> None:
    proc = child(queued.services.data_dir.root, "before_send")
    wait_paused(proc)
    kill9(proc)
    assert applied_count(sqlite_server_db, queued.code) == 0
    finish(queued, sqlite_server_db, duplicates=0)


def test_kill_after_send_while_the_reply_is_on_its_way(
    queued: SyncStation, proxy: FaultProxy, sqlite_server_db: ServerDatabase
) -> None:
    proxy.plan("/sync/v1/push", Stall(30))
    proc = child(queued.services.data_dir.root)
    deadline = time.monotonic() + 20
    while applied_count(sqlite_server_db, queued.code) < 4:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    kill9(proc)
    proxy.clear()
    finish(queued, sqlite_server_db, duplicates=4)


def test_kill_after_the_reply_before_marking_the_ack(
    queued: SyncStation, sqlite_server_db: ServerDatabase
) -> None:
    proc = child(queued.services.data_dir.root, "response_received")
    wait_paused(proc)
    kill9(proc)
    assert applied_count(sqlite_server_db, queued.code) == 4
    finish(queued, sqlite_server_db, duplicates=4)


def test_kill_mid_page_on_pull(queued: SyncStation, sqlite_server_db: ServerDatabase) -> None:
    from state_server import admin

    admin.publish(
        sqlite_server_db, SCOPE_VEHICLES, [{"id": f"v{i}", "registration_no": f"UP32{i}"} for i in range(5)]
    )
    proc = child(queued.services.data_dir.root, "page_received")
    wait_paused(proc)
    kill9(proc)
    again = reopened(queued)
    try:
        assert again.services.reference.counts()["stolen_vehicle"] == 0
        assert again.sync().pulled[SCOPE_VEHICLES] == 5
        assert again.services.reference.counts()["stolen_vehicle"] == 5
    finally:
        again.services.close()


def test_kill_the_server_mid_batch(tmp_path: Path, keystore: KeyStore, server_db: ServerDatabase) -> None:
    """The batch is one server transaction: a server killed while applying it leaves none of it."""
    server = ServerProcess(server_db.url).start()
    proxy = FaultProxy(server.port)
    st = make_station(tmp_path, keystore)
    try:
        st.enrol(proxy.url, server_db)
        for _ in range(60):
            st.gd()
        killed = threading.Event()

        def on_request(path: str) -> None:
            if path == "/sync/v1/push" and not killed.is_set():
                killed.set()
                threading.Timer(0.02, server.kill9).start()

        proxy.on_request = on_request
        report = st.sync()
        assert report.outcome is Outcome.OFFLINE
        time.sleep(0.1)
        assert applied_count(server_db, st.code) in (0, report.pushed.applied + report.pushed.duplicate)
        server = ServerProcess(server_db.url).start()
        proxy.upstream_port = server.port
        proxy.on_request = None
        final = st.sync()
        assert final.outcome is Outcome.OK, final
        assert applied_count(server_db, st.code) == 60 and st.statuses() == {"applied": 60}
        assert server_records(server_db, st.code) == st.records()
    finally:
        proxy.close()
        server.stop()
        st.services.close()
