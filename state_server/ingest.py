"""Push: apply a batch of mutations exactly once each, in order per aggregate.

Every mutation is checked against the protocol on its own first: a bad envelope or payload is
refused alone (``invalid_mutation``, ``invalid_payload``) and the rest of the batch still applies;
nothing the database cannot hold reaches it, and a database refusal of one mutation (the backstop)
rolls back its savepoint only.

The whole batch is one transaction holding the station's row lock (one station's batches never
interleave; different stations run in parallel). Each mutation runs in a savepoint, so a rejected one
rolls back alone. Its dedupe record and the station's high-water ``client_seq`` commit together with
its effect: a crash before the commit leaves no trace, and a retry after it is a ``duplicate``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from forms.text_rules import SAFE_INT_MAX, wire_text_problem
from state_server.handlers import HANDLERS, Conflict, Context, Outcome, Rejected, parse_payload, safe_text
from state_server.models import AppliedMutation, RejectedMutation, Station
from sync.protocol import Mutation, MutationResult, ResultStatus, payload_digest

MAX_DETAIL = 1000  # characters of a result's detail
MAX_KEPT_PAYLOAD = 2_000_000  # characters of a dead letter's payload (a batch is at most 1 MB)


class UnusableMutationId(ValueError):
    """A mutation without an id to answer to: the request as a whole breaks the protocol (422)."""


@dataclass(frozen=True)
class Refused:
    """A mutation whose envelope breaks the protocol (a field out of range, a control character):
    refused on its own with ``invalid_mutation``; never applied."""

    mutation_id: str
    aggregate: tuple[str, str] | None
    client_seq: int
    op: str
    payload: str
    detail: str


def screen(raw: Any) -> Mutation | Refused:
    """``raw`` (one item of a push's ``mutations``) as a Mutation, or Refused saying which fields."""
    try:
        return Mutation.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(safe_text(str(p), 40) for p in e['loc'])}: {e['msg']}"
            for e in exc.errors(include_input=False, include_url=False)[:8]
        )
    if not isinstance(raw, dict):
        raise UnusableMutationId("a mutation is not a JSON object")
    mutation_id = raw.get("mutation_id")
    if not isinstance(mutation_id, str) or not 1 <= len(mutation_id) <= 36 or wire_text_problem(mutation_id):
        raise UnusableMutationId(f"a mutation has no usable mutation_id ({problems})")
    kind, ident = raw.get("aggregate_type"), raw.get("aggregate_id")
    aggregate = (kind, ident) if isinstance(kind, str) and isinstance(ident, str) else None
    seq = raw.get("client_seq")
    return Refused(
        mutation_id=mutation_id,
        aggregate=aggregate,
        client_seq=seq if isinstance(seq, int) and 0 <= seq <= SAFE_INT_MAX else 0,
        op=safe_text(str(raw.get("op", "")), 48),
        payload=str(raw.get("payload", "")),
        detail=problems,
    )


log = logging.getLogger(__name__)


def process_batch(
    session: Session,
    station: Station,
    mutations: list[Mutation | Refused],
    now: datetime,
    payload_version: int,
    clock_suspect_ms: int,
) -> list[MutationResult]:
    results: list[MutationResult] = []
    held: set[tuple[str, str]] = set()
    # One query for the whole batch's dedupe records, instead of one per mutation.
    known: dict[str, AppliedMutation | None] = {
        a.mutation_id: a
        for a in session.scalars(
            select(AppliedMutation).where(
                AppliedMutation.mutation_id.in_([m.mutation_id for m in mutations if isinstance(m, Mutation)])
            )
        )
    }
    seen: set[str] = set()
    for m in mutations:
        if not isinstance(m, Mutation):  # its envelope broke the protocol: refused alone
            if m.aggregate is not None:
                held.add(m.aggregate)
            results.append(_refuse(session, station, m, now))
            continue
        aggregate = (m.aggregate_type, m.aggregate_id)
        if aggregate in held:
            # An earlier mutation of this record did not apply: applying this one would break order.
            results.append(
                _result(
                    m, ResultStatus.RETRY_LATER, "held_behind", "an earlier change of this record is pending"
                )
            )
            continue
        if m.mutation_id in seen:  # the same id twice in one batch: look again, it may be applied now
            known[m.mutation_id] = session.scalar(
                select(AppliedMutation).where(AppliedMutation.mutation_id == m.mutation_id)
            )
        seen.add(m.mutation_id)
        result = _process_one(
            session, station, m, now, payload_version, clock_suspect_ms, known.get(m.mutation_id)
        )
        if result.status not in (ResultStatus.APPLIED, ResultStatus.DUPLICATE):
            held.add(aggregate)
        results.append(result)
    station.last_push_at = now
    return results


def _result(
    m: Mutation,
    status: ResultStatus,
    code: str | None = None,
    detail: str | None = None,
    seq: int | None = None,
) -> MutationResult:
    return MutationResult(mutation_id=m.mutation_id, status=status, code=code, detail=detail, server_seq=seq)


