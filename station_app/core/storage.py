"""Creating, opening and recovering a station's encrypted database in its data folder."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from station_app.core.audit import SYSTEM_ACTOR, AuditChainKey, record_change
from station_app.core.audit_switch import load_chain_key, write_key_metadata
from station_app.core.clock import Clock
from station_app.core.db import Database, classify_error
from station_app.core.errors import (
    AlreadySetUpError,
    CorruptDatabaseError,
    MissingKeyError,
    NotSetUpError,
    ReadOnlyError,
    StationError,
    ValidationError,
    WrongKeyError,
)
from station_app.core.fsutil import fsync_dir
from station_app.core.identity import StationIdentity
from station_app.core.keys import (
    WRAPPED_UNDER_DATABASE_KEY,
    KeyMetadata,
    KeyStore,
    decode_key,
    encode_chain_key,
    encode_key,
    key_check,
    new_chain_key,
    new_database_key,
    new_recovery_key,
    unwrap_chain_key,
    unwrap_key,
    wrap_chain_key,
    wrap_key,
)
from station_app.core.models import Station
from station_app.core.paths import DataDir
from station_app.core.schema_version import shipped_head, stored_revision

log = logging.getLogger(__name__)

PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
SQLCIPHER_PAGE_SIZE = 4096
STATION_CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,31}$")


def upgrade_database(db: Database, data_dir: DataDir, now: datetime) -> None:
    """Run the migrations; alembic is imported only here, when an upgrade is really due."""
    from station_app.core.migrate import upgrade_database as run_upgrade  # noqa: PLC0415

    run_upgrade(db, data_dir, now)


def validate_identity(identity: StationIdentity) -> StationIdentity:
    cleaned = StationIdentity(
        state=identity.state.strip(),
        district=identity.district.strip(),
        station_name=identity.station_name.strip(),
        station_name_hi=identity.station_name_hi.strip(),
        station_code=identity.station_code.strip().upper(),
        training=identity.training,
    )
    problems: dict[str, str] = {}
    for field, label in (
        ("state", "The state"),
        ("district", "The district"),
        ("station_name", "The police station's name"),
        ("station_name_hi", "The police station's name in Hindi"),
    ):
        if not getattr(cleaned, field):
            problems[field] = f"{label} is required."
    if cleaned.station_name_hi and not any("\u0900" <= ch <= "\u097f" for ch in cleaned.station_name_hi):
        problems["station_name_hi"] = "Write the Hindi name in Devanagari (e.g. कोतवाली)."
    if not STATION_CODE_RE.match(cleaned.station_code):
        problems["station_code"] = (
            "Use the CCTNS station code: 3 to 32 capital letters, digits or dashes (e.g. UP-LKO-0042)."
        )
    if problems:
        raise ValidationError(problems)
    return cleaned


@dataclass(frozen=True)
class CreatedStation:
    db: Database
    recovery_key: str
    metadata: KeyMetadata


def _claim_key_file(path: Path, content: str) -> None:
    """Create the key file only if it does not exist: two setups can never overwrite each other."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise AlreadySetUpError(
            "A station is already set up in this data folder; nothing was changed.",
            f"{path.parent} already holds a station. Use another folder (--data-dir) for a new one.",
        ) from exc
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())
    fsync_dir(path.parent)


