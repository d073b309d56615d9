"""What importing a layer really loads, read from ``sys.modules`` in a fresh interpreter.

tests/test_import_graph.py checks the arrows written in the source; this checks the result at run
time, with every package ``__init__`` and third-party import included: the state server's
application and the sync client load nothing of the station's core or GUI and no Qt, and the
station's core (every module of it) loads no Qt.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6")
STATION_CODE = ("station_app.core", "station_app.ui", "station_app.app", "station_app.cli")


def _sync_package() -> str:
    """`sync` today; `station_app.sync` once pyproject maps the folder there (issue 13 item 5)."""
    with (ROOT / "pyproject.toml").open("rb") as f:
        mapped = tomllib.load(f).get("tool", {}).get("setuptools", {}).get("package-dir", {})
    return "station_app.sync" if "station_app.sync" in mapped else "sync"


def _loaded_after(code: str) -> list[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def _under(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)]


def test_the_server_app_and_the_sync_client_load_no_station_code_and_no_qt() -> None:
    sync = _sync_package()
    loaded = _loaded_after(
        f"import state_server.app\nimport {sync}.client\nimport {sync}.engine\nimport {sync}.ports"
    )
    assert "state_server.app" in loaded and f"{sync}.engine" in loaded
    assert _under(loaded, STATION_CODE) == []
    assert _under(loaded, QT) == []


def test_the_sync_engine_alone_loads_no_station_code() -> None:
    sync = _sync_package()
    loaded = _loaded_after(f"import {sync}.engine")
    assert _under(loaded, (*STATION_CODE, "state_server")) == []
    assert _under(loaded, QT) == []


def test_every_module_of_the_station_core_loads_no_qt() -> None:
    loaded = _loaded_after(
        "import importlib, pkgutil, station_app.core as core\n"
        "for info in pkgutil.walk_packages(core.__path__, 'station_app.core.'):\n"
        "    importlib.import_module(info.name)"
    )
    assert "station_app.core.sync_adapters" in loaded and "station_app.core.runtime" in loaded
    assert _under(loaded, ("station_app.ui", "station_app.app")) == []
    assert _under(loaded, QT) == []


def test_the_check_sees_qt_when_it_is_loaded() -> None:
    loaded = _loaded_after("import PySide6.QtCore")
    assert _under(loaded, QT) != []
