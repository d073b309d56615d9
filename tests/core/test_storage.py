"""The encrypted station database: setup, refusal to overwrite, key loss and recovery, damaged files."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlcipher3

from station_app.core.clock import SystemClock
from station_app.core.db import Database
from station_app.core.errors import (
    AlreadySetUpError,
    CorruptDatabaseError,
    DatabaseLockedError,
    InsecureKeyringError,
    MissingKeyError,
    NotSetUpError,
    RecoveryKeyError,
    ValidationError,
    WrongKeyError,
)
from station_app.core.identity import StationIdentity
from station_app.core.keys import KeyMetadata, KeyStore, normalise_recovery_key
from station_app.core.paths import DataDir
from station_app.core.permissions import Role
from station_app.core.runtime import StationServices, open_services, set_up_station
from station_app.core.storage import open_station, read_key, recover_with_recovery_key
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD

CLOCK = SystemClock()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _setup(data_dir: DataDir, keystore: KeyStore, identity: StationIdentity = IDENTITY) -> str:
    outcome = set_up_station(data_dir, keystore, CLOCK, identity, SHO, SHO_PASSWORD)
    outcome.services.close()
    return outcome.recovery_key


def test_database_file_is_encrypted_and_holds_no_plaintext(data_dir: DataDir, keystore: KeyStore) -> None:
    _setup(data_dir, keystore)
    raw = data_dir.database.read_bytes()
    for suffix in ("-wal",):
        extra = Path(str(data_dir.database) + suffix)
        if extra.exists():
            raw += extra.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert b"Hazratganj" not in raw
    assert IDENTITY.station_name_hi.encode() not in raw
    assert b"sho.singh" not in raw
    # Copied to another machine (no key): plain SQLite cannot read it, and SQLCipher needs the key.
    copy = data_dir.root.parent / "copied.db"
    shutil.copy(data_dir.database, copy)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(copy).execute("SELECT count(*) FROM sqlite_master").fetchall()
    conn = sqlcipher3.connect(str(copy))
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("PRAGMA key = 'a guessed passphrase'")
    with pytest.raises(sqlcipher3.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()


def test_key_file_holds_no_usable_secret(data_dir: DataDir, keystore: KeyStore) -> None:
    recovery = _setup(data_dir, keystore)
    text = data_dir.key_metadata.read_text()
    meta = KeyMetadata.read(data_dir.key_metadata)
    db_key_hex = keystore.get(meta.keyring_name)
    assert db_key_hex is not None
    assert db_key_hex not in text
    assert normalise_recovery_key(recovery) not in text.replace("-", "")
    chain_value = keystore.get(meta.chain_keyring_name)  # issue 12: the audit chain key, wrapped too
    assert chain_value is not None and json.loads(chain_value)["key"] not in text
    assert set(json.loads(text)) == {
        "format",
        "key_id",
        "station_code",
        "created_at",
        "key_check",
        "recovery",
        "audit_chain",
    }
    assert json.loads(text)["audit_chain"]["wrapped_under"] == "recovery_key"


def test_setup_twice_is_refused_and_changes_nothing(data_dir: DataDir, keystore: KeyStore) -> None:
    _setup(data_dir, keystore)
    before = (_sha(data_dir.database), _sha(data_dir.key_metadata), Path(keystore_file(keystore)).read_text())
    other = StationIdentity("Bihar", "Patna", "Kotwali", "कोतवाली", "BR-PAT-0007")
    with pytest.raises(AlreadySetUpError) as err:
        _setup(data_dir, keystore, other)
    assert "nothing was changed" in err.value.message
    after = (_sha(data_dir.database), _sha(data_dir.key_metadata), Path(keystore_file(keystore)).read_text())
    assert before == after
    services = open_services(data_dir, keystore, CLOCK)
    assert services.station.identity().station_code == "UP-LKO-0042"
    services.close()


def keystore_file(keystore: KeyStore) -> str:
    return keystore.description.removeprefix("insecure test key file ")


def test_setup_over_a_folder_holding_another_stations_database_is_refused(
    data_dir: DataDir, keystore: KeyStore, tmp_path: Path
) -> None:
    other_dir = DataDir(tmp_path / "other")
    _setup(other_dir, keystore, StationIdentity("Bihar", "Patna", "Kotwali", "कोतवाली", "BR-PAT-0007"))
    data_dir.root.mkdir(parents=True)
    shutil.copy(other_dir.database, data_dir.database)  # only the database, no key file
    digest = _sha(data_dir.database)
    with pytest.raises(AlreadySetUpError):
        _setup(data_dir, keystore)
    assert _sha(data_dir.database) == digest
    assert not data_dir.key_metadata.exists()


@pytest.mark.parametrize(
    ("identity", "field", "fragment"),
    [
        (StationIdentity("", "Lucknow", "Hazratganj", "हज़रतगंज", "UP-LKO-0042"), "state", "state is required"),
        (
            StationIdentity("UP", "Lucknow", "Hazratganj", "Hazratganj", "UP-LKO-0042"),
            "station_name_hi",
            "Devanagari",
        ),
        (StationIdentity("UP", "Lucknow", "Hazratganj", "हज़रतगंज", "up lko 42"), "station_code", "CCTNS"),
    ],
)
def test_bad_identity_is_refused_before_any_file_is_made(
    data_dir: DataDir, keystore: KeyStore, identity: StationIdentity, field: str, fragment: str
) -> None:
    with pytest.raises(ValidationError) as err:
        _setup(data_dir, keystore, identity)
    assert fragment in err.value.field_errors[field]
    assert not data_dir.root.exists() or not any(data_dir.root.iterdir())


def test_weak_admin_password_leaves_no_half_station(data_dir: DataDir, keystore: KeyStore) -> None:
    with pytest.raises(ValidationError) as err:
        set_up_station(data_dir, keystore, CLOCK, IDENTITY, SHO, "short")
    assert "at least 8" in err.value.field_errors["password"]
    assert not data_dir.is_set_up()


def test_opening_a_folder_without_a_station(data_dir: DataDir, keystore: KeyStore) -> None:
    with pytest.raises(NotSetUpError):
        open_station(data_dir, keystore, CLOCK)


def test_deleted_keyring_entry_is_explained_and_recovery_restores_access(
    data_dir: DataDir, keystore: KeyStore
) -> None:
    recovery = _setup(data_dir, keystore)
    meta = KeyMetadata.read(data_dir.key_metadata)
    keystore.delete(meta.keyring_name)
    with pytest.raises(MissingKeyError) as err:
        open_station(data_dir, keystore, CLOCK)
    assert "recovery key" in err.value.hint
    # A person types it from paper: lower case and spaces are fine.
    recover_with_recovery_key(data_dir, keystore, recovery.lower().replace("-", " "), CLOCK)
    services = open_services(data_dir, keystore, CLOCK)
    assert services.accounts.login(SHO.username, SHO_PASSWORD).role is Role.SHO
    assert services.station.check_integrity().ok
    services.close()


def test_wrong_recovery_key_is_refused_and_changes_nothing(
    data_dir: DataDir, keystore: KeyStore, tmp_path: Path
) -> None:
    _setup(data_dir, keystore)
    other_recovery = _setup(
        DataDir(tmp_path / "other"), keystore, StationIdentity("B", "P", "K", "कोतवाली", "BR-1")
    )
    meta = KeyMetadata.read(data_dir.key_metadata)
    keystore.delete(meta.keyring_name)
    keyring_before = Path(keystore_file(keystore)).read_text()
    db_before = _sha(data_dir.database)
    with pytest.raises(RecoveryKeyError) as err:
        recover_with_recovery_key(data_dir, keystore, other_recovery, CLOCK)
    assert "does not belong to this station" in err.value.message
    assert Path(keystore_file(keystore)).read_text() == keyring_before
    assert _sha(data_dir.database) == db_before


@pytest.mark.parametrize(
    ("mangle", "fragment"),
    [
        (lambda key: key[:-5], "were typed"),
        (lambda key: key[:-1] + ("A" if key[-1] != "A" else "C"), "typing mistake"),
        (lambda key: "0" + key[1:], "never contains 0"),
    ],
)
def test_recovery_key_typos_get_specific_messages(
    data_dir: DataDir, keystore: KeyStore, mangle, fragment
) -> None:  # type: ignore[no-untyped-def]
    recovery = _setup(data_dir, keystore)
    with pytest.raises(RecoveryKeyError) as err:
        recover_with_recovery_key(data_dir, keystore, mangle(recovery), CLOCK)
    assert fragment in err.value.message


def test_another_stations_key_in_the_keyring_is_a_wrong_key(data_dir: DataDir, keystore: KeyStore) -> None:
    _setup(data_dir, keystore)
    meta = KeyMetadata.read(data_dir.key_metadata)
    keystore.set(meta.keyring_name, "11" * 32)
    with pytest.raises(WrongKeyError) as err:
        open_station(data_dir, keystore, CLOCK)
    assert "station-app recover" in err.value.hint


def test_truncated_file_is_reported_as_damaged(data_dir: DataDir, keystore: KeyStore) -> None:
    _setup(data_dir, keystore)
    _checkpoint(data_dir, keystore)
    data = data_dir.database.read_bytes()
    data_dir.database.write_bytes(data[: len(data) // 2 + 100])
    with pytest.raises(CorruptDatabaseError) as err:
        open_station(data_dir, keystore, CLOCK)
    assert "incomplete" in err.value.message


def test_overwritten_pages_are_reported_as_damaged(data_dir: DataDir, keystore: KeyStore) -> None:
    _setup(data_dir, keystore)
    _checkpoint(data_dir, keystore)
    data = bytearray(data_dir.database.read_bytes())
    data[:4096] = b"\x00" * 4096  # the first page (with the salt) wiped by a disk fault
    data_dir.database.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabaseError) as err:
        open_station(data_dir, keystore, CLOCK)
    assert "damaged" in err.value.message


def test_plain_sqlite_file_in_place_of_the_database(data_dir: DataDir, keystore: KeyStore) -> None:
    _setup(data_dir, keystore)
    data_dir.database.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(data_dir.database) + suffix).unlink(missing_ok=True)
    sqlite3.connect(data_dir.database).execute("CREATE TABLE t(x)").connection.commit()
    with pytest.raises(CorruptDatabaseError) as err:
        open_station(data_dir, keystore, CLOCK)
    assert "not encrypted" in err.value.message


def test_locked_database_gives_a_typed_error(station: StationServices, keystore: KeyStore) -> None:
    _meta, key = read_key(station.data_dir, keystore)
    holder = sqlcipher3.connect(str(station.data_dir.database), isolation_level=None)
    holder.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    holder.execute("BEGIN EXCLUSIVE")
    impatient = Database(station.data_dir.database, key, busy_timeout_ms=100)
    try:
        with pytest.raises(DatabaseLockedError) as err, impatient.write() as session:
            session.connection()
        assert "in use" in err.value.message
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        impatient.dispose()


def test_setup_fails_closed_when_the_key_store_refuses_the_key(data_dir: DataDir, keystore: KeyStore) -> None:
    """A key store that refuses to store the key: setup fails closed and leaves nothing behind."""

    class RefusingStore:
        description = "refusing"
        secure = True

        def get(self, name: str) -> str | None:
            return None

        def set(self, name: str, value: str) -> None:
            raise InsecureKeyringError("The database key could not be saved in this computer's key store.")

        def delete(self, name: str) -> None:
            return None

    with pytest.raises(InsecureKeyringError):
        set_up_station(data_dir, RefusingStore(), CLOCK, IDENTITY, SHO, SHO_PASSWORD)
    assert not data_dir.is_set_up()
    # ...and a later setup with a working store succeeds in the same folder.
    _setup(data_dir, keystore)
    assert data_dir.is_set_up()


def _checkpoint(data_dir: DataDir, keystore: KeyStore) -> None:
    """Fold the WAL into the main file, as a clean shutdown does, so file damage hits real pages."""
    services = open_services(data_dir, keystore, CLOCK)
    with services.db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    services.close()
