"""The command-line contract: setup, status --json, verify, recover; messages, never tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import create_engine, text

from station_app.core.keys import KeyMetadata, open_keystore
from station_app.core.paths import DataDir
from tests.helpers.cli import SETUP_ARGS, run_cli

PASSWORD: dict[str, str | None] = {"STATION_APP_ADMIN_PASSWORD": "thana-sho-2026"}


@pytest.fixture
def cli_station(tmp_path: Path) -> tuple[Path, str]:
    data = tmp_path / "station"
    result = run_cli(data, *SETUP_ARGS, env=PASSWORD)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    key_line = next(line.strip() for line in result.stdout.splitlines() if line.startswith("    "))
    return data, key_line


def test_setup_prints_the_recovery_key_once_and_status_reports_identity(
    cli_station: tuple[Path, str],
) -> None:
    data, recovery = cli_station
    assert len(recovery.split("-")) == 10
    result = run_cli(data, "status", "--json")
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["station"] == {
        "state": "Uttar Pradesh",
        "district": "Lucknow",
        "station_name": "Hazratganj",
        "station_name_hi": "हज़रतगंज",
        "station_code": "UP-LKO-0042",
        "training": False,
    }
    assert status["counts"]["officer"] == 1
    assert recovery not in run_cli(data, "status").stdout


def test_setup_twice_exits_non_zero_with_a_message(cli_station: tuple[Path, str]) -> None:
    data, _ = cli_station
    result = run_cli(data, *SETUP_ARGS, env=PASSWORD)
    assert result.returncode == 5
    assert "already set up" in result.stderr
    assert "Traceback" not in result.stderr


def test_setup_without_a_password_when_not_at_a_terminal(tmp_path: Path) -> None:
    result = run_cli(tmp_path / "s", *SETUP_ARGS, env={"STATION_APP_ADMIN_PASSWORD": None})
    assert result.returncode == 22
    assert "Give the SHO's password in STATION_APP_ADMIN_PASSWORD" in result.stderr
    assert not (tmp_path / "s").exists()


def test_bad_station_code_is_named_at_its_option(tmp_path: Path) -> None:
    args = list(SETUP_ARGS)
    args[args.index("UP-LKO-0042")] = "lko 42"
    result = run_cli(tmp_path / "s", *args, env=PASSWORD)
    assert result.returncode == 22
    assert "--station-code: Use the CCTNS station code" in result.stderr
    assert not (tmp_path / "s" / "station.db").exists()


def test_training_station_has_practice_accounts(tmp_path: Path) -> None:
    data = tmp_path / "training"
    assert run_cli(data, *SETUP_ARGS, "--training", env=PASSWORD).returncode == 0
    status = json.loads(run_cli(data, "status", "--json").stdout)
    assert status["station"]["training"] is True
    assert status["counts"]["officer"] > 3


def test_verify_passes_then_finds_the_first_broken_entry(cli_station: tuple[Path, str]) -> None:
    data, _ = cli_station
    ok = run_cli(data, "verify")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "The station database is intact." in ok.stdout

    meta = KeyMetadata.read(DataDir(data).key_metadata)
    key = open_keystore().get(meta.keyring_name)
    assert key is not None
    # The tamperer even has the key; verify must still notice.
    engine = create_engine(
        "sqlite+pysqlite://",
        module=sqlcipher3.dbapi2,
        creator=lambda: _keyed(sqlcipher3, data / "station.db", key),
    )
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET officer_username = 'someone-else' WHERE seq = 2"))
    engine.dispose()
    broken = run_cli(data, "verify")
    assert broken.returncode == 1
    assert "First broken: audit entry #2" in broken.stdout
    assert "Traceback" not in broken.stderr


def _keyed(module, path: Path, key_hex: str):  # type: ignore[no-untyped-def]
    conn = module.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key_hex}'\"")
    return conn


def test_missing_key_then_recover_from_the_command_line(cli_station: tuple[Path, str]) -> None:
    data, recovery = cli_station
    meta = KeyMetadata.read(DataDir(data).key_metadata)
    open_keystore().delete(meta.keyring_name)
    missing = run_cli(data, "status")
    assert missing.returncode == 6
    assert "station-app recover" in missing.stderr

    wrong = run_cli(data, "recover", "--recovery-key", "ACDE-" * 9 + "ACDE")
    assert wrong.returncode == 14
    assert "Traceback" not in wrong.stderr

    fixed = run_cli(data, "recover", stdin=recovery + "\n")
    assert fixed.returncode == 0, fixed.stderr
    assert run_cli(data, "status").returncode == 0
    assert run_cli(data, "verify").returncode == 0


def test_status_on_a_folder_without_a_station(tmp_path: Path) -> None:
    result = run_cli(tmp_path / "empty", "status", "--json")
    assert result.returncode == 4
    assert "No station has been set up" in result.stderr


def test_backup_makes_an_encrypted_copy(cli_station: tuple[Path, str], tmp_path: Path) -> None:
    data, _ = cli_station
    result = run_cli(
        data, "backup", "-o", str(tmp_path / "usb"), "--user", "sho.singh",
        env={"STATION_APP_PASSWORD": "thana-sho-2026"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    copies = list((tmp_path / "usb").glob("station-*.db"))
    assert len(copies) == 1
    assert not copies[0].read_bytes().startswith(b"SQLite format 3")
    assert list((tmp_path / "usb").glob("station-*-key.json"))
