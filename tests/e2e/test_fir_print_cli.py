"""`station-app fir print` writes the same PDF the app prints: read back, QR checked against the record."""

from __future__ import annotations

from pathlib import Path

from station_app.core.clock import SystemClock
from station_app.core.keys import open_keystore
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Role
from station_app.core.printing.fir_copy import parse_fir_qr
from station_app.core.runtime import open_services
from tests.helpers.cli import SETUP_ARGS, run_cli
from tests.helpers.pdf import english, hindi, qr_codes

READER = Actor("", "test", "Test", "", "", Role.VIEWER)


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
        data, "fir", "print", "--year", "2025", "--number", "2", "--copy", "court", "-o", str(out)
    )
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
        data, "fir", "print", "--year", "2025", "--number", "999", "-o", str(tmp_path / "x.pdf")
    )
    assert missing.returncode == 23 and "There is no FIR 0999/2025" in missing.stderr
    unwritable = run_cli(
        data, "fir", "print", "--year", "2025", "--number", "2", "-o", str(tmp_path / "no" / "x.pdf")
    )
    assert unwritable.returncode == 16 and "could not be written" in unwritable.stderr
    assert "Traceback" not in missing.stderr + unwritable.stderr
