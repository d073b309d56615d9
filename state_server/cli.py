"""`state-server`: run the reference state server and administer it.

    state-server [--database-url URL] [--training] serve [--host H] [--port P] [--workers N]
    state-server create-station --station-code C --name N     prints a one-time enrolment code
    state-server reissue-code --station-code C [--revoke]       a new code (re-enrolment)
    state-server publish --scope S --file F.json [--station-code C] [--delete ID ...] [--replace]
    state-server reset-scope --scope S [--station-code C]        stations then rebuild the scope (410)
    state-server status [--json]
    state-server migrate

Exit codes: 0 success, 2 wrong usage, 3 the command could not be done (message on stderr).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from state_server import __version__, admin
from state_server.config import DATABASE_URL_ENV, Settings, default_database_url
from state_server.db import ServerDatabase
from sync.protocol import SCOPES

EXIT_OK = 0
EXIT_FAILED = 3
TRAINING_ENV = "STATE_SERVER_TRAINING"


def _settings(args: argparse.Namespace) -> Settings:
    return Settings(database_url=args.database_url, training=args.training)


def app_from_env() -> object:
    """Factory for `uvicorn --factory` worker processes: settings come through the environment."""
    from state_server.app import create_app  # noqa: PLC0415 - FastAPI only where it serves

    settings = Settings(database_url=default_database_url(), training=os.environ.get(TRAINING_ENV) == "1")
    return create_app(settings)


def quiet_storage_logs(level: str) -> None:
    """The server's own messages at ``level``; the database layer's never below WARNING, because its
    INFO and DEBUG lines print statements' parameters and fetched rows (personal data)."""
    logging.getLogger().setLevel(level.upper())
    for name in ("sqlalchemy", "psycopg", "alembic"):
        logging.getLogger(name).setLevel(logging.WARNING)


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    import uvicorn  # noqa: PLC0415

    from state_server.app import create_app  # noqa: PLC0415

    quiet_storage_logs(args.log_level)
    settings = _settings(args)
    db = ServerDatabase(settings.database_url)
    db.migrate()
    kind = "TRAINING server" if settings.training else "state server"
    print(f"Serving the {kind} on http://{args.host}:{args.port} (OpenAPI at /docs)", file=out, flush=True)
    if args.workers > 1:
        db.dispose()
        os.environ[DATABASE_URL_ENV] = settings.database_url
        os.environ[TRAINING_ENV] = "1" if settings.training else "0"
        uvicorn.run("state_server.cli:app_from_env", factory=True, host=args.host, port=args.port,
                    workers=args.workers, log_level=args.log_level)  # fmt: skip
    else:
        uvicorn.run(create_app(settings, db), host=args.host, port=args.port, log_level=args.log_level)
    return EXIT_OK


def _db(args: argparse.Namespace) -> ServerDatabase:
    db = ServerDatabase(args.database_url, pool_size=2)
    db.migrate()
    return db


def cmd_migrate(args: argparse.Namespace, out: TextIO) -> int:
    _db(args).dispose()
    print("The server database is up to date.", file=out)
    return EXIT_OK


def cmd_create_station(args: argparse.Namespace, out: TextIO) -> int:
    db = _db(args)
    try:
        code = admin.create_station(db, args.station_code, args.name)
    finally:
        db.dispose()
    print(code, file=out)
    return EXIT_OK


def cmd_reissue_code(args: argparse.Namespace, out: TextIO) -> int:
    db = _db(args)
    try:
        code = admin.reissue_code(db, args.station_code, revoke=args.revoke)
    finally:
        db.dispose()
    print(code, file=out)
    return EXIT_OK


def cmd_publish(args: argparse.Namespace, out: TextIO) -> int:
    items = admin.load_items(Path(args.file).read_text(encoding="utf-8")) if args.file else []
    db = _db(args)
    try:
        n = admin.publish(db, args.scope, items, args.station_code, args.delete, args.replace)
    finally:
        db.dispose()
    print(f"Published {n} change(s) to {args.scope}.", file=out)
    return EXIT_OK


def cmd_reset_scope(args: argparse.Namespace, out: TextIO) -> int:
    db = _db(args)
    try:
        epoch = admin.reset_scope(db, args.scope, args.station_code)
    finally:
        db.dispose()
    print(f"{args.scope} is now at epoch {epoch}; stations will read it again from the start.", file=out)
    return EXIT_OK


def cmd_status(args: argparse.Namespace, out: TextIO) -> int:
    db = _db(args)
    try:
        body = admin.status(db, args.training)
    finally:
        db.dispose()
    if args.json:
        print(json.dumps(body, indent=2, ensure_ascii=False), file=out)
        return EXIT_OK
    for code, st in body["stations"].items():
        counts = ", ".join(f"{k} {v}" for k, v in st["counts"].items())
        print(
            f"{code:<16} {st['name']:<30} {counts}; last push {st['last_push'] or 'never'}, "
            f"last pull {st['last_pull'] or 'never'}",
            file=out,
        )
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="state-server", description="The reference state server of the station app."
    )
    parser.add_argument("--version", action="version", version=f"state-server {__version__}")
    parser.add_argument(
        "--database-url", default=default_database_url(),
        help=f"SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db (default: ${DATABASE_URL_ENV} or a SQLite file)",
    )  # fmt: skip
    parser.add_argument(
        "--training", action="store_true", help="a training server: only training stations enrol"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("serve", help="serve the sync protocol over HTTP")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8470)
    p.add_argument("--workers", type=int, default=1, help="worker processes (PostgreSQL only)")
    p.add_argument(
        "--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"]
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("migrate", help="create or upgrade the server's tables")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("create-station", help="register a station; prints its one-time enrolment code")
    p.add_argument("--station-code", required=True)
    p.add_argument("--name", required=True)
    p.set_defaults(func=cmd_create_station)

    p = sub.add_parser("reissue-code", help="a new one-time enrolment code for a station")
    p.add_argument("--station-code", required=True)
    p.add_argument("--revoke", action="store_true", help="also end the station's current credential")
    p.set_defaults(func=cmd_reissue_code)

    p = sub.add_parser("publish", help="publish reference data or inbox items to stations")
    p.add_argument("--scope", required=True, choices=SCOPES)
    p.add_argument("--file", help='JSON list of items, each with an "id"')
    p.add_argument("--station-code", help="the station, for the station_inbox scope")
    p.add_argument("--delete", action="append", default=[], metavar="ID", help="withdraw an item")
    p.add_argument("--replace", action="store_true", help="the file replaces the whole scope")
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("reset-scope", help="make stations read a scope again from the start")
    p.add_argument("--scope", required=True, choices=SCOPES)
    p.add_argument("--station-code")
    p.set_defaults(func=cmd_reset_scope)

    p = sub.add_parser("status", help="stations, their record counts, last push and pull")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        code: int = args.func(args, out)
    except admin.AdminError as exc:
        print(f"state-server: {exc}", file=err)
        return EXIT_FAILED
    except OSError as exc:
        print(f"state-server: {exc}", file=err)
        return EXIT_FAILED
    return code


if __name__ == "__main__":
    sys.exit(main())
