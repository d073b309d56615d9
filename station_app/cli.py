"""`station-app`: the GUI by default, and admin commands for IT staff and scripts.

Exit codes are part of the contract (README "Command line"): 0 success, 1 integrity problems found
by `verify`, 2 wrong usage, and each typed error's own code (see station_app.core.errors).
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from station_app import __version__
from station_app.cli_context import CliContext
from station_app.cli_fir import add_fir_commands
from station_app.cli_import import add_import_commands
from station_app.cli_names import add_names_commands
from station_app.cli_restore import add_restore_commands, read_recovery_key
from station_app.cli_signin import add_user_option, sign_in
from station_app.cli_sync import add_sync_commands
from station_app.core.errors import (
    NotSetUpError,
    RecoveryKeyError,
    StationError,
    SystemLibrariesMissingError,
    UsageError,
    ValidationError,
)
from station_app.core.identity import StationIdentity
from station_app.core.keys import KeyStore, normalise_recovery_key, open_keystore
from station_app.core.logs import configure_logging
from station_app.core.outputs import OutputFiles
from station_app.core.permissions import Role
from station_app.core.runtime import StationServices, open_services, set_up_station
from station_app.core.services.accounts import NewOfficer
from station_app.core.storage import recover_with_recovery_key
from station_app.core.updates import PUBLISHER_KEYS
from station_app.system_libs import find_pyside_dir, missing_for_qt

log = logging.getLogger("station_app.cli")

ADMIN_PASSWORD_ENV = "STATION_APP_ADMIN_PASSWORD"
EXIT_OK = 0
EXIT_PROBLEMS_FOUND = 1
EXIT_USAGE = 2
EXIT_UNEXPECTED = 70


# --- commands ------------------------------------------------------------------------------------


def cmd_setup(ctx: CliContext) -> int:
    a = ctx.args
    identity = StationIdentity(
        state=a.state,
        district=a.district,
        station_name=a.station_name,
        station_name_hi=a.station_name_hi,
        station_code=a.station_code,
        training=a.training,
    )
    admin = NewOfficer(a.admin_user, a.admin_name, a.admin_rank, a.admin_belt, Role.SHO)
    password = os.environ.get(ADMIN_PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            raise ValidationError(
                {
                    "admin_password": f"Give the SHO's password in {ADMIN_PASSWORD_ENV} when not run at a terminal."
                }
            )
        password = getpass.getpass(f"Password for {a.admin_user}: ")
        if getpass.getpass("Type it again: ") != password:
            raise ValidationError({"admin_password": "The two passwords differ."})
    keystore = open_keystore()
    outcome = set_up_station(ctx.data_dir, keystore, ctx.clock, identity, admin, password)
    configure_logging(ctx.data_dir.log_file)
    log.info("station %s set up in %s (training=%s)", identity.station_code, ctx.data_dir.root, a.training)
    services = outcome.services
    try:
        try:
            _show_recovery_key(ctx, outcome.recovery_key)
            confirmed = (
                not sys.stdin.isatty() or a.no_confirm or _confirm_recovery_key(ctx, outcome.recovery_key)
            )
        except (EOFError, KeyboardInterrupt):
            confirmed = False
        except BaseException:
            outcome.undo(keystore)  # nobody may have seen the key: a station nobody can recover is worse
            raise
        if not confirmed:
            outcome.undo(keystore)
            ctx.err.write("The recovery key was not confirmed, so setup was undone. Run setup again.\n")
            return RecoveryKeyError.exit_code
        kind = "Training station" if a.training else "Station"
        ctx.print(f"{kind} {services.station.identity().display_name()} is ready in {ctx.data_dir.root}.")
    finally:
        services.close()
    return EXIT_OK


def _show_recovery_key(ctx: CliContext, recovery_key: str) -> None:
    line = "=" * 64
    ctx.print(line)
    ctx.print("RECOVERY KEY (shown once). Write it down or print it, and keep it in the station safe.")
    ctx.print("It is the only way to open this station's records if this computer's key store is lost.")
    ctx.print()
    ctx.print(f"    {recovery_key}")
    ctx.print()
    ctx.print(line)


def _confirm_recovery_key(ctx: CliContext, recovery_key: str) -> bool:
    wanted = normalise_recovery_key(recovery_key)
    for _attempt in range(3):
        typed = input("Type the recovery key again to confirm you have it: ")
        try:
            if normalise_recovery_key(typed) == wanted:
                return True
            ctx.err.write("That is a different key. Compare it group by group.\n")
        except RecoveryKeyError as exc:
            ctx.err.write(f"{exc.message}\n")
    return False


def cmd_status(ctx: CliContext) -> int:
    services = open_services(ctx.data_dir, open_keystore(), ctx.clock)
    try:
        identity = services.station.identity()
        status = {
            "app_version": __version__,
            "data_dir": str(ctx.data_dir.root),
            "station": {
                "state": identity.state,
                "district": identity.district,
                "station_name": identity.station_name,
                "station_name_hi": identity.station_name_hi,
                "station_code": identity.station_code,
                "training": identity.training,
            },
            "counts": services.station.counts(),
            **services.sync_status(),
        }
    finally:
        services.close()
    if ctx.args.json:
        ctx.print(json.dumps(status, ensure_ascii=False, indent=2))
    else:
        st = status["station"]
        assert isinstance(st, dict)
        ctx.print(f"{st['station_name']} / {st['station_name_hi']} ({st['station_code']})")
        ctx.print(f"{st['district']}, {st['state']}{'  [TRAINING]' if st['training'] else ''}")
        counts = status["counts"]
        assert isinstance(counts, dict)
        for name, count in counts.items():
            ctx.print(f"  {name:<20} {count}")
    return EXIT_OK


def cmd_verify(ctx: CliContext) -> int:
    keystore = open_keystore()
    services = open_services(ctx.data_dir, keystore, ctx.clock)
    server_problem: str | None = None
    try:
        report = services.station.check_integrity()
        if ctx.args.against_server:
            server_problem = _check_against_server(ctx, services, keystore)
    finally:
        services.close()
    ctx.print(f"SQLCipher page check: {'ok' if report.sqlcipher_ok else 'FAILED'}")
    _print_first_lines(ctx, report.sqlcipher_messages)
    ctx.print(f"SQLite structure:     {'ok' if report.sqlite_ok else 'FAILED'}")
    _print_first_lines(ctx, report.sqlite_messages)
    ctx.print(f"Foreign keys:         {'ok' if report.foreign_keys_ok else 'FAILED'}")
    ctx.print(
        f"Audit chain:          {report.audit_entries} entries, {report.audit_records} records: "
        f"{'ok' if not report.audit_problems else 'BROKEN'}"
    )
    if report.audit_problems:
        ctx.print(f"  First broken: {report.audit_problems[0]}")
        for extra in report.audit_problems[1:VERIFY_PROBLEMS_SHOWN]:
            ctx.print(f"  Also: {extra}")
        if len(report.audit_problems) > VERIFY_PROBLEMS_SHOWN:
            ctx.print(f"  ... and {len(report.audit_problems) - VERIFY_PROBLEMS_SHOWN} more")
    if server_problem is not None:
        ctx.print(f"  Against the state server: {server_problem}")
    if report.ok and server_problem is None:
        ctx.print("The station database is intact.")
        return EXIT_OK
    ctx.err.write(
        "The station database failed verification; see above. Do not delete anything: call the IT admin.\n"
    )
    return EXIT_PROBLEMS_FOUND


VERIFY_PROBLEMS_SHOWN = 20


def _check_against_server(ctx: CliContext, services: StationServices, keystore: KeyStore) -> str | None:
    """The state server's anchor of this station's chain: printed, and the problem if it is not extended."""
    from station_app.core.sync_runtime import check_against_server  # noqa: PLC0415 - sync loads when used
    from sync.client import Timeouts  # noqa: PLC0415

    anchor, problem = check_against_server(
        services, keystore, Timeouts(connect=ctx.args.timeout, stall=ctx.args.timeout)
    )
    if anchor is None:
        ctx.print("State server anchor: none yet (nothing anchored by a sync so far)")
    else:
        ctx.print(
            f"State server anchor: entry #{anchor.seq}: {'FAILED' if problem else 'ok, the local chain extends it'}"
        )
    return problem


def _print_first_lines(ctx: CliContext, messages: Sequence[str], shown: int = 5) -> None:
    """A damaged file can yield hundreds of lines (one per unreadable page): the first few say enough."""
    lines = [line for message in messages for line in message.splitlines() if line.strip()]
    for line in lines[:shown]:
        ctx.print(f"  {line}")
    if len(lines) > shown:
        ctx.print(f"  ... and {len(lines) - shown} more")


def cmd_recover(ctx: CliContext) -> int:
    if not ctx.data_dir.database.exists():
        raise NotSetUpError(
            f"No station is set up in {ctx.data_dir.root}: there is nothing to recover.",
            "Check --data-dir (or STATION_APP_DATA_DIR) names the station's folder.",
        )
    text = read_recovery_key(ctx.args.recovery_key)
    recover_with_recovery_key(ctx.data_dir, open_keystore(), text, ctx.clock)
    ctx.print(
        "Access restored: the database key and the audit chain key are back in this computer's key store."
    )
    return EXIT_OK


def cmd_backup(ctx: CliContext) -> int:
    folder = Path(ctx.args.output) if ctx.args.output else None
    if folder is not None:  # refused before the database is opened
        OutputFiles(ctx.data_dir.root).check_folder(folder, what="The backup")
    services = open_services(ctx.data_dir, open_keystore(), ctx.clock)
    try:
        actor = sign_in(ctx, services, ctx.args.user)  # a copy of every record: the SHO or the IT admin
        target = services.make_backup(actor, folder)
    finally:
        services.close()
    ctx.print(f"Encrypted backup written to {target}")
    return EXIT_OK


def cmd_gui(ctx: CliContext) -> int:
    try:
        from station_app.app import run_gui  # noqa: PLC0415 - Qt is loaded only when the GUI is wanted
    except ImportError as exc:
        raise _qt_cannot_load(exc) from exc
    return run_gui(ctx.data_dir, ctx.args.qt_args)


def _qt_cannot_load(exc: ImportError) -> SystemLibrariesMissingError:
    """Qt's wheels link against system libraries a bare Linux lacks: name them all, by package."""
    pyside = find_pyside_dir()
    missing = missing_for_qt(pyside) if pyside is not None else None
    if missing:
        return SystemLibrariesMissingError(missing.message("The station app's window"), str(exc))
    return SystemLibrariesMissingError(
        f"The window toolkit (Qt) could not be loaded: {exc}.",
        "Reinstall the station app; on Linux, install the package that provides the library named above.",
    )


