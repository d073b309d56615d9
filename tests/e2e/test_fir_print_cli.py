"""`station-app fir list|show|print` as a signed-in officer: the same PDF the app prints (read back, QR
checked against the record), and the victim's identity only for those who may see it (issue 11 §1).

The tests now sign in with --user and STATION_APP_PASSWORD: printing is an audited act of an officer."""

from __future__ import annotations

import json
from pathlib import Path

from station_app.core.clock import SystemClock
from station_app.core.keys import open_keystore
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Role
from station_app.core.printing.fir_copy import parse_fir_qr
from station_app.core.runtime import open_services
from tests.helpers.cli import SETUP_ARGS, run_cli
from tests.helpers.pdf import english, hindi, qr_codes

READER = Actor("", "test", "Test", "", "", Role.SHO)
SHO = {"STATION_APP_PASSWORD": "thana-sho-2026"}
VIEWER = {"STATION_APP_PASSWORD": "practice-2026"}  # dsp.viewer, a practice account


def test_fir_print_from_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "training"
    assert (
        run_cli(
            data, *SETUP_ARGS, "--training", env={"STATION_APP_ADMIN_PASSWORD": "thana-sho-2026"}
        ).returncode
        == 0
    )
    services = open_services(DataDir(data), open_keystore(), SystemClock())
    try:
        fir = services.firs.find(READER, 2025, 2)
    finally:
        services.close()

    out = tmp_path / "copy.pdf"
    result = run_cli(
        data, "fir", "print", "--year", "2025", "--number", "2", "--copy", "court", "-o", str(out),
        "--user", "sho.singh", env=SHO,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "FIR 0002/2025 (court copy)" in result.stdout
    pdf = out.read_bytes()
    text = " ".join(english(pdf))
    assert "FIR No." in text and "0002/2025" in text and "COPY FOR THE COURT" in text
    assert "TRAINING" in text  # a training station watermarks every copy
    assert "प्रथम सूचना रिपोर्ट" in " ".join(hindi(pdf))
    [code] = qr_codes(pdf, 0)
    qr = parse_fir_qr(code.text)
    assert (qr.station_code, qr.year, qr.number, qr.digest) == ("UP-LKO-0042", 2025, 2, fir.digest)


def test_fir_print_errors_are_plain(tmp_path: Path) -> None:
    data = tmp_path / "training"
    assert (
        run_cli(
            data, *SETUP_ARGS, "--training", env={"STATION_APP_ADMIN_PASSWORD": "thana-sho-2026"}
        ).returncode
        == 0
    )
    missing = run_cli(
        data, "fir", "print", "--year", "2025", "--number", "999", "-o", str(tmp_path / "x.pdf"),
        "--user", "sho.singh", env=SHO,
    )  # fmt: skip
    assert missing.returncode == 23 and "There is no FIR 0999/2025" in missing.stderr
    unwritable = run_cli(
        data, "fir", "print", "--year", "2025", "--number", "2", "-o", str(tmp_path / "no" / "x.pdf"),
        "--user", "sho.singh", env=SHO,
    )  # fmt: skip
    assert unwritable.returncode == 16 and "could not be written" in unwritable.stderr
    no_user = run_cli(data, "fir", "print", "--year", "2025", "--number", "2", "-o", str(tmp_path / "x.pdf"))
    assert no_user.returncode == 2 and "--user" in no_user.stderr
    wrong = run_cli(
        data, "fir", "list", "--user", "sho.singh", env={"STATION_APP_PASSWORD": "not-the-password"}
    )
    assert wrong.returncode == 20
    assert "Traceback" not in missing.stderr + unwritable.stderr + no_user.stderr + wrong.stderr


def test_fir_list_show_and_print_follow_the_need_to_know(tmp_path: Path) -> None:
    data = tmp_path / "training"
    assert (
        run_cli(
            data, *SETUP_ARGS, "--training", env={"STATION_APP_ADMIN_PASSWORD": "thana-sho-2026"}
        ).returncode
        == 0
    )
    listed = run_cli(data, "fir", "list", "--json", "--user", "sho.singh", env=SHO)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert {"number", "year", "date", "sections", "sensitive", "status"} <= set(rows[0])
    sensitive = next(r for r in rows if r["sensitive"] and r["status"] == "registered")
    one_year = json.loads(
        run_cli(data, "fir", "list", "--year", "2025", "--json", "--user", "sho.singh", env=SHO).stdout
    )
    assert one_year and all(r["year"] == 2025 for r in one_year)
    year, number = str(sensitive["year"]), str(sensitive["number"])

    full = json.loads(
        run_cli(
            data, "fir", "show", "--year", year, "--number", number, "--json", "--user", "sho.singh", env=SHO
        ).stdout
    )
    assert not full["identity_withheld"]
    victim = full["content"]["values"].get("victim_name") or full["content"]["values"]["complainant_name"]
    masked_run = run_cli(
        data, "fir", "show", "--year", year, "--number", number, "--json", "--user", "dsp.viewer", env=VIEWER
    )
    assert masked_run.returncode == 0, masked_run.stderr
    masked = json.loads(masked_run.stdout)
    assert masked["identity_withheld"] and masked["digest"] == full["digest"]
    for word in victim.split():
        if len(word) >= 3:
            assert word not in masked_run.stdout, word
    viewer_list = run_cli(data, "fir", "list", "--json", "--user", "dsp.viewer", env=VIEWER).stdout
    assert victim not in viewer_list

    refused = run_cli(
        data, "fir", "print", "--year", year, "--number", number, "--copy", "court", "-o", str(tmp_path / "c.pdf"),
        "--user", "dsp.viewer", env=VIEWER,
    )  # fmt: skip
    assert refused.returncode == 21 and "holds the identity of the victim" in refused.stderr
    out = tmp_path / "public.pdf"
    public = run_cli(
        data, "fir", "print", "--year", year, "--number", number, "--copy", "public", "-o", str(out),
        "--user", "dsp.viewer", env=VIEWER,
    )  # fmt: skip
    assert public.returncode == 0, public.stderr
    text = " ".join(english(out.read_bytes())) + " ".join(hindi(out.read_bytes()))
    assert "COPY FOR THE ACCUSED" in text and "Identity of the victim withheld" in text
    for word in victim.split():
        if len(word) >= 3:
            assert word not in text, word
