"""Bytes on the wire per FIR registration, and a day's work over a simulated 2G link.

Both run real FIR registrations through the services (each registration queues three commands:
the complaint's GD entry, the FIR, and the "FIR registered" GD entry) and sync them through a
byte-counting proxy; the 2G figure's proxy also models 32 kbit/s, 600 ms RTT and 3 % segment loss.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import Result
from bench.sync_common import enrolled_station, ist_minute, sqlite_server
from station_app.core.keys import open_keystore
from station_app.core.models import OutboxEntry
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from station_app.core.sync_runtime import build_engine
from sync.engine import Outcome
from tests.helpers.firs import theft_values
from tests.sync.fault_proxy import FaultProxy, LinkModel

BANDWIDTH_BPS = 32_000


class _StepClock:
    """Real time, three hours back, a minute on per record (the GD is kept to the minute)."""

    def __init__(self) -> None:
        self.error = timedelta(hours=-3)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.error


def _gd(services: StationServices, sho: Actor, clock: _StepClock, kind: str, subject: str) -> str:
    clock.error += timedelta(minutes=1)
    entry = services.diary.add_entry(
        sho, {"kind": kind, "entry_at": clock.now().isoformat(), "subject": subject, "details": subject + "."}
    )
    return entry.id


def _fir(services: StationServices, sho: Actor, clock: _StepClock) -> str:
    now = clock.now()
    gd = _gd(services, sho, clock, "complaint_received", "Written complaint of theft of motorcycle")
    values = theft_values(
        gd,
        occurrence_from=ist_minute(now - timedelta(days=1, hours=2)),
        occurrence_to=ist_minute(now - timedelta(days=1)),
        info_received_at=ist_minute(now - timedelta(minutes=5)),
    )
    draft = services.firs.new_draft(sho, values)
    return services.firs.register(sho, draft.id, draft.summary.version).id


def _payload_bytes(services: StationServices) -> int:
    with services.db.read() as session:
        return sum(len(e.payload.encode()) for e in session.query(OutboxEntry))


def _station(
    workdir: Path, link: LinkModel | None
) -> tuple[StationServices, Actor, FaultProxy, object, _StepClock]:
    server = sqlite_server(workdir)
    proxy = FaultProxy(server.port, link)
    services, sho = enrolled_station(workdir, server, proxy.url)
    clock = _StepClock()
    services.clock = clock
    services.diary._clock = clock
    services.firs._clock = clock
    services.fir_events._clock = clock
    return services, sho, proxy, server, clock


def run(workdir: Path, quick: bool) -> list[Result]:
    results = [_bytes_per_fir(workdir / "wire", 5 if quick else 20)]
    firs, gds, events = (10, 40, 6) if quick else (50, 200, 30)
    results.append(_day_over_2g(workdir / "2g", firs, gds, events))
    return results


def _bytes_per_fir(workdir: Path, count: int) -> Result:
    services, sho, proxy, server, clock = _station(workdir, None)
    try:
        for _ in range(count):
            _fir(services, sho, clock)
        raw = _payload_bytes(services)
        engine = build_engine(services, open_keystore(), scopes=())
        before = proxy.bytes_up + proxy.bytes_down
        report = engine.run_cycle()
        engine.close()
        assert report.outcome is Outcome.OK, report
        wire = proxy.bytes_up + proxy.bytes_down - before
    finally:
        services.close()
        proxy.close()
        server.stop()  # type: ignore[attr-defined]
    return Result(
        "bytes on the wire per FIR registration (push, gzip, both ways)",
        round(wire / count),
        "its three payloads as canonical JSON, uncompressed",
        round(raw / count),
        "bytes/FIR",
        count,
        f"{count} FIRs in {report.batches} batch(es), incl. hello and HTTP headers",
    )


def _day_over_2g(workdir: Path, firs: int, gds: int, events: int) -> Result:
    link = LinkModel(bandwidth_bps=BANDWIDTH_BPS, rtt_s=0.6, loss=0.03)
    services, sho, proxy, server, clock = _station(workdir, link)
    try:
        ids = [_fir(services, sho, clock) for _ in range(firs)]
        for n in range(gds - 2 * firs):
            _gd(services, sho, clock, "departure", f"Patrol party {n} left for the market area")
        for n in range(events):
            fir_id = ids[n % len(ids)]
            if n < len(ids):
                services.fir_events.add_alteration(
                    sho, fir_id, [{"act": "BNS", "section": "317(2)"}], [], "Property found with the accused"
                )
            else:
                services.fir_events.record_court_dispatch(sho, fir_id, clock.now(), "HC Ram Singh, No. 101")
        engine = build_engine(services, open_keystore())
        start = time.perf_counter()
        report = engine.run_cycle()
        seconds = time.perf_counter() - start
        engine.close()
        assert report.outcome is Outcome.OK, report
        wire = proxy.bytes_up + proxy.bytes_down
    finally:
        services.close()
        proxy.close()
        server.stop()  # type: ignore[attr-defined]
    floor = wire * 8 / BANDWIDTH_BPS
    return Result(
        f"a day's work ({firs} FIRs, {gds} GD entries, {events} FIR events) over 2G: sync time",
        round(seconds, 1),
        "bytes on the wire / 32 kbit/s",
        round(floor, 1),
        "s",
        1,
        f"{wire:,} bytes, {report.batches} push batches + hello + 5 pulls; 600 ms RTT, 3 % loss",
    )