def create_station(
    data_dir: DataDir, keystore: KeyStore, identity: StationIdentity, clock: Clock
) -> CreatedStation:
    """Make the key, the recovery key and the encrypted database with the station's identity.

    The caller adds the first SHO (and any training data) through the returned database, then must
    show the recovery key to the person setting up. If anything fails, every file made here is removed.
    """
    identity = validate_identity(identity)
    if data_dir.is_set_up():
        raise AlreadySetUpError(
            "A station is already set up in this data folder; nothing was changed.",
            f"{data_dir.root} already holds a station database. Use another folder (--data-dir) for a new one.",
        )
    try:
        data_dir.root.mkdir(parents=True, exist_ok=True)
        probe = data_dir.root / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise ReadOnlyError(
            f"The data folder {data_dir.root} cannot be written.",
            "Choose a folder the signed-in Windows/Linux user may write, or fix its permissions.",
        ) from exc
    now = clock.now()
    db_key = new_database_key()
    recovery_key = new_recovery_key()
    meta = wrap_key(db_key, recovery_key, identity.station_code, now)
    chain = AuditChainKey(new_chain_key(), keyed_from_seq=1)  # a new station keys its chain from entry #1
    meta = wrap_chain_key(meta, chain.key, chain.keyed_from_seq, recovery_key=recovery_key)
    _claim_key_file(data_dir.key_metadata, meta.to_json())
    db: Database | None = None
    try:
        keystore.set(meta.keyring_name, encode_key(db_key))
        keystore.set(meta.chain_keyring_name, encode_chain_key(chain.key, chain.keyed_from_seq))
        # Owner-only permissions from the first byte: the file is encrypted, but need not be world-readable.
        os.close(os.open(data_dir.database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        db = Database(data_dir.database, db_key)
        db.audit_chain = chain
        upgrade_database(db, data_dir, now)
        with db.write() as session:
            station = Station(
                id=1,
                state=identity.state,
                district=identity.district,
                station_name=identity.station_name,
                station_name_hi=identity.station_name_hi,
                station_code=identity.station_code,
                training=identity.training,
                idle_lock_minutes=10,
                created_at=now,
                updated_at=now,
            )
            session.add(station)
            record_change(
                session,
                actor=SYSTEM_ACTOR,
                at=now,
                action="station.setup",
                record=station,
                summary="training station" if identity.training else "",
            )
    except BaseException:
        if db is not None:
            db.dispose()
        _remove_station_files(data_dir)
        keystore.delete(meta.keyring_name)
        keystore.delete(meta.chain_keyring_name)
        raise
    return CreatedStation(db, recovery_key, meta)


def abandon_station(data_dir: DataDir, keystore: KeyStore, created: CreatedStation) -> None:
    """Undo ``create_station`` when a later setup step (the first account) fails."""
    created.db.dispose()
    _remove_station_files(data_dir)
    keystore.delete(created.metadata.keyring_name)
    keystore.delete(created.metadata.chain_keyring_name)


def _remove_station_files(data_dir: DataDir) -> None:
    for path in (
        data_dir.database,
        Path(str(data_dir.database) + "-wal"),
        Path(str(data_dir.database) + "-shm"),
        data_dir.key_metadata,
    ):
        path.unlink(missing_ok=True)


def _check_file_shape(path: Path) -> None:
    with open(path, "rb") as fh:
        header = fh.read(len(PLAIN_SQLITE_HEADER))
    size = path.stat().st_size
    wal = Path(str(path) + "-wal")
    if header == PLAIN_SQLITE_HEADER:
        raise CorruptDatabaseError(
            "The station database file is not encrypted, so it is not this station's database.",
            f"{path} is a plain SQLite file. It may have been replaced; restore the latest backup.",
        )
    if size % SQLCIPHER_PAGE_SIZE or (size == 0 and not wal.exists()):
        raise CorruptDatabaseError(
            "The station database file is incomplete (cut off).",
            f"{path} is {size} bytes, not a whole number of {SQLCIPHER_PAGE_SIZE}-byte pages: a copy or "
            "disk failure cut it short. Restore the latest backup (station-app restore).",
        )


def read_key(data_dir: DataDir, keystore: KeyStore) -> tuple[KeyMetadata, bytes]:
    meta = KeyMetadata.read(data_dir.key_metadata)
    stored = keystore.get(meta.keyring_name)
    if stored is None:
        raise MissingKeyError(
            "This computer's key store has no key for the station database.",
            "The Windows profile or key store was reset, or the data folder was copied from another "
            "computer. Restore access with the printed recovery key: station-app recover "
            "(or 'Recover with recovery key' in the app).",
        )
    db_key = decode_key(stored)
    if key_check(db_key) != meta.key_check:
        raise WrongKeyError(
            "The key in this computer's key store belongs to a different station database.",
            "Restore access with this station's printed recovery key: station-app recover.",
        )
    return meta, db_key


def open_station(data_dir: DataDir, keystore: KeyStore, clock: Clock) -> Database:
    """Open and, when needed, upgrade the station database. Every failure is a typed error."""
    if not data_dir.database.exists():
        if data_dir.key_metadata.exists():
            raise CorruptDatabaseError(
                "The station database file is missing from the data folder.",
                f"{data_dir.database} is gone but the key file is there. Restore the latest backup.",
            )
        raise NotSetUpError(
            "No station has been set up on this computer yet.",
            f"Run the first-run setup (station-app setup, or start the app) for the data folder {data_dir.root}.",
        )
    meta, db_key = read_key(data_dir, keystore)
    try:
        _check_file_shape(data_dir.database)
    except OSError as exc:
        raise classify_error(exc, data_dir.database, key_known_good=True) from exc
    db = Database(data_dir.database, db_key)
    try:
        db.check_readable()
        if stored_revision(db) != shipped_head():
            upgrade_database(db, data_dir, clock.now())
        load_chain_key(data_dir, keystore, meta, db_key, db, clock.now())
    except StationError:
        db.dispose()
        raise
    except Exception as exc:
        db.dispose()
        raise classify_error(exc, data_dir.database, key_known_good=True) from exc
    return db


def recover_with_recovery_key(data_dir: DataDir, keystore: KeyStore, recovery_key: str, clock: Clock) -> None:
    """Unwrap the database key and the audit chain key with the printed recovery key and put them
    back into the key store. A chain key kept under the database key (a station upgraded to 0010) is
    re-wrapped under the recovery key now that it was typed.

    Nothing changes unless the key is right and the database opens with it.
    """
    meta = KeyMetadata.read(data_dir.key_metadata)
    db_key = unwrap_key(meta, recovery_key)
    db = Database(data_dir.database, db_key)
    try:
        db.check_readable()
        if meta.chain is not None:
            keyed_from = meta.chain.keyed_from_seq
            chain_key = unwrap_chain_key(meta, recovery_key=recovery_key, db_key=db_key)
            if meta.chain.wrapped_under == WRAPPED_UNDER_DATABASE_KEY:
                meta = wrap_chain_key(meta, chain_key, keyed_from, recovery_key=recovery_key)
                write_key_metadata(data_dir, meta)
            keystore.set(meta.chain_keyring_name, encode_chain_key(chain_key, keyed_from))
        keystore.set(meta.keyring_name, encode_key(db_key))
        if stored_revision(db) != shipped_head():
            upgrade_database(db, data_dir, clock.now())
        load_chain_key(data_dir, keystore, meta, db_key, db, clock.now(), recovery_key=recovery_key)
        with db.write() as session:
            record_change(
                session,
                actor=SYSTEM_ACTOR,
                at=clock.now(),
                action="station.key_recovered",
                entity_type="station_key",
                entity_id=meta.key_id,
                summary="database key restored to this computer's key store",
            )
    finally:
        db.dispose()
    log.info("database key for station %s restored from the recovery key", meta.station_code)
