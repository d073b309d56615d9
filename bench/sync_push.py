"""Push throughput: queued mutations delivered over loopback HTTP (gzip, batches, dedupe records,
per-mutation savepoints) vs inserting the same rows straight into the server's database."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

from bench.common import Result
from bench.sync_common import enrolled_station, gd_payload, queue_gd_mutations, sqlite_server
from state_server import admin
from state_server.db import ServerDatabase
from state_server.models import GdEntry
from station_app.core.keys import open_keystore
from station_app.core.sync_runtime import build_engine
from sync.engine import Outcome


def _raw_insert_seconds(workdir: Path, count: int) -> float:
    raw = ServerDatabase(f"sqlite:///{workdir / 'raw.db'}")
    raw.migrate()
    admin.create_station(raw, "UP-LKO-0042", "Hazratganj")
    now = datetime.now(UTC)
    rows = []
    for n in range(1, count + 1):
        payload = gd_payload("UP-LKO-0042", n)
        rows.append({"id": payload.pop("gd_id"), **payload, "received_at": now})
    start = time.perf_counter()
    with raw.write() as session:
        session.execute(insert(GdEntry), rows)
    elapsed = time.perf_counter() - start
    raw.dispose()
    return elapsed


def run(workdir: Path, quick: bool) -> list[Result]:
    count = 1_000 if quick else 10_000
    server = sqlite_server(workdir)
    services, _sho = enrolled_station(workdir, server)
    try:
        queue_gd_mutations(services, count)
        engine = build_engine(services, open_keystore(), scopes=())  # push only
        start = time.perf_counter()
        report = engine.run_cycle()
        ours = time.perf_counter() - start
        engine.close()
        assert report.outcome is Outcome.OK and report.pushed.applied == count, report
    finally:
        services.close()
        server.stop()
        server.db.dispose()
    base = _raw_insert_seconds(workdir, count)
    return [
        Result(
            f"push {count:,} queued mutations over loopback (SQLite server)",
            round(count / ours),
            "same rows inserted into the server DB, one transaction",
            round(count / base),
            "mutations/s",
            1,
            f"{report.batches} batches in {ours:.1f} s",
        )
    ]
