"""The named commands a station pushes, and their payloads: the vocabulary shared with the server.

A payload travels as canonical JSON text (sorted keys, no spaces, UTF-8) together with its SHA-256,
so that both sides hash the very same bytes whatever JSON library they use. This module is a leaf:
pydantic only, so the server imports it without pulling in the station app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# The payload version this build writes. The server accepts it and the two before it (N-2).
PAYLOAD_VERSION = 1

OP_REGISTER_FIR = "register_fir"
OP_ADD_GD_ENTRY = "add_gd_entry"
OP_ADD_FIR_ALTERATION = "add_fir_alteration"
OP_RECORD_COURT_DISPATCH = "record_court_dispatch"
OP_TRANSFER_ZERO_FIR = "transfer_zero_fir"
OP_UPDATE_INBOX_ITEM = "update_inbox_item"

AGG_FIR = "fir"
AGG_GD_ENTRY = "gd_entry"
AGG_INBOX_ITEM = "inbox_item"

# FIR events: op name -> the event kind the station stores.
EVENT_OPS: dict[str, str] = {
    OP_ADD_FIR_ALTERATION: "alteration",
    OP_RECORD_COURT_DISPATCH: "court_dispatch",
    OP_TRANSFER_ZERO_FIR: "transfer",
}
EVENT_KIND_OPS: dict[str, str] = {kind: op for op, kind in EVENT_OPS.items()}

INBOX_STATUSES = ("new", "acknowledged", "in_progress", "closed")

_Id = Field(min_length=1, max_length=36)
_Text = Field(max_length=200)


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RegisterFir(_Payload):
    """A registered FIR: its frozen content (canonical JSON text) and that text's SHA-256."""

    fir_id: str = _Id
    station_code: str = Field(min_length=3, max_length=32)
    series: Literal["FIR", "ZERO"]
    year: int = Field(ge=1860, le=2200)
    number: int = Field(ge=1)
    fir_no: str = Field(max_length=32)
    registered_at: str = Field(max_length=40)  # ISO-8601 with offset, as on the printed FIR
    gd_entry_id: str = _Id
    content: str = Field(min_length=2)
    content_digest: str = Field(pattern=r"^[0-9a-f]{64}$")


class AddGdEntry(_Payload):
    gd_id: str = _Id
    station_code: str = Field(min_length=3, max_length=32)
    year: int = Field(ge=1860, le=2200)
    number: int = Field(ge=1)
    entry_at: str = Field(max_length=40)
    recorded_at: str = Field(max_length=40)
    officer_id: str = _Id
    officer_name: str = _Text
    kind: str = Field(min_length=1, max_length=32)
    subject: str = Field(min_length=1, max_length=200)
    details: str = Field(min_length=1)
    fir_id: str | None = Field(default=None, max_length=36)
    legacy: bool = False


class FirEventPayload(_Payload):
    """An alteration memo, a dispatch to court or a Zero FIR transfer; ``body`` is canonical JSON."""

    event_id: str = _Id
    fir_id: str = _Id
    seq: int = Field(ge=1)
    kind: Literal["alteration", "court_dispatch", "transfer"]
    at: str = Field(max_length=40)
    officer_id: str = _Id
    body: str = Field(min_length=2)


class UpdateInboxItem(_Payload):
    """The station's answer to an inbox item (citizen complaint, verification request).

    The item is shared with the server, so the mutation carries the version it was based on; a
    clash becomes a conflict for a person, never last-writer-wins.
    """

    item_id: str = _Id
    status: Literal["new", "acknowledged", "in_progress", "closed"]
    note: str = Field(default="", max_length=2000)


PAYLOAD_MODELS: dict[str, type[_Payload]] = {
    OP_REGISTER_FIR: RegisterFir,
    OP_ADD_GD_ENTRY: AddGdEntry,
    OP_ADD_FIR_ALTERATION: FirEventPayload,
    OP_RECORD_COURT_DISPATCH: FirEventPayload,
    OP_TRANSFER_ZERO_FIR: FirEventPayload,
    OP_UPDATE_INBOX_ITEM: UpdateInboxItem,
}

# How a payload of an older version becomes the current one, per op and per old version. Every op
# is still at version 1, so the table is empty; a change to a payload adds its converter here and
# bumps PAYLOAD_VERSION, and the server keeps accepting the two versions before it.
Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
UPCASTERS: dict[tuple[str, int], Upcaster] = {}


def upcast(op: str, version: int, payload: dict[str, Any], current: int = PAYLOAD_VERSION) -> dict[str, Any]:
    """Bring ``payload`` from ``version`` to ``current`` (identity where nothing changed)."""
    for step in range(version, current):
        convert = UPCASTERS.get((op, step))
        if convert is not None:
            payload = convert(payload)
    return payload


def accepted_versions(current: int = PAYLOAD_VERSION) -> list[int]:
    """The current payload version and the two before it (never below 1)."""
    return [v for v in (current - 2, current - 1, current) if v >= 1]
