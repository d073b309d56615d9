"""The server's log never holds personal data: no SQL parameters, no fetched rows, no request bodies
(issue 12 §4). A real `state-server serve` child process at its most talkative log level takes a
station's sync of known names, a poisoned record among them, and a malformed request; then its log
is searched for the names."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from state_server import admin
from state_server.db import ServerDatabase
from station_app.core.keys import KeyStore
from station_app.core.services.person_input import PersonInput
from sync.engine import Outcome
from sync.protocol import PREFIX
from tests.sync.live_server import ROOT, LiveServer, free_port
from tests.sync.stations import make_station
from tests.sync.test_poison_sync import poison

NAME = "Sushila Devi Kushwaha"
POISONED_NAME = "Kamlawati Prajapati"
ADDRESS = "House 14, Gaushala Road, Daliganj"


@pytest.fixture
def logged_server(server_db: ServerDatabase, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    log_path = tmp_path / "server.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "state_server", "--database-url", server_db.url, "serve", "--host",
             "127.0.0.1", "--port", str(port), "--log-level", "debug"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if requests.get(url + PREFIX + "/hello", timeout=1).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                assert proc.poll() is None and time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.1)
            yield url, log_path
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def test_a_sync_of_known_names_leaves_none_of_them_in_the_server_log(
    logged_server: tuple[str, Path], server_db: ServerDatabase, tmp_path: Path, keystore: KeyStore
) -> None:
    url, log_path = logged_server
    st = make_station(tmp_path, keystore)
    st.services.persons.create(
        st.actor, PersonInput(NAME, relative_name="Ram Prasad", present_address=ADDRESS)
    )
    bad = st.services.persons.create(st.actor, PersonInput(POISONED_NAME, present_address=ADDRESS))
    poison(st, bad.id, name=f"{POISONED_NAME}\x00", age=10**15)
    st.gd(f"Complaint of {NAME} about a stolen phone")
    st.enrol(url, server_db)
    report = st.sync()
    assert report.outcome is Outcome.ATTENTION and report.pushed.quarantined == 1, report
    assert report.pushed.applied == 2
    # A request that breaks the protocol, carrying the name in its body.
    bad_body = {"station_code": NAME, "code": f"{NAME}\x00", "training": "yes", "app_version": ADDRESS}
    assert requests.post(url + PREFIX + "/enrol", data=json.dumps(bad_body), timeout=10).status_code == 422

    time.sleep(0.5)  # let the child flush its log
    log = log_path.read_text(encoding="utf-8", errors="replace")
    assert "POST /sync/v1/push" in log and "invalid_payload" in log  # the log is there, and talkative
    for secret in (NAME, "Sushila", "Kushwaha", POISONED_NAME, "Kamlawati", "Gaushala", "Ram Prasad"):
        assert secret not in log, f"{secret!r} is in the server log"


def test_an_unexpected_fault_is_a_500_with_the_protocols_body_and_its_message_stays_out_of_the_log(
    live_server: LiveServer,
    server_db: ServerDatabase,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from state_server import app as server_app

    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError(f"cannot handle {NAME}")

    monkeypatch.setattr(server_app, "process_batch", broken)
    code = admin.create_station(server_db, "UP-LKO-0042", "PS Hazratganj")
    enrol = {"station_code": "UP-LKO-0042", "code": code, "training": False, "app_version": "t"}
    token = requests.post(live_server.url + PREFIX + "/enrol", json=enrol, timeout=10).json()["token"]
    with caplog.at_level(logging.DEBUG):
        reply = requests.post(
            live_server.url + PREFIX + "/push", json={"station_code": "UP-LKO-0042", "mutations": []},
            headers={"Authorization": f"Bearer {token}"}, timeout=10,
        )  # fmt: skip
    assert reply.status_code == 500
    assert reply.json() == {"code": "internal_error", "message": "the server failed on this request"}
    assert "unexpected RuntimeError on POST /sync/v1/push" in caplog.text
    assert NAME not in caplog.text
