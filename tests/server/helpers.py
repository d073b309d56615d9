"""Building protocol messages by hand, to drive the server directly (no station database)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from station_app.core.canonical import canonical_json, sha256_hex
from station_app.core.ids import new_id
from sync import ops
from sync.protocol import Mutation, payload_digest

_seq = {"n": 0}


def mutation(
    op: str, aggregate_type: str, aggregate_id: str, payload: dict[str, Any], *, client_seq: int | None = None,
    base_version: int | None = None, op_version: int = 1, mutation_id: str | None = None,
) -> Mutation:  # fmt: skip
    _seq["n"] += 1
    text = canonical_json(payload)
    return Mutation(
        mutation_id=mutation_id or new_id(), client_seq=client_seq or _seq["n"], aggregate_type=aggregate_type,
        aggregate_id=aggregate_id, op=op, op_version=op_version, payload=text, payload_sha256=payload_digest(text),
        base_version=base_version, officer_id=None, device_time=datetime.now(UTC), clock_offset_ms=0,
    )  # fmt: skip


def fir_payload(station: str, number: int, fir_id: str | None = None, series: str = "FIR") -> dict[str, Any]:
    content = canonical_json(
        {
            "station": {"station_code": station},
            "series": series,
            "year": 2026,
            "number": number,
            "values": {"x": 1},
        }
    )
    return {
        "fir_id": fir_id or new_id(), "station_code": station, "series": series, "year": 2026, "number": number,
        "fir_no": f"{number:04d}/2026", "registered_at": "2026-11-02T10:00:00+05:30", "gd_entry_id": new_id(),
        "content": content, "content_digest": sha256_hex(content),
    }  # fmt: skip


def register(
    station: str, number: int, fir_id: str | None = None, series: str = "FIR", **kw: Any
) -> Mutation:
    payload = fir_payload(station, number, fir_id, series)
    return mutation(ops.OP_REGISTER_FIR, ops.AGG_FIR, payload["fir_id"], payload, **kw)


def event(fir_id: str, seq: int, op: str = ops.OP_ADD_FIR_ALTERATION, **kw: Any) -> Mutation:
    payload = {
        "event_id": new_id(), "fir_id": fir_id, "seq": seq, "kind": ops.EVENT_OPS[op], "at": "2026-11-03T10:00:00",
        "officer_id": new_id(), "body": json.dumps({"reason": "found"}),
    }  # fmt: skip
    return mutation(op, ops.AGG_FIR, fir_id, payload, **kw)


def gd(station: str, number: int, **kw: Any) -> Mutation:
    gd_id = new_id()
    payload = {
        "gd_id": gd_id, "station_code": station, "year": 2026, "number": number, "entry_at": "2026-11-02T10:00:00",
        "recorded_at": "2026-11-02T10:00:00", "officer_id": new_id(), "officer_name": "SI Meena", "kind": "departure",
        "subject": "Patrol", "details": "Patrol left.", "fir_id": None, "legacy": False,
    }  # fmt: skip
    return mutation(ops.OP_ADD_GD_ENTRY, ops.AGG_GD_ENTRY, gd_id, payload, **kw)