def _process_one(
    session: Session,
    station: Station,
    m: Mutation,
    now: datetime,
    payload_version: int,
    clock_suspect_ms: int,
    existing: AppliedMutation | None,
) -> MutationResult:
    if existing is not None:
        if existing.station_code != station.code:
            return _dead_letter(
                session, station, m, now, Rejected("not_owner", "this mutation id belongs to another station")
            )
        if existing.payload_sha256 != m.payload_sha256:
            return _dead_letter(
                session, station, m, now,
                Rejected("payload_mismatch", f"mutation {m.mutation_id} was applied earlier with a different payload"),
            )  # fmt: skip
        return _result(m, ResultStatus.DUPLICATE, seq=existing.seq)
    try:
        problem = wire_text_problem(m.payload)
        if problem is not None:  # checked first: a lone surrogate has no UTF-8 bytes to hash
            raise Rejected("invalid_payload", f"payload: {problem}")
        if payload_digest(m.payload) != m.payload_sha256:
            raise Rejected("hash_mismatch", "the payload does not match its SHA-256")
        handler = HANDLERS.get(m.op)
        if handler is None:
            raise Rejected("unknown_op", f"this server does not know the command {m.op!r}")
        payload = parse_payload(m.op, m.op_version, m.payload, payload_version)
        with session.begin_nested():
            handler(session, Context(station.code, now, m.base_version), payload)
            applied = AppliedMutation(
                mutation_id=m.mutation_id, station_code=station.code, client_seq=m.client_seq,
                aggregate_type=m.aggregate_type, aggregate_id=m.aggregate_id, op=m.op, op_version=m.op_version,
                payload_sha256=m.payload_sha256, device_time=m.device_time, clock_offset_ms=m.clock_offset_ms,
                clock_suspect=m.clock_offset_ms is not None and abs(m.clock_offset_ms) > clock_suspect_ms,
                received_at=now,
            )  # fmt: skip
            session.add(applied)
            session.flush()
    except Outcome as outcome:
        if outcome.status == "retry_later":
            return _result(m, ResultStatus.RETRY_LATER, outcome.code, outcome.detail)
        return _dead_letter(session, station, m, now, outcome)
    except IntegrityError as exc:
        # The handlers check every unique rule first; this is the database's backstop for the rest
        # (a client_seq reused by a station restored from an old backup, a race on a new record).
        log.warning(
            "constraint failed for mutation %s of %s: %s",
            m.mutation_id,
            station.code,
            type(exc.orig).__name__,
        )
        return _dead_letter(session, station, m, now, _constraint_conflict(session, station, m))
    except DataError as exc:
        # The backstop of the protocol checks: a value this database cannot hold. Its savepoint is
        # rolled back; the rest of the batch goes on.
        log.warning("mutation %s of %s: a value the database refused (%s)", m.mutation_id, station.code,
                    type(exc.orig).__name__)  # fmt: skip
        refusal = Rejected("invalid_payload", "a value in the payload cannot be stored by the server")
        return _dead_letter(session, station, m, now, refusal)
    except SQLAlchemyError:
        raise  # the database itself failed (connection, lock): the whole request answers 503
    except Exception as exc:  # a fault in this server, not in the record: the station sends it again later
        log.error("mutation %s of %s (%s) failed in the server: %s", m.mutation_id, station.code, m.op,
                  type(exc).__name__)  # fmt: skip
        return _result(m, ResultStatus.RETRY_LATER, "server_error", "the server failed on this record")
    station.last_client_seq = max(station.last_client_seq, m.client_seq)
    return _result(m, ResultStatus.APPLIED, seq=applied.seq)


def _constraint_conflict(session: Session, station: Station, m: Mutation) -> Outcome:
    reused = session.scalar(
        select(AppliedMutation.mutation_id).where(
            AppliedMutation.station_code == station.code, AppliedMutation.client_seq == m.client_seq
        )
    )
    if reused is not None:
        return Conflict("client_seq_reused", f"client_seq {m.client_seq} was used by mutation {reused}")
    return Conflict("constraint", "the record clashes with one already on record")


def _dead_letter(
    session: Session, station: Station, m: Mutation, now: datetime, outcome: Outcome
) -> MutationResult:
    detail = safe_text(outcome.detail, MAX_DETAIL)
    _keep(
        session,
        station,
        m.mutation_id,
        m.client_seq,
        m.op,
        m.payload,
        outcome.status,
        outcome.code,
        detail,
        now,
    )
    return _result(m, ResultStatus(outcome.status), outcome.code, detail)


def _refuse(session: Session, station: Station, m: Refused, now: datetime) -> MutationResult:
    detail = safe_text(m.detail, MAX_DETAIL)
    _keep(
        session,
        station,
        m.mutation_id,
        m.client_seq,
        m.op,
        m.payload,
        "rejected",
        "invalid_mutation",
        detail,
        now,
    )
    return MutationResult(
        mutation_id=m.mutation_id, status=ResultStatus.REJECTED, code="invalid_mutation", detail=detail
    )


def _keep(
    session: Session, station: Station, mutation_id: str, client_seq: int, op: str, payload: str, status: str,
    code: str, detail: str, now: datetime,
) -> None:  # fmt: skip
    """The dead letter, made storable: characters no database holds are kept as escapes."""
    session.add(
        RejectedMutation(
            station_code=station.code, mutation_id=mutation_id, client_seq=client_seq, op=op, status=status,
            code=code, detail=detail, payload=safe_text(payload, MAX_KEPT_PAYLOAD), at=now,
        )
    )  # fmt: skip
    log.info("mutation %s of %s: %s %s", mutation_id, station.code, status, code)
