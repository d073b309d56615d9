"""Files the app writes are 0600 in 0700 folders on POSIX, whatever the umask (issue 12 §4): the data
folder, the database and key file, logs (also after a rotation), backups, reports, templates,
exports, the test key store and the training practice files. The old code left the data folder,
the logs and the reports at the umask's mercy (0755/0644 under the usual 022)."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from station_app.core.clock import SystemClock
from station_app.core.importers.practice import seed_legacy_practice
from station_app.core.keys import open_keystore
from station_app.core.logs import PrivateRotatingFileHandler
from station_app.core.paths import DataDir
from station_app.core.runtime import open_services
from tests.conftest import SHO, SHO_PASSWORD
from tests.fixtures.import_files import fir_rows, write_csv
from tests.helpers.cli import SETUP_ARGS, run_cli

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The loosest umask there is: whatever the app leaves private, it made private itself."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _assert_private(*paths: Path) -> None:
    wrong = {str(p): oct(_mode(p)) for p in paths if _mode(p) != (0o700 if p.is_dir() else 0o600)}
    assert not wrong, wrong


@pytest.mark.usefixtures("open_umask")
def test_every_kind_of_file_is_private(tmp_path: Path, isolated_keyring: Path) -> None:
    data = tmp_path / "station"
    assert run_cli(data, *SETUP_ARGS, env={"STATION_APP_ADMIN_PASSWORD": SHO_PASSWORD}).returncode == 0
    _assert_private(data, data / "station.db", data / "station-key.json", isolated_keyring)
    _assert_private(data / "logs", data / "logs" / "station-app.log")

    sho = ("--user", "sho.singh")
    password = {"STATION_APP_PASSWORD": SHO_PASSWORD}
    assert run_cli(data, "backup", *sho, env=password).returncode == 0
    _assert_private(data / "backups", *(data / "backups").iterdir())
    usb = tmp_path / "usb" / "backups"  # a new folder the app makes for them
    assert run_cli(data, "backup", "-o", str(usb), *sho, env=password).returncode == 0
    _assert_private(usb, *usb.iterdir())

    out = tmp_path / "out"
    out.mkdir(mode=0o755)  # the officer's own folder: left as it is, the files in it are private
    for name in ("fir.csv", "fir.xlsx"):
        assert run_cli(data, "import", "--template", "fir", "-o", str(out / name)).returncode == 0
    rows = list(fir_rows(2))
    rows[0]["acts_sections"] = "BNS 303(2)"
    register = write_csv(out / "register.csv", "fir", rows)
    dry = run_cli(
        data, "import", str(register), "--dry-run", "--report", str(out / "problems.csv"), "--user", SHO.username,
        env={"STATION_APP_PASSWORD": SHO_PASSWORD},
    )  # fmt: skip
    assert dry.returncode == 1, dry.stderr
    _assert_private(out / "fir.csv", out / "fir.xlsx", out / "problems.csv")
    assert _mode(out) == 0o755

    services = open_services(DataDir(data), open_keystore(), SystemClock())
    try:
        sho = services.accounts.login(SHO.username, SHO_PASSWORD)
        export = services.outputs.write_bytes(  # what the sync screen's Export does
            out / "held-back.json", services.outbox.export(sho).encode(), what="The export", replace=False
        )
        seed_legacy_practice(services, sho)
    finally:
        services.close()
    _assert_private(export, data / "practice", *(data / "practice").iterdir())


@pytest.mark.usefixtures("open_umask")
def test_an_old_data_folder_is_narrowed_when_opened(tmp_path: Path) -> None:
    data = tmp_path / "station"
    assert run_cli(data, *SETUP_ARGS, env={"STATION_APP_ADMIN_PASSWORD": SHO_PASSWORD}).returncode == 0
    sho = ("--user", "sho.singh")
    password = {"STATION_APP_PASSWORD": SHO_PASSWORD}
    assert run_cli(data, "backup", *sho, env=password).returncode == 0
    old = [(data, 0o755), (data / "backups", 0o755), (data / "logs", 0o755)]
    old += [(data / "station.db", 0o644), (data / "station-key.json", 0o644)]
    for path, loose in old:
        os.chmod(path, loose)  # as an older version under umask 022 left them
    assert run_cli(data, "status").returncode == 0
    _assert_private(*(path for path, _loose in old))


@pytest.mark.usefixtures("open_umask")
def test_log_files_stay_private_after_a_rotation(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir(mode=0o700)
    handler = PrivateRotatingFileHandler(
        folder / "station-app.log", maxBytes=200, backupCount=2, encoding="utf-8"
    )
    logger = logging.getLogger("test.rotation")
    logger.addHandler(handler)
    try:
        for n in range(20):
            logger.warning("line %d of a log that rotates after two hundred bytes", n)
    finally:
        logger.removeHandler(handler)
        handler.close()
    files = sorted(folder.iterdir())
    assert len(files) == 3  # the log and two rotated ones
    _assert_private(*files)
