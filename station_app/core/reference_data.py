"""Reference data pulled from the state server (wanted and proclaimed offenders, missing persons,
stolen vehicles, law-master updates) and the station inbox (citizen complaints and verification
requests addressed to it), with the station's answer to an inbox item sent back through the outbox.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from forms.text_rules import text_problem
from station_app.core.audit import record_change
from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.errors import NotFoundError, ValidationError
from station_app.core.models import (
    Base,
    InboxItem,
    LawUpdate,
    MissingPerson,
    OutboxEntry,
    StolenVehicle,
    WantedPerson,
)
from station_app.core.outbox import OPEN_STATUSES, enqueue
from station_app.core.permissions import Actor, Permission, require
from sync import ops

COUNTED: dict[str, type[Base]] = {
    "inbox_item": InboxItem,
    "law_update": LawUpdate,
    "missing_person": MissingPerson,
    "stolen_vehicle": StolenVehicle,
    "wanted_person": WantedPerson,
}


@dataclass(frozen=True)
class InboxEntry:
    id: str
    kind: str
    subject: str
    applicant_name: str
    status: str  # the station's own answer while it is on its way, else the server's
    answer_pending: bool
    data: dict[str, Any]
    received_at: datetime


class ReferenceService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def counts(self) -> dict[str, int]:
        with self._db.read() as session:
            return {
                name: int(session.scalar(select(func.count()).select_from(model)) or 0)
                for name, model in COUNTED.items()
            }

    def inbox(self, actor: Actor) -> list[InboxEntry]:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            return [
                InboxEntry(
                    i.id,
                    i.kind,
                    i.subject,
                    i.applicant_name,
                    i.local_status or i.server_status,
                    i.local_status is not None,
                    json.loads(i.data),
                    i.received_at,
                )
                for i in session.scalars(
                    select(InboxItem).order_by(InboxItem.received_at.desc(), InboxItem.id)
                )
            ]

    def stolen_vehicles(self, actor: Actor, registration_no: str) -> list[dict[str, Any]]:
        require(actor, Permission.VIEW_RECORDS)
        wanted = "".join(ch for ch in registration_no.upper() if ch.isalnum())
        with self._db.read() as session:
            rows = session.scalars(select(StolenVehicle).where(StolenVehicle.registration_no == wanted))
            return [json.loads(r.data) for r in rows]

    def answer_inbox_item(self, actor: Actor, item_id: str, status: str, note: str = "") -> None:
        """Record the station's answer and queue it for the server, based on the version seen here."""
        require(actor, Permission.WRITE_GD)
        if status not in ops.INBOX_STATUSES:
            raise ValidationError({"status": f"Choose one of: {', '.join(ops.INBOX_STATUSES)}."})
        if problem := text_problem(note, multiline=True):
            raise ValidationError({"note": problem})
        if len(note.strip()) > 2000:
            raise ValidationError({"note": "At most 2000 characters."})
        now = self._clock.now()
        with self._db.write() as session:
            item = session.get(InboxItem, item_id)
            if item is None:
                raise NotFoundError("That inbox item does not exist.")
            # Each earlier answer still on its way will bump the server's version by one when applied;
            # if anyone else changed the item meanwhile, the server reports a conflict for a person.
            queued = int(
                session.scalar(
                    select(func.count()).where(
                        OutboxEntry.aggregate_type == ops.AGG_INBOX_ITEM,
                        OutboxEntry.aggregate_id == item_id,
                        OutboxEntry.status.in_(OPEN_STATUSES),
                    )
                )
                or 0
            )
            item.local_status, item.local_note, item.local_changed_at = status, note.strip(), now
            enqueue(
                session, op=ops.OP_UPDATE_INBOX_ITEM, aggregate_type=ops.AGG_INBOX_ITEM, aggregate_id=item_id,
                payload={"item_id": item_id, "status": status, "note": note.strip()}, officer_id=actor.officer_id,
                at=now, base_version=item.version + queued,
            )  # fmt: skip
            record_change(
                session, actor=actor.audit, at=now, action="inbox.answer", entity_type="inbox_item",
                entity_id=item_id, summary=f"{item.kind}: {status}",
            )  # fmt: skip
