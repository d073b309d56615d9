"""Helpers shared by the sync benchmarks: a station enrolled with an embedded server, queued work."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.station import bench_station
from state_server import admin
from state_server.config import Settings
from state_server.db import ServerDatabase
from state_server.embedded import EmbeddedServer
from station_app.core.keys import open_keystore
from station_app.core.localtime import IST
from station_app.core.outbox import enqueue
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from station_app.core.sync_runtime import enrol_station
from sync import ops
from sync.protocol import SCOPES


def sqlite_server(workdir: Path) -> EmbeddedServer:
    db = ServerDatabase(f"sqlite:///{workdir / 'state-server.db'}")
    db.migrate()
    return EmbeddedServer(Settings(database_url=db.url), db).start()


def enrolled_station(
    workdir: Path, server: EmbeddedServer, url: str | None = None
) -> tuple[StationServices, Actor]:
    services, sho = bench_station(workdir)
    code = admin.create_station(server.db, "UP-LKO-0042", "Hazratganj")
    enrol_station(services, open_keystore(), url or server.url, code, by=None)
    return services, sho


def gd_payload(station: str, number: int) -> dict[str, Any]:
    at = datetime(2026, 11, 2, 4, 30, tzinfo=UTC) + timedelta(minutes=number)
    return {
        "gd_id": f"bench-gd-{number:07d}", "station_code": station, "year": 2026, "number": number,
        "entry_at": at.isoformat(), "recorded_at": at.isoformat(), "officer_id": "bench-officer",
        "officer_name": "Anil Kumar Singh (Inspector, No. PIS-1001)", "kind": "departure",
        "subject": f"Patrol party {number} left for the market area",
        "details": "HC Ram Singh No. 101 and Ct. Shyam Lal No. 202 left the station on foot patrol of the "
        "Aminabad market and the bus stand, with the beat book and a wireless set.",
        "fir_id": None, "legacy": False,
    }  # fmt: skip


def queue_gd_mutations(services: StationServices, count: int) -> None:
    """``count`` outbox rows shaped exactly like GD entries' (the write path is measured elsewhere)."""
    now = datetime.now(UTC)
    with services.db.write() as session:
        for n in range(1, count + 1):
            payload = gd_payload("UP-LKO-0042", n)
            enqueue(
                session, op=ops.OP_ADD_GD_ENTRY, aggregate_type=ops.AGG_GD_ENTRY, aggregate_id=payload["gd_id"],
                payload=payload, officer_id=None, at=now,
            )  # fmt: skip


def ist_minute(moment: datetime) -> str:
    return moment.astimezone(IST).replace(second=0, microsecond=0).isoformat()


NO_PULL: tuple[str, ...] = ()
ALL_SCOPES = SCOPES
