"""The command line at its edges: options after the command, a reader that goes away, a setup left
at the recovery-key prompt, a folder without a station, and what reaches the screen meanwhile."""

from __future__ import annotations

import os
import select
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.cli import SETUP_ARGS, run_cli

PASSWORD: dict[str, str | None] = {"STATION_APP_ADMIN_PASSWORD": "thana-sho-2026"}


@pytest.fixture
def station_dir(tmp_path: Path) -> Path:
    data = tmp_path / "station"
    assert run_cli(data, *SETUP_ARGS, env=PASSWORD).returncode == 0
    return data


def test_data_dir_after_the_command_too(station_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "station_app", "status", "--json", "--data-dir", str(station_dir)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert '"station_code": "UP-LKO-0042"' in result.stdout


def test_no_station_gives_one_plain_message_and_exit_4(tmp_path: Path) -> None:
    for command in (["status"], ["recover", "--recovery-key", "AAAA-BBBB"], ["verify"]):
        result = run_cli(tmp_path / "nothing", *command)
        assert result.returncode == 4, (command, result.stderr)
        assert "Error:" not in result.stderr and "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert lines[0].startswith("This computer has no station yet:"), lines
        assert not any(line.startswith(("NotSetUpError", "WARNING")) for line in lines), lines


def test_a_closed_pipe_does_not_stop_or_fail_the_command(station_dir: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # `station-app status | head -0`: nobody reads
    child = subprocess.run(
        [sys.executable, "-m", "station_app", "--data-dir", str(station_dir), "status"],
        stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120, check=False,
    )  # fmt: skip
    os.close(write_end)
    assert child.returncode == 0, child.stderr
    assert child.stderr == ""


def test_timeouts_must_be_positive(station_dir: Path) -> None:
    for value in ("0", "-5", "soon"):
        result = run_cli(station_dir, "sync", "--timeout", value)
        assert result.returncode == 2 and "--timeout" in result.stderr, result.stderr


def test_backups_are_readable_by_their_owner_only(station_dir: Path, tmp_path: Path) -> None:
    made = run_cli(
        station_dir, "backup", "-o", str(tmp_path / "usb"), "--user", "sho.singh",
        env={"STATION_APP_PASSWORD": "thana-sho-2026"},
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    for copy in (tmp_path / "usb").iterdir():
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600, copy.name


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_setup_left_at_the_recovery_key_prompt_is_undone(tmp_path: Path) -> None:
    """Ctrl-D (or the window closed) at "Type the recovery key again": no station is left behind."""
    data = tmp_path / "station"
    main_fd, terminal_fd = os.openpty()
    env = {**os.environ, **{k: v for k, v in PASSWORD.items() if v is not None}}
    child = subprocess.Popen(
        [sys.executable, "-m", "station_app", "--data-dir", str(data), *SETUP_ARGS],
        stdin=terminal_fd, stdout=terminal_fd, stderr=terminal_fd, env=env, close_fds=True,
    )  # fmt: skip
    os.close(terminal_fd)
    seen, deadline = b"", time.monotonic() + 120
    try:
        while b"Type the recovery key again" not in seen and time.monotonic() < deadline:
            ready, _w, _x = select.select([main_fd], [], [], 1.0)
            if ready:
                seen += os.read(main_fd, 4096)
        assert b"Type the recovery key again" in seen, seen.decode(errors="replace")
        os.write(main_fd, b"\x04")  # end of input
        assert child.wait(timeout=60) == 14
    finally:
        child.kill()
        os.close(main_fd)
    assert not (data / "station.db").exists() and not (data / "station-key.json").exists()
    assert run_cli(data, *SETUP_ARGS, env=PASSWORD).returncode == 0  # and setup can simply run again


@pytest.mark.tampers
def test_verify_reports_a_damaged_page_as_a_finding(station_dir: Path) -> None:
    """The file still opens, but a page inside it was overwritten: verify says so and exits 1."""
    database = station_dir / "station.db"
    assert database.stat().st_size > 4096 * 8
    with database.open("r+b") as fh:
        fh.seek(4096 * 5 + 100)
        fh.write(b"\0" * 64)
    result = run_cli(station_dir, "verify")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "SQLCipher page check: FAILED" in result.stdout and "HMAC verification failed" in result.stdout
    assert len(result.stdout.splitlines()) < 20  # the first lines of what broke, not hundreds
