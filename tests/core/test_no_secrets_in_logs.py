"""The log file in the data folder never holds a password, the database key or the recovery key."""

from __future__ import annotations

import logging
from pathlib import Path

from station_app.core.keys import KeyMetadata, open_keystore
from station_app.core.logs import redact
from station_app.core.paths import DataDir
from tests.helpers.cli import SETUP_ARGS, run_cli

PASSWORD = "thana-sho-2026"


def test_no_secret_reaches_the_log_file(tmp_path: Path) -> None:
    data = tmp_path / "station"
    setup = run_cli(data, *SETUP_ARGS, env={"STATION_APP_ADMIN_PASSWORD": PASSWORD})
    assert setup.returncode == 0, setup.stderr
    recovery = next(line.strip() for line in setup.stdout.splitlines() if line.startswith("    "))
    meta = KeyMetadata.read(DataDir(data).key_metadata)
    db_key = open_keystore().get(meta.keyring_name)
    assert db_key is not None
    open_keystore().delete(meta.keyring_name)
    assert run_cli(data, "status").returncode == 6  # the missing-key path logs a warning
    assert run_cli(data, "recover", "--recovery-key", "ACDE-" * 9 + "ACDE").returncode == 14
    assert run_cli(data, "recover", "--recovery-key", recovery).returncode == 0
    assert run_cli(data, "verify").returncode == 0

    logs = "".join(p.read_text(encoding="utf-8") for p in (data / "logs").glob("station-app.log*"))
    assert "set up" in logs  # the log is really written
    for secret in (PASSWORD, db_key, db_key.upper(), recovery, recovery.replace("-", "")):
        assert secret not in logs


def test_redaction_filter_catches_secret_shapes_from_foreign_text(tmp_path: Path) -> None:
    key_hex = "ab" * 32
    text = f"PRAGMA key = \"x'{key_hex}'\" failed; hash $argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"
    cleaned = redact(text)
    assert key_hex not in cleaned and "$argon2id$" not in cleaned
    assert redact("CDEF-7QXA-CDEF-7QXA-CDEF-7QXA-CDEF-7QXA-CDEF-7QXA") == "[redacted]"

    from station_app.core.logs import configure_logging

    log_file = tmp_path / "logs" / "x.log"
    handler = configure_logging(log_file)
    assert handler is not None
    try:
        logging.getLogger("test").error("driver said %s", text)
        handler.flush()
        assert key_hex not in log_file.read_text()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
