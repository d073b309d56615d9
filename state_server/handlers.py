"""What each named command does to the server's records, with the legal invariants it enforces.

A handler either applies its effect in the caller's transaction (a savepoint per mutation) or raises
one of the outcomes in ``state_server.outcomes``; nothing is ever renumbered, merged or overwritten
silently. FIRs, GD entries and the inbox are here; persons in ``handlers_persons``; arrests, case
diaries and seizures in ``handlers_investigation``; legacy arrests and scanned pages in
``handlers_legacy``.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forms.text_rules import wire_text_problem
from state_server.feeds import feed_key, touch_item
from state_server.handlers_investigation import INVESTIGATION_HANDLERS
from state_server.handlers_legacy import LEGACY_HANDLERS
from state_server.handlers_persons import PERSON_HANDLERS
from state_server.models import Fir, FirEvent, GdEntry, RefItem
from state_server.outcomes import Conflict, Context, Handler, Outcome, Rejected, RetryLater, own
from sync import ops
from sync.protocol import SCOPE_INBOX, payload_digest
from sync.wire_rules import WireProblem, check_json_value, load_json


def _register_fir(session: Session, ctx: Context, p: ops.RegisterFir) -> None:
    own(ctx, p.station_code)
    if payload_digest(p.content) != p.content_digest:
        raise Rejected("digest_mismatch", "the FIR content does not match its digest")
    try:
        content = json.loads(p.content)
        station = content["station"]["station_code"]
        numbers = (content["series"], content["year"], content["number"])
    except (ValueError, KeyError, TypeError) as exc:
        raise Rejected("invalid_payload", f"the FIR content is not a registered FIR ({exc!r})") from exc
    if station != p.station_code or numbers != (p.series, p.year, p.number):
        raise Rejected("invalid_payload", "the FIR content disagrees with its number or station")
    source, gd_reference = _source(content, p.gd_entry_id)
    existing = session.get(Fir, p.fir_id)
    if existing is not None:
        if existing.station_code != ctx.station_code:
            raise Rejected("not_owner", "this FIR belongs to another station")
        raise Conflict("already_registered", f"FIR {existing.fir_no} is already on record with this id")
    taken = session.scalar(
        select(Fir).where(
            Fir.station_code == p.station_code,
            Fir.series == p.series,
            Fir.year == p.year,
            Fir.number == p.number,
        )
    )
    if taken is not None:
        raise Conflict("number_taken", f"FIR {p.fir_no} of this station is already on record as {taken.id}")
    session.add(
        Fir(
            id=p.fir_id,
            station_code=p.station_code,
            series=p.series,
            year=p.year,
            number=p.number,
            fir_no=p.fir_no,
            status="registered",
            registered_at=p.registered_at,
            gd_entry_id=p.gd_entry_id,
            content=p.content,
            content_digest=p.content_digest,
            received_at=ctx.now,
            source=source,
            gd_reference=gd_reference,
        )
    )


def _source(content: dict[str, Any], gd_entry_id: str | None) -> tuple[str, str | None]:
    """Where the FIR came from, and for a digitised paper FIR the GD entry its register cites (text).

    Only a legacy FIR may come without a GD entry id: one registered at the station always has one."""
    source = content.get("source") or "station"
    if not isinstance(source, str) or len(source) > 12:
        raise Rejected("invalid_payload", "the FIR content's source is not a known source")
    if source != "legacy":
        if gd_entry_id is None:
            raise Rejected(
                "invalid_payload", "gd_entry_id: required unless the FIR is digitised (source legacy)"
            )
        return source, None
    legacy = content.get("legacy")
    if not isinstance(legacy, dict):
        raise Rejected("invalid_payload", "a digitised FIR's content must say where it came from (legacy)")
    reference = legacy.get("gd_reference")
    return source, str(reference)[:200] if reference else None


def _add_gd_entry(session: Session, ctx: Context, p: ops.AddGdEntry) -> None:
    own(ctx, p.station_code)
    existing = session.get(GdEntry, p.gd_id)
    if existing is not None:
        if existing.station_code != ctx.station_code:
            raise Rejected("not_owner", "this GD entry belongs to another station")
        raise Conflict("already_exists", f"GD {existing.number:04d}/{existing.year} is already on record")
    taken = session.scalar(
        select(GdEntry.id).where(
            GdEntry.station_code == p.station_code, GdEntry.year == p.year, GdEntry.number == p.number
        )
    )
    if taken is not None:
        raise Conflict("number_taken", f"GD {p.number:04d}/{p.year} of this station is already on record")
    session.add(
        GdEntry(
            id=p.gd_id,
            station_code=p.station_code,
            year=p.year,
            number=p.number,
            entry_at=p.entry_at,
            recorded_at=p.recorded_at,
            officer_id=p.officer_id,
            officer_name=p.officer_name,
            kind=p.kind,
            subject=p.subject,
            details=p.details,
            fir_id=p.fir_id,
            legacy=p.legacy,
            received_at=ctx.now,
        )
    )


def _event_handler(op: str) -> Handler:
    def handle(session: Session, ctx: Context, p: ops.FirEventPayload) -> None:
        if p.kind != ops.EVENT_OPS[op]:
            raise Rejected("invalid_payload", f"{op} carries a {p.kind} event")
        fir = session.get(Fir, p.fir_id)
        if fir is None:
            # Its registration has not arrived (out of order, or lost): hold it, never guess.
            raise RetryLater("predecessor_missing", "the FIR has not reached the server yet")
        if fir.station_code != ctx.station_code:
            raise Rejected("not_owner", "this FIR belongs to another station")
        existing = session.get(FirEvent, p.event_id)
        if existing is not None:
            raise Conflict("already_exists", "this FIR event is already on record")
        last = int(
            session.scalar(select(func.coalesce(func.max(FirEvent.seq), 0)).where(FirEvent.fir_id == fir.id))
            or 0
        )
        if p.seq > last + 1:
            raise RetryLater("predecessor_missing", f"event {last + 1} of this FIR has not arrived yet")
        if p.seq <= last:
            raise Conflict("seq_taken", f"event {p.seq} of FIR {fir.fir_no} is already on record")
        if p.kind == "transfer":
            if fir.series != "ZERO":
                raise Rejected("invalid_payload", "only a Zero FIR is transferred")
            if fir.status == "transferred":
                raise Conflict("already_transferred", f"Zero FIR {fir.fir_no} was already transferred")
            fir.status = "transferred"
        session.add(
            FirEvent(
                id=p.event_id,
                fir_id=p.fir_id,
                station_code=ctx.station_code,
                seq=p.seq,
                kind=p.kind,
                at=p.at,
                officer_id=p.officer_id,
                body=p.body,
                received_at=ctx.now,
            )
        )

    return handle


def _update_inbox_item(session: Session, ctx: Context, p: ops.UpdateInboxItem) -> None:
    feed = feed_key(SCOPE_INBOX, ctx.station_code)
    item = session.get(RefItem, (feed, p.item_id))
    if item is None or item.deleted:
        raise Rejected("not_owner", "no such item in this station's inbox")
    if ctx.base_version is None:
        raise Rejected("invalid_payload", "an inbox update must carry the version it was based on")
    if ctx.base_version != item.version:
        data = json.loads(item.data)
        raise Conflict(
            "stale_base_version",
            f"the item changed at the server (version {item.version}, status {data.get('status')!r}) "
            f"since version {ctx.base_version} was read",
        )
    data = json.loads(item.data)
    data["status"] = p.status
    data["station_note"] = p.note
    touch_item(session, feed, p.item_id, data, ctx.now)


HANDLERS: dict[str, Handler] = {
    ops.OP_REGISTER_FIR: _register_fir,
    ops.OP_ADD_GD_ENTRY: _add_gd_entry,
    ops.OP_UPDATE_INBOX_ITEM: _update_inbox_item,
    **{op: _event_handler(op) for op in ops.EVENT_OPS},
    **PERSON_HANDLERS,
    **INVESTIGATION_HANDLERS,
    **LEGACY_HANDLERS,
}
__all__ = [
    "HANDLERS",
    "Conflict",
    "Context",
    "Outcome",
    "Rejected",
    "RetryLater",
    "parse_payload",
    "safe_text",
]


def parse_payload(op: str, version: int, text: str, current: int) -> BaseModel:
    """The payload as its current-version model, or Rejected(invalid_payload) saying which fields.

    Every string, number and nested JSON text is checked against the protocol's rules first
    (``sync.wire_rules``), so nothing the database cannot hold reaches it."""
    from pydantic import ValidationError  # noqa: PLC0415 - kept next to its only use

    model = ops.PAYLOAD_MODELS[op]
    try:
        raw = load_json(text)
        if not isinstance(raw, dict):
            raise Rejected("invalid_payload", "the payload is not a JSON object")
        check_json_value(raw)
        return model.model_validate(ops.upcast(op, version, raw, current))
    except WireProblem as exc:
        raise Rejected("invalid_payload", str(exc)) from exc
    except ValueError as exc:
        if isinstance(exc, ValidationError):
            # Field names and messages only: the values may be personal data and must not reach logs.
            problems = "; ".join(
                f"{'.'.join(safe_text(str(p), 40) for p in e['loc'])}: {e['msg']}"
                for e in exc.errors(include_input=False, include_url=False)
            )
            raise Rejected("invalid_payload", problems) from exc
        raise Rejected("invalid_payload", "the payload is not valid JSON") from exc


def safe_text(text: str, limit: int) -> str:
    """``text`` made storable and printable: refused characters shown as escapes, cut at ``limit``."""
    cleaned = "".join(
        ch if wire_text_problem(ch) is None else ch.encode("unicode_escape", "backslashreplace").decode("ascii")
        for ch in text
    ) if wire_text_problem(text) is not None else text  # fmt: skip
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"
