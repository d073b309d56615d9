"""The wheel installs no generic top-level import names, and works installed (issue 13 item 5).

sync/, forms/ and resources/ stay top-level folders of the checkout but are installed as
station_app.sync, station_app.forms and station_app.resources ([tool.setuptools.package-dir]).
These tests build the real wheel with pip and install it into a fresh virtual environment. They run
once tools/rename_top_level_imports.py has been applied (it writes the mapping into pyproject.toml);
before that the tree still installs the old names, and they are skipped with that reason.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GENERIC = ("sync", "forms", "resources")


def _package_dir() -> dict[str, str]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return dict(tomllib.load(f).get("tool", {}).get("setuptools", {}).get("package-dir", {}))


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        "station_app.sync" not in _package_dir(),
        reason="the top-level names are moved under station_app by tools/rename_top_level_imports.py",
    ),
]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (built,) = out.glob("station_app-*.whl")
    return built


def _checkout_packages() -> set[str]:
    """Every package folder of the checkout, under its installed name."""
    mapped = {folder: name for name, folder in _package_dir().items()}
    found = set()
    for top in ("station_app", "state_server", *GENERIC):
        for init in (ROOT / top).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT).parts
            name = ".".join(rel)
            found.add(f"{mapped[rel[0]]}{name[len(rel[0]) :]}" if rel[0] in mapped else name)
    return found


def test_the_wheel_has_no_generic_top_level_names(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert not tops & set(GENERIC), sorted(tops)
    assert {t for t in tops if not t.endswith((".dist-info", ".data"))} == {"station_app", "state_server"}
    assert "station_app/sync/engine.py" in names and "station_app/sync/ports.py" in names
    assert "station_app/forms/errors.py" in names
    assert any(n.startswith("station_app/forms/laws/") and n.endswith(".json") for n in names)
    assert any(n.startswith("station_app/resources/fonts/") and n.endswith(".ttf") for n in names)
    assert "station_app/migrations/env.py" in names and "state_server/migrations/env.py" in names
    top_level = next(n for n in names if n.endswith(".dist-info/top_level.txt"))
    assert set(zipfile.ZipFile(wheel).read(top_level).decode().split()) <= {"station_app", "state_server"}


def test_every_package_folder_is_in_the_wheel(wheel: Path) -> None:
    """pyproject lists the packages (find() cannot see mapped folders): a new folder must be added."""
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(p for p in _checkout_packages() if p.replace(".", "/") + "/__init__.py" not in names)
    assert missing == [], "add these to [tool.setuptools] packages in pyproject.toml"


def test_the_installed_wheel_runs_both_commands(wheel: Path, tmp_path: Path) -> None:
    """A fresh venv with only the wheel installed (no checkout on the path); the third-party
    dependencies are borrowed from this test's environment through a path file, so nothing is
    downloaded, and the editable install of the checkout is not visible there."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    scripts = "Scripts" if os.name == "nt" else "bin"
    python = env_dir / scripts / ("python.exe" if os.name == "nt" else "python")
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    )  # fmt: skip
    (site / "borrowed-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    installed = {p.name for p in site.iterdir()}
    assert not installed & set(GENERIC), sorted(installed)
    assert "station_app" in installed and "state_server" in installed
    assert (site / "station_app" / "sync" / "engine.py").is_file()

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    for command, expected in (("station-app", "setup"), ("state-server", "serve")):
        exe = env_dir / scripts / (f"{command}.exe" if os.name == "nt" else command)
        run = subprocess.run(
            [str(exe), "--help"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        assert expected in run.stdout
    # The installed code is what ran, not the checkout's folders.
    where = subprocess.run(
        [str(python), "-c", "import station_app.sync.engine as e, station_app.forms as f; print(e.__file__, f.__file__)"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert str(site) in where and str(ROOT) not in where
