"""`station-app --version`: what the packages' tests and an IT admin ask first (installer/README.md)."""

from __future__ import annotations

import subprocess
import sys

from station_app import __version__


def test_version_is_printed_without_a_station_or_qt() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "station_app", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"station-app {__version__}"
