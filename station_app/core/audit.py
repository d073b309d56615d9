"""The audit trail: every write appends an entry chained to the previous one by SHA-256.

An entry's hash covers its sequence number, time, officer, action, record and the digests of the
record before and after the change, plus the previous entry's hash. Editing, inserting or deleting
any entry breaks the chain from that point; editing or deleting an audited record behind the app's
back makes the record's digest differ from the one its latest entry pinned. ``verify_audit`` finds both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.core.canonical import digest, sha256_hex
from station_app.core.models import Audited, AuditEntry, Base

GENESIS_HASH = "0" * 64
SYSTEM_USERNAME = "system"


@dataclass(frozen=True)
class AuditActor:
    """Who is writing: an officer, or the app itself (setup, migrations, sync)."""

    officer_id: str | None
    username: str


SYSTEM_ACTOR = AuditActor(officer_id=None, username=SYSTEM_USERNAME)


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
    body = "\x1f".join(
        [
            str(seq),
            at.isoformat(timespec="microseconds"),
            actor.officer_id or "",
            actor.username,
            action,
            entity_type,
            entity_id,
            summary,
            before_digest or "",
            after_digest or "",
            prev_hash,
        ]
    )
    return sha256_hex(body)


def snapshot_digest(record: Audited) -> str:
    return digest({"type": record.audit_type, "key": record.audit_key(), "data": record.audit_snapshot()})


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
    at = at.astimezone(UTC)
    if record is not None:
        session.flush()  # the snapshot must see defaults and the new version
        entity_type = record.audit_type
        entity_id = record.audit_key()
        after = None if deleted else snapshot_digest(record)
    else:
        after = None
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.entry_hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    seq = 1 if last is None else last.seq + 1
    prev_hash = GENESIS_HASH if last is None else last.entry_hash
    entry = AuditEntry(
        seq=seq,
        at=at,
        officer_id=actor.officer_id,
        officer_username=actor.username,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        summary=summary,
        before_digest=before,
        after_digest=after,
        prev_hash=prev_hash,
        entry_hash=chain_entry_hash(
            seq, at, actor, action, entity_type, entity_id, summary, before, after, prev_hash
        ),
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class AuditProblem:
    seq: int | None
    entity: str
    reason: str

    def describe(self) -> str:
        where = f"audit entry #{self.seq}" if self.seq is not None else "record"
        return f"{where} ({self.entity}): {self.reason}"


@dataclass(frozen=True)
class AuditReport:
    entries_checked: int
    records_checked: int
    problems: tuple[AuditProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> AuditProblem | None:
        return self.problems[0] if self.problems else None


def _iter_entries(session: Session, batch: int = 2000) -> Iterator[AuditEntry]:
    last_seq = 0
    while True:
        rows = list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.seq > last_seq).order_by(AuditEntry.seq).limit(batch)
            )
        )
        if not rows:
            return
        yield from rows
        last_seq = rows[-1].seq


def _check_chain(session: Session) -> tuple[int, list[AuditProblem]]:
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for entry in _iter_entries(session):
        checked += 1
        label = f"{entry.action} {entry.entity_type} {entry.entity_id}".strip()
        if entry.seq != expected_seq:
            return checked, [
                AuditProblem(entry.seq, label, f"entries missing before it (expected #{expected_seq})")
            ]
        if entry.prev_hash != expected_prev:
            return checked, [AuditProblem(entry.seq, label, "its link to the previous entry is broken")]
        actor = AuditActor(entry.officer_id, entry.officer_username)
        recomputed = chain_entry_hash(
            entry.seq,
            entry.at,
            actor,
            entry.action,
            entry.entity_type,
            entry.entity_id,
            entry.summary,
            entry.before_digest,
            entry.after_digest,
            entry.prev_hash,
        )
        if recomputed != entry.entry_hash:
            return checked, [AuditProblem(entry.seq, label, "its content was changed after it was written")]
        expected_prev = entry.entry_hash
        expected_seq += 1
    return checked, []


def _audited_models() -> Iterable[type[Any]]:
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if issubclass(cls, Audited) and getattr(cls, "audit_type", None):
            yield cls


def _check_records(session: Session) -> tuple[int, list[AuditProblem]]:
    problems: list[AuditProblem] = []
    checked = 0
    for model in _audited_models():
        latest_seq = (
            select(AuditEntry.entity_id, func.max(AuditEntry.seq).label("seq"))
            .where(AuditEntry.entity_type == model.audit_type)
            .group_by(AuditEntry.entity_id)
            .subquery()
        )
        pinned: dict[str, str | None] = {
            row.entity_id: row.after_digest
            for row in session.execute(
                select(AuditEntry.entity_id, AuditEntry.after_digest).join(
                    latest_seq,
                    (AuditEntry.entity_id == latest_seq.c.entity_id) & (AuditEntry.seq == latest_seq.c.seq),
                )
            )
        }
        seen: set[str] = set()
        for record in session.scalars(select(model)).yield_per(1000):
            checked += 1
            key = record.audit_key()
            seen.add(key)
            label = f"{model.audit_type} {key}"
            if key not in pinned:
                problems.append(
                    AuditProblem(None, label, "the record has no audit entry (written outside the app)")
                )
            elif pinned[key] != snapshot_digest(record):
                problems.append(
                    AuditProblem(None, label, "the record differs from what its last audit entry recorded")
                )
        for key, after in pinned.items():
            if key not in seen and after is not None:
                problems.append(
                    AuditProblem(None, f"{model.audit_type} {key}", "the record was removed outside the app")
                )
    return checked, problems


def verify_audit(session: Session) -> AuditReport:
    entries, chain_problems = _check_chain(session)
    records, record_problems = _check_records(session)
    return AuditReport(entries, records, tuple(chain_problems + record_problems))
