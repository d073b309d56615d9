"""The dependency direction, checked on the source (docs/architecture.md, "Layers and arrows").

Every import of the project's own modules is read with ``ast`` (nothing is executed): at module
level, inside functions and under ``if TYPE_CHECKING`` alike, because each is an arrow a reader has
to follow. Two rules:

- arrows run one way between layers: ``ui -> core -> sync -> forms``, ``state_server -> sync``;
  sync/ never reaches into the station's core or GUI nor into state_server; forms/ into none of
  them; the core into no GUI and no command line;
- no two modules import each other, directly or round a longer circle.

Both namings are understood: ``sync`` / ``forms`` / ``resources`` as top-level packages (a source
checkout today) and ``station_app.sync`` etc. (after tools/rename_top_level_imports.py).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE_FOLDERS = ("station_app", "sync", "forms", "resources", "state_server")
MOVED_UNDER_STATION_APP = ("sync", "forms", "resources")

# layer -> the layers it may import. `root` is station_app/__init__.py (the version only).
ALLOWED: dict[str, set[str]] = {
    "resources": {"resources"},
    "forms": {"forms", "resources"},
    "sync": {"sync", "forms", "resources"},
    "state_server": {"state_server", "sync", "forms", "resources"},
    "core": {"core", "sync", "forms", "resources", "root"},
    "ui": {"ui", "core", "sync", "forms", "resources", "root"},
    "cli": {"cli", "core", "sync", "forms", "resources", "root"},
    "root": set(),
}
# The command line may start the GUI, through one lazy import in `station-app gui`.
EXCEPTIONS = {("station_app.cli", "station_app.app")}


def layer_of(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "station_app" and len(parts) > 1 and parts[1] in MOVED_UNDER_STATION_APP:
        parts = parts[1:]
    head = parts[0]
    if head in ("sync", "forms", "resources", "state_server"):
        return head
    if module in ("station_app", "station_app.system_libs"):  # the version; the stdlib-only library probe
        return "root"
    second = parts[1]
    if second in {"core", "migrations"}:
        return "core"
    if second in ("ui", "app"):
        return "ui"
    if second.startswith("cli") or second in ("__main__", "sign_update"):  # sign_update: the release tool
        return "cli"
    raise AssertionError(f"{module} belongs to no layer: add it to tests/test_import_graph.py")


def module_files(root: Path = ROOT) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in SOURCE_FOLDERS:
        for path in sorted((root / folder).rglob("*.py")):
            rel = path.relative_to(root).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _targets(node: ast.AST, module: str, is_package: bool, files: dict[str, Path]) -> Iterable[str]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            package = module.split(".") if is_package else module.split(".")[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join([*package, base] if base else package)
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            yield submodule if submodule in files else base  # a submodule, or a name defined in base


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """module -> the project's modules it imports."""
    files = module_files(root)
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        graph[module] = {
            target
            for node in ast.walk(tree)
            for target in _targets(node, module, is_package, files)
            if target in files and target != module
        }
    return graph


def back_edges(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            if (module, target) in EXCEPTIONS:
                continue
            if layer_of(target) not in ALLOWED[layer_of(module)]:
                found.append(f"{module} ({layer_of(module)}) imports {target} ({layer_of(target)})")
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:
        nonlocal counter
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_every_arrow_runs_one_way() -> None:
    assert back_edges(import_graph()) == []


def test_no_module_imports_itself_round_a_circle() -> None:
    assert cycles(import_graph()) == []


def test_sync_reaches_into_no_station_code() -> None:
    graph = import_graph()
    sync_modules = [m for m in graph if layer_of(m) == "sync"]
    assert "sync.engine" in sync_modules or "station_app.sync.engine" in sync_modules
    for module in sync_modules:
        assert {layer_of(t) for t in graph[module]} <= {"sync", "forms", "resources"}, module


# --- the checks themselves catch what they are for -------------------------------------------------


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for folder in SOURCE_FOLDERS:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "__init__.py").write_text("")
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_a_back_edge_is_caught(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "station_app/core/__init__.py": "",
            "station_app/core/db.py": "X = 1\n",
            "sync/engine.py": "def f():\n    from station_app.core.db import X\n",
            "forms/rules.py": "from sync import engine\n",
        },
    )
    graph = import_graph(root)
    assert back_edges(graph) == [
        "forms.rules (forms) imports sync.engine (sync)",
        "sync.engine (sync) imports station_app.core.db (core)",
    ]


def test_a_circle_is_caught_even_under_type_checking(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "station_app/cli.py": "from station_app.cli_sync import add\n",
            "station_app/cli_sync.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from station_app.cli import Ctx\n"
            ),
            "station_app/core/__init__.py": "",
            "station_app/core/a.py": "from . import b\n",
            "station_app/core/b.py": "from .c import x\n",
            "station_app/core/c.py": "from station_app.core import a\n",
        },
    )
    assert cycles(import_graph(root)) == [
        ["station_app.cli", "station_app.cli_sync"],
        ["station_app.core.a", "station_app.core.b", "station_app.core.c"],
    ]


def test_both_namings_have_the_same_layers() -> None:
    assert layer_of("sync.engine") == layer_of("station_app.sync.engine") == "sync"
    assert layer_of("forms.errors") == layer_of("station_app.forms.errors") == "forms"
    assert layer_of("station_app.core.sync_adapters") == "core"
    assert layer_of("station_app.ui.sync_worker") == "ui"
