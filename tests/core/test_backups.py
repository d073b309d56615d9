"""Automatic backups, retention, the dashboard's warning, and backups to a drive that fails."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from station_app.core.backup_files import BackupFile, backups_to_keep, inspect_backup, list_backups
from station_app.core.backups import WARN_AFTER, BackupService
from station_app.core.errors import (
    BackupDamagedError,
    BackupWriteError,
    OutputInDataFolderError,
    PermissionDeniedError,
)
from station_app.core.keys import KeyStore
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices, set_up_station
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.helpers.clock import ManualClock

START = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)  # 10:00 IST


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def services(data_dir: DataDir, keystore: KeyStore, clock: ManualClock) -> Iterator[StationServices]:
    outcome = set_up_station(data_dir, keystore, clock, IDENTITY, SHO, SHO_PASSWORD)
    yield outcome.services
    outcome.services.close()


def gd_entry(services: StationServices, clock: ManualClock) -> None:
    actor = services.accounts.login(SHO.username, SHO_PASSWORD)
    services.diary.add_entry(
        actor,
        {"kind": "departure", "entry_at": clock.now().isoformat(), "subject": "Patrol", "details": "Left."},
    )


def test_a_backup_is_a_checked_encrypted_copy_with_its_key_file(services: StationServices) -> None:
    path = services.backups.backup_now()
    [listed] = list_backups(services.data_dir.backups)
    assert listed.path == path and listed.key_path.read_bytes() == services.data_dir.key_metadata.read_bytes()
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert inspect_backup(path, services.db.key).station_code == IDENTITY.station_code
    assert not [p for p in services.data_dir.backups.iterdir() if p.name.startswith(".")]  # no leftovers


def test_daily_backup_once_per_ist_day(services: StationServices, clock: ManualClock) -> None:
    assert services.backups.backup_if_due() is not None
    clock.advance(hours=13, minutes=59)  # 23:59 IST the same day
    assert services.backups.backup_if_due() is None
    clock.advance(minutes=1)  # 00:00 IST the next day
    assert services.backups.backup_if_due() is not None


def test_closing_backs_up_only_after_a_change(services: StationServices, clock: ManualClock) -> None:
    assert services.backups.backup_on_close() is not None  # never backed up yet
    clock.advance(minutes=5)
    assert services.backups.backup_on_close() is None
    gd_entry(services, clock)
    clock.advance(minutes=5)
    assert services.backups.backup_on_close() is not None
    clock.advance(minutes=5)
    assert services.backups.backup_on_close() is None


def test_the_dashboard_warns_after_two_days_without_a_good_backup(services: StationServices, clock: ManualClock) -> None:  # fmt: skip
    assert services.backups.status().overdue  # none yet
    made = services.backups.backup_now()
    status = services.backups.status()
    assert status.last_good is not None and status.last_good.path == made and not status.overdue
    clock.advance(seconds=WARN_AFTER.total_seconds())
    assert not services.backups.status().overdue  # exactly two days: not yet
    clock.advance(seconds=1)
    assert services.backups.status().overdue


def _backups(days: int) -> list[BackupFile]:
    return [BackupFile(Path(f"b{n}.db"), START - timedelta(days=n)) for n in range(days)]


def test_retention_keeps_seven_daily_four_weekly_twelve_monthly() -> None:
    """One backup a day for 400 days up to Monday 2 November 2026: exactly the GFS set remains."""
    keep = {int(p.stem[1:]) for p in backups_to_keep(_backups(400))}
    assert set(range(7)) <= keep and 7 not in keep  # 7 days; 26 Oct is not its week's newest
    assert {8, 15} <= keep and 22 not in keep  # Sundays 25 and 18 Oct close weeks 3 and 4; the 5th goes
    dec_31_2025 = (START.date() - datetime(2025, 12, 31).date()).days
    assert dec_31_2025 in keep and dec_31_2025 + 31 not in keep  # 12 months back kept, the 13th not
    assert len(keep) == 7 + 2 + 11 - 1  # Oct 31 (day 2) is daily and monthly at once


def test_retention_prunes_the_backups_folder(services: StationServices, clock: ManualClock) -> None:
    for _ in range(10):  # 2 to 11 November
        services.backups.backup_now()
        clock.advance(days=1)
    kept = list_backups(services.data_dir.backups)
    assert len(kept) == 7
    assert min(b.taken_at for b in kept).date() == datetime(2026, 11, 5).date()
    assert len(list(services.data_dir.backups.glob("*-key.json"))) == 7


def test_a_damaged_or_cut_off_copy_is_recognised(services: StationServices, tmp_path: Path) -> None:
    good = services.backups.backup_now().read_bytes()
    copy = tmp_path / "copy.db"
    copy.write_bytes(good[:-4096])  # cut at a page boundary
    with pytest.raises(BackupDamagedError):
        inspect_backup(copy, services.db.key)
    copy.write_bytes(good[:-100])
    with pytest.raises(BackupDamagedError, match="cut off"):
        inspect_backup(copy, services.db.key)
    data = bytearray(good)
    data[len(data) // 2] ^= 0x01
    copy.write_bytes(bytes(data))
    with pytest.raises(BackupDamagedError):
        inspect_backup(copy, services.db.key)


# --- to a drive --------------------------------------------------------------------------------


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    drive = tmp_path / "usb"
    drive.mkdir()
    return drive


def test_backup_to_a_drive_is_checked_there_and_audited(services: StationServices, usb: Path) -> None:
    sho = services.accounts.login(SHO.username, SHO_PASSWORD)
    seen: list[str] = []
    path = services.backups.backup_to_drive(sho, usb, lambda done, total, what: seen.append(what))
    assert path.parent == usb and path.exists() and (usb / path.name.replace(".db", "-key.json")).exists()
    assert inspect_backup(path, services.db.key).station_code == IDENTITY.station_code
    assert "Copying to the drive…" in seen and seen[-1] == "Done."
    assert sorted(p.name for p in usb.iterdir()) == sorted([path.name, path.name.replace(".db", "-key.json")])
    assert services.backups.status().last_good is not None  # a local backup was made first
    assert not services.backups.changed_since_last_backup()  # the audit entry is counted in


def test_a_drive_without_room_is_refused_before_anything_is_written(
    data_dir: DataDir, services: StationServices, usb: Path, clock: ManualClock
) -> None:
    tight = BackupService(services.db, data_dir, clock, services.station, space=lambda _folder: 1024 * 1024)
    sho = services.accounts.login(SHO.username, SHO_PASSWORD)
    with pytest.raises(BackupWriteError, match="not enough free space"):
        tight.backup_to_drive(sho, usb)
    assert list(usb.iterdir()) == []


@pytest.mark.parametrize(("code", "said"), [(errno.ENOSPC, "became full"), (errno.EIO, "was removed")])
def test_a_drive_failing_mid_copy_leaves_nothing_that_looks_like_a_backup(
    services: StationServices, usb: Path, code: int, said: str
) -> None:
    sho = services.accounts.login(SHO.username, SHO_PASSWORD)

    def fail(done: int, total: int, what: str) -> None:
        if what.startswith("Copying"):
            raise OSError(code, "simulated")

    with pytest.raises(BackupWriteError, match=said):
        services.backups.backup_to_drive(sho, usb, fail)
    assert list(usb.iterdir()) == []


def test_a_drive_pulled_out_mid_copy(services: StationServices, usb: Path) -> None:
    """The folder disappears under the copy (as a USB stick's mount point does): the copy cannot be
    read back, and the error says so."""
    import shutil

    sho = services.accounts.login(SHO.username, SHO_PASSWORD)

    def pull(done: int, total: int, what: str) -> None:
        if what.startswith("Copying") and usb.exists():
            shutil.rmtree(usb)

    with pytest.raises(BackupWriteError, match="removed"):
        services.backups.backup_to_drive(sho, usb, pull)
    assert not usb.exists()


def test_only_an_officer_who_manages_the_station_copies_it_to_a_drive(services: StationServices, usb: Path) -> None:  # fmt: skip
    viewer = Actor("x", "viewer.one", "Viewer", "Constable", "", Role.VIEWER)
    with pytest.raises(PermissionDeniedError):
        services.backups.backup_to_drive(viewer, usb)
    assert list(usb.iterdir()) == []


def test_a_drive_folder_inside_the_data_folder_is_refused(services: StationServices) -> None:
    sho = services.accounts.login(SHO.username, SHO_PASSWORD)
    root = services.data_dir.root
    inside = root / "usb"
    inside.mkdir()
    before = sorted(str(p.relative_to(root)) for p in root.rglob("*"))
    with pytest.raises(OutputInDataFolderError):
        services.backups.backup_to_drive(sho, inside)
    after = sorted(str(p.relative_to(root)) for p in root.rglob("*") if not p.name.startswith("station.db-"))
    assert after == [p for p in before if not p.startswith("station.db-")]  # not even the local copy
