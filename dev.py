#!/usr/bin/env python3
"""One entry point for people and CI: make the virtual environment, then run the app or the checks.

    python3 dev.py run [station-app arguments]   start the station app (GUI by default)
    python3 dev.py test [pytest arguments]       ruff, mypy and the whole test suite
    python3 dev.py bench [--quick]               benchmarks (table + JSON)
    python3 dev.py sign-update --key KEY.pem ... make a signed offline update bundle (--help)

Only the Python standard library is used here, so it works on a fresh machine with Python 3.11+.
The environment lives in .venv next to this file and is refreshed when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".station-app-installed"


def _venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def _wanted_stamp() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - this file must run on old Pythons to say so
        sys.exit(f"The station app needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python = _venv_python()
    if not python.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if not STAMP.exists() or STAMP.read_text() != _wanted_stamp():
        print("Installing the station app and its tools into .venv ...", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "-e", f"{ROOT}[dev,server]"],
            check=True,
        )
        STAMP.write_text(_wanted_stamp())
    return python


def run_checks(python: Path, pytest_args: list[str]) -> int:
    steps = [
        ("ruff", [str(python), "-m", "ruff", "check", "."]),
        ("ruff format", [str(python), "-m", "ruff", "format", "--check", "."]),
        (
            "mypy (strict on core, sync, forms, server; the GUI and bench checked too)",
            [str(python), "-m", "mypy", "station_app", "sync", "forms", "state_server", "bench"],
        ),
        ("pytest", [str(python), "-m", "pytest", *pytest_args]),
    ]
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    for name, cmd in steps:
        print(f"==> {name}", flush=True)
        code = subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode
        if code != 0:
            print(f"==> {name} failed (exit {code})", flush=True)
            return code
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "bench", "sign-update"}:
        print(__doc__)
        return 2
    python = ensure_environment()
    command, rest = argv[0], argv[1:]
    if command == "run":
        return subprocess.run([str(python), "-m", "station_app", *rest], cwd=ROOT, check=False).returncode
    if command == "sign-update":  # the release key comes from --key or STATION_APP_UPDATE_KEY, never the repo
        return subprocess.run([str(python), "-m", "station_app.sign_update", *rest], check=False).returncode
    if command == "bench":
        return subprocess.run([str(python), "-m", "bench", *rest], cwd=ROOT, check=False).returncode
    return run_checks(python, rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
