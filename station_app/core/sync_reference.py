"""Pulled reference data into the station's tables: which table each scope fills and how an item's
fields become columns. Unknown fields stay in ``data`` (the item as sent), so a newer server can
add fields without breaking older stations.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from station_app.core.canonical import canonical_json
from station_app.core.models import (
    InboxItem,
    LawUpdate,
    MissingPerson,
    OutboxEntry,
    StolenVehicle,
    WantedPerson,
)
from station_app.core.outbox import OPEN_STATUSES
from sync.ops import AGG_INBOX_ITEM
from sync.protocol import SCOPE_INBOX, SCOPE_LAW_MASTERS, SCOPE_MISSING, SCOPE_VEHICLES, SCOPE_WANTED

Reference = LawUpdate | WantedPerson | MissingPerson | StolenVehicle | InboxItem

SCOPE_MODELS: dict[str, type[Reference]] = {
    SCOPE_LAW_MASTERS: LawUpdate,
    SCOPE_WANTED: WantedPerson,
    SCOPE_MISSING: MissingPerson,
    SCOPE_VEHICLES: StolenVehicle,
    SCOPE_INBOX: InboxItem,
}
# The names `status --json` counts them under.
COUNT_NAMES: dict[str, str] = {
    SCOPE_LAW_MASTERS: "law_update",
    SCOPE_WANTED: "wanted_person",
    SCOPE_MISSING: "missing_person",
    SCOPE_VEHICLES: "stolen_vehicle",
    SCOPE_INBOX: "inbox_item",
}


def _text(data: dict[str, Any], key: str, limit: int) -> str:
    value = data.get(key)
    return "" if value is None else str(value)[:limit]


def _date(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return str(value)[:10] if value else None


def _int(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    try:
        return int(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None


def normalise_registration(text: str) -> str:
    """ "UP 32 ab-1234" -> "UP32AB1234": how registration numbers are compared."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _columns(scope: str, d: dict[str, Any]) -> dict[str, Any]:
    if scope == SCOPE_LAW_MASTERS:
        return {"act": _text(d, "act", 16), "section": _text(d, "section", 24), "title_en": _text(d, "title_en", 300),
                "valid_from": _date(d, "valid_from"), "valid_to": _date(d, "valid_to")}  # fmt: skip
    if scope == SCOPE_WANTED:
        return {"category": _text(d, "category", 24) or "wanted", "name": _text(d, "name", 200),
                "alias": _text(d, "alias", 200), "father_name": _text(d, "father_name", 200),
                "case_reference": _text(d, "case_reference", 200)}  # fmt: skip
    if scope == SCOPE_MISSING:
        return {"name": _text(d, "name", 200), "age": _int(d, "age"), "sex": _text(d, "sex", 8),
                "missing_since": _date(d, "missing_since"), "reporting_station": _text(d, "reporting_station", 200)}  # fmt: skip
    if scope == SCOPE_VEHICLES:
        return {"registration_no": normalise_registration(_text(d, "registration_no", 40))[:20],
                "vehicle_type": _text(d, "vehicle_type", 40), "make_model": _text(d, "make_model", 100),
                "chassis_no": _text(d, "chassis_no", 40), "engine_no": _text(d, "engine_no", 40),
                "fir_reference": _text(d, "fir_reference", 100)}  # fmt: skip
    return {"kind": _text(d, "kind", 32), "subject": _text(d, "subject", 300),
            "applicant_name": _text(d, "applicant_name", 200), "server_status": _text(d, "status", 16) or "new"}  # fmt: skip


def inbox_items_with_pending_changes(session: Session) -> set[str]:
    return set(
        session.scalars(
            select(OutboxEntry.aggregate_id).where(
                OutboxEntry.aggregate_type == AGG_INBOX_ITEM, OutboxEntry.status.in_(OPEN_STATUSES)
            )
        )
    )


def upsert(
    session: Session,
    scope: str,
    item_id: str,
    version: int,
    data: dict[str, Any],
    now: datetime,
    pending: set[str],
) -> None:
    """Write the server's state of one item. The station's own pending answer (inbox ``local_*``
    columns) is never overwritten; it is cleared only once no command about it is left to deliver."""
    model = SCOPE_MODELS[scope]
    row = session.get(model, item_id)
    values = {"version": version, "data": canonical_json(data), "received_at": now, **_columns(scope, data)}
    if row is None:
        session.add(model(id=item_id, **values))
        return
    for key, value in values.items():
        setattr(row, key, value)
    if isinstance(row, InboxItem) and row.local_status is not None and item_id not in pending:
        row.local_status = row.local_note = row.local_changed_at = None


def remove(session: Session, scope: str, item_id: str, pending: set[str]) -> None:
    if scope == SCOPE_INBOX and item_id in pending:
        return  # the station's answer is still on its way: keep the item until it is settled
    model = SCOPE_MODELS[scope]
    session.execute(delete(model).where(model.id == item_id))


def replace_all(session: Session, scope: str, items: dict[str, tuple[int, str]], now: datetime) -> None:
    """Make the scope's table equal ``items`` (id -> (version, data JSON)); used by a rebuild's swap."""
    model = SCOPE_MODELS[scope]
    pending = inbox_items_with_pending_changes(session) if scope == SCOPE_INBOX else set()
    keep = set(items) | pending
    for item_id in list(session.scalars(select(model.id))):
        if item_id not in keep:
            session.execute(delete(model).where(model.id == item_id))
    for item_id, (version, data) in items.items():
        upsert(session, scope, item_id, version, json.loads(data), now, pending)
