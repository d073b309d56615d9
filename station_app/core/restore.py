"""Putting a backup back: onto an empty data folder (a new machine) or over the current station.

Everything that can refuse is checked before the data folder is touched: the backup's key file, the
key (this computer's key store, or the printed recovery key), the copy itself (opened and checked
page by page), the station it belongs to, and its schema version. The copy is then staged inside the
data folder, checked again, and only then swapped in; the station it replaces is moved whole into
``backups/before-restore-<time>/`` (the safety copy), and moved back if the swap fails half-way.

Who may restore:
- the holder of the printed recovery key (the only authority on a new machine, where no accounts
  exist to sign in to);
- onto an empty folder on the same computer, the operating-system account whose key store holds
  the station's key (as ``recover``: that account can open the records anyway);
- over a working station without the sheet, an officer of that station who may manage it (the SHO,
  or the IT admin), signed in first.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from station_app.core.audit import AuditActor, record_change
from station_app.core.backup_files import BackupContents, inspect_backup, key_file_for
from station_app.core.clock import Clock
from station_app.core.errors import (
    BackupDamagedError,
    BackupFromOtherStationError,
    DatabaseTooNewError,
    NotFoundError,
    RecoveryKeyNeededError,
    StationError,
    StationPresentError,
)
from station_app.core.fsutil import fsync_dir
from station_app.core.keys import (
    WRAPPED_UNDER_DATABASE_KEY,
    KeyMetadata,
    KeyStore,
    decode_key,
    encode_key,
    key_check,
    unwrap_key,
)
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Permission, require
from station_app.core.services.station import IntegrityReport
from station_app.core.storage import recover_with_recovery_key

log = logging.getLogger(__name__)

RECOVERY_KEY_ACTOR = AuditActor(officer_id=None, username="restore:recovery-key")
KEY_STORE_ACTOR = AuditActor(officer_id=None, username="restore:key-store")


@dataclass(frozen=True)
class RestoreReport:
    backup: Path
    station_code: str
    replaced: bool
    safety_copy: Path | None
    counts: dict[str, int]
    integrity: IntegrityReport


@dataclass(frozen=True)
class CheckedBackup:
    path: Path
    metadata: KeyMetadata
    key: bytes
    contents: BackupContents
    with_recovery_key: bool


def check_backup(backup: Path, keystore: KeyStore, recovery_key: str | None) -> CheckedBackup:
    """Everything about the backup itself, before any decision about where it goes."""
    if not backup.is_file():
        raise NotFoundError(
            f"There is no backup file at {backup}.",
            "Give the .db file of the backup (its -key.json file must be beside it).",
        )
    key_path = key_file_for(backup)
    try:
        meta = KeyMetadata.read(key_path)
    except StationError as exc:
        raise BackupDamagedError(
            f"The backup's key file {key_path.name} is missing or damaged, so the backup cannot be "
            "opened. Nothing was changed.",
            "Copy both files of the backup (.db and -key.json) from the same drive or folder.",
        ) from exc
    if recovery_key is not None:
        key = unwrap_key(meta, recovery_key)  # a wrong key: RecoveryKeyError, nothing touched
    else:
        stored = keystore.get(meta.keyring_name)
        key = decode_key(stored) if stored is not None else b""
        chain_missing = (
            meta.chain is not None
            and meta.chain.wrapped_under != WRAPPED_UNDER_DATABASE_KEY
            and keystore.get(meta.chain_keyring_name) is None
        )
        if stored is None or key_check(key) != meta.key_check or chain_missing:
            raise RecoveryKeyNeededError(
                f"This computer's key store has no key for station {meta.station_code}'s backup: "
                "type the recovery key from the printed sheet.",
                "On a new computer, restore with the printed recovery key: station-app restore FILE "
                "--recovery-key KEY (or type it when asked).",
            )
    contents = inspect_backup(backup, key)
    if contents.station_code != meta.station_code:
        raise BackupDamagedError(
            f"The backup {backup.name} and its key file belong to different stations "
            f"({contents.station_code} and {meta.station_code}). Nothing was changed.",
            "Copy both files of one backup together.",
        )
    _refuse_newer_schema(contents)
    return CheckedBackup(backup, meta, key, contents, recovery_key is not None)


def _refuse_newer_schema(contents: BackupContents) -> None:
    from station_app.core.migrate import known_revisions  # noqa: PLC0415 - alembic only when restoring

    if contents.schema_revision is not None and contents.schema_revision not in known_revisions():
        raise DatabaseTooNewError(
            "This backup was made by a newer version of the station app.",
            f"Its schema revision {contents.schema_revision} is unknown here. Install the newer app, "
            "then restore.",
        )


def current_station_code(data_dir: DataDir) -> str | None:
    """The station in the data folder, from its key file (readable even if the database is not)."""
    try:
        return KeyMetadata.read(data_dir.key_metadata).station_code
    except StationError:
        return None


def authorise(checked: CheckedBackup, data_dir: DataDir, replace: bool, actor: Actor | None) -> AuditActor:
    """Who restores, and whether the data folder may receive this backup (see the module's note)."""
    if data_dir.is_set_up():
        if not replace:
            raise StationPresentError(
                f"A station is already set up in {data_dir.root}; nothing was changed.",
                "To replace it with the backup (a safety copy of it is kept in backups/), add --replace; "
                "to restore beside it, choose an empty folder with --data-dir.",
            )
        here = current_station_code(data_dir)
        if here is not None and here != checked.contents.station_code:
            raise BackupFromOtherStationError(
                f"The backup is of station {checked.contents.station_code}, but this computer holds station "
                f"{here}. Nothing was changed.",
                "Use a backup of this station. To move a station to a new computer, restore into an "
                "empty data folder there.",
            )
    if checked.with_recovery_key:
        return RECOVERY_KEY_ACTOR
    if data_dir.is_set_up():
        if actor is None:
            raise RecoveryKeyNeededError(
                "Replacing a station's records needs the SHO or the IT admin signed in, or the printed "
                "recovery key.",
                "Run station-app restore FILE --replace --user USERNAME, or give --recovery-key.",
            )
        require(actor, Permission.MANAGE_STATION)
        return AuditActor(officer_id=None, username=f"restore:{actor.username}"[:64])
    return KEY_STORE_ACTOR


def put_in_place(checked: CheckedBackup, data_dir: DataDir, stamp: str) -> Path | None:
    """Stage, check, swap. Returns the safety copy's folder when a station was replaced."""
    data_dir.root.mkdir(parents=True, exist_ok=True, mode=0o700)
    staging = data_dir.root / f".restore-{stamp}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(mode=0o700)
    staged_db, staged_key = staging / data_dir.database.name, staging / data_dir.key_metadata.name
    try:
        _copy_file(checked.path, staged_db)
        _copy_file(key_file_for(checked.path), staged_key)
        inspect_backup(staged_db, checked.key)  # the copy made here, not only the original
        safety = _move_current_aside(data_dir, stamp) if data_dir.is_set_up() else None
        try:
            os.replace(staged_db, data_dir.database)
            os.replace(staged_key, data_dir.key_metadata)
            fsync_dir(data_dir.root)
        except BaseException:
            if safety is not None:
                _move_back(safety, data_dir)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return safety


def _station_files(data_dir: DataDir) -> list[Path]:
    db = data_dir.database
    return [db, Path(f"{db}-wal"), Path(f"{db}-shm"), data_dir.key_metadata]


def _move_current_aside(data_dir: DataDir, stamp: str) -> Path:
    safety = data_dir.backups / f"before-restore-{stamp}"
    safety.mkdir(parents=True, mode=0o700)
    for path in _station_files(data_dir):
        if path.exists():
            os.replace(path, safety / path.name)
    fsync_dir(data_dir.root)
    log.info("the replaced station's files were moved to %s", safety)
    return safety


def _move_back(safety: Path, data_dir: DataDir) -> None:
    for path in _station_files(data_dir):
        path.unlink(missing_ok=True)
        kept = safety / path.name
        if kept.exists():
            os.replace(kept, path)


def _copy_file(source: Path, target: Path) -> None:
    try:
        with open(source, "rb") as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
            dst.flush()
            os.fsync(dst.fileno())
    except OSError as exc:
        from station_app.core.db import classify_error  # noqa: PLC0415

        raise classify_error(exc, target.parent) from exc
    os.chmod(target, 0o600)


def put_key_in_store(checked: CheckedBackup, keystore: KeyStore) -> None:
    if keystore.get(checked.metadata.keyring_name) != encode_key(checked.key):
        keystore.set(checked.metadata.keyring_name, encode_key(checked.key))


def restore_station(
    data_dir: DataDir,
    keystore: KeyStore,
    clock: Clock,
    backup: Path,
    *,
    recovery_key: str | None = None,
    replace: bool = False,
    actor: Actor | None = None,
) -> RestoreReport:
    """Check, authorise, swap in, then open (running any migrations), audit, verify and count."""
    from station_app.core.runtime import open_services  # noqa: PLC0415 - the runtime builds on storage

    checked = check_backup(backup, keystore, recovery_key)
    by = authorise(checked, data_dir, replace, actor)
    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    safety = put_in_place(checked, data_dir, stamp)
    if recovery_key is not None:
        # Both keys (database and audit chain) into this computer's key store, as `recover` does.
        recover_with_recovery_key(data_dir, keystore, recovery_key, clock)
    else:
        put_key_in_store(checked, keystore)
    services = open_services(data_dir, keystore, clock)
    try:
        with services.db.write() as session:
            record_change(
                session,
                actor=by,
                at=clock.now(),
                action="station.restored",
                entity_type="backup",
                entity_id=backup.name[:64],
                summary=(
                    f"replaced the station (safety copy {safety.name})" if safety else "onto an empty folder"
                ),
            )
        integrity = services.station.check_integrity()
        counts = services.station.counts()
    finally:
        services.close()
    log.info("backup %s restored into %s (replaced=%s)", backup.name, data_dir.root, safety is not None)
    return RestoreReport(backup, checked.contents.station_code, safety is not None, safety, counts, integrity)
