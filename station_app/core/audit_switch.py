"""Loading the audit chain key when a station opens, and the one-time switch-over to a keyed chain.

A station set up since migration 0010 keys its chain from entry #1. A station upgraded to 0010 gets
its chain key the first time it is opened: in one write transaction the key is made, stored in the
OS key store with the number of the first keyed entry, wrapped into ``station-key.json`` (under the
recovery key when it was just typed, else under the database key until ``recover`` re-wraps it), and
the first keyed entry ``audit.chain_keyed`` is appended, followed by one ``audit.row_pinned`` entry
per record that pins its whole row (for records whose old, narrower digest still matched).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from station_app.core.audit import (
    AUDIT_CHAIN_INFO,
    SYSTEM_ACTOR,
    AuditChainKey,
    last_entry,
    legacy_snapshot_digest,
    new_entry,
    record_change,
)
from station_app.core.audit_rows import UnreadableValue, digested_columns, read_stored_row, record_row_digest
from station_app.core.audit_verify import CHAIN_KEYED_ACTION, audited_models, pinned_digests, raw_rows
from station_app.core.db import Database
from station_app.core.errors import MissingKeyError, WrongKeyError
from station_app.core.fsutil import atomic_write_bytes
from station_app.core.keys import (
    WRAPPED_UNDER_DATABASE_KEY,
    KeyMetadata,
    KeyStore,
    chain_key_check,
    decode_chain_key,
    encode_chain_key,
    new_chain_key,
    unwrap_chain_key,
    wrap_chain_key,
)
from station_app.core.paths import DataDir

log = logging.getLogger(__name__)

ROW_PINNED_ACTION = "audit.row_pinned"


def write_key_metadata(data_dir: DataDir, meta: KeyMetadata) -> None:
    atomic_write_bytes(data_dir.key_metadata, meta.to_json().encode("utf-8"), private=True)


def load_chain_key(
    data_dir: DataDir,
    keystore: KeyStore,
    meta: KeyMetadata,
    db_key: bytes,
    db: Database,
    now: datetime,
    recovery_key: str | None = None,
) -> AuditChainKey:
    """Put the station's chain key on ``db`` (making it on the first open after 0010)."""
    stored = keystore.get(meta.chain_keyring_name)
    if stored is None and meta.chain is not None:
        if meta.chain.wrapped_under != WRAPPED_UNDER_DATABASE_KEY and recovery_key is None:
            raise MissingKeyError(
                "This computer's key store has no audit chain key for the station.",
                "The key store was reset or the data folder was copied from another computer. "
                "Restore both keys with the printed recovery key: station-app recover.",
            )
        chain_key = unwrap_chain_key(meta, recovery_key=recovery_key, db_key=db_key)
        keystore.set(meta.chain_keyring_name, encode_chain_key(chain_key, meta.chain.keyed_from_seq))
        stored = keystore.get(meta.chain_keyring_name)
    if stored is None:
        return _switch_over(data_dir, keystore, meta, db_key, db, now, recovery_key)
    key, keyed_from_seq, pending = decode_chain_key(stored)
    if meta.chain is not None and chain_key_check(key) != meta.chain.key_check:
        raise WrongKeyError(
            "The audit chain key in this computer's key store belongs to another station.",
            "Restore this station's keys with its printed recovery key: station-app recover.",
        )
    chain = AuditChainKey(key, keyed_from_seq)
    db.audit_chain = chain
    if pending:  # a switch-over cut short after the key was stored: finish it, once
        if _switch_over_unfinished(db, chain):
            with db.write() as session:
                if _switch_over_unfinished_in(session, chain):
                    _append_switch_entries(session, chain, now)
        keystore.set(meta.chain_keyring_name, encode_chain_key(key, keyed_from_seq))
    return chain


def _switch_over_unfinished(db: Database, chain: AuditChainKey) -> bool:
    with db.read() as session:
        return _switch_over_unfinished_in(session, chain)


def _switch_over_unfinished_in(session: Session, chain: AuditChainKey) -> bool:
    last = last_entry(session)
    return last is not None and last[0] == chain.keyed_from_seq - 1


def _switch_over(
    data_dir: DataDir,
    keystore: KeyStore,
    meta: KeyMetadata,
    db_key: bytes,
    db: Database,
    now: datetime,
    recovery_key: str | None,
) -> AuditChainKey:
    with db.write() as session:  # holds the write lock: no entry can slip in meanwhile
        last = last_entry(session)
        chain = AuditChainKey(new_chain_key(), (last[0] if last else 0) + 1)
        wrapped = wrap_chain_key(
            meta, chain.key, chain.keyed_from_seq, recovery_key=recovery_key, db_key=db_key
        )
        write_key_metadata(data_dir, wrapped)
        keystore.set(meta.chain_keyring_name, encode_chain_key(chain.key, chain.keyed_from_seq, pending=True))
        session.info[AUDIT_CHAIN_INFO] = chain
        _append_switch_entries(session, chain, now)
    keystore.set(meta.chain_keyring_name, encode_chain_key(chain.key, chain.keyed_from_seq))  # committed
    db.audit_chain = chain
    log.info("audit chain keyed from entry #%d on", chain.keyed_from_seq)
    return chain


def _append_switch_entries(session: Session, chain: AuditChainKey, now: datetime) -> None:
    session.info[AUDIT_CHAIN_INFO] = chain
    record_change(
        session,
        actor=SYSTEM_ACTOR,
        at=now,
        action=CHAIN_KEYED_ACTION,
        entity_type="audit_chain",
        entity_id=str(chain.keyed_from_seq),
        summary="entries from here on are keyed with the station's chain key (HMAC-SHA256); "
        "earlier entries keep their plain SHA-256",
    )
    _pin_whole_rows(session, chain, now)


def _pin_whole_rows(session: Session, chain: AuditChainKey, now: datetime) -> None:
    """One entry per record whose old digest still matched, pinning every column from now on.

    Rows are read raw and rebuilt as detached objects, so a damaged row is skipped (``verify`` names
    it) instead of stopping the upgrade. A record whose old digest no longer matched keeps its old
    pin, so ``verify`` keeps reporting it.
    """
    last = last_entry(session)
    dialect = session.get_bind().dialect
    entries = []
    for model in audited_models():
        table = model.__table__
        pinned = pinned_digests(session, model.audit_type)
        never_pinned_before = model.audit_type == "outbox_entry"  # the outbox was not audited before 0010
        for raw in list(raw_rows(session, f'SELECT * FROM "{table.name}"')):
            try:
                values = read_stored_row(table, raw, dialect)
            except UnreadableValue:
                continue
            record = _detached(model, values)
            key = record.audit_key()
            old = pinned.get(key)
            if not (never_pinned_before and old is None) and (
                old is None or old != legacy_snapshot_digest(record)
            ):
                continue
            entry = new_entry(
                last=last, chain=chain, at=now, actor=SYSTEM_ACTOR, action=ROW_PINNED_ACTION,
                entity_type=model.audit_type, entity_id=key, summary="whole row pinned at the switch-over",
                before=old, after=record_row_digest(record),
            )  # fmt: skip
            entries.append(entry)
            last = (entry.seq, entry.entry_hash, entry.keyed)
    session.add_all(entries)
    session.flush()


def _detached(model: type[Any], values: dict[str, Any]) -> Any:
    by_column = {c.name: c for c in digested_columns(model.__table__)}
    mapper = model.__mapper__
    kwargs = {mapper.get_property_by_column(by_column[name]).key: value for name, value in values.items()}
    return model(**kwargs)
