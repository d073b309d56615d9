"""A station made before migration 0010 (plain SHA-256 chain, narrower digests, outbox not audited)
switches to the keyed, whole-row chain the first time it opens: its old entries verify as they are,
new ones are keyed from the recorded switch-over point, and `recover` restores the chain key."""

from __future__ import annotations

import json
from datetime import UTC

import pytest
from alembic import command
from sqlalchemy import select, text

from station_app.core.audit import AuditActor, chain_entry_hash, legacy_snapshot_digest
from station_app.core.audit_switch import CHAIN_KEYED_ACTION, ROW_PINNED_ACTION
from station_app.core.audit_verify import audited_models
from station_app.core.clock import SystemClock
from station_app.core.db import Database
from station_app.core.errors import MissingKeyError
from station_app.core.keys import KeyMetadata, KeyStore
from station_app.core.migrate import alembic_config
from station_app.core.models import AuditEntry
from station_app.core.paths import DataDir
from station_app.core.runtime import build_services, open_services, set_up_station
from station_app.core.storage import read_key, recover_with_recovery_key
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.helpers.firs import complaint_gd, theft_values

pytestmark = pytest.mark.tampers  # the test rewrites a database into its pre-0010 shape


def _as_before_0010(data_dir: DataDir, keystore: KeyStore) -> None:
    """Rewrite the station as the app before 0010 left it: no outbox entries in the chain, each record
    pinned by its old narrower digest, plain SHA-256 hashes, schema 0007, no chain key anywhere."""
    meta, key = read_key(data_dir, keystore)
    db = Database(data_dir.database, key)
    try:
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_entry WHERE entity_type = 'outbox_entry'"))
        with db.read() as session:
            legacy = {
                (model.audit_type, record.audit_key()): legacy_snapshot_digest(record)
                for model in audited_models()
                if model.audit_type != "outbox_entry"
                for record in session.scalars(select(model))
            }
            entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
        latest = {(e.entity_type, e.entity_id): e.seq for e in entries}
        prev = "0" * 64
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE audit_entry SET seq = -seq"))
            for new_seq, e in enumerate(entries, start=1):
                after = e.after_digest
                if after is not None and latest[(e.entity_type, e.entity_id)] == e.seq:
                    after = legacy.get((e.entity_type, e.entity_id), after)
                at = e.at.astimezone(UTC)
                entry_hash = chain_entry_hash(
                    new_seq, at, AuditActor(e.officer_id, e.officer_username), e.action, e.entity_type,
                    e.entity_id, e.summary, e.before_digest, after, prev,
                )  # fmt: skip
                conn.execute(
                    text(
                        "UPDATE audit_entry SET seq = :new, after_digest = :after, after_columns = NULL, keyed = 0, "
                        "prev_hash = :prev, entry_hash = :hash WHERE seq = :old"
                    ),
                    {"new": new_seq, "after": after, "prev": prev, "hash": entry_hash, "old": -e.seq},
                )
                prev = entry_hash
            command.downgrade(alembic_config(conn), "0007")
    finally:
        db.dispose()
    keystore.delete(meta.chain_keyring_name)
    body = json.loads(data_dir.key_metadata.read_text())
    del body["audit_chain"]
    data_dir.key_metadata.write_text(json.dumps(body))


def _entries(db: Database) -> list[AuditEntry]:
    with db.read() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))


def test_an_upgraded_station_keeps_its_plain_entries_and_keys_new_ones(
    data_dir: DataDir, keystore: KeyStore
) -> None:
    outcome = set_up_station(data_dir, keystore, SystemClock(), IDENTITY, SHO, SHO_PASSWORD)
    sho = outcome.services.accounts.login(SHO.username, SHO_PASSWORD)
    gd = complaint_gd(outcome.services, sho)
    draft = outcome.services.firs.new_draft(sho, theft_values(gd))
    fir_id = outcome.services.firs.register(sho, draft.id, draft.summary.version).id
    outcome.services.close()
    _as_before_0010(data_dir, keystore)
    old = Database(data_dir.database, read_key(data_dir, keystore)[1])
    with old.engine.connect() as conn:
        old_count = int(conn.execute(text("SELECT count(*) FROM audit_entry")).scalar_one())
    old.dispose()

    services = open_services(data_dir, keystore, SystemClock())  # upgrade, then the switch-over
    entries = _entries(services.db)
    switch = entries[old_count]
    assert not any(e.keyed for e in entries[:old_count])  # the old entries stay plain SHA-256
    assert (switch.seq, switch.action, switch.keyed) == (old_count + 1, CHAIN_KEYED_ACTION, True)
    pinned = {(e.entity_type, e.entity_id) for e in entries[old_count + 1 :] if e.action == ROW_PINNED_ACTION}
    assert ("fir", fir_id) in pinned and ("gd_entry", gd) in pinned
    assert any(t == "outbox_entry" for t, _ in pinned)
    assert all(e.keyed for e in entries[old_count:])
    assert services.station.check_integrity().ok, services.station.check_integrity()
    chain = KeyMetadata.read(data_dir.key_metadata).chain
    assert chain is not None and (chain.keyed_from_seq, chain.wrapped_under) == (
        old_count + 1,
        "database_key",
    )

    services.station.set_idle_lock_minutes(services.accounts.login(SHO.username, SHO_PASSWORD), 5)
    assert _entries(services.db)[-1].keyed and services.station.check_integrity().ok
    with services.db.engine.begin() as conn:  # whole rows are covered from the switch-over on
        conn.execute(text("UPDATE fir SET complainant_name = 'Someone Else' WHERE id = :id"), {"id": fir_id})
    problems = services.station.check_integrity().audit_problems
    assert any(fir_id in p and "complainant_name" in p for p in problems), problems
    services.close()


