"""The audit trail: every write appends an entry chained to the previous one.

An entry's hash covers its sequence number, time, officer, action, record and the digests of the
whole record row before and after the change, plus the previous entry's hash. Since migration 0010
entries are keyed: the hash is an HMAC-SHA256 under the station's chain key (kept in the OS key
store beside the database key), so a chain recomputed without the key no longer verifies. Entries
written before the switch-over keep their plain SHA-256 and verify as they are; the first keyed
entry seals them by its link. ``verify_audit`` (``audit_verify``) checks the chain and every row.
See docs/audit-chain.md.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.core.audit_rows import RowDigest, record_row_digest
from station_app.core.canonical import digest, sha256_hex
from station_app.core.errors import MissingKeyError
from station_app.core.models import Audited, AuditEntry

GENESIS_HASH = "0" * 64
SYSTEM_USERNAME = "system"
AUDIT_CHAIN_INFO = "audit_chain"  # the key in Session.info under which Database puts the chain key


@dataclass(frozen=True)
class AuditActor:
    """Who is writing: an officer, or the app itself (setup, migrations, sync)."""

    officer_id: str | None
    username: str


SYSTEM_ACTOR = AuditActor(officer_id=None, username=SYSTEM_USERNAME)


@dataclass(frozen=True)
class AuditChainKey:
    """The station's chain key and the first entry it keys (earlier entries are plain SHA-256)."""

    key: bytes
    keyed_from_seq: int

    def keys(self, seq: int) -> bool:
        return seq >= self.keyed_from_seq

    def __repr__(self) -> str:  # never print the key
        return f"AuditChainKey(keyed_from_seq={self.keyed_from_seq})"


@dataclass(frozen=True)
class EntryFields:
    """What an entry's hash covers, as stored."""

    seq: int
    at: datetime
    actor: AuditActor
    action: str
    entity_type: str
    entity_id: str
    summary: str
    before_digest: str | None
    after_digest: str | None
    after_columns: str | None
    prev_hash: str

    def body(self, keyed: bool) -> str:
        parts = [
            str(self.seq),
            self.at.isoformat(timespec="microseconds"),
            self.actor.officer_id or "",
            self.actor.username,
            self.action,
            self.entity_type,
            self.entity_id,
            self.summary,
            self.before_digest or "",
            self.after_digest or "",
        ]
        if keyed:  # keyed entries also pin the per-column digests that name an edited column
            parts.append(self.after_columns or "")
        parts.append(self.prev_hash)
        return "\x1f".join(parts)


def entry_hash(fields: EntryFields, key: bytes | None) -> str:
    """HMAC-SHA256 under the chain key for a keyed entry, else the plain SHA-256 of before 0010."""
    if key is not None:
        return hmac.new(key, fields.body(True).encode("utf-8"), hashlib.sha256).hexdigest()
    return sha256_hex(fields.body(False))


def chain_entry_hash(
    seq: int,
    at: datetime,
    actor: AuditActor,
    action: str,
    entity_type: str,
    entity_id: str,
    summary: str,
    before_digest: str | None,
    after_digest: str | None,
    prev_hash: str,
) -> str:
    """The plain SHA-256 of an entry written before the chain was keyed."""
    fields = EntryFields(
        seq, at, actor, action, entity_type, entity_id, summary, before_digest, after_digest, None, prev_hash
    )
    return entry_hash(fields, None)


def snapshot_digest(record: Audited) -> str:
    """The digest of the record's whole row as it stands (what an audit entry pins)."""
    return record_row_digest(record).digest


def legacy_snapshot_digest(record: Audited) -> str:
    """The narrower digest entries pinned before migration 0010 (checked once, at the switch-over)."""
    return digest({"type": record.audit_type, "key": record.audit_key(), "data": record.audit_snapshot()})


def session_chain(session: Session) -> AuditChainKey | None:
    chain = session.info.get(AUDIT_CHAIN_INFO)
    return chain if isinstance(chain, AuditChainKey) else None


def new_entry(
    *,
    last: tuple[int, str, bool] | None,
    chain: AuditChainKey | None,
    at: datetime,
    actor: AuditActor,
    action: str,
    entity_type: str,
    entity_id: str,
    summary: str,
    before: str | None,
    after: RowDigest | None,
) -> AuditEntry:
    """The entry that follows ``last`` (seq, entry hash, keyed), keyed when the chain key says so."""
    seq = 1 if last is None else last[0] + 1
    prev_hash = GENESIS_HASH if last is None else last[1]
    # Keyed whenever the key is loaded: after a chain cut short below its first keyed entry, new
    # entries never go back to plain hashes (verify keeps naming them as out of place).
    keyed = chain is not None
    if not keyed and last is not None and last[2]:
        raise MissingKeyError(
            "The audit chain key is not loaded, so nothing can be recorded.",
            "The station was opened without its audit chain key; open it through the app "
            "(station_app.core.storage.open_station), which loads the key from the key store.",
        )
    at = at.astimezone(UTC)
    fields = EntryFields(
        seq, at, actor, action, entity_type, entity_id, summary, before,
        after.digest if after else None, after.columns if after else None, prev_hash,
    )  # fmt: skip
    return AuditEntry(
        seq=seq,
        at=at,
        officer_id=actor.officer_id,
        officer_username=actor.username,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        summary=summary,
        before_digest=before,
        after_digest=fields.after_digest,
        after_columns=fields.after_columns,
        keyed=keyed,
        prev_hash=prev_hash,
        entry_hash=entry_hash(fields, chain.key if chain is not None else None),
    )


def last_entry(session: Session) -> tuple[int, str, bool] | None:
    row = session.execute(
        select(AuditEntry.seq, AuditEntry.entry_hash, AuditEntry.keyed)
        .order_by(AuditEntry.seq.desc())
        .limit(1)
    ).first()
    return None if row is None else (int(row.seq), str(row.entry_hash), bool(row.keyed))


def record_change(
    session: Session,
    *,
    actor: AuditActor,
    at: datetime,
    action: str,
    record: Audited | None = None,
    entity_type: str = "",
    entity_id: str = "",
    before: str | None = None,
    deleted: bool = False,
    summary: str = "",
) -> AuditEntry:
    """Append one entry in the caller's transaction.

    ``before`` is the record's snapshot digest taken before the change (``snapshot_digest``), or None
    for a new record. ``summary`` is human text without secrets (never a password or key).
    """
    after: RowDigest | None = None
    if record is not None:
        session.flush()  # the digest must see defaults and the new version
        entity_type = record.audit_type
        entity_id = record.audit_key()
        after = None if deleted else record_row_digest(record)
    entry = new_entry(
        last=last_entry(session), chain=session_chain(session), at=at, actor=actor, action=action,
        entity_type=entity_type, entity_id=entity_id, summary=summary, before=before, after=after,
    )  # fmt: skip
    session.add(entry)
    session.flush()
    return entry
