"""Tampering is always found: outside edits of the real SQLCipher file, made with its key but behind
the app's back (a separate sqlcipher3 connection, the app closed), are each named by `verify`.

The attacker here knows the database key (the file cannot be edited without it) and the app's
published algorithms, but not the audit chain key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlcipher3

from station_app.core.keys import KeyStore
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from station_app.core.storage import read_key
from tests.helpers.cli import run_cli
from tests.helpers.firs import complaint_gd, theft_values

pytestmark = pytest.mark.tampers


@pytest.fixture
def fir_id(station: StationServices, sho: Actor) -> str:
    gd = complaint_gd(station, sho)
    draft = station.firs.new_draft(sho, theft_values(gd))
    fir = station.firs.register(sho, draft.id, draft.summary.version)
    assert station.station.check_integrity().ok
    return fir.id


@contextmanager
def behind_the_apps_back(data_dir: DataDir, keystore: KeyStore) -> Iterator[Any]:
    _meta, key = read_key(data_dir, keystore)
    conn = sqlcipher3.connect(str(data_dir.database), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("BEGIN")
    try:
        yield conn
        conn.execute("COMMIT")
    finally:
        conn.close()


def tamper(data_dir: DataDir, keystore: KeyStore, *statements: tuple[str, tuple[Any, ...]]) -> None:
    with behind_the_apps_back(data_dir, keystore) as conn:
        for sql, params in statements:
            conn.execute(sql, params)


def verify(station: StationServices) -> tuple[int, str]:
    """Close the app, then run the real `station-app verify` on the edited file."""
    station.close()
    result = run_cli(station.data_dir.root, "verify")
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr, result.stderr
    return result.returncode, result.stdout


def test_an_edited_complainant_name_column_is_named(
    station: StationServices, keystore: KeyStore, fir_id: str
) -> None:
    tamper(
        station.data_dir,
        keystore,
        ("UPDATE fir SET complainant_name = 'Someone Else' WHERE id = ?", (fir_id,)),
    )
    code, out = verify(station)
    assert code == 1, out
    assert f"fir {fir_id}" in out and "complainant_name" in out, out


def test_an_edited_sensitive_flag_is_named(station: StationServices, keystore: KeyStore, fir_id: str) -> None:
    tamper(station.data_dir, keystore, ("UPDATE fir SET sensitive = 1 - sensitive WHERE id = ?", (fir_id,)))
    code, out = verify(station)
    assert code == 1, out
    assert f"fir {fir_id}" in out and "sensitive" in out, out


def test_an_edited_outbox_payload_is_named_even_with_its_hash_recomputed(
    station: StationServices, keystore: KeyStore, fir_id: str
) -> None:
    with behind_the_apps_back(station.data_dir, keystore) as conn:
        mutation_id, payload = conn.execute(
            "SELECT mutation_id, payload FROM sync_outbox WHERE op_name = 'register_fir'"
        ).fetchone()
        forged = payload.replace("Ramesh", "Rakesh")
        assert forged != payload
        conn.execute(
            "UPDATE sync_outbox SET payload = ?, payload_sha256 = ? WHERE mutation_id = ?",
            (forged, hashlib.sha256(forged.encode()).hexdigest(), mutation_id),
        )
    code, out = verify(station)
    assert code == 1, out
    assert f"outbox_entry {mutation_id}" in out and "payload" in out, out


def _plain_entry_hash(row: tuple[Any, ...], prev_hash: str) -> str:
    """The published plain SHA-256 entry hash (the scheme before the chain was keyed)."""
    seq, at, officer_id, username, action, etype, eid, summary, before, after = row
    at_text = at[:-1] + "+00:00"  # stored as ...Z; hashed as isoformat with offset
    body = "\x1f".join(
        [str(seq), at_text, officer_id or "", username, action, etype, eid, summary, before or "", after or "",
         prev_hash]
    )  # fmt: skip
    return hashlib.sha256(body.encode()).hexdigest()


def test_a_chain_recomputed_from_scratch_without_the_key_is_named(
    station: StationServices, keystore: KeyStore, fir_id: str
) -> None:
    """The attacker rewrites an entry's summary and recomputes every entry hash with the published
    algorithm from the first entry on: only the chain key tells the forgery apart."""
    with behind_the_apps_back(station.data_dir, keystore) as conn:
        conn.execute("UPDATE audit_entry SET summary = 'nothing to see' WHERE seq = 2")
        rows = conn.execute(
            "SELECT seq, at, officer_id, officer_username, action, entity_type, entity_id, summary, "
            "before_digest, after_digest FROM audit_entry ORDER BY seq"
        ).fetchall()
        prev = "0" * 64
        for row in rows:
            entry_hash = _plain_entry_hash(tuple(row), prev)
            conn.execute(
                "UPDATE audit_entry SET prev_hash = ?, entry_hash = ? WHERE seq = ?",
                (prev, entry_hash, row[0]),
            )
            prev = entry_hash
    code, out = verify(station)
    assert code == 1, out
    assert "audit entry #1" in out and "chain key" in out, out


def test_an_unparseable_audit_time_is_named_not_a_crash(
    station: StationServices, keystore: KeyStore, fir_id: str
) -> None:
    tamper(station.data_dir, keystore, ("UPDATE audit_entry SET at = 'last tuesday' WHERE seq = 3", ()))
    code, out = verify(station)
    assert code == 1, out
    assert "audit entry #3" in out and "last tuesday" in out, out


def test_an_unparseable_record_time_and_a_bad_row_are_each_named(
    station: StationServices, keystore: KeyStore, fir_id: str
) -> None:
    tamper(
        station.data_dir,
        keystore,
        ("UPDATE fir SET registered_at = '2026-13-45' WHERE id = ?", (fir_id,)),
        ("UPDATE gd_entry SET entry_at = 'soon'", ()),
    )
    code, out = verify(station)
    assert code == 1, out
    assert f"fir {fir_id}" in out and "registered_at" in out, out
    assert "gd_entry" in out and "entry_at" in out, out


def test_verify_is_clean_without_tampering(station: StationServices, fir_id: str) -> None:
    code, out = verify(station)
    assert code == 0, out
