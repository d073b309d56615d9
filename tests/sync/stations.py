"""Stations that make real records (FIRs, GD entries, events) and sync them, for the sync tests."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from state_server import models as srv
from state_server.db import ServerDatabase
from station_app.core.clock import Clock
from station_app.core.keys import KeyStore
from station_app.core.localtime import IST
from station_app.core.models import Fir, FirEvent, GdEntry, OutboxEntry
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices, set_up_station
from station_app.core.sync_runtime import build_engine, enrol_station
from sync.client import Timeouts
from sync.engine import CycleReport, Observer, SyncEngine
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.helpers.firs import theft_values
from tests.sync.fixtures import new_code

FAST = Timeouts(connect=2.0, stall=1.5)


class ShiftedClock:
    """The real time plus an error, like a station PC whose clock is wrong.

    ``step()`` moves it a minute on, so that the General Diary (kept to the minute, never going back)
    can take several entries within one real minute.
    """

    def __init__(self, error: timedelta = timedelta(0)) -> None:
        self.error = error

    def now(self) -> datetime:
        return datetime.now(UTC) + self.error

    def step(self) -> None:
        self.error += timedelta(minutes=1)


def _minute(moment: datetime) -> str:
    return moment.astimezone(IST).replace(second=0, microsecond=0).isoformat()


@dataclass
class SyncStation:
    services: StationServices
    keystore: KeyStore
    actor: Actor
    code: str

    @property
    def clock(self) -> Clock:
        return self.services.clock

    def engine(
        self, observer: Observer | None = None, timeouts: Timeouts = FAST, page_limit: int = 500
    ) -> SyncEngine:
        return build_engine(
            self.services, self.keystore, timeouts=timeouts, observer=observer, page_limit=page_limit
        )

    def sync(self, **kw: Any) -> CycleReport:
        engine = self.engine(**kw)
        try:
            return engine.run_cycle()
        finally:
            engine.close()

    def enrol(self, server_url: str, db: ServerDatabase) -> None:
        enrol_station(
            self.services, self.keystore, server_url, new_code(db, self.code), by=None, timeouts=FAST
        )

    # --- records ---------------------------------------------------------------------------------

    def gd(self, subject: str = "Patrol party left for the market area", kind: str = "departure") -> str:
        clock = self.clock
        if isinstance(clock, ShiftedClock):
            clock.step()
        now = clock.now()
        entry = self.services.diary.add_entry(
            self.actor,
            {
                "kind": kind,
                "entry_at": _minute(now),
                "subject": subject,
                "details": f"{subject}. Details recorded.",
            },
        )
        return entry.id

    def fir(self, zero: bool = False) -> str:
        now = self.clock.now()
        gd_id = self.gd("Written complaint of theft of motorcycle", "complaint_received")
        values = theft_values(
            gd_id,
            occurrence_from=_minute(now - timedelta(days=1, hours=2)),
            occurrence_to=_minute(now - timedelta(days=1)),
            info_received_at=_minute(now - timedelta(minutes=5)),
        )
        if zero:
            values["outside_limits"] = True
        draft = self.services.firs.new_draft(self.actor, values)
        return self.services.firs.register(self.actor, draft.id, draft.summary.version).id

    def alteration(self, fir_id: str) -> None:
        self.services.fir_events.add_alteration(
            self.actor,
            fir_id,
            [{"act": "BNS", "section": "317(2)"}],
            [],
            "Stolen property recovered from the accused",
        )

    def dispatch(self, fir_id: str) -> None:
        self.services.fir_events.record_court_dispatch(
            self.actor, fir_id, self.clock.now(), "HC Ram Singh, No. 101"
        )

    # --- checks ----------------------------------------------------------------------------------

    def outbox(self) -> list[OutboxEntry]:
        with self.services.db.read() as s:
            return list(s.scalars(select(OutboxEntry).order_by(OutboxEntry.client_seq)))

    def statuses(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for e in self.outbox():
            counts[e.status] = counts.get(e.status, 0) + 1
        return counts

    def records(self) -> dict[str, set[tuple[Any, ...]]]:
        with self.services.db.read() as s:
            return {
                "fir": {
                    (f.id, f.series, f.year, f.number, f.content_digest)
                    for f in s.scalars(select(Fir).where(Fir.status != "draft"))
                },
                "gd_entry": {(g.id, g.year, g.number, g.subject) for g in s.scalars(select(GdEntry))},
                "fir_event": {(e.id, e.fir_id, e.seq, e.kind, e.body) for e in s.scalars(select(FirEvent))},
            }


def server_records(db: ServerDatabase, station_code: str) -> dict[str, set[tuple[Any, ...]]]:
    with db.read() as s:
        return {
            "fir": {(f.id, f.series, f.year, f.number, f.content_digest) for f in s.scalars(select(srv.Fir).where(srv.Fir.station_code == station_code))},
            "gd_entry": {(g.id, g.year, g.number, g.subject) for g in s.scalars(select(srv.GdEntry).where(srv.GdEntry.station_code == station_code))},
            "fir_event": {(e.id, e.fir_id, e.seq, e.kind, e.body) for e in s.scalars(select(srv.FirEvent).where(srv.FirEvent.station_code == station_code))},
        }  # fmt: skip


def applied_count(db: ServerDatabase, station_code: str) -> int:
    with db.read() as s:
        return len(
            list(
                s.scalars(
                    select(srv.AppliedMutation.seq).where(srv.AppliedMutation.station_code == station_code)
                )
            )
        )


def make_station(
    root: Path,
    keystore: KeyStore,
    code: str = IDENTITY.station_code,
    clock: Clock | None = None,
    training: bool = False,
) -> SyncStation:
    identity = replace(IDENTITY, station_code=code, training=training)
    outcome = set_up_station(
        DataDir(root / code),
        keystore,
        clock or ShiftedClock(timedelta(hours=-3)),
        identity,
        SHO,
        SHO_PASSWORD,
    )
    actor = outcome.services.accounts.login(SHO.username, SHO_PASSWORD)
    return SyncStation(outcome.services, keystore, actor, code)
