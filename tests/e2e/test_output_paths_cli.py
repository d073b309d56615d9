"""Nothing a user types destroys data (issue 12 §2): no command writes into the data folder, and an
existing file is replaced only with --force. Each test first did what the issue describes on the old
code (`import ... --report <data dir>/station.db` replaced the live database)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests.conftest import SHO_PASSWORD
from tests.fixtures.import_files import fir_rows, write_csv
from tests.helpers.cli import SETUP_ARGS, run_cli

SETUP_ENV: dict[str, str | None] = {"STATION_APP_ADMIN_PASSWORD": SHO_PASSWORD}
PASSWORD: dict[str, str | None] = {"STATION_APP_PASSWORD": SHO_PASSWORD}
EXIT_EXISTS = 17
EXIT_IN_DATA_FOLDER = 18


@pytest.fixture
def station_dir(tmp_path: Path) -> Path:
    data = tmp_path / "station"
    made = run_cli(data, *SETUP_ARGS, env=SETUP_ENV)
    assert made.returncode == 0, made.stderr
    return data


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """A register file with one bad row, so that a dry run has a problem report to write."""
    rows = list(fir_rows(3))
    rows[1]["acts_sections"] = "BNS 303(2)"  # BNS for a 2019 offence: a problem
    return write_csv(tmp_path / "register.csv", "fir", rows)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _station_still_opens(data: Path) -> None:
    status = run_cli(data, "status", "--json")
    assert status.returncode == 0, status.stderr
    assert '"station_code": "UP-LKO-0042"' in status.stdout


def _dry_run(data: Path, register: Path, report: Path, *extra: str) -> tuple[int, str]:
    result = run_cli(
        data, "import", str(register), "--dry-run", "--report", str(report), "--user", "sho.singh", *extra,
        env=PASSWORD,
    )  # fmt: skip
    return result.returncode, result.stdout + result.stderr


def test_a_report_named_like_the_database_leaves_the_database_alone(
    station_dir: Path, register: Path
) -> None:
    database = station_dir / "station.db"
    before = _digest(database)
    code, output = _dry_run(station_dir, register, database)
    assert code == EXIT_IN_DATA_FOLDER, output
    assert "The problem report was not written" in output and "inside the station's data folder" in output
    assert "Traceback" not in output
    assert _digest(database) == before
    _station_still_opens(station_dir)


@pytest.mark.parametrize(
    "inside",
    [
        "problems.csv",  # a new file beside the database
        "logs/problems.csv",
        "backups/problems.csv",
        "station-key.json",
        "../station/station.db",  # `..` resolved
    ],
)
def test_no_report_anywhere_in_the_data_folder(station_dir: Path, register: Path, inside: str) -> None:
    files_before = sorted(p.relative_to(station_dir) for p in station_dir.rglob("*") if "logs" not in p.parts)
    code, output = _dry_run(station_dir, register, station_dir / inside)
    assert code == EXIT_IN_DATA_FOLDER, output
    files_after = sorted(p.relative_to(station_dir) for p in station_dir.rglob("*") if "logs" not in p.parts)
    assert files_after == files_before  # nothing made, nothing replaced, no temporary file left
    _station_still_opens(station_dir)


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need an administrator on Windows")
def test_a_symbolic_link_into_the_data_folder_is_followed(
    station_dir: Path, register: Path, tmp_path: Path
) -> None:
    link = tmp_path / "reports"
    link.symlink_to(station_dir, target_is_directory=True)
    before = _digest(station_dir / "station.db")
    code, output = _dry_run(station_dir, register, link / "station.db")
    assert code == EXIT_IN_DATA_FOLDER, output
    file_link = tmp_path / "innocent.csv"
    file_link.symlink_to(station_dir / "station.db")
    code, output = _dry_run(station_dir, register, file_link, "--force")
    assert code == EXIT_IN_DATA_FOLDER, output  # --force never opens the data folder
    assert _digest(station_dir / "station.db") == before
    _station_still_opens(station_dir)


def test_an_existing_report_is_replaced_only_with_force(
    station_dir: Path, register: Path, tmp_path: Path
) -> None:
    report = tmp_path / "problems.csv"
    report.write_text("the clerk's own notes\n", encoding="utf-8")
    code, output = _dry_run(station_dir, register, report)
    assert code == EXIT_EXISTS, output
    assert f"{report} already exists and was left as it is" in output and "--force" in output
    assert report.read_text(encoding="utf-8") == "the clerk's own notes\n"

    code, output = _dry_run(station_dir, register, report, "--force")
    assert code == 1, output  # the dry run found its one problem row and wrote the report
    assert "BNS came into force" in report.read_text(encoding="utf-8-sig")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_the_report_path_is_refused_before_the_password_is_asked(station_dir: Path, register: Path) -> None:
    result = run_cli(
        station_dir, "import", str(register), "--report", str(station_dir / "station.db"), "--user", "sho.singh",
        env={"STATION_APP_PASSWORD": None},
    )  # fmt: skip
    assert result.returncode == EXIT_IN_DATA_FOLDER, result.stderr


def test_templates_never_go_into_the_data_folder_nor_over_a_file(station_dir: Path, tmp_path: Path) -> None:
    for name in ("station.csv", "fir.xlsx", "logs/fir.csv"):
        made = run_cli(station_dir, "import", "--template", "fir", "-o", str(station_dir / name))
        assert made.returncode == EXIT_IN_DATA_FOLDER, made.stderr
        assert "The template was not written" in made.stderr
        assert not (station_dir / name).exists()
    target = tmp_path / "fir.csv"
    target.write_text("filled in by hand\n", encoding="utf-8")
    again = run_cli(station_dir, "import", "--template", "fir", "-o", str(target))
    assert again.returncode == EXIT_EXISTS and target.read_text(encoding="utf-8") == "filled in by hand\n"
    forced = run_cli(station_dir, "import", "--template", "fir", "-o", str(target), "--force")
    assert forced.returncode == 0, forced.stderr
    assert "[fir_number]" in target.read_text(encoding="utf-8-sig")


def test_backups_never_go_into_the_data_folder(station_dir: Path, tmp_path: Path) -> None:
    before = sorted(p.name for p in station_dir.iterdir())
    for folder in (station_dir, station_dir / "backups", station_dir / "logs", station_dir / "new"):
        result = run_cli(station_dir, "backup", "-o", str(folder))
        assert result.returncode == EXIT_IN_DATA_FOLDER, (folder, result.stderr)
        assert "The backup was not written" in result.stderr
    assert sorted(p.name for p in station_dir.iterdir()) == before
    signed = ("--user", "sho.singh")  # the folder is refused before anyone signs in; a backup needs the SHO
    default = run_cli(
        station_dir, "backup", *signed, env=PASSWORD
    )  # without -o: the backups folder, by the database layer
    assert default.returncode == 0, default.stderr
    assert len(list((station_dir / "backups").glob("station-*.db"))) == 1
    usb = run_cli(station_dir, "backup", "-o", str(tmp_path / "usb"), *signed, env=PASSWORD)
    assert usb.returncode == 0, usb.stderr
    again = run_cli(
        station_dir, "backup", "-o", str(tmp_path / "usb"), *signed, env=PASSWORD
    )  # never replaces an earlier copy
    assert again.returncode == 0, again.stderr
    assert len(list((tmp_path / "usb").glob("station-*.db"))) == 2
    assert len(list((tmp_path / "usb").glob("station-*-key.json"))) == 2


def test_fir_print_never_into_the_data_folder_nor_over_a_file(tmp_path: Path) -> None:
    data = tmp_path / "training"
    assert run_cli(data, *SETUP_ARGS, "--training", env=SETUP_ENV).returncode == 0
    args = ("fir", "print", "--year", "2025", "--number", "2", "-o")
    before = _digest(data / "station.db")
    into_db = run_cli(data, *args, str(data / "station.db"))
    assert into_db.returncode == EXIT_IN_DATA_FOLDER, into_db.stderr
    assert "The FIR copy was not written" in into_db.stderr
    assert _digest(data / "station.db") == before
    out = tmp_path / "copy.pdf"
    out.write_bytes(b"an older copy")
    kept = run_cli(data, *args, str(out))
    assert kept.returncode == EXIT_EXISTS and out.read_bytes() == b"an older copy"
    replaced = run_cli(data, *args, str(out), "--force", "--user", "sho.singh", env=PASSWORD)
    assert replaced.returncode == 0, replaced.stderr
    assert out.read_bytes().startswith(b"%PDF")
    _station_still_opens(data)
