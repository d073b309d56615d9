"""`station-app enrol` and `station-app sync`: connect the station to its state server, and run one
sync cycle whose exit code says what happened.

Exit codes of `sync`: 0 everything delivered and pulled; 31 done, but items are held back for a
person (quarantined or conflict); 32 server unreachable or busy (records stay queued; retried
later); 33 the credential was refused (enrol again); 34 update required; 35 not enrolled; 36 the
server refused this station (training vs real); 37 a reply that is not the protocol (captive portal
or proxy); 38 TLS certificate not trusted; 39 another sync is running. `enrol` exits 0 on success,
40 for a refused code, and otherwise as `sync` or with the usual station-app codes.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from station_app.core.keys import open_keystore
from station_app.core.runtime import open_services
from station_app.core.sync_runtime import enrol_station, run_sync_cycle
from sync.client import Timeouts

if TYPE_CHECKING:
    from station_app.cli_context import CliContext


def cmd_enrol(ctx: CliContext) -> int:
    keystore = open_keystore()
    services = open_services(ctx.data_dir, keystore, ctx.clock)
    try:
        reply = enrol_station(
            services, keystore, ctx.args.server, ctx.args.code, by=None, ca_bundle=ctx.args.ca_bundle,
            timeouts=Timeouts(connect=ctx.args.timeout, stall=ctx.args.timeout),
        )  # fmt: skip
    finally:
        services.close()
    kind = " (TRAINING)" if reply.training else ""
    ctx.print(f"Station {reply.station_code} is enrolled with {reply.server_name}{kind}.")
    ctx.print("Its credential is in this computer's key store. Run station-app sync to send the records.")
    return 0


def cmd_sync(ctx: CliContext) -> int:
    keystore = open_keystore()
    services = open_services(ctx.data_dir, keystore, ctx.clock)
    try:
        report = run_sync_cycle(
            services, keystore, timeouts=Timeouts(connect=ctx.args.timeout, stall=ctx.args.timeout)
        )
        last = services.outbox.last_sync()
        queue = services.outbox.status_block()["outbox"]  # the same block as status --json, always whole
    finally:
        services.close()
    body: dict[str, Any] = {
        "outcome": report.outcome.value,
        "exit_code": report.exit_code,
        "message": report.message,
        "pushed": vars(report.pushed),
        "pulled": report.pulled,
        "resets": report.resets,
        "outbox": queue,
        "clock_offset_ms": report.clock_offset_ms,
        "clock_suspect": report.clock_suspect,
        "retry_after": report.retry_after,
        "last_sync": last.isoformat() if last else None,
    }
    if ctx.args.json:
        ctx.print(json.dumps(body, ensure_ascii=False, indent=2))
    else:
        p = report.pushed
        ctx.print(f"Sync: {report.outcome.value}. {report.message}".rstrip())
        ctx.print(
            f"  sent: {p.applied} applied, {p.duplicate} already there, {p.quarantined} quarantined, "
            f"{p.conflict} conflicts, {p.retry_later} to retry"
        )
        if report.pulled:
            ctx.print("  received: " + ", ".join(f"{scope} {n}" for scope, n in report.pulled.items()))
        if report.clock_suspect:
            ctx.print(
                f"  WARNING: this computer's clock is off by {report.clock_offset_ms} ms; set the time."
            )
    return report.exit_code


def _seconds(text: str) -> float:
    """A timeout in seconds: a positive number (argparse turns the ValueError into exit 2)."""
    value = float(text)
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"{text} is not a number of seconds between 0 and 3600")
    return value


def add_sync_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("enrol", help="connect this station to the state server with a one-time code")
    p.add_argument("--server", required=True, help="the state server's address (https://...)")
    p.add_argument("--code", required=True, help="the one-time enrolment code from the server's admin")
    p.add_argument("--ca-bundle", metavar="FILE", help="the state's own CA certificates (PEM)")
    p.add_argument("--timeout", type=_seconds, default=30.0, help="seconds without progress before giving up")
    p.set_defaults(func=cmd_enrol)

    p = sub.add_parser("sync", help="one sync cycle with the state server; the exit code says what happened")
    p.add_argument("--json", action="store_true", help="machine-readable report")
    p.add_argument("--timeout", type=_seconds, default=30.0, help="seconds without progress before giving up")
    p.set_defaults(func=cmd_sync)
