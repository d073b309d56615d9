"""FIR registration latency (validation, numbering, frozen content, GD entry, audit) vs a raw INSERT."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from bench.common import Result, percentile
from bench.station import bench_station
from station_app.core.canonical import canonical_json
from station_app.core.localtime import iso_ist
from station_app.core.training_records import SteppingClock
from tests.helpers.firs import theft_values


def run(workdir: Path, quick: bool) -> list[Result]:
    count = 40 if quick else 300
    clock = SteppingClock(datetime(2026, 3, 1, 4, 30, tzinfo=UTC))
    svc, sho = bench_station(workdir, clock)
    try:
        ours: list[float] = []
        raw: list[float] = []
        with svc.db.engine.begin() as conn:
            conn.execute(text("CREATE TABLE bench_raw (id TEXT PRIMARY KEY, body TEXT)"))
        for i in range(count):
            clock.current += timedelta(minutes=20)
            gd = svc.diary.add_entry(
                sho,
                {"kind": "complaint_received", "entry_at": iso_ist(clock.current), "subject": f"Complaint {i}",
                 "details": "Written complaint received."},
            )  # fmt: skip
            values = theft_values(
                gd.id,
                occurrence_from=iso_ist(clock.current - timedelta(hours=6)),
                occurrence_to=iso_ist(clock.current - timedelta(hours=5)),
                info_received_at=iso_ist(clock.current - timedelta(minutes=5)),
            )
            draft = svc.firs.new_draft(sho, values)
            clock.current += timedelta(minutes=2)
            start = time.perf_counter()
            svc.firs.register(sho, draft.id, draft.summary.version)
            ours.append((time.perf_counter() - start) * 1000)

            body = canonical_json(values)
            start = time.perf_counter()
            with svc.db.engine.begin() as conn:  # the floor: one row of the same size, same encrypted file
                conn.execute(
                    text("INSERT INTO bench_raw (id, body) VALUES (:id, :body)"),
                    {"id": f"r{i}", "body": body},
                )
            raw.append((time.perf_counter() - start) * 1000)
        return [
            Result("FIR registration p50", round(percentile(ours, 50), 2), "raw INSERT of the same JSON p50",
                   round(percentile(raw, 50), 2), "ms", count),
            Result("FIR registration p95", round(percentile(ours, 95), 2), "raw INSERT of the same JSON p95",
                   round(percentile(raw, 95), 2), "ms", count),
        ]  # fmt: skip
    finally:
        svc.close()
