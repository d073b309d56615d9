"""The encrypted station database: engine, sessions, and SQLite errors turned into typed errors.

SQLCipher 4 through ``sqlcipher3`` under SQLAlchemy 2. The raw 256-bit key is applied before any
other statement on every new connection; then foreign keys, WAL and ``synchronous=FULL`` (a commit
that returned is on disk, so a power cut cannot lose an acknowledged record). Writes use
``BEGIN IMMEDIATE`` so that two writers queue for the lock instead of failing on upgrade.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from station_app.core.errors import (
    CorruptDatabaseError,
    DatabaseLockedError,
    DiskFullError,
    OutputExistsError,
    ReadOnlyError,
    StationError,
    StorageError,
    WrongKeyError,
)
from station_app.core.fsutil import atomic_output_path, private_folder

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
_ADMIN_HINT_LOCK = (
    "Another copy of the station app, a backup program or an antivirus scan may hold the file. "
    "Close other copies; if it persists, restart the computer."
)


def _dbapi_error_name(exc: BaseException) -> str:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    return str(getattr(orig, "sqlite_errorname", "") or "")


def classify_error(exc: BaseException, path: Path, *, key_known_good: bool = False) -> StationError:
    """Turn a SQLite/SQLCipher failure into the typed error an officer can act on."""
    if isinstance(exc, StationError):
        return exc
    name = _dbapi_error_name(exc)
    where = str(path)
    if name == "SQLITE_NOTADB":
        if key_known_good:
            return CorruptDatabaseError(
                "The station database file is damaged or incomplete and cannot be read.",
                f"The key is correct, but {where} does not decrypt: the file is truncated or corrupted. "
                "Put back the latest copy from the backups folder by hand, with the app closed (README: The data folder).",
            )
        return WrongKeyError(
            "The key in this computer's key store does not open this station's database.",
            f"The key stored for {where} belongs to another station or was overwritten. "
            "Use the station's printed recovery key: station-app recover.",
        )
    if name.startswith("SQLITE_CORRUPT"):
        return CorruptDatabaseError(
            "The station database is damaged.",
            f"SQLite reported {name} for {where}. Run station-app verify, then restore the latest backup.",
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return DatabaseLockedError("The station database is in use by another program.", _ADMIN_HINT_LOCK)
    if name == "SQLITE_FULL" or _is_enospc(exc):
        return DiskFullError(
            "The disk is full, so nothing could be saved. Your last change was not stored.",
            f"Free space on the drive that holds {where} (old backups, downloads), then try again.",
        )
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")):
        return ReadOnlyError(
            "The station's data folder cannot be written.",
            f"The user account needs write permission on {path.parent}; check that the drive is not "
            f"read-only or full. SQLite reported {name or type(exc).__name__}.",
        )
    if name.startswith("SQLITE_IOERR"):
        return StorageError(
            "The computer could not read or write the station database.",
            f"SQLite reported {name} for {where}: check the disk for errors and free space.",
        )
    return StorageError(
        "The station database reported an unexpected error.",
        f"{type(exc).__name__} ({name or 'no code'}) on {where}; see the log file for details.",
    )


def _is_enospc(exc: BaseException) -> bool:
    current: BaseException | None = exc
    while current is not None:
        if isinstance(current, OSError) and current.errno == errno.ENOSPC:
            return True
        current = current.__cause__ or current.__context__
    return False


def _connect(path: Path, key: bytes, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Any:
    conn = sqlcipher3.connect(
        str(path), isolation_level=None, check_same_thread=False, timeout=busy_timeout_ms / 1000
    )
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # keep SQLCipher from printing to stderr
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        conn.execute("PRAGMA journal_mode = WAL").fetchall()
        conn.execute("PRAGMA synchronous = FULL")
    except Exception:
        conn.close()
        raise
    return conn


def make_engine(path: Path, key: bytes, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    engine = create_engine(
        "sqlite+pysqlite://",
        module=sqlcipher3.dbapi2,
        creator=lambda: _connect(path, key, busy_timeout_ms),
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
    )

    # The driver runs in autocommit mode (isolation_level=None); we issue BEGIN ourselves so the
    # transaction kind is explicit: IMMEDIATE for writers, DEFERRED for readers.
    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Database:
    """One open station database. Services get one of these; nothing else touches the engine."""

    def __init__(self, path: Path, key: bytes, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.path = path
        self.engine = make_engine(path, key, busy_timeout_ms)
        self._key = key
        # The audit chain key (station_app.core.audit.AuditChainKey), set by open_station once it is
        # loaded from the key store; every session carries it so audit entries are keyed.
        self.audit_chain: object | None = None
        self._writer = sessionmaker(
            bind=self.engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False
        )
        self._reader = sessionmaker(bind=self.engine, expire_on_commit=False)

    def check_readable(self) -> None:
        """Prove the key fits by reading the schema; raise the typed error when it does not."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
        except Exception as exc:
            raise classify_error(exc, self.path, key_known_good=True) from exc

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One short write transaction: commits on success, rolls back on any error."""
        session = self._writer(info={"audit_chain": self.audit_chain})
        try:
            with session.begin():
                yield session
        except StationError:
            raise
        except DBAPIError as exc:
            raise classify_error(exc, self.path, key_known_good=True) from exc
        except OSError as exc:
            raise classify_error(exc, self.path, key_known_good=True) from exc
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self._reader(info={"audit_chain": self.audit_chain})
        try:
            with session.begin():
                yield session
        except StationError:
            raise
        except DBAPIError as exc:
            raise classify_error(exc, self.path, key_known_good=True) from exc
        finally:
            session.close()

    def backup_to(self, target: Path) -> None:
        """A consistent encrypted copy (same key) through SQLite's online backup API, written as a
        private temporary file and renamed; an existing ``target`` is never replaced."""
        private_folder(target.parent, tighten=False)
        try:
            with atomic_output_path(target, replace=False) as tmp:
                self._copy_into(tmp, target)
        except FileExistsError as exc:
            raise OutputExistsError(f"The backup was not written: {target} already exists.") from exc

    def _copy_into(self, tmp: Path, target: Path) -> None:
        dest = _connect(tmp, self._key)
        try:
            raw = self.engine.raw_connection()
            try:
                raw.driver_connection.backup(dest)  # type: ignore[union-attr]
            finally:
                raw.close()
            dest.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            dest.execute("PRAGMA journal_mode = DELETE").fetchall()
        except Exception as exc:
            raise classify_error(exc, target, key_known_good=True) from exc
        finally:
            dest.close()
            for suffix in ("-wal", "-shm", "-journal"):
                Path(str(tmp) + suffix).unlink(missing_ok=True)

    @property
    def key(self) -> bytes:
        """The raw key, for opening a backup copy read-only to check it (``backup_files``)."""
        return self._key

    def dispose(self) -> None:
        self.engine.dispose()
