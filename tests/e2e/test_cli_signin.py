"""Commands that read or write records sign an officer in and are audited (issue 12 §4): `backup`
and `import`; `status` and `verify` stay open, `sync` runs as the station."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from station_app.core.clock import SystemClock
from station_app.core.keys import KeyStore
from station_app.core.models import AuditEntry
from station_app.core.paths import DataDir
from station_app.core.permissions import Role
from station_app.core.runtime import StationServices, open_services
from station_app.core.services.accounts import NewOfficer
from tests.conftest import SHO, SHO_PASSWORD
from tests.fixtures.import_files import row, write_csv
from tests.helpers.cli import run_cli

AS_SHO = {"STATION_APP_PASSWORD": SHO_PASSWORD}


def _audit(station_dir: Path, keystore: KeyStore, action: str) -> list[AuditEntry]:
    services = open_services(DataDir(station_dir), keystore, SystemClock())
    try:
        with services.db.read() as session:
            return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))
    finally:
        services.close()


def _accounts(station: StationServices) -> Path:
    """A viewer and an IT admin who chose their passwords, and an IT admin who has not yet."""
    sho = station.accounts.login(SHO.username, SHO_PASSWORD)
    for username, role in (("dsp.viewer", Role.VIEWER), ("it.admin", Role.ADMIN), ("it.new", Role.ADMIN)):
        station.accounts.create_officer(
            sho, NewOfficer(username, "Some Officer", "SI", "B-1", role), "first-pass-1"
        )
        if username != "it.new":
            station.accounts.change_password(
                station.accounts.login(username, "first-pass-1"), "first-pass-1", "own-pass-2"
            )
    root = station.data_dir.root
    station.close()
    return root


def test_backup_signs_in_and_is_audited(station: StationServices, keystore: KeyStore, tmp_path: Path) -> None:
    data_dir = _accounts(station)
    usb = tmp_path / "usb"

    no_user = run_cli(data_dir, "backup", "-o", str(usb), env=AS_SHO)
    assert no_user.returncode == 2 and "--user" in no_user.stderr
    wrong = run_cli(
        data_dir, "backup", "-o", str(usb), "--user", SHO.username, env={"STATION_APP_PASSWORD": "wrong-1"}
    )
    assert wrong.returncode == 20 and "not correct" in wrong.stderr
    no_password = run_cli(
        data_dir, "backup", "-o", str(usb), "--user", SHO.username, env={"STATION_APP_PASSWORD": None}
    )
    assert no_password.returncode == 22 and "STATION_APP_PASSWORD" in no_password.stderr
    viewer = run_cli(
        data_dir, "backup", "-o", str(usb), "--user", "dsp.viewer", env={"STATION_APP_PASSWORD": "own-pass-2"}
    )
    assert viewer.returncode == 21 and "may not make backups" in viewer.stderr
    fresh = run_cli(
        data_dir, "backup", "-o", str(usb), "--user", "it.new", env={"STATION_APP_PASSWORD": "first-pass-1"}
    )
    assert fresh.returncode == 20 and "must choose a new password" in fresh.stderr
    assert not usb.exists()  # no refused run left a copy behind

    by_admin = run_cli(
        data_dir, "backup", "-o", str(usb), "--user", "it.admin", env={"STATION_APP_PASSWORD": "own-pass-2"}
    )
    assert by_admin.returncode == 0, by_admin.stderr
    by_sho = run_cli(data_dir, "--data-dir", str(data_dir), "backup", "--user", SHO.username, env=AS_SHO)
    assert by_sho.returncode == 0, by_sho.stderr
    entries = _audit(data_dir, keystore, "station.backup")
    assert [e.officer_username for e in entries] == ["it.admin", SHO.username]
    assert str(usb) in entries[0].summary


def test_status_and_verify_stay_open_and_sync_runs_as_the_station(station: StationServices) -> None:
    data_dir = _accounts(station)
    env = {"STATION_APP_PASSWORD": None}
    assert run_cli(data_dir, "status", env=env).returncode == 0
    assert run_cli(data_dir, "verify", env=env).returncode == 0
    sync = run_cli(data_dir, "sync", env=env)
    assert sync.returncode == 35, sync.stderr  # not enrolled: it ran, without anybody signing in


def test_an_import_dry_run_is_audited_as_the_officer_who_ran_it(
    station: StationServices, keystore: KeyStore, tmp_path: Path
) -> None:
    data_dir = _accounts(station)
    file = write_csv(tmp_path / "gd.csv", "gd", [row("gd")])
    dry = run_cli(data_dir, "import", str(file), "--dry-run", "--user", SHO.username, env=AS_SHO)
    assert dry.returncode == 0, dry.stderr
    admin = run_cli(
        data_dir,
        "import",
        str(file),
        "--dry-run",
        "--user",
        "it.admin",
        env={"STATION_APP_PASSWORD": "own-pass-2"},
    )
    assert admin.returncode == 21 and "may not digitise legacy records" in admin.stderr
    entries = _audit(data_dir, keystore, "import.dry_run")
    assert [e.officer_username for e in entries] == [SHO.username]
    assert "gd.csv" in entries[0].summary
    assert run_cli(data_dir, "import", str(file), "--user", SHO.username, env=AS_SHO).returncode == 0
    assert run_cli(data_dir, "import", str(file), "--user", SHO.username, env=AS_SHO).returncode == 0
    assert [e.officer_username for e in _audit(data_dir, keystore, "import.again")] == [SHO.username]
