"""``verify``'s check of the audit chain and of every audited row, read raw so damage never crashes it.

Rows are fetched without the ORM (a damaged time or flag would stop an ORM load), then read value by
value; every bad entry or row is named with what is wrong, and checking goes on past it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from station_app.core.audit import (
    GENESIS_HASH,
    AuditActor,
    AuditChainKey,
    EntryFields,
    entry_hash,
    session_chain,
)
from station_app.core.audit_rows import RowDigest, UnreadableValue, read_stored_row, row_digest
from station_app.core.models import Audited, Base

CHAIN_KEYED_ACTION = "audit.chain_keyed"  # the first keyed entry of a station upgraded to 0010
_ENTRY_COLUMNS = (
    "seq", "at", "officer_id", "officer_username", "action", "entity_type", "entity_id", "summary",
    "before_digest", "after_digest", "after_columns", "keyed", "prev_hash", "entry_hash",
)  # fmt: skip
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


@dataclass(frozen=True)
class AuditProblem:
    seq: int | None
    entity: str
    reason: str

    def describe(self) -> str:
        where = f"audit entry #{self.seq}" if self.seq is not None else "record"
        return f"{where} ({self.entity}): {self.reason}"


@dataclass(frozen=True)
class ChainHead:
    """The last entry of the chain: what a push anchors on the server."""

    seq: int
    mac: str


@dataclass(frozen=True)
class AuditReport:
    entries_checked: int
    records_checked: int
    problems: tuple[AuditProblem, ...]
    head: ChainHead | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> AuditProblem | None:
        return self.problems[0] if self.problems else None


def raw_rows(session: Session, sql: str, params: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
    result = session.connection().exec_driver_sql(sql, params or {})
    names = [d[0] for d in result.cursor.description] if result.cursor is not None else []
    for row in result:
        yield dict(zip(names, row, strict=True))


def iter_raw_entries(session: Session, batch: int = 2000) -> Iterator[dict[str, Any]]:
    columns = ", ".join(_ENTRY_COLUMNS)
    last_seq: Any = None
    while True:
        if last_seq is None:
            rows = list(raw_rows(session, f"SELECT {columns} FROM audit_entry ORDER BY seq LIMIT {batch}"))
        else:
            rows = list(
                raw_rows(
                    session,
                    f"SELECT {columns} FROM audit_entry WHERE seq > :seq ORDER BY seq LIMIT {batch}",
                    {"seq": last_seq},
                )
            )
        if not rows:
            return
        yield from rows
        last_seq = rows[-1]["seq"]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _entry_problem(row: dict[str, Any], chain: AuditChainKey | None) -> str | None:
    """What is wrong with one entry by itself (its time, its flag, its hash), or None."""
    seq = row["seq"]
    try:
        at = datetime.strptime(str(row["at"]), _TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return f"its time {row['at']!r} is not a valid time (edited outside the app)"
    should_be_keyed = chain is not None and chain.keys(seq)
    if row["keyed"] not in (0, 1):
        return f"its keyed flag {row['keyed']!r} is neither 0 nor 1"
    if bool(row["keyed"]) != should_be_keyed:
        return (
            "it is marked as not keyed although the chain is keyed from entry "
            f"#{chain.keyed_from_seq}" if should_be_keyed and chain is not None else
            "it is marked as keyed, but this station's chain key does not key it"
        )  # fmt: skip
    fields = EntryFields(
        seq, at, AuditActor(row["officer_id"], _text(row["officer_username"])), _text(row["action"]),
        _text(row["entity_type"]), _text(row["entity_id"]), _text(row["summary"]), row["before_digest"],
        row["after_digest"], row["after_columns"], _text(row["prev_hash"]),
    )  # fmt: skip
    if entry_hash(fields, chain.key if should_be_keyed and chain is not None else None) == row["entry_hash"]:
        return None
    if should_be_keyed:
        return (
            "its content was changed after it was written (its MAC does not match this station's chain key)"
        )
    return "its content was changed after it was written"


def _check_chain(
    session: Session, chain: AuditChainKey | None
) -> tuple[int, list[AuditProblem], ChainHead | None]:
    problems: list[AuditProblem] = []
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    head: ChainHead | None = None
    for row in iter_raw_entries(session):
        checked += 1
        seq = row["seq"]
        label = f"{_text(row['action'])} {_text(row['entity_type'])} {_text(row['entity_id'])}".strip()
        if not isinstance(seq, int):
            problems.append(AuditProblem(None, label, f"an entry's number {seq!r} is not a number"))
            continue
        if seq != expected_seq:
            problems.append(AuditProblem(seq, label, f"entries missing before it (expected #{expected_seq})"))
        elif row["prev_hash"] != expected_prev:
            problems.append(AuditProblem(seq, label, "its link to the previous entry is broken"))
        problem = _entry_problem(row, chain)
        if problem is not None:
            problems.append(AuditProblem(seq, label, problem))
        elif chain is not None and seq == chain.keyed_from_seq > 1 and row["action"] != CHAIN_KEYED_ACTION:
            problems.append(
                AuditProblem(
                    seq,
                    label,
                    "the chain's first keyed entry should be the switch-over: entries were removed",
                )
            )
        # Go on from this entry as it stands, so each bad entry is named once, not every later one.
        expected_prev, expected_seq = _text(row["entry_hash"]), seq + 1
        head = ChainHead(seq, expected_prev)
    if chain is not None and (head is None or head.seq < chain.keyed_from_seq):
        end = "has no entries" if head is None else f"ends at entry #{head.seq}"
        problems.append(
            AuditProblem(
                None,
                "audit chain",
                f"the chain {end}, but this station's keyed entries begin at #{chain.keyed_from_seq}: "
                "entries were removed from its end",
            )
        )
    return checked, problems, head


def audited_models() -> Iterable[type[Any]]:
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if issubclass(cls, Audited) and getattr(cls, "audit_type", None):
            yield cls


def pinned_digests(session: Session, audit_type: str) -> dict[str, str | None]:
    """Each record's latest entry's after digest."""
    rows = raw_rows(
        session,
        "SELECT a.entity_id, a.after_digest FROM audit_entry a JOIN ("
        " SELECT entity_id, max(seq) AS seq FROM audit_entry WHERE entity_type = :t GROUP BY entity_id"
        ") latest ON a.entity_id = latest.entity_id AND a.seq = latest.seq",
        {"t": audit_type},
    )
    return {str(r["entity_id"]): r["after_digest"] for r in rows}


def _pinned_columns(session: Session, audit_type: str, key: str) -> str | None:
    """The per-column digests of a record's latest entry: read only for a row that differs."""
    for row in raw_rows(
        session,
        "SELECT after_columns FROM audit_entry WHERE entity_type = :t AND entity_id = :k ORDER BY seq DESC LIMIT 1",
        {"t": audit_type, "k": key},
    ):
        value = row["after_columns"]
        return value if isinstance(value, str) else None
    return None


