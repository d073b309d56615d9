"""The audit chain's head is anchored on the state server by every sync, and a local chain that no
longer extends it (truncated, or an older copy of the database put back) is reported by
`station-app verify --against-server` and by the next sync. Real SQLCipher file, real server."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import select

from state_server.chain_anchor import advance_anchor
from state_server.db import ServerDatabase
from state_server.models import Station as ServerStation
from station_app.core.keys import KeyStore
from station_app.core.storage import read_key
from sync.engine import Outcome
from sync.protocol import ChainAnchor
from tests.helpers.cli import run_cli
from tests.sync.live_server import LiveServer
from tests.sync.stations import SyncStation, make_station


def _server_anchor(db: ServerDatabase, code: str) -> tuple[int | None, str | None]:
    with db.read() as s:
        station = s.scalars(select(ServerStation).where(ServerStation.code == code)).one()
        return station.chain_seq, station.chain_mac


def _local_head(st: SyncStation) -> tuple[int, str]:
    report = st.services.station.check_integrity()
    assert report.chain_head is not None
    return report.chain_head.seq, report.chain_head.mac


def _truncate_behind_the_apps_back(st: SyncStation, keep_through: int) -> None:
    """Remove the chain's last entries with the database key, the app closed (SQLCipher file edited)."""
    data_dir = st.services.data_dir
    st.services.close()
    _meta, key = read_key(data_dir, st.keystore)
    conn = sqlcipher3.connect(str(data_dir.database), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("DELETE FROM audit_entry WHERE seq > ?", (keep_through,))
    finally:
        conn.close()


def test_each_sync_anchors_the_chain_head_on_the_server(
    tmp_path: Path, keystore: KeyStore, sqlite_live_server: LiveServer, sqlite_server_db: ServerDatabase
) -> None:
    st = make_station(tmp_path, keystore)
    st.fir()
    st.enrol(sqlite_live_server.url, sqlite_server_db)
    assert _server_anchor(sqlite_server_db, st.code) == (None, None)
    report = st.sync()
    assert report.outcome is Outcome.OK and report.chain_problem is None, report
    assert _server_anchor(sqlite_server_db, st.code) == _local_head(st)
    st.gd()  # the chain grows: the next sync moves the anchor on
    assert st.sync().outcome is Outcome.OK
    assert _server_anchor(sqlite_server_db, st.code) == _local_head(st)


def test_the_server_moves_its_anchor_only_for_a_chain_that_extends_it() -> None:
    """A station cannot replace the anchor with a rewritten chain: it must name the anchored entry."""
    now = datetime.now(UTC)
    held = ServerStation(code="X", name="X", chain_seq=10, chain_mac="a" * 64)
    kept = ChainAnchor(seq=10, mac="a" * 64)
    forged = ChainAnchor(seq=12, mac="b" * 64)
    assert advance_anchor(held, forged, None, now) == kept  # the station did not name the anchored entry
    assert advance_anchor(held, forged, ChainAnchor(seq=10, mac="c" * 64), now) == kept  # another entry #10
    assert advance_anchor(held, ChainAnchor(seq=9, mac="d" * 64), kept, now) == kept  # shorter than held
    assert advance_anchor(held, None, None, now) == kept  # an old client sends nothing: nothing changes
    assert advance_anchor(held, forged, kept, now) == forged  # it extends: the anchor moves on
    fresh = ServerStation(code="Y", name="Y")
    assert advance_anchor(fresh, forged, None, now) == forged  # the first anchor is taken as it comes


@pytest.mark.tampers
def test_a_truncated_chain_is_named_by_verify_against_server_and_by_the_next_sync(
    tmp_path: Path, keystore: KeyStore, sqlite_live_server: LiveServer, sqlite_server_db: ServerDatabase
) -> None:
    st = make_station(tmp_path, keystore)
    st.fir()
    st.enrol(sqlite_live_server.url, sqlite_server_db)
    assert st.sync().outcome is Outcome.OK
    anchored_seq, _mac = _server_anchor(sqlite_server_db, st.code)
    assert anchored_seq is not None and anchored_seq > 5
    data_root = st.services.data_dir.root

    clean = run_cli(data_root, "verify", "--against-server")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert f"State server anchor: entry #{anchored_seq}: ok" in clean.stdout

    _truncate_behind_the_apps_back(st, keep_through=anchored_seq - 3)
    result = run_cli(data_root, "verify", "--against-server")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    assert f"State server anchor: entry #{anchored_seq}: FAILED" in result.stdout
    assert f"ends at entry #{anchored_seq - 3}" in result.stdout and "entries were removed" in result.stdout

    again = make_station_services_reopened(st)
    report = again.sync()
    assert report.outcome is Outcome.ATTENTION and report.chain_problem is not None, report
    assert "entries were removed" in report.message
    assert _server_anchor(sqlite_server_db, st.code)[0] == anchored_seq  # the evidence stays on the server
    again.services.close()


def make_station_services_reopened(st: SyncStation) -> SyncStation:
    from station_app.core.runtime import open_services

    services = open_services(st.services.data_dir, st.keystore, st.services.clock)
    return SyncStation(services, st.keystore, st.actor, st.code)