# --- parser ----------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="station-app",
        description="Police station records: FIRs, General Diary, arrests, case diary. "
        "Without a command, opens the application window.",
    )
    parser.add_argument("--version", action="version", version=f"station-app {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="the station's data folder (default: $STATION_APP_DATA_DIR or the per-user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("setup", help="set up a new station non-interactively (first run)")
    p.add_argument("--state", required=True)
    p.add_argument("--district", required=True)
    p.add_argument("--station-name", required=True)
    p.add_argument("--station-name-hi", required=True, help="the station's name in Devanagari")
    p.add_argument("--station-code", required=True, help="the CCTNS police-station code")
    p.add_argument("--admin-user", required=True, help="user name of the first SHO account")
    p.add_argument("--admin-name", required=True, help="full name of the SHO")
    p.add_argument("--admin-rank", default="Inspector", help="rank of the SHO (default: Inspector)")
    p.add_argument("--admin-belt", default="", help="belt or PIS number of the SHO")
    p.add_argument("--training", action="store_true", help="make a training station with practice records")
    p.add_argument(
        "--no-confirm",
        action="store_true",
        help="do not ask to re-type the recovery key (it is still printed once)",
    )
    p.set_defaults(func=cmd_setup)

    p = sub.add_parser("status", help="station identity and record counts")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("verify", help="check encryption, structure and the audit chain; exit 1 on problems")
    p.add_argument(
        "--against-server",
        action="store_true",
        help="also ask the state server which head of the audit chain it holds, and check the chain extends it",
    )
    p.add_argument("--timeout", type=float, default=30.0, help="seconds without progress before giving up")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("recover", help="restore the database key from the printed recovery key")
    p.add_argument("--recovery-key", help="the key (otherwise read from the terminal or standard input)")
    p.set_defaults(func=cmd_recover)

    add_fir_commands(sub)

    p = sub.add_parser("backup", help="write an encrypted backup copy of the station database")
    p.add_argument(
        "--output",
        "-o",
        metavar="DIR",
        help="folder for the copy, outside the data folder (default: the data folder's backups folder)",
    )
    add_user_option(p, "making the backup (the SHO or the IT admin)")
    p.set_defaults(func=cmd_backup)
    add_sync_commands(sub)
    add_import_commands(sub)
    add_restore_commands(sub)
    add_names_commands(sub)
    _accept_data_dir_after_commands(parser)
    return parser


def _accept_data_dir_after_commands(parser: argparse.ArgumentParser) -> None:
    """`station-app status --data-dir DIR` as well as `station-app --data-dir DIR status`."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                if "--data-dir" not in sub._option_string_actions:
                    sub.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                                     help="the station's data folder (as before the command)")  # fmt: skip
                _accept_data_dir_after_commands(sub)


def _option_names(parser: argparse.ArgumentParser) -> set[str]:
    names = set(parser._option_string_actions)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                names |= set(sub._option_string_actions)
    return names


def main(
    argv: Sequence[str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    *,
    update_keys: Sequence[str] = PUBLISHER_KEYS,
) -> int:
    """``update_keys``: the publisher's public keys (tests pass a throwaway one)."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    if args.command is not None and rest:
        parser.error(f"unrecognised arguments: {' '.join(rest)}")
    args.qt_args = rest
    ctx = CliContext(args, out, err, update_keys)
    logged = ctx.data_dir.root.exists() and configure_logging(ctx.data_dir.log_file) is not None
    if not logged:
        logging.getLogger().addHandler(logging.NullHandler())  # never Python's own stderr fallback
    func: Callable[[CliContext], int] = args.func if args.command else cmd_gui
    try:
        return func(ctx)
    except UsageError as exc:
        parser.error(exc.message)  # exits 2, as argparse does for every other usage mistake
    except StationError as exc:
        if isinstance(exc, ValidationError):
            err.write(f"{exc.title}:\n")
            options = _option_names(parser)
            for field, msg in exc.field_errors.items():
                option = "--" + field.replace("_", "-")
                err.write(f"  {option if option in options else field.replace('_', ' ')}: {msg}\n")
        else:
            err.write(f"{exc.title}: {exc.message}\n")
        if exc.hint:
            err.write(f"For the district IT admin: {exc.hint}\n")
        log.warning("%s: %s", type(exc).__name__, exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        err.write("Interrupted.\n")
        return 130
    except Exception as exc:
        log.exception("unexpected error in station-app %s", args.command or "gui")
        where = f"details are in {ctx.data_dir.log_file}" if logged else f"{type(exc).__name__}: {exc}"
        err.write(
            "Something unexpected went wrong; nothing was changed by the failed step.\n"
            f"For the district IT admin: {where}\n"
        )
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    sys.exit(main())
