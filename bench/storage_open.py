"""Opening the encrypted station database vs opening a plain SQLite file of the same schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine

from bench.common import Result, median_ms
from station_app.core.clock import SystemClock
from station_app.core.identity import StationIdentity
from station_app.core.keys import open_keystore
from station_app.core.models import Base
from station_app.core.paths import DataDir
from station_app.core.permissions import Role
from station_app.core.runtime import set_up_station
from station_app.core.services.accounts import NewOfficer
from station_app.core.storage import open_station

IDENTITY = StationIdentity("Uttar Pradesh", "Lucknow", "Hazratganj", "हज़रतगंज", "UP-LKO-0042")


def run(workdir: Path, quick: bool) -> list[Result]:
    repeats = 15 if quick else 60
    clock = SystemClock()
    keystore = open_keystore()
    data_dir = DataDir(workdir / "open-bench")
    outcome = set_up_station(
        data_dir,
        keystore,
        clock,
        IDENTITY,
        NewOfficer("sho", "Bench SHO", "Inspector", "1", Role.SHO),
        "bench-pass-1",
    )
    outcome.services.close()

    plain = workdir / "plain.db"
    engine = create_engine(f"sqlite:///{plain}")
    Base.metadata.create_all(engine)
    engine.dispose()

    def open_ours() -> None:
        db = open_station(data_dir, keystore, clock)  # keyring, key check, SQLCipher, migration check
        db.dispose()

    def open_plain() -> None:
        conn = sqlite3.connect(plain)
        conn.execute("PRAGMA journal_mode = WAL").fetchall()
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        conn.close()

    ours = median_ms(open_ours, repeats)
    baseline = median_ms(open_plain, repeats)
    return [
        Result(
            "open encrypted station DB (keyring + SQLCipher + schema check)",
            round(ours, 2),
            "open plain SQLite file (sqlite3)",
            round(baseline, 3),
            "ms (median)",
            repeats,
        )
    ]
