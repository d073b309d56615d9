"""The layering rule, checked on the source: core, sync, forms and state_server never import Qt.

ruff's TID251 enforces the same at lint time; this test keeps it true even when lint is skipped.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QT_FREE = ["station_app/core", "sync", "forms", "state_server", "station_app/cli.py"]
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "station_app.ui", "station_app.app")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
    return found


def test_qt_free_layers_import_no_qt() -> None:
    offenders = []
    for entry in QT_FREE:
        target = ROOT / entry
        files = [target] if target.is_file() else sorted(target.rglob("*.py"))
        for path in files:
            for line, module in _imports(path):
                if module.startswith(QT_MODULES):
                    offenders.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    # station_app/cli.py may start the GUI, but only through one lazy import inside cmd_gui.
    offenders = [o for o in offenders if not o.startswith("station_app/cli.py") or "station_app.app" not in o]
    assert offenders == []


def test_the_rule_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\n")
    assert _imports(bad) == [(1, "PySide6.QtWidgets")]
