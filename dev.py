#!/usr/bin/env python3
"""One entry point for people and CI: make the virtual environment, then run the app or the checks.

    python3 dev.py run [station-app arguments]   start the station app (GUI by default)
    python3 dev.py test [pytest arguments]       ruff, mypy, import contracts and the whole test suite
    python3 dev.py mypy                          mypy alone (as `test` runs it)
    python3 dev.py bench [--quick]               benchmarks (table + JSON)
    python3 dev.py package [--version V]         PyInstaller build in dist/station-app/, and the .deb
    python3 dev.py sign-update --key KEY.pem ... make a signed offline update bundle (--help)

Only the Python standard library is used here, so it works on a fresh machine with Python 3.11+.
The environment lives in .venv next to this file and is refreshed when pyproject.toml changes.
System packages the commands need (Qt's libraries, PostgreSQL for the server tests) are installed
with apt-get when run as root on Debian or Ubuntu; otherwise one ready-to-paste line names them all.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".station-app-installed"
EXIT_SYSTEM_PACKAGES = 3  # what `dev.py` returns when system packages are missing and cannot be installed
PG_HOST = "127.0.0.1"
# Another port for a machine whose 5432 belongs to someone else (the plain-Debian chroot of
# installer/check_plain_debian.sh shares the host's network): the tests then get STATION_TEST_PG.
PG_PORT = int(os.environ.get("STATION_TEST_PG_PORT", "5432"))


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
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except subprocess.CalledProcessError:
            shutil.rmtree(VENV, ignore_errors=True)
            sys.exit(_no_venv_message())
    if not STAMP.exists() or STAMP.read_text() != _wanted_stamp():
        print("Installing the station app and its tools into .venv ...", flush=True)
        for step in (["--upgrade", "pip"], ["-e", f"{ROOT}[dev,server]"]):
            if subprocess.run([str(python), "-m", "pip", "install", "-q", *step], check=False).returncode:
                sys.exit(
                    "pip could not install the station app's Python packages (see its message above).\n"
                    "Check the network connection (or the proxy and its certificate: PIP_CERT), then run "
                    "the same command again: it carries on where it stopped."
                )
        STAMP.write_text(_wanted_stamp())
    return python


def _no_venv_message() -> str:
    minor = f"{sys.version_info.major}.{sys.version_info.minor}"
    return (
        "Python cannot make a virtual environment here (the venv module has no pip).\n"
        f"On Debian or Ubuntu install it with:\n\n    sudo apt-get install -y python{minor}-venv\n"
    )


# --- system packages --------------------------------------------------------------------------------


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _can_install_with_apt() -> bool:
    return _is_root() and shutil.which("apt-get") is not None


def apt_install(packages: list[str], why: str) -> None:
    print(f"Installing system packages ({why}): {' '.join(packages)}", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages]
    for cmd in (["apt-get", "update", "-qq"], install):
        if subprocess.run(cmd, check=False, env=env).returncode != 0:
            sys.exit(
                f"apt-get could not install {' '.join(packages)} (see its message above). Fix that "
                f"(network, another apt running), or install them yourself:\n\n    {' '.join(install)}\n"
            )


def _pyside_dir() -> Path | None:
    sites = VENV.glob(
        "Lib/site-packages/PySide6" if os.name == "nt" else "lib/python3*/site-packages/PySide6"
    )
    return next(iter(sorted(sites)), None)


def ensure_qt_libraries(platform: str) -> None:
    """Qt's system libraries for ``platform`` ("xcb" for a desktop, "offscreen" for the tests), or exit
    with one ready-to-paste install line, before Qt is ever loaded."""
    sys.path.insert(0, str(ROOT))
    from station_app.system_libs import missing_for_qt  # noqa: PLC0415 - stdlib-only, needs ROOT on the path

    pyside = _pyside_dir()
    if pyside is None:
        return
    missing = missing_for_qt(pyside, platform)
    # A library the loader cannot find hides its own needs: a second round finds those, if any.
    for _round in range(3):
        if not missing:
            return
        if not (missing.packages and not missing.unknown and _can_install_with_apt()):
            break
        apt_install(missing.packages, "Qt's libraries")
        missing = missing_for_qt(pyside, platform)
    sys.exit(missing.message("The station app"))


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _pg_cluster_commands() -> tuple[str, str]:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: int(p.parts[-3]))
    return versions[-1].parts[-3], str(versions[-1])


def ensure_postgres() -> None:
    """The server's storage tests (marker `postgres`) never skip: they need PostgreSQL on 127.0.0.1:5432,
    user postgres with trust, and a database "test" (or STATION_TEST_PG naming another one)."""
    if os.environ.get("STATION_TEST_PG") or os.name == "nt":
        return
    if PG_PORT != 5432:
        os.environ["STATION_TEST_PG"] = f"postgresql://postgres@{PG_HOST}:{PG_PORT}/test"
    if not _port_open(PG_HOST, PG_PORT):
        if not _can_install_with_apt():
            sys.exit(
                "The state server's tests need PostgreSQL on 127.0.0.1:5432 (user postgres, trusted from this "
                "machine, a database named test). Install and start it with:\n\n"
                "    sudo apt-get install -y postgresql && "
                "sudo sed -i '1i host all all 127.0.0.1/32 trust' /etc/postgresql/*/main/pg_hba.conf && "
                "sudo service postgresql restart && sudo -u postgres createdb test\n\n"
                "or name another server in STATION_TEST_PG=postgresql://USER@HOST:PORT/DB."
            )
        _start_local_postgres()
    if shutil.which("psql") is None:
        return  # a server is answering and we cannot look inside: the tests say what is wrong, if anything
    query = ["psql", "-h", PG_HOST, "-p", str(PG_PORT), "-U", "postgres", "-d", "postgres", "-tAc"]
    found = subprocess.run(
        [*query, "SELECT 1 FROM pg_database WHERE datname = 'test'"],
        capture_output=True,
        text=True,
        check=False,
    )
    if found.stdout.strip() != "1":
        subprocess.run(["createdb", "-h", PG_HOST, "-p", str(PG_PORT), "-U", "postgres", "test"], check=True)


def _start_local_postgres() -> None:
    if not list(Path("/usr/lib/postgresql").glob("*/bin/postgres")):
        apt_install(["postgresql", "postgresql-client"], "PostgreSQL for the state server's tests")
    version, _ = _pg_cluster_commands()
    clusters = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=False).stdout
    main = [line.split() for line in clusters.splitlines() if line.split()[:2] == [version, "main"]]
    if not main:
        subprocess.run(["pg_createcluster", "-p", str(PG_PORT), version, "main"], check=True)
    elif main[0][2] != str(PG_PORT):
        subprocess.run(["pg_conftool", version, "main", "set", "port", str(PG_PORT)], check=True)
    hba = Path(f"/etc/postgresql/{version}/main/pg_hba.conf")
    rule = "host all all 127.0.0.1/32 trust"
    if not any(line.split() == rule.split() for line in hba.read_text().splitlines()):
        # Test machines only: trust connections from this machine, ahead of the password rules.
        hba.write_text(f"{rule}\n{hba.read_text()}")
    ctl = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]
    if subprocess.run([*ctl, "start"], capture_output=True, check=False).returncode != 0:
        subprocess.run([*ctl, "reload"], check=False)
    for _ in range(30):
        if _port_open(PG_HOST, PG_PORT):
            return
        time.sleep(1)
    sys.exit(
        f"PostgreSQL was installed but does not answer on {PG_HOST}:{PG_PORT}; see /var/log/postgresql/."
    )


# --- commands ---------------------------------------------------------------------------------------


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


def package(python: Path, args: list[str]) -> int:
    """dist/station-app/ (PyInstaller onedir) and, on Linux, dist/station-app_<version>_amd64.deb."""
    if subprocess.run([str(python), "-c", "import PyInstaller"], capture_output=True, check=False).returncode:
        print("Installing PyInstaller into .venv ...", flush=True)
        # Editable, like the rest of .venv: the build must pack this tree, never a stale copy of it.
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "-e", f"{ROOT}[dev,server,package]"], check=True
        )
    ensure_qt_libraries("xcb")  # PyInstaller follows the libraries Qt links against: they must be there
    build = [
        str(python), "-m", "PyInstaller", str(ROOT / "installer" / "station-app.spec"), "--noconfirm",
        "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build" / "pyinstaller"),
    ]  # fmt: skip
    print("==> PyInstaller (onedir) into dist/station-app/", flush=True)
    if subprocess.run([*build, "--log-level", "WARN"], cwd=ROOT, check=False).returncode != 0:
        return 1
    if sys.platform.startswith("linux"):
        print("==> Debian package", flush=True)
        deb = [str(python), str(ROOT / "installer" / "debian" / "build_deb.py"), *args]
        return subprocess.run(deb, cwd=ROOT, check=False).returncode
    if os.name == "nt":
        print(
            "Now build the setup program: makensis installer\\windows\\station-app.nsi (see installer/README.md)"
        )
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "bench", "package", "sign-update", "mypy"}:
        print(__doc__)
        return 2
    python = ensure_environment()
    command, rest = argv[0], argv[1:]
    if command == "run":
        if os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
            ensure_qt_libraries("offscreen")
        else:
            ensure_qt_libraries("xcb")
        return subprocess.run([str(python), "-m", "station_app", *rest], cwd=ROOT, check=False).returncode
    if command == "sign-update":  # the release key comes from --key or STATION_APP_UPDATE_KEY, never the repo
        return subprocess.run([str(python), "-m", "station_app.sign_update", *rest], check=False).returncode
    if command == "mypy":
        return run_mypy(python)
    if command == "bench":
        ensure_qt_libraries("offscreen")
        return subprocess.run([str(python), "-m", "bench", *rest], cwd=ROOT, check=False).returncode
    if command == "package":
        return package(python, rest)
    ensure_qt_libraries("offscreen")
    ensure_postgres()
    return run_checks(python, rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
