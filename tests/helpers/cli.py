"""Run the real `station-app` command in a subprocess, as IT staff and scripts do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SETUP_ARGS = [
    "setup",
    "--state", "Uttar Pradesh",
    "--district", "Lucknow",
    "--station-name", "Hazratganj",
    "--station-name-hi", "हज़रतगंज",
    "--station-code", "UP-LKO-0042",
    "--admin-user", "sho.singh",
    "--admin-name", "Anil Kumar Singh",
]  # fmt: skip


def run_cli(
    data_dir: Path,
    *args: str,
    env: dict[str, str | None] | None = None,
    stdin: str = "",
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``env`` adds variables; a value of None removes one."""
    full_env = dict(os.environ)
    for name, value in (env or {}).items():
        if value is None:
            full_env.pop(name, None)
        else:
            full_env[name] = value
    return subprocess.run(
        [sys.executable, "-m", "station_app", "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        check=False,
    )
