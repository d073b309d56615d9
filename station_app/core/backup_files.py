"""Backup files on disk: their names, how they are checked, and which ones retention keeps.

A backup is two files side by side: ``station-<CODE>-<UTC stamp>.db`` (the SQLCipher database,
encrypted with the station's key, exactly as SQLite's backup API wrote it) and ``...-key.json`` (a
copy of ``station-key.json``: the key wrapped under the recovery key, useless without the printed
sheet). A backup is only ever given its final name after it was opened with the key and passed
SQLCipher's and SQLite's integrity checks, so a file with that name is a good backup; a copy that
failed half-way keeps a hidden temporary name and is removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3

from station_app.core.errors import BackupDamagedError
from station_app.core.localtime import to_ist

BACKUP_PREFIX = "station-"
BACKUP_SUFFIX = ".db"
KEY_SUFFIX = "-key.json"
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
PAGE_SIZE = 4096
_STAMP_RE = re.compile(r"(\d{8}T\d{6}Z)(?:-(\d+))?$")


def backup_name(station_code: str, taken_at: datetime) -> str:
    return f"{BACKUP_PREFIX}{station_code}-{taken_at.astimezone(UTC).strftime(STAMP_FORMAT)}"


def key_file_for(backup: Path) -> Path:
    """``station-X-20261205T090000Z.db`` -> ``station-X-20261205T090000Z-key.json``."""
    return backup.with_name(backup.name.removesuffix(BACKUP_SUFFIX) + KEY_SUFFIX)


def taken_at_of(backup: Path) -> datetime | None:
    match = _STAMP_RE.search(backup.name.removesuffix(BACKUP_SUFFIX))
    if match is None:
        return None
    return datetime.strptime(match.group(1), STAMP_FORMAT).replace(tzinfo=UTC)


def sequence_of(backup: Path) -> int:
    """Two backups within one second: the second is ``...Z-2.db``."""
    match = _STAMP_RE.search(backup.name.removesuffix(BACKUP_SUFFIX))
    return int(match.group(2)) if match and match.group(2) else 1


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime

    @property
    def order(self) -> tuple[datetime, int]:
        return self.taken_at, sequence_of(self.path)

    @property
    def key_path(self) -> Path:
        return key_file_for(self.path)


def list_backups(folder: Path) -> list[BackupFile]:
    """The complete backups in ``folder`` (database and key file both there), newest first.
    Hidden temporary files of a copy in progress, or one that failed, are never listed."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"{BACKUP_PREFIX}*{BACKUP_SUFFIX}"):
        taken_at = taken_at_of(path)
        if taken_at is not None and key_file_for(path).is_file():
            found.append(BackupFile(path, taken_at))
    return sorted(found, key=lambda b: b.order, reverse=True)


# --- retention -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Retention:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12


DEFAULT_RETENTION = Retention()


def backups_to_keep(backups: Iterable[BackupFile], retention: Retention = DEFAULT_RETENTION) -> set[Path]:
    """Grandfather-father-son: the newest backup of each of the last ``daily`` days that have one,
    of each of the last ``weekly`` ISO weeks and of each of the last ``monthly`` months. Days are
    reckoned in IST, as the station's working day is."""
    newest_first = sorted(backups, key=lambda b: b.order, reverse=True)
    keep: set[Path] = set()
    for limit, period in (
        (retention.daily, lambda d: d.date().isoformat()),
        (retention.weekly, lambda d: f"{d.isocalendar()[0]:04d}-W{d.isocalendar()[1]:02d}"),
        (retention.monthly, lambda d: d.strftime("%Y-%m")),
    ):
        seen: set[str] = set()
        for backup in newest_first:
            key = period(to_ist(backup.taken_at))
            if key in seen:
                continue
            if len(seen) == limit:
                break
            seen.add(key)
            keep.add(backup.path)
    return keep


# --- checking a copy -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupContents:
    station_code: str
    training: bool
    schema_revision: str | None


def _damaged(path: Path, why: str) -> BackupDamagedError:
    return BackupDamagedError(
        f"The backup {path.name} is damaged or incomplete: {why}. Nothing was changed.",
        "Use an older backup (the backups folder keeps 7 daily, 4 weekly and 12 monthly copies), "
        "or another copy of this one.",
    )


def inspect_backup(path: Path, key: bytes) -> BackupContents:
    """Open the copy read-only with the key, run SQLCipher's page check (every page's HMAC) and
    SQLite's integrity check, and read which station it holds. Any fault is ``BackupDamagedError``."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _damaged(path, f"it cannot be read ({exc.strerror})") from exc
    if size == 0 or size % PAGE_SIZE:
        raise _damaged(path, f"it is {size:,} bytes, not a whole number of {PAGE_SIZE}-byte pages (cut off)")
    try:
        conn = sqlcipher3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None)
    except Exception as exc:
        raise _damaged(path, "it cannot be opened") from exc
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA query_only = ON")
        cipher_problems = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
        if cipher_problems:
            raise _damaged(path, f"{len(cipher_problems)} encrypted page(s) fail their check")
        result = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise _damaged(path, f"SQLite's structure check failed ({result[0][:120]})")
        row = conn.execute("SELECT station_code, training FROM station WHERE id = 1").fetchone()
        if row is None:
            raise _damaged(path, "it holds no station")
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except BackupDamagedError:
        raise
    except Exception as exc:
        raise _damaged(path, f"it does not open with the station's key ({type(exc).__name__})") from exc
    finally:
        conn.close()
    return BackupContents(str(row[0]), bool(row[1]), str(version[0]) if version else None)
