"""`station-app import` end to end in a subprocess: template → fill → dry run → import → re-import,
with the documented exit codes."""

from __future__ import annotations

import csv
from pathlib import Path

from station_app.core.clock import SystemClock
from station_app.core.keys import KeyStore
from station_app.core.permissions import Role
from station_app.core.runtime import StationServices, open_services
from station_app.core.services.accounts import NewOfficer
from tests.conftest import SHO, SHO_PASSWORD
from tests.fixtures.import_files import fir_rows, row
from tests.helpers.cli import run_cli

PASSWORD = {"STATION_APP_PASSWORD": SHO_PASSWORD}


def _fill(template: Path, rows: list[dict[str, str]]) -> Path:
    """What a clerk does in Excel: keep the header, replace the examples with the register's rows."""
    with template.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    keys = [h[h.rindex("[") + 1 : -1] for h in header]
    filled = template.with_name("register-2019.csv")
    with filled.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([r.get(k, "") for k in keys] for r in rows)
    return filled


def test_template_fill_dry_run_import_reimport(
    station: StationServices, keystore: KeyStore, tmp_path: Path
) -> None:
    data_dir = station.data_dir.root
    station.close()
    template = tmp_path / "fir-template.csv"
    made = run_cli(data_dir, "import", "--template", "fir", "-o", str(template))
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == f"FIR template written to {template}"
    assert run_cli(data_dir, "import", "--template", "gd", "-o", str(tmp_path / "gd.xlsx")).returncode == 0

    rows = list(fir_rows(6))
    rows[2]["acts_sections"] = "BNS 303(2)"
    filled = _fill(template, rows)
    report = tmp_path / "problems.csv"
    dry = run_cli(
        data_dir,
        "import",
        str(filled),
        "--dry-run",
        "--report",
        str(report),
        "--user",
        SHO.username,
        env=PASSWORD,
    )
    assert dry.returncode == 1, dry.stderr  # some rows have problems
    assert "Dry run: nothing was written." in dry.stdout
    assert "would be imported: 5" in _flat(dry.stdout) and "with problems: 1" in _flat(dry.stdout)
    assert ("  row 4, Acts and sections: BNS came into force on 1 July 2024; for an offence on "
            "04-01-2019 use IPC 379 (Theft). Write IPC 379: the law in force on 04-01-2019.") in dry.stdout  # fmt: skip
    assert f"Problem report written to {report}" in dry.stdout
    assert "6 / 6 rows (100%)" in dry.stderr  # the progress line

    imported = run_cli(data_dir, "import", str(filled), "--user", SHO.username, env=PASSWORD)
    assert imported.returncode == 1 and "imported: 5" in _flat(imported.stdout)

    rows[2]["acts_sections"] = "IPC 379, 411"
    fixed = _fill(template, rows)  # the clerk fixes the row and imports the whole file again
    again = run_cli(data_dir, "import", str(fixed), "--user", SHO.username, env=PASSWORD)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "imported: 1" in _flat(again.stdout) and "already present: 5" in _flat(again.stdout)
    same = run_cli(data_dir, "import", str(fixed), "--user", SHO.username, env=PASSWORD)
    assert (
        same.returncode == 0
        and "This file was imported completely before; nothing was added now." in same.stdout
    )

    reopened = open_services(station.data_dir, keystore, SystemClock())
    try:
        assert reopened.station.counts()["fir"] == 6
        assert reopened.station.check_integrity().ok
    finally:
        reopened.close()


def test_exit_codes_for_refusals(station: StationServices, tmp_path: Path) -> None:
    sho = station.accounts.login(SHO.username, SHO_PASSWORD)
    station.accounts.create_officer(
        sho, NewOfficer("viewer.one", "Viewer One", "Constable", "C-1", Role.VIEWER), "viewer-pass-1"
    )
    station.accounts.create_officer(  # a new account: its password must be changed at first sign-in
        sho, NewOfficer("new.one", "New Operator", "Constable", "C-2", Role.DATA_ENTRY), "first-pass-1"
    )
    data_dir = station.data_dir.root
    station.close()
    good = tmp_path / "good.csv"
    good.write_bytes(_csv_bytes([row("fir")], "utf-8"))
    ansi = tmp_path / "ansi.csv"
    ansi.write_bytes(_csv_bytes([row("fir", complainant_name="Ramesh’s")], "cp1252"))

    not_utf8 = run_cli(data_dir, "import", str(ansi), "--dry-run", "--user", SHO.username, env=PASSWORD)
    assert not_utf8.returncode == 25
    assert "This file cannot be imported: ansi.csv is not saved as UTF-8 text" in not_utf8.stderr
    assert "CSV UTF-8 (Comma delimited)" in not_utf8.stderr and "Traceback" not in not_utf8.stderr
    wrong = run_cli(data_dir, "import", str(good), "--kind", "gd", "--user", SHO.username, env=PASSWORD)
    assert (
        wrong.returncode == 25 and "This is the FIR template, not the GD (General Diary) one." in wrong.stderr
    )
    bad_password = run_cli(
        data_dir, "import", str(good), "--user", SHO.username, env={"STATION_APP_PASSWORD": "wrong"}
    )
    assert bad_password.returncode == 20
    viewer = run_cli(
        data_dir, "import", str(good), "--user", "viewer.one", env={"STATION_APP_PASSWORD": "viewer-pass-1"}
    )
    assert viewer.returncode == 21 and "may not digitise legacy records" in viewer.stderr
    no_password = run_cli(
        data_dir, "import", str(good), "--user", SHO.username, env={"STATION_APP_PASSWORD": None}
    )
    assert no_password.returncode == 22 and "STATION_APP_PASSWORD" in no_password.stderr
    no_user = run_cli(data_dir, "import", str(good))
    assert no_user.returncode == 2 and "--user" in no_user.stderr  # wrong usage, as argparse says it
    both = run_cli(data_dir, "import", str(good), "--template", "fir", "-o", str(tmp_path / "t.csv"))
    assert both.returncode == 2 and "usage:" in both.stderr
    bad_kind = run_cli(data_dir, "import", "--template", "fir", "-o", str(tmp_path / "t.pdf"))
    assert bad_kind.returncode == 22 and "Name the template file .csv or .xlsx." in bad_kind.stderr
    fresh = run_cli(
        data_dir, "import", str(good), "--user", "new.one", env={"STATION_APP_PASSWORD": "first-pass-1"}
    )
    assert fresh.returncode == 20 and "must choose a new password" in fresh.stderr  # as the app insists
    assert run_cli(data_dir, "import", str(good), "--user", SHO.username, env=PASSWORD).returncode == 0


def _flat(text: str) -> str:
    return " ".join(text.split())


def _csv_bytes(rows: list[dict[str, str]], encoding: str) -> bytes:
    from tests.fixtures.import_files import csv_text

    return csv_text("fir", rows).encode(encoding, "replace")