def _row_problem(
    model: type[Any],
    table: Table,
    raw: dict[str, Any],
    key: str,
    pinned: str | None,
    session: Session,
) -> str | None:
    try:
        values = read_stored_row(table, raw, session.get_bind().dialect)
    except UnreadableValue as exc:
        return f"{exc} (edited outside the app)"
    live: RowDigest = row_digest(model.audit_type, key, values)
    if pinned == live.digest:
        return None
    changed = live.changed_columns(_pinned_columns(session, model.audit_type, key))
    if changed:
        return f"the record differs from what its last audit entry recorded: column(s) {', '.join(changed)} changed"
    return "the record differs from what its last audit entry recorded"


def _check_records(session: Session) -> tuple[int, list[AuditProblem]]:
    problems: list[AuditProblem] = []
    checked = 0
    for model in audited_models():
        table: Table = model.__table__
        pinned = pinned_digests(session, model.audit_type)
        seen: set[str] = set()
        for raw in raw_rows(session, f'SELECT * FROM "{table.name}"'):
            checked += 1
            key = ":".join(str(raw.get(c)) for c in model.audit_key_columns)
            seen.add(key)
            label = f"{model.audit_type} {key}"
            if key not in pinned:
                problems.append(
                    AuditProblem(None, label, "the record has no audit entry (written outside the app)")
                )
                continue
            problem = _row_problem(model, table, raw, key, pinned[key], session)
            if problem is not None:
                problems.append(AuditProblem(None, label, problem))
        for key, after in pinned.items():
            if key not in seen and after is not None:
                problems.append(
                    AuditProblem(None, f"{model.audit_type} {key}", "the record was removed outside the app")
                )
    return checked, problems


def verify_audit(session: Session) -> AuditReport:
    chain = session_chain(session)
    entries, chain_problems, head = _check_chain(session, chain)
    records, record_problems = _check_records(session)
    return AuditReport(entries, records, tuple(chain_problems + record_problems), head)
