"""Push: apply a batch of mutations exactly once each, in order per aggregate.

The whole batch is one transaction holding the station's row lock (one station's batches never
interleave; different stations run in parallel). Each mutation runs in a savepoint, so a rejected one
rolls back alone. Its dedupe record and the station's high-water ``client_seq`` commit together with
its effect: a crash before the commit leaves no trace, and a retry after it is a ``duplicate``.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from state_server.handlers import HANDLERS, Conflict, Context, Outcome, Rejected, parse_payload
from state_server.models import AppliedMutation, RejectedMutation, Station
from sync.protocol import Mutation, MutationResult, ResultStatus, payload_digest

log = logging.getLogger(__name__)


def process_batch(
    session: Session,
    station: Station,
    mutations: list[Mutation],
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
            select(AppliedMutation).where(AppliedMutation.mutation_id.in_([m.mutation_id for m in mutations]))
        )
    }
    seen: set[str] = set()
    for m in mutations:
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
    session.add(
        RejectedMutation(
            station_code=station.code,
            mutation_id=m.mutation_id,
            client_seq=m.client_seq,
            op=m.op,
            status=outcome.status,
            code=outcome.code,
            detail=outcome.detail,
            payload=m.payload,
            at=now,
        )
    )
    log.info("mutation %s of %s: %s %s", m.mutation_id, station.code, outcome.status, outcome.code)
    return _result(m, ResultStatus(outcome.status), outcome.code, outcome.detail)
