"""Restore: onto an empty folder, over the station after a safety copy; every refusal leaves the
station exactly as it was (same files, same bytes, same key store)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from station_app.core.backup_files import key_file_for
from station_app.core.clock import SystemClock
from station_app.core.errors import (
    BackupDamagedError,
    BackupFromOtherStationError,
    PermissionDeniedError,
    RecoveryKeyError,
    RecoveryKeyNeededError,
    StationPresentError,
)
from station_app.core.identity import StationIdentity
from station_app.core.keys import InsecureFileKeyStore, KeyStore
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Role
from station_app.core.restore import restore_station
from station_app.core.runtime import StationServices, open_services, set_up_station
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD


@dataclass
class Backed:
    data_dir: DataDir
    keystore: KeyStore
    recovery_key: str
    backup: Path
    counts: dict[str, int]


def _gd(services: StationServices, subject: str) -> None:
    actor = services.accounts.login(SHO.username, SHO_PASSWORD)
    services.diary.add_entry(
        actor,
        {
            "kind": "departure",
            "entry_at": SystemClock().now().isoformat(),
            "subject": subject,
            "details": "x",
        },
    )


def make_station(data_dir: DataDir, keystore: KeyStore, identity: StationIdentity = IDENTITY) -> Backed:
    outcome = set_up_station(data_dir, keystore, SystemClock(), identity, SHO, SHO_PASSWORD)
    services = outcome.services
    try:
        _gd(services, "Before the backup")
        backup = services.backups.backup_now()
        counts = services.station.counts()
        _gd(services, "After the backup")
    finally:
        services.close()
    return Backed(data_dir, keystore, outcome.recovery_key, backup, counts)


@pytest.fixture
def backed(data_dir: DataDir, keystore: KeyStore) -> Iterator[Backed]:
    yield make_station(data_dir, keystore)


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.parent.name != "logs"
    }


def test_onto_a_new_machine_with_the_recovery_key(backed: Backed, tmp_path: Path) -> None:
    new_dir = DataDir(tmp_path / "new-machine")
    new_keys = InsecureFileKeyStore(tmp_path / "new-keyring.json")
    report = restore_station(
        new_dir, new_keys, SystemClock(), backed.backup, recovery_key=backed.recovery_key
    )
    assert report.integrity.ok and not report.replaced
    assert report.counts == backed.counts
    services = open_services(new_dir, new_keys, SystemClock())  # the key is now in the new key store
    try:
        assert services.station.identity().station_code == IDENTITY.station_code
    finally:
        services.close()


def test_a_new_machine_without_the_recovery_key_is_asked_for_it(backed: Backed, tmp_path: Path) -> None:
    new_dir = DataDir(tmp_path / "new-machine")
    with pytest.raises(RecoveryKeyNeededError):
        restore_station(new_dir, InsecureFileKeyStore(tmp_path / "k.json"), SystemClock(), backed.backup)
    assert not new_dir.root.exists()


def test_the_wrong_recovery_key_changes_nothing(backed: Backed, tmp_path: Path, keystore: KeyStore) -> None:
    other = make_station(DataDir(tmp_path / "other"), keystore)
    before = fingerprint(backed.data_dir.root)
    with pytest.raises(RecoveryKeyError, match="does not belong"):
        restore_station(backed.data_dir, keystore, SystemClock(), backed.backup, recovery_key=other.recovery_key, replace=True)  # fmt: skip
    assert fingerprint(backed.data_dir.root) == before


def test_replacing_keeps_a_safety_copy_and_needs_an_officer_or_the_sheet(backed: Backed, keystore: KeyStore) -> None:  # fmt: skip
    before = fingerprint(backed.data_dir.root)
    with pytest.raises(StationPresentError):
        restore_station(backed.data_dir, keystore, SystemClock(), backed.backup)
    with pytest.raises(RecoveryKeyNeededError):
        restore_station(backed.data_dir, keystore, SystemClock(), backed.backup, replace=True)
    viewer = Actor("v", "viewer.one", "Viewer", "Constable", "", Role.VIEWER)
    with pytest.raises(PermissionDeniedError):
        restore_station(backed.data_dir, keystore, SystemClock(), backed.backup, replace=True, actor=viewer)
    assert fingerprint(backed.data_dir.root) == before

    services = open_services(backed.data_dir, keystore, SystemClock())
    sho = services.accounts.login(SHO.username, SHO_PASSWORD)  # the sign-in itself is recorded
    services.close()
    replaced = hashlib.sha256(backed.data_dir.database.read_bytes()).hexdigest()
    report = restore_station(backed.data_dir, keystore, SystemClock(), backed.backup, replace=True, actor=sho)
    assert report.replaced and report.safety_copy is not None
    assert report.counts == backed.counts  # the GD entry made after the backup is not in it
    assert replaced == hashlib.sha256((report.safety_copy / "station.db").read_bytes()).hexdigest()


def test_a_backup_of_another_station_is_refused(backed: Backed, tmp_path: Path, keystore: KeyStore) -> None:
    other_identity = StationIdentity("Uttar Pradesh", "Lucknow", "Aliganj", "अलीगंज", "UP-LKO-0007")
    other = make_station(DataDir(tmp_path / "aliganj"), keystore, other_identity)
    before = fingerprint(backed.data_dir.root)
    with pytest.raises(BackupFromOtherStationError, match="UP-LKO-0007"):
        restore_station(backed.data_dir, keystore, SystemClock(), other.backup, recovery_key=other.recovery_key, replace=True)  # fmt: skip
    assert fingerprint(backed.data_dir.root) == before


@pytest.mark.parametrize("damage", ["truncated", "page-cut", "byte", "key-file", "empty"])
def test_a_damaged_backup_is_refused_and_nothing_changes(backed: Backed, tmp_path: Path, damage: str) -> None:
    copy = tmp_path / "usb" / backed.backup.name
    copy.parent.mkdir()
    data = bytearray(backed.backup.read_bytes())
    key_file_for(copy).write_bytes(key_file_for(backed.backup).read_bytes())
    if damage == "truncated":
        data = data[: len(data) // 2 + 100]
    elif damage == "page-cut":
        data = data[:-4096]
    elif damage == "byte":
        data[len(data) // 2] ^= 0x40
    elif damage == "empty":
        data = bytearray()
    else:
        key_file_for(copy).write_text("{not json", encoding="utf-8")
    copy.write_bytes(bytes(data))
    new_dir = DataDir(tmp_path / "new-machine")
    with pytest.raises(BackupDamagedError):
        restore_station(new_dir, InsecureFileKeyStore(tmp_path / "k.json"), SystemClock(), copy, recovery_key=backed.recovery_key)  # fmt: skip
    assert not new_dir.root.exists() or not any(new_dir.root.iterdir())
