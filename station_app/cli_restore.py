"""`station-app restore` and `station-app update`: the administrator's recovery and upgrade commands.

    station-app restore FILE [--recovery-key KEY|-] [--replace --user USER]
    station-app update verify FILE
    station-app update install FILE [--print-command]

Restore exit codes: 0 restored and verified; 1 restored, but verify found problems; 14 wrong recovery
key; 20/21 sign-in failed / not allowed; 23 no such file; 40 the backup is damaged or cut off; 41 the
backup is of another station; 42 the recovery key is needed (no key for it in this computer's key
store, or replacing a station without signing in); 43 a station is already in the data folder (add
--replace); 12 the backup is newer than this app. Update exit codes: 50 not genuine (altered,
damaged, not signed by the publisher); 51 another product; 52 not newer than this version; 53 the
installer could not be started.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from station_app import __version__
from station_app.cli_signin import add_user_option, sign_in
from station_app.core.errors import RecoveryKeyNeededError
from station_app.core.keys import open_keystore
from station_app.core.permissions import Actor
from station_app.core.restore import restore_station
from station_app.core.runtime import open_services
from station_app.core.updates import extract_package, hand_to_installer, installer_command, verify_bundle

if TYPE_CHECKING:
    from station_app.cli_context import CliContext

EXIT_OK = 0
EXIT_VERIFY_PROBLEMS = 1


def read_recovery_key(given: str | None) -> str:
    """As `recover` reads it: the option's value, or (for ``-`` or none) standard input or a prompt."""
    if given is not None and given != "-":
        return given
    if not sys.stdin.isatty():
        return sys.stdin.readline()
    return getpass.getpass("Recovery key (from the printed sheet): ")


def _sign_in_current(ctx: CliContext, user: str) -> Actor:
    """An officer of the station being replaced (the SHO or the IT admin), signed in as at the desk."""
    services = open_services(ctx.data_dir, open_keystore(), ctx.clock)
    try:
        return sign_in(ctx, services, user)
    finally:
        services.close()


def cmd_restore(ctx: CliContext) -> int:
    a = ctx.args
    backup = Path(a.file).expanduser()
    recovery_key = read_recovery_key(a.recovery_key) if a.recovery_key is not None else None
    actor = _sign_in_current(ctx, a.user) if (a.user and a.replace and recovery_key is None) else None
    keystore = open_keystore()
    try:
        report = restore_station(
            ctx.data_dir,
            keystore,
            ctx.clock,
            backup,
            recovery_key=recovery_key,
            replace=a.replace,
            actor=actor,
        )
    except RecoveryKeyNeededError:
        if recovery_key is not None or actor is not None or not sys.stdin.isatty():
            raise
        ctx.print("This computer's key store has no key for the backup: the printed recovery key is needed.")
        report = restore_station(
            ctx.data_dir, keystore, ctx.clock, backup, recovery_key=read_recovery_key(None), replace=a.replace
        )
    ctx.print(f"Restored {report.backup.name} (station {report.station_code}) into {ctx.data_dir.root}.")
    if report.safety_copy is not None:
        ctx.print(f"The station it replaced was kept in {report.safety_copy}.")
    for name, count in report.counts.items():
        ctx.print(f"  {name:<20} {count}")
    integrity = report.integrity
    ctx.print(
        f"Verify: audit chain {integrity.audit_entries} entries: {'ok' if integrity.ok else 'PROBLEMS'}"
    )
    if not integrity.ok:
        ctx.err.write(
            "The restored database failed verification: run station-app verify and call the IT admin.\n"
        )
        return EXIT_VERIFY_PROBLEMS
    return EXIT_OK


def cmd_update_verify(ctx: CliContext) -> int:
    update = verify_bundle(Path(ctx.args.file).expanduser(), ctx.update_keys, __version__)
    m = update.manifest
    ctx.print(f"{update.bundle.name}: a genuine station app update, signed by the publisher.")
    ctx.print(f"  Version:   {m.version} (this computer runs {update.current_version})")
    ctx.print(f"  Released:  {m.released_at}")
    ctx.print(f"  Package:   {m.package_name} for {m.package_platform}, {m.package_size:,} bytes")
    if m.release_notes:
        ctx.print("  Release notes:")
        for line in m.release_notes.splitlines():
            ctx.print(f"    {line}")
    return EXIT_OK


def cmd_update_install(ctx: CliContext) -> int:
    update = verify_bundle(Path(ctx.args.file).expanduser(), ctx.update_keys, __version__)
    package = extract_package(update)
    command = installer_command(package)
    if ctx.args.print_command:
        ctx.print(" ".join(command))
        return EXIT_OK
    ctx.print(f"Installing station app {update.manifest.version}: {' '.join(command)}")
    hand_to_installer(package).wait()
    return EXIT_OK


def add_restore_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "restore",
        help="put a backup back (onto an empty data folder, or --replace the station here)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", help="the backup's .db file (its -key.json beside it)")
    p.add_argument(
        "--recovery-key",
        metavar="KEY",
        help="the printed recovery key (on a new computer); '-' reads it from standard input or a prompt",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="replace the station in the data folder (it is kept in backups/before-restore-...)",
    )
    add_user_option(p, "replacing the station, without the recovery key (the SHO or the IT admin)")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("update", help="check or install a signed offline update file")
    update_sub = p.add_subparsers(dest="update_command", metavar="UPDATE_COMMAND", required=True)
    pp = update_sub.add_parser("verify", help="check the signature, product and version; install nothing")
    pp.add_argument("file", metavar="FILE", help="the update file (.update)")
    pp.set_defaults(func=cmd_update_verify)
    pp = update_sub.add_parser("install", help="check the file, then hand the package to the installer")
    pp.add_argument("file", metavar="FILE", help="the update file (.update)")
    pp.add_argument("--print-command", action="store_true", help="only print the installer command")
    pp.set_defaults(func=cmd_update_install)
