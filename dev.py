#!/usr/bin/env python3
"""One entry point for people and CI: make the virtual environment, then run the app or the checks.

    python3 dev.py run [station-app arguments]   start the station app (GUI by default)
    python3 dev.py test [pytest arguments]       ruff, mypy, import contracts and the whole test suite
    python3 dev.py mypy                          mypy alone (as `test` runs it)
    python3 dev.py bench [--quick]               benchmarks (table + JSON)

Only the Python standard library is used here, so it works on a fresh machine with Python 3.11+.
The environment lives in .venv next to this file and is refreshed when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
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


MYPY_TARGETS = ["station_app", "sync", "forms", "state_server", "bench"]
MYPY_VIEW = ROOT / "build" / "mypy-view"


def _package_dir() -> dict[str, str]:
    """pyproject's [tool.setuptools.package-dir]: installed package name -> folder in the checkout."""
    with (ROOT / "pyproject.toml").open("rb") as f:
        return dict(tomllib.load(f).get("tool", {}).get("setuptools", {}).get("package-dir", {}))


def mypy_command(python: Path) -> tuple[list[str], Path]:
    """The mypy command line and the folder to run it in.

    When the folders sync/, forms/ and resources/ are installed under other names (package-dir,
    issue 13), a static checker cannot follow the mapping, so mypy runs on a mirrored view: the
    checkout's files copied (with their times, so mypy's cache stays warm) to where their module
    names say, e.g. sync/engine.py to build/mypy-view/station_app/sync/engine.py. Copies, not
    links: the same on Windows. `run_mypy` prints the paths back as checkout paths.
    """
    mapping = {name: folder for name, folder in _package_dir().items() if name != folder}
    if not mapping:
        return [str(python), "-m", "mypy", *MYPY_TARGETS], ROOT
    wanted: dict[Path, Path] = {}
    for top in [t for t in MYPY_TARGETS if t not in mapping.values()] + ["pyproject.toml"]:
        source = ROOT / top
        files = (
            [source] if source.is_file() else [p for p in source.rglob("*") if p.suffix in (".py", ".pyi")]
        )
        wanted.update({MYPY_VIEW / p.relative_to(ROOT): p for p in files if "__pycache__" not in p.parts})
    for name, folder in mapping.items():
        for p in (ROOT / folder).rglob("*"):
            if p.suffix in (".py", ".pyi") and "__pycache__" not in p.parts:
                wanted[MYPY_VIEW.joinpath(*name.split("."), p.relative_to(ROOT / folder))] = p
    for path in [p for p in MYPY_VIEW.rglob("*") if p.is_file()] if MYPY_VIEW.exists() else []:
        if path not in wanted:
            path.unlink()  # a file deleted or moved in the checkout
    for target, source in wanted.items():
        if not target.exists() or target.stat().st_mtime_ns != source.stat().st_mtime_ns:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    targets = [t for t in MYPY_TARGETS if t not in mapping.values()]
    return [str(python), "-m", "mypy", "--cache-dir", str(ROOT / ".mypy_cache"), *targets], MYPY_VIEW


def run_mypy(python: Path) -> int:
    cmd, cwd = mypy_command(python)
    if cwd == ROOT:
        return subprocess.run(cmd, cwd=ROOT, check=False).returncode
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    mapping = {name.replace(".", "/") + "/": folder + "/" for name, folder in _package_dir().items()}
    pattern = re.compile("|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)))
    for line in (done.stdout + done.stderr).splitlines():
        print(pattern.sub(lambda m: mapping[m.group(0)], line.replace("\\", "/")), flush=True)
    return done.returncode


def run_checks(python: Path, pytest_args: list[str]) -> int:
    steps = [
        ("ruff", [str(python), "-m", "ruff", "check", "."]),
        ("ruff format", [str(python), "-m", "ruff", "format", "--check", "."]),
        ("mypy (strict on core, sync, forms, server; the GUI and bench checked too)", None),
        (
            "import contracts (one-way layers, no import circles; docs/architecture.md)",
            [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_import_graph.py"],
        ),
        ("pytest", [str(python), "-m", "pytest", *pytest_args]),
    ]
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    for name, cmd in steps:
        print(f"==> {name}", flush=True)
        if cmd is None:
            code = run_mypy(python)
        else:
            code = subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode
        if code != 0:
            print(f"==> {name} failed (exit {code})", flush=True)
            return code
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "bench", "mypy"}:
        print(__doc__)
        return 2
    python = ensure_environment()
    command, rest = argv[0], argv[1:]
    if command == "run":
        return subprocess.run([str(python), "-m", "station_app", *rest], cwd=ROOT, check=False).returncode
    if command == "mypy":
        return run_mypy(python)
    if command == "bench":
        return subprocess.run([str(python), "-m", "bench", *rest], cwd=ROOT, check=False).returncode
    return run_checks(python, rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
