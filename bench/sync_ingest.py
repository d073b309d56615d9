"""Server ingest on PostgreSQL: 200 simulated stations pushing at once to `state-server serve
--workers 4`; mutations/s and the p95 latency of a push, vs the same rows inserted straight into
PostgreSQL in one transaction. Needs PostgreSQL at 127.0.0.1:5432 (as the tests do)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import requests
from sqlalchemy import insert

from bench.common import Result, percentile
from bench.sync_common import gd_payload
from state_server import admin
from state_server.db import ServerDatabase
from state_server.models import GdEntry
from station_app.core.canonical import canonical_json
from sync import ops
from sync.client import SyncClient
from sync.errors import SyncError
from sync.protocol import EnrolRequest, Mutation, PushRequest, payload_digest

PG_ADMIN = os.environ.get("STATION_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
STATIONS = 200
ROOT = Path(__file__).resolve().parents[1]


def _mutations(station: str, start: int, count: int) -> list[Mutation]:
    out = []
    for n in range(start, start + count):
        payload = gd_payload(station, n)
        payload["gd_id"] = f"{station}-{n:06d}"
        text = canonical_json(payload)
        out.append(
            Mutation(
                mutation_id=f"{station}-m{n:06d}",
                client_seq=n,
                aggregate_type=ops.AGG_GD_ENTRY,
                aggregate_id=payload["gd_id"],
                op=ops.OP_ADD_GD_ENTRY,
                op_version=1,
                payload=text,
                payload_sha256=payload_digest(text),
                device_time=datetime.now(UTC),
                clock_offset_ms=0,
            )
        )
    return out


def _database(name: str) -> str:
    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return PG_ADMIN.replace("postgresql://", "postgresql+psycopg://").rsplit("/", 1)[0] + f"/{name}"


def _drop(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(workdir: Path, quick: bool) -> list[Result]:
    batches, per_batch = (2, 10) if quick else (5, 50)
    try:
        name = f"bench_ingest_{secrets.token_hex(3)}"
        url = _database(name)
    except psycopg.OperationalError as exc:
        return [
            Result(
                "server ingest, 200 stations (PostgreSQL)",
                0,
                "not run: no PostgreSQL",
                0,
                "mutations/s",
                0,
                str(exc)[:80],
            )
        ]
    try:
        rate, latencies, total, busy = _ingest(url, batches, per_batch)
    finally:
        _drop(name)
    raw_seconds, rows = _raw(batches * per_batch)
    p95 = percentile(latencies, 95)
    return [
        Result(
            f"server ingest, {STATIONS} concurrent stations (PostgreSQL, 4 workers)",
            round(rate),
            "same rows inserted straight into PostgreSQL, one transaction",
            round(rows / raw_seconds),
            "mutations/s",
            len(latencies),
            f"{total:,} mutations in {len(latencies)} pushes of {per_batch}; {busy} busy replies retried",
        ),
        Result(
            f"server ingest, {STATIONS} concurrent stations: p95 latency of a push of {per_batch}",
            round(p95, 1),
            f"raw insert time of {per_batch} rows (same run)",
            round(raw_seconds / rows * per_batch * 1000, 2),
            "ms",
            len(latencies),
            f"median {percentile(latencies, 50):.0f} ms",
        ),
    ]


def _ingest(url: str, batches: int, per_batch: int) -> tuple[float, list[float], int, int]:
    db = ServerDatabase(url, pool_size=2)
    db.migrate()
    codes = {f"ST-{i:04d}": admin.create_station(db, f"ST-{i:04d}", f"PS {i}") for i in range(STATIONS)}
    db.dispose()
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "state_server", "--database-url", url, "serve", "--port", str(port), "--workers", "4"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base)
        tokens = {
            code: SyncClient(base)
            .enrol(EnrolRequest(station_code=code, code=one_time, training=False, app_version="b"))
            .token
            for code, one_time in codes.items()
        }
        latencies: list[float] = []
        busy: list[str] = []
        lock = threading.Lock()
        barrier = threading.Barrier(STATIONS)

        def station(code: str) -> None:
            client = SyncClient(base, tokens[code])
            work = [_mutations(code, b * per_batch + 1, per_batch) for b in range(batches)]
            barrier.wait()
            for batch in work:
                while True:  # as a station does: a busy server means wait and send again
                    t = time.perf_counter()
                    try:
                        reply = client.push(PushRequest(station_code=code, mutations=batch))
                    except SyncError as exc:
                        with lock:
                            busy.append(type(exc).__name__)
                        time.sleep(min(exc.retry_after or 1.0, 2.0))
                        continue
                    elapsed = time.perf_counter() - t
                    assert all(r.status in ("applied", "duplicate") for r in reply.results)
                    with lock:
                        latencies.append(elapsed * 1000)
                    break
            client.close()

        threads = [threading.Thread(target=station, args=(c,)) for c in tokens]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - start
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    total = STATIONS * batches * per_batch
    return total / seconds, latencies, total, len(busy)


def _raw(per_station: int) -> tuple[float, int]:
    name = f"bench_raw_{secrets.token_hex(3)}"
    url = _database(name)
    try:
        db = ServerDatabase(url, pool_size=1)
        db.migrate()
        for i in range(STATIONS):
            admin.create_station(db, f"ST-{i:04d}", f"PS {i}")
        now = datetime.now(UTC)
        rows = []
        for i in range(STATIONS):
            for n in range(1, per_station + 1):
                payload = gd_payload(f"ST-{i:04d}", n)
                rows.append(
                    {
                        "id": f"ST-{i:04d}-{n:06d}",
                        **{k: v for k, v in payload.items() if k != "gd_id"},
                        "received_at": now,
                    }
                )
        start = time.perf_counter()
        with db.write() as session:
            session.execute(insert(GdEntry), rows)
        seconds = time.perf_counter() - start
        db.dispose()
    finally:
        _drop(name)
    return seconds, len(rows)


def _free_port() -> int:
    import socket  # noqa: PLC0415

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(base: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/sync/v1/hello", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("state-server did not start")