def test_a_record_edited_before_the_upgrade_is_still_reported_after_it(
    data_dir: DataDir, keystore: KeyStore
) -> None:
    outcome = set_up_station(data_dir, keystore, SystemClock(), IDENTITY, SHO, SHO_PASSWORD)
    sho = outcome.services.accounts.login(SHO.username, SHO_PASSWORD)
    gd = complaint_gd(outcome.services, sho)
    outcome.services.close()
    _as_before_0010(data_dir, keystore)
    _meta, key = read_key(data_dir, keystore)
    old = Database(data_dir.database, key)
    with old.engine.begin() as conn:  # an edit the old chain catches (subject was in its digest)
        conn.execute(text("UPDATE gd_entry SET subject = 'Nothing happened' WHERE id = :id"), {"id": gd})
    old.dispose()
    services = open_services(data_dir, keystore, SystemClock())
    problems = services.station.check_integrity().audit_problems
    assert any(f"gd_entry {gd}" in p and "differs" in p for p in problems), problems  # not laundered
    services.close()


def test_recover_restores_the_chain_key_and_wraps_it_under_the_recovery_key(
    data_dir: DataDir, keystore: KeyStore
) -> None:
    outcome = set_up_station(data_dir, keystore, SystemClock(), IDENTITY, SHO, SHO_PASSWORD)
    outcome.services.close()
    _as_before_0010(data_dir, keystore)
    open_services(data_dir, keystore, SystemClock()).close()  # switched over: wrapped under the database key
    meta = KeyMetadata.read(data_dir.key_metadata)
    keystore.delete(meta.keyring_name)
    keystore.delete(meta.chain_keyring_name)  # the Windows profile was reset

    recover_with_recovery_key(data_dir, keystore, outcome.recovery_key, SystemClock())
    chain = KeyMetadata.read(data_dir.key_metadata).chain
    assert chain is not None and chain.wrapped_under == "recovery_key"
    services = open_services(data_dir, keystore, SystemClock())
    assert services.station.check_integrity().ok
    services.close()

    keystore.delete(meta.chain_keyring_name)  # now only the recovery key brings it back
    with pytest.raises(MissingKeyError, match="no audit chain key"):
        open_services(data_dir, keystore, SystemClock())
    recover_with_recovery_key(data_dir, keystore, outcome.recovery_key, SystemClock())
    services = open_services(data_dir, keystore, SystemClock())
    assert services.station.check_integrity().ok
    services.close()


def test_a_new_station_is_keyed_from_its_first_entry(data_dir: DataDir, keystore: KeyStore) -> None:
    outcome = set_up_station(data_dir, keystore, SystemClock(), IDENTITY, SHO, SHO_PASSWORD)
    entries = _entries(outcome.services.db)
    assert entries[0].action == "station.setup" and all(e.keyed for e in entries)
    outcome.services.close()
    _meta, key = read_key(data_dir, keystore)
    unkeyed = build_services(data_dir, Database(data_dir.database, key), SystemClock())
    with pytest.raises(
        MissingKeyError, match="chain key is not loaded"
    ):  # never a plain entry after keyed ones
        unkeyed.station.set_idle_lock_minutes(unkeyed.accounts.login(SHO.username, SHO_PASSWORD), 5)
    unkeyed.close()


def test_a_chain_cut_back_to_the_switch_over_is_not_keyed_again(
    data_dir: DataDir, keystore: KeyStore
) -> None:
    """Removing the keyed tail (switch-over included) does not make the app 'finish' the switch-over
    afresh: the key store says where keyed entries begin, and later writes keep it visible."""
    outcome = set_up_station(data_dir, keystore, SystemClock(), IDENTITY, SHO, SHO_PASSWORD)
    outcome.services.close()
    _as_before_0010(data_dir, keystore)
    services = open_services(data_dir, keystore, SystemClock())
    switch = next(e.seq for e in _entries(services.db) if e.action == CHAIN_KEYED_ACTION)
    services.close()
    cut = Database(data_dir.database, read_key(data_dir, keystore)[1])
    with cut.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE seq >= :s"), {"s": switch})
    cut.dispose()

    services = open_services(data_dir, keystore, SystemClock())
    assert not any(e.action == CHAIN_KEYED_ACTION for e in _entries(services.db))  # not redone on opening
    problems = services.station.check_integrity().audit_problems
    assert any(f"keyed entries begin at #{switch}" in p and "removed" in p for p in problems), problems
    sho = services.accounts.login(SHO.username, SHO_PASSWORD)
    for minutes in (5, 6, 7):  # the chain grows past the switch-over point again
        services.station.set_idle_lock_minutes(sho, minutes)
    problems = services.station.check_integrity().audit_problems
    assert any(f"audit entry #{switch}" in p and "switch-over" in p for p in problems), problems
    services.close()
