"""The admin's two commands and `station-app sync` as IT staff run them: real processes, real exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from station_app.core.clock import SystemClock
from station_app.core.keys import open_keystore
from station_app.core.paths import DataDir
from station_app.core.runtime import open_services
from tests.conftest import SHO_PASSWORD
from tests.helpers.cli import SETUP_ARGS, run_cli
from tests.sync.live_server import ROOT, ServerProcess, free_port

ENV = {"STATION_APP_ADMIN_PASSWORD": SHO_PASSWORD}


def state_server(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "state_server", "--database-url", url, *args],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_start_a_server_enrol_a_station_and_sync(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'state.db'}"
    station_dir = tmp_path / "station"
    assert run_cli(station_dir, *SETUP_ARGS, "--no-confirm", env=ENV).returncode == 0
    services = open_services(DataDir(station_dir), open_keystore(), SystemClock())
    actor = services.accounts.login("sho.singh", SHO_PASSWORD)
    services.diary.add_entry(
        actor,
        {
            "kind": "departure",
            "entry_at": SystemClock().now().isoformat(),
            "subject": "Night patrol",
            "details": "Left.",
        },
    )
    services.close()

    not_enrolled = run_cli(station_dir, "sync")
    assert not_enrolled.returncode == 35, not_enrolled.stderr

    created = state_server(db_url, "create-station", "--station-code", "UP-LKO-0042", "--name", "Hazratganj")
    assert created.returncode == 0, created.stderr
    code = created.stdout.strip()
    assert len(code) == 14  # XXXX-XXXX-XXXX
    assert (
        state_server(db_url, "create-station", "--station-code", "UP-LKO-0042", "--name", "x").returncode == 3
    )

    server = ServerProcess(db_url).start()
    try:
        assert (
            run_cli(station_dir, "enrol", "--server", server.url, "--code", "WRONG-CODE-0000").returncode
            == 40
        )
        insecure = run_cli(station_dir, "enrol", "--server", "http://sync.up.example.in", "--code", code)
        assert insecure.returncode == 22 and "https" in insecure.stderr
        enrolled = run_cli(station_dir, "enrol", "--server", server.url, "--code", code)
        assert enrolled.returncode == 0, enrolled.stderr
        assert "enrolled" in enrolled.stdout
        keyring = json.loads(Path(os.environ["STATION_APP_INSECURE_KEYRING_FILE"]).read_text())
        token = next(v for k, v in keyring.items() if k.startswith("sync-token:"))
        for path in station_dir.rglob("*"):  # the credential is in the key store only
            if path.is_file():
                content = path.read_bytes()
                assert token.encode() not in content and code.encode() not in content, path

        synced = run_cli(station_dir, "sync", "--json")
        assert synced.returncode == 0, synced.stdout + synced.stderr
        body = json.loads(synced.stdout)
        assert body["outcome"] == "ok" and body["pushed"]["applied"] == 1 and body["last_sync"]
        assert body["outbox"] == {"pending": 0, "quarantined": 0, "conflict": 0}  # as in status --json
        status = json.loads(state_server(db_url, "status", "--json").stdout)
        station = status["stations"]["UP-LKO-0042"]
        assert {k: n for k, n in station["counts"].items() if n} == {"gd_entry": 1} and station["last_push"]
    finally:
        server.stop()
    offline = run_cli(station_dir, "sync", "--timeout", "2")
    assert offline.returncode == 32, offline.stdout + offline.stderr


def test_openapi_is_served(tmp_path: Path) -> None:
    server = ServerProcess(f"sqlite:///{tmp_path / 's.db'}", port=free_port()).start()
    try:
        import requests

        spec = requests.get(server.url + "/openapi.json", timeout=5).json()
        assert {"/sync/v1/hello", "/sync/v1/push", "/sync/v1/pull", "/sync/v1/enrol"} <= set(spec["paths"])
    finally:
        server.stop()
