"""Automatic and hand-made backups of the open station.

- Automatic: once a day and when the app closes after a change, into ``backups/`` of the data
  folder; retention keeps 7 daily, 4 weekly and 12 monthly copies (``backup_files``).
- To a drive the officer picks (a USB stick): free space is checked first, a fresh backup is made
  in ``backups/``, copied to the drive under a hidden temporary name with progress, opened there
  with the key and checked, and only then given its real name. A full or pulled-out drive leaves
  nothing behind that looks like a good backup.

Every backup is checked (``inspect_backup``) before it gets its name, so the newest backup in the
backups folder is the last *good* backup the dashboard shows.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from station_app.core.audit import record_change
from station_app.core.backup_files import (
    DEFAULT_RETENTION,
    BackupFile,
    Retention,
    backup_name,
    backups_to_keep,
    inspect_backup,
    key_file_for,
    list_backups,
)
from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.errors import BackupDamagedError, BackupWriteError, StationError
from station_app.core.fsutil import fsync_dir
from station_app.core.localtime import to_ist
from station_app.core.outputs import OutputFiles
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Permission, require
from station_app.core.services.station import StationService

log = logging.getLogger(__name__)

WARN_AFTER = timedelta(days=2)
COPY_CHUNK = 1024 * 1024
SPACE_MARGIN = 1024 * 1024  # a drive is never filled to the last byte
_STATE_FILE = "backup-state.json"  # the audit count at the last backup: "has anything changed since?"
# (done, total, what is happening): called on the thread doing the work.
Progress = Callable[[int, int, str], None]
FreeSpace = Callable[[Path], int]


def free_space(folder: Path) -> int:
    return shutil.disk_usage(folder).free


@dataclass(frozen=True)
class BackupStatus:
    last_good: BackupFile | None
    overdue: bool  # no good backup for WARN_AFTER: the dashboard warns

    @property
    def last_at(self) -> datetime | None:
        return self.last_good.taken_at if self.last_good else None


class BackupService:
    def __init__(
        self,
        db: Database,
        data_dir: DataDir,
        clock: Clock,
        station: StationService,
        *,
        retention: Retention = DEFAULT_RETENTION,
        space: FreeSpace = free_space,
    ) -> None:
        self._db = db
        self._data_dir = data_dir
        self._clock = clock
        self._station = station
        self._retention = retention
        self._space = space

    # --- what the dashboard shows ----------------------------------------------------------------

    def status(self) -> BackupStatus:
        backups = list_backups(self._data_dir.backups)
        last = backups[0] if backups else None
        overdue = last is None or self._clock.now() - last.taken_at > WARN_AFTER
        return BackupStatus(last, overdue)

    def changed_since_last_backup(self) -> bool:
        state = self._read_state()
        return state.get("audit_entries") != self._station.audit_entry_count() or not list_backups(
            self._data_dir.backups
        )

    # --- automatic backups -----------------------------------------------------------------------

    def backup_if_due(self) -> Path | None:
        """The daily backup: made when the newest good one is from an earlier day (IST)."""
        last = self.status().last_good
        today = to_ist(self._clock.now()).date()
        if last is not None and to_ist(last.taken_at).date() >= today:
            return None
        return self.backup_now("daily")

    def backup_on_close(self) -> Path | None:
        """On closing the app: only when something changed since the last backup."""
        if not self.changed_since_last_backup():
            return None
        return self.backup_now("on closing")

    def backup_now(self, reason: str = "by hand") -> Path:
        """A checked backup in the backups folder, then retention. Returns the backup's path."""
        folder = self._data_dir.backups
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._check_space(folder, self._database_size(), "the station's backups folder")
        path = self._snapshot(folder)
        self._write_state()
        self.prune()
        log.info("backup %s made (%s)", path.name, reason)
        return path

    def prune(self) -> list[Path]:
        backups = list_backups(self._data_dir.backups)
        keep = backups_to_keep(backups, self._retention)
        removed = []
        for backup in backups:
            if backup.path not in keep:
                backup.path.unlink(missing_ok=True)
                backup.key_path.unlink(missing_ok=True)
                removed.append(backup.path)
        return removed

    # --- to a drive the officer picks ------------------------------------------------------------

    def backup_to_drive(self, actor: Actor, folder: Path, progress: Progress | None = None) -> Path:
        """A fresh checked backup, copied to ``folder`` (a USB stick) and checked there by opening it.

        Only the SHO (and, with roles, the IT admin) take the station's records away on a drive;
        the audit trail says who did, when and where to."""
        require(actor, Permission.BACKUP)
        OutputFiles(self._data_dir.root).check_folder(folder, what="The backup")  # never into the data folder
        report = progress or (lambda _done, _total, _what: None)
        if not folder.is_dir():
            raise BackupWriteError(
                f"The drive or folder {folder} is not there. Plug the drive in and choose it again.",
            )
        needed = self._database_size()
        self._check_space(folder, needed, f"the drive {folder}")
        report(0, needed, "Making a fresh backup…")
        local = self.backup_now("before copying to a drive")
        size = local.stat().st_size
        self._check_space(folder, size, f"the drive {folder}")
        target = folder / local.name
        temporary = folder / f".{local.name}.partial"
        try:
            self._copy(local, temporary, size, report)
            report(size, size, "Checking the copy on the drive…")
            try:
                inspect_backup(temporary, self._db.key)
            except BackupDamagedError as exc:
                raise BackupWriteError(
                    f"The copy on {folder} did not read back correctly: the drive was removed or is "
                    "failing. No backup was left there; the station's records are unchanged.",
                    "Plug the drive in again (or use another one) and make the backup again.",
                ) from exc
            key_target = key_file_for(target)
            _copy_small(key_file_for(local), key_target)
            os.replace(temporary, target)
            fsync_dir(folder)
        except StationError:
            _remove_quietly(temporary)
            raise
        except OSError as exc:
            _remove_quietly(temporary)
            if not target.exists():
                _remove_quietly(key_file_for(target))
            raise _drive_error(folder, exc) from exc
        with self._db.write() as session:
            record_change(
                session,
                actor=actor.audit,
                at=self._clock.now(),
                action="station.backup",
                entity_type="backup",
                entity_id=target.name,
                summary=f"copied to {folder}"[:200],
            )
        self._write_state()
        report(size, size, "Done.")
        log.info("backup %s copied to %s and checked", target.name, folder)
        return target

    # --- pieces ----------------------------------------------------------------------------------

    def _snapshot(self, folder: Path) -> Path:
        now = self._clock.now()
        name = backup_name(self._station_code(), now)
        n = 1
        while (folder / f"{name}.db").exists():
            n += 1
            name = f"{backup_name(self._station_code(), now)}-{n}"
        target = folder / f"{name}.db"
        pending = folder / f".{name}.db.pending"
        _remove_quietly(pending)
        try:
            self._db.backup_to(pending)
            inspect_backup(pending, self._db.key)
            _copy_small(self._data_dir.key_metadata, key_file_for(target))
            os.replace(pending, target)
            fsync_dir(folder)
        except OSError as exc:
            _remove_quietly(pending)
            raise _drive_error(folder, exc) from exc
        except BaseException:
            _remove_quietly(pending)
            raise
        return target

    def _station_code(self) -> str:
        return self._station.identity().station_code

    def _database_size(self) -> int:
        path = self._db.path
        wal = Path(str(path) + "-wal")
        return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)

    def _check_space(self, folder: Path, needed: int, where: str) -> None:
        free = self._space(folder)
        if free < needed + SPACE_MARGIN:
            raise BackupWriteError(
                f"There is not enough free space on {where}: the backup needs about "
                f"{_mb(needed + SPACE_MARGIN)}, and {_mb(free)} is free. Nothing was written.",
                "Use a drive with more free space, or delete old files from this one.",
            )

    def _copy(self, source: Path, temporary: Path, size: int, report: Progress) -> None:
        done = 0
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(source, "rb") as src, os.fdopen(fd, "wb") as dst:
            while chunk := src.read(COPY_CHUNK):
                dst.write(chunk)
                done += len(chunk)
                report(done, size, "Copying to the drive…")
            dst.flush()
            os.fsync(dst.fileno())

    def _read_state(self) -> dict[str, object]:
        try:
            data = json.loads((self._data_dir.backups / _STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write_state(self) -> None:
        state = {"audit_entries": self._station.audit_entry_count(), "at": self._clock.now().isoformat()}
        path = self._data_dir.backups / _STATE_FILE
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(state), encoding="utf-8")
        os.replace(tmp, path)


def _copy_small(source: Path, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.partial")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(source.read_bytes())
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):  # the drive is gone: there is nothing left to remove on it
        path.unlink(missing_ok=True)


def _drive_error(folder: Path, exc: OSError) -> BackupWriteError:
    if exc.errno == errno.ENOSPC:
        text = f"The drive {folder} became full during the copy."
    elif exc.errno in (errno.ENOENT, errno.EIO, errno.ENODEV, errno.ENXIO):
        text = f"The drive {folder} was removed or stopped working during the copy."
    else:
        text = f"The backup could not be written to {folder}: {exc.strerror or exc}."
    return BackupWriteError(
        f"{text} No backup was left there; the station's records are unchanged.",
        "Plug the drive in again (or use another one) and make the backup again.",
    )


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"
