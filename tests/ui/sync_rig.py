"""Fixtures for the sync GUI tests: a real state server on loopback (uvicorn in a thread, SQLite
storage) behind the fault proxy, a real SQLCipher station, and a sync worker with short timers.

The proxy stands for the server's fixed address: stopping the server and starting another on the
same storage, then pointing the proxy at it, is a server restart as the station sees it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from state_server import admin
from state_server.db import ServerDatabase
from station_app.core.keys import KeyStore
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from station_app.core.sync_runtime import enrol_station
from station_app.ui.context import Desk
from station_app.ui.events import FIR, GD_ENTRY, ChangeSet
from station_app.ui.main_window import MainWindow
from station_app.ui.sync_worker import SyncWorker
from sync.client import Timeouts
from sync.engine import Observer
from sync.policy import Backoff, SyncScheduler
from tests.conftest import IDENTITY
from tests.sync.fault_proxy import FaultProxy
from tests.sync.fixtures import start_server
from tests.sync.live_server import LiveServer
from tests.ui.fir_helpers import complaint_gd, recent_theft

FAST = Timeouts(connect=2.0, stall=3.0)
WAIT_MS = 15_000


class FixedBackoff(Backoff):
    """A long, fixed backoff: a cycle that follows soon after a failure came from a probe."""

    def delay(self, failures: int, rng: random.Random, retry_after: float | None = None) -> float:
        return 600.0


def fast_scheduler(debounce_s: float = 0.2, backoff: Backoff | None = None) -> SyncScheduler:
    return SyncScheduler(
        debounce=timedelta(seconds=debounce_s),
        probe_interval=timedelta(seconds=0.3),
        safety_interval=timedelta(hours=1),
        backoff=backoff or Backoff(base_s=0.5, cap_s=2.0),
        rng=random.Random(7),
    )


@dataclass
class Rig:
    desk: Desk
    worker: SyncWorker
    services: StationServices
    actor: Actor
    keystore: KeyStore
    server_db: ServerDatabase
    proxy: FaultProxy
    servers: list[LiveServer]

    @property
    def server(self) -> LiveServer:
        return self.servers[-1]

    def enrol(self) -> None:
        code = admin.create_station(self.server_db, IDENTITY.station_code, IDENTITY.station_name)
        enrol_station(self.services, self.keystore, self.proxy.url, code, by=None, timeouts=FAST)

    def restart_server(self) -> None:
        """A new server process on the same storage, reached at the same address."""
        self.servers.append(start_server(self.server_db))
        self.proxy.upstream_port = self.server.port

    def new_code(self) -> str:
        return admin.reissue_code(self.server_db, IDENTITY.station_code)

    def server_counts(self) -> dict[str, int]:
        stations = admin.status(self.server_db, False)["stations"]
        station = stations.get(IDENTITY.station_code, {})
        return dict(station.get("counts", {}))

    def register_fir(self, window: MainWindow) -> str:
        """Register an FIR the way the GUI does: through the op runner, announcing the change."""
        services, actor = self.services, self.actor

        def work() -> str:
            gd_id = complaint_gd(services, actor)
            draft = services.firs.new_draft(actor, recent_theft(services, gd_id))
            return services.firs.register(actor, draft.id, draft.summary.version).id

        found: list[str] = []
        self.desk.ops.run(work, on_success=found.append, changes=ChangeSet.of(FIR, GD_ENTRY))
        self.desk.ops.wait_idle()
        return found[0]


def build_rig(
    tmp_path: Path,
    station: StationServices,
    sho: Actor,
    keystore: KeyStore,
    desk_parts: tuple[object, ...],
    scheduler: SyncScheduler,
    observer: Observer | None = None,
) -> Rig:
    server_db = ServerDatabase(f"sqlite:///{tmp_path / 'state-server.db'}")
    server_db.migrate()
    server = start_server(server_db)
    proxy = FaultProxy(server.port)
    worker = SyncWorker(station, keystore, scheduler=scheduler, timeouts=FAST, observer=observer)
    data_dir, ops, events, messages = desk_parts
    desk = Desk(data_dir, station, IDENTITY, sho, ops, events, messages, sync_worker=worker)  # type: ignore[arg-type]
    return Rig(desk, worker, station, sho, keystore, server_db, proxy, [server])


def close_rig(rig: Rig) -> None:
    rig.worker.stop()
    rig.proxy.close()
    for server in rig.servers:
        server.stop()
    rig.server_db.dispose()


@pytest.fixture
def rig_factory(tmp_path, station, sho, keystore, data_dir, ops, events, messages) -> Iterator[object]:  # type: ignore[no-untyped-def]
    made: list[Rig] = []

    def build(scheduler: SyncScheduler | None = None, observer: Observer | None = None) -> Rig:
        rig = build_rig(
            tmp_path, station, sho, keystore, (data_dir, ops, events, messages), scheduler or fast_scheduler(), observer
        )  # fmt: skip
        made.append(rig)
        return rig

    yield build
    for rig in made:
        close_rig(rig)
