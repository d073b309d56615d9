"""The restore drill (issue 15): a training station synced with the real state server is backed up,
its computer is lost (data folder and key store gone), and it is restored on a new machine with the
printed recovery key. verify passes, the counts are the backup's, and sync resumes without
duplicating anything the server already has, including work pushed after the backup was taken."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from state_server.db import ServerDatabase
from station_app.core.clock import SystemClock
from station_app.core.keys import InsecureFileKeyStore
from station_app.core.paths import DataDir
from station_app.core.runtime import open_services
from tests.conftest import SHO_PASSWORD
from tests.e2e.test_sync_cli import state_server
from tests.helpers.cli import SETUP_ARGS, run_cli
from tests.sync.live_server import ServerProcess
from tests.sync.stations import applied_count, server_records

RECOVERY_KEY = re.compile(r"\b[A-Z0-9]{4}(?:-[A-Z0-9]{4}){9}\b")
CODE = "UP-LKO-0042"


def add_gd_entry(data: Path, keyring: Path, subject: str) -> None:
    services = open_services(DataDir(data), InsecureFileKeyStore(keyring), SystemClock())
    try:
        sho = services.accounts.login("sho.singh", SHO_PASSWORD)
        services.diary.add_entry(
            sho,
            {
                "kind": "departure",
                "entry_at": SystemClock().now().isoformat(),
                "subject": subject,
                "details": "-",
            },
        )
    finally:
        services.close()


def test_restore_drill(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'state.db'}"
    old, old_keys = tmp_path / "old-machine", tmp_path / "old-keyring.json"
    new, new_keys = tmp_path / "new-machine", tmp_path / "new-keyring.json"
    on_old = {"STATION_APP_INSECURE_KEYRING_FILE": str(old_keys), "STATION_APP_ADMIN_PASSWORD": SHO_PASSWORD}
    on_new = {"STATION_APP_INSECURE_KEYRING_FILE": str(new_keys)}

    setup = run_cli(old, *SETUP_ARGS, "--training", "--no-confirm", env=on_old)
    assert setup.returncode == 0, setup.stderr
    found = RECOVERY_KEY.search(setup.stdout)
    assert found is not None
    recovery_key = found.group(0)  # the printed sheet: the one thing that survives the disaster

    enrol_code = state_server(
        db_url, "--training", "create-station", "--station-code", CODE, "--name", "Hazratganj"
    )
    assert enrol_code.returncode == 0, enrol_code.stderr
    server = ServerProcess(db_url, training=True).start()
    server_db = ServerDatabase(db_url)
    try:
        assert run_cli(old, "enrol", "--server", server.url, "--code", enrol_code.stdout.strip(), env=on_old).returncode == 0  # fmt: skip
        first = run_cli(old, "sync", env=on_old)
        assert first.returncode == 0, first.stdout + first.stderr

        # A GD entry written, then the nightly backup (the entry is in it, still waiting to be pushed),
        # then one more sync that pushes it: the restored outbox will offer it to the server again.
        add_gd_entry(old, old_keys, "Written before the backup")
        services = open_services(DataDir(old), InsecureFileKeyStore(old_keys), SystemClock())
        try:
            backup = services.backups.backup_now()
            counts = services.station.counts()
        finally:
            services.close()
        assert run_cli(old, "sync", env=on_old).returncode == 0
        on_server = server_records(server_db, CODE)
        applied = applied_count(server_db, CODE)
        assert any(g[3] == "Written before the backup" for g in on_server["gd_entry"])

        # The disaster: the backup survives on a USB stick, the computer does not.
        usb = tmp_path / "usb"
        usb.mkdir()
        for part in (backup, backup.with_name(backup.name.replace(".db", "-key.json"))):
            shutil.copy2(part, usb / part.name)
        shutil.rmtree(old)
        old_keys.unlink()

        restored = run_cli(new, "restore", str(usb / backup.name), "--recovery-key", recovery_key, env=on_new)
        assert restored.returncode == 0, restored.stdout + restored.stderr
        assert "Restored" in restored.stdout and "ok" in restored.stdout
        verify = run_cli(new, "verify", env=on_new)
        assert verify.returncode == 0, verify.stdout + verify.stderr
        status = json.loads(run_cli(new, "status", "--json", env=on_new).stdout)
        assert status["counts"] == counts

        # The sync credential lived in the lost key store: the district issues a new enrolment code.
        assert run_cli(new, "sync", env=on_new).returncode == 35
        reissued = state_server(db_url, "--training", "reissue-code", "--station-code", CODE)
        assert reissued.returncode == 0, reissued.stderr
        enrolled = run_cli(
            new, "enrol", "--server", server.url, "--code", reissued.stdout.strip(), env=on_new
        )
        assert enrolled.returncode == 0, enrolled.stderr
        resumed = run_cli(new, "sync", "--json", env=on_new)
        assert resumed.returncode == 0, resumed.stdout + resumed.stderr
        assert json.loads(resumed.stdout)["outbox"]["pending"] == 0
        assert server_records(server_db, CODE) == on_server  # nothing twice
        assert applied_count(server_db, CODE) == applied

        add_gd_entry(new, new_keys, "Written after the restore")
        assert run_cli(new, "sync", env=on_new).returncode == 0
        after = server_records(server_db, CODE)
        assert len(after["gd_entry"]) == len(on_server["gd_entry"]) + 1
        assert applied_count(server_db, CODE) == applied + 1
    finally:
        server.stop()
        server_db.dispose()
