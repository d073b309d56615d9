"""Bulk import of legacy FIRs from a generated CSV vs a raw bulk insert of the same rows into the same
encrypted database; and peak Python memory (tracemalloc) of an import of N and of 10×N rows.

Ours does everything an import does: parse and check every cell, the law in force on each date,
duplicates, frozen canonical content and digest, the audit chain, the outbox command, the search
trigger, progress committed per batch. The baseline reads the same CSV and inserts its rows as text
with one executemany into a plain table of the same database.
"""

from __future__ import annotations

import csv
import time
import tracemalloc
from pathlib import Path

from sqlalchemy import text

from bench.common import Result
from bench.station import bench_station
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from tests.fixtures.import_files import fir_rows, write_csv


def _raw_insert(svc: StationServices, path: Path) -> float:
    with svc.db.engine.begin() as conn:
        conn.execute(
            text("CREATE TABLE bench_raw_legacy (" + ", ".join(f"c{i} TEXT" for i in range(19)) + ")")
        )
    columns = ", ".join(f"c{i}" for i in range(19))
    marks = ", ".join(f":c{i}" for i in range(19))
    start = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as handle, svc.db.engine.begin() as conn:
        reader = csv.reader(handle)
        next(reader)
        conn.execute(
            text(f"INSERT INTO bench_raw_legacy ({columns}) VALUES ({marks})"),
            [{f"c{i}": v for i, v in enumerate(r)} for r in reader],
        )
    return time.perf_counter() - start


def _peak_mb(svc: StationServices, sho: Actor, path: Path) -> float:
    tracemalloc.start()
    try:
        svc.imports.run(sho, path)
        return tracemalloc.get_traced_memory()[1] / 1_048_576
    finally:
        tracemalloc.stop()


def run(workdir: Path, quick: bool) -> list[Result]:
    count = 10_000 if quick else 100_000
    small = 500 if quick else 2_000
    workdir.mkdir(parents=True, exist_ok=True)
    svc, sho = bench_station(workdir)
    try:
        path = write_csv(workdir / "firs.csv", "fir", fir_rows(count, year=2019), encoding="utf-8-sig")
        start = time.perf_counter()
        summary = svc.imports.run(sho, path)
        ours = time.perf_counter() - start
        assert summary.imported == count, summary
        raw = _raw_insert(svc, path)
        # Memory: N and 10×N rows of another year, so none of them is already present.
        peak_small = _peak_mb(svc, sho, write_csv(workdir / "small.csv", "fir", fir_rows(small, year=2017)))
        peak_large = _peak_mb(
            svc, sho, write_csv(workdir / "large.csv", "fir", fir_rows(small * 10, year=2018))
        )
        return [
            Result(f"legacy FIR import ({count:,} rows)", round(count / ours), "raw executemany of the same rows",
                   round(count / raw), "rows/s", count, note=f"{ours:.1f} s vs {raw:.1f} s"),
            Result(f"legacy import peak memory, {small:,} rows", round(peak_small, 2),
                   f"the same import, {small * 10:,} rows", round(peak_large, 2), "MB", 2,
                   note="tracemalloc peak; a ratio near 1 means memory stays flat"),
        ]  # fmt: skip
    finally:
        svc.close()
