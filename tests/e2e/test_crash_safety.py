"""Power cuts and full disks: kill -9 mid-burst loses no acknowledged write; a full disk is reported."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from station_app.core.clock import SystemClock
from station_app.core.keys import KeyStore
from station_app.core.paths import DataDir
from station_app.core.runtime import StationServices, open_services
from tests.conftest import SHO, SHO_PASSWORD
from tests.helpers.cli import SETUP_ARGS
from tests.helpers.small_fs import run_on_small_fs
from tests.helpers.write_burst import idle_value

ROOT = Path(__file__).resolve().parents[2]


def _start_burst(data_dir: DataDir, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.helpers.write_burst",
            str(data_dir.root),
            SHO.username,
            SHO_PASSWORD,
            *extra,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
@pytest.mark.parametrize("round_no", range(5))
def test_kill_9_mid_burst_loses_no_acknowledged_write(
    station: StationServices, keystore: KeyStore, round_no: int
) -> None:
    data_dir = station.data_dir
    station.close()
    rng = random.Random(round_no)
    with _start_burst(data_dir) as child:
        assert child.stdout is not None and child.stderr is not None
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        deadline = time.monotonic() + rng.uniform(0.3, 1.5)
        acked: list[str] = []
        while time.monotonic() < deadline:
            acked.append(child.stdout.readline().strip())
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        acked += [line.strip() for line in child.stdout.read().splitlines() if line.strip()]
        assert len(acked) > 5, child.stderr.read()

    reopened = open_services(data_dir, keystore, SystemClock())
    try:
        sho = reopened.accounts.login(SHO.username, SHO_PASSWORD)
        usernames = {o.username for o in reopened.accounts.list_officers(sho)}
        for line in acked:
            if line.startswith("officer "):
                assert line.split()[1] in usernames
        last_idle = [line for line in acked if line.startswith("idle ")][-1]
        value, index = (int(part) for part in last_idle.split()[1:])
        # The last acknowledged value, or the next one if that write committed but was not printed
        # (every tenth write creates an officer instead, so the next idle write may be two steps on).
        following = index + 1 if (index + 1) % 10 else index + 2
        assert reopened.station.idle_lock_minutes() in {value, idle_value(following)}
        report = reopened.station.check_integrity()
        assert report.ok, report
    finally:
        reopened.close()


def test_full_disk_is_reported_and_nothing_half_written(
    station: StationServices, keystore: KeyStore, tmp_path: Path
) -> None:
    data_dir = station.data_dir
    station.close()
    used_kb = sum(p.stat().st_size for p in data_dir.root.rglob("*") if p.is_file()) // 1024
    out = DataDir(tmp_path / "after")
    burst = [sys.executable, "-m", "tests.helpers.write_burst", "{DIR}", SHO.username, SHO_PASSWORD]
    result = run_on_small_fs(data_dir.root, out.root, burst, size_kb=used_kb + 160)
    assert result.returncode == 10, result.stdout + result.stderr  # DiskFullError's exit code
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("error DiskFullError The disk is full, so nothing could be saved.")
    assert "Traceback" not in result.stderr

    # Space freed (the folder moved to a roomy disk): every acknowledged write is there, nothing more.
    reopened = open_services(out, keystore, SystemClock())
    try:
        assert reopened.station.check_integrity().ok
        sho = reopened.accounts.login(SHO.username, SHO_PASSWORD)
        acked = {line.split()[1] for line in result.stdout.splitlines() if line.startswith("officer ")}
        stored = {o.username for o in reopened.accounts.list_officers(sho) if o.username.startswith("burst.")}
        assert stored == acked
    finally:
        reopened.close()


def test_read_only_data_folder_is_reported(station: StationServices, tmp_path: Path) -> None:
    data_dir = station.data_dir
    station.close()
    status = [sys.executable, "-m", "station_app", "--data-dir", "{DIR}", "status"]
    result = run_on_small_fs(data_dir.root, tmp_path / "after", status, read_only=True)
    assert result.returncode == 11, result.stdout + result.stderr  # ReadOnlyError's exit code
    assert "The station's data folder cannot be written." in result.stderr
    assert "Traceback" not in result.stderr


def test_setup_into_a_read_only_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATION_APP_ADMIN_PASSWORD", SHO_PASSWORD)
    empty = tmp_path / "empty"
    empty.mkdir()
    setup = [sys.executable, "-m", "station_app", "--data-dir", "{DIR}/station", *SETUP_ARGS]
    result = run_on_small_fs(empty, tmp_path / "after", setup, read_only=True)
    assert result.returncode == 11, result.stdout + result.stderr
    assert "cannot be written" in result.stderr
    assert "Traceback" not in result.stderr
