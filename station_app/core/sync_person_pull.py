"""Persons received from the state server's ``persons`` scope, written into the station's person master.

Persons are shared: another station may have entered or changed one. A pulled person gets a local
search key and search row here (``next_search_key``, ``write_index``) like one typed in, and an
audit entry by the system. Three rules keep the station's own work safe:

- a person with a change of this station still to be delivered (or held back) is left as it is here;
  the server answers that change (applied, or a conflict for a person) and the next change arrives;
- a pulled state is applied only if it is newer than the station's copy (``version``);
- photos are not synced: a station keeps its own photos, and a pulled person never changes one.

Persons are never withdrawn; a withdrawal would be logged and ignored.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.core.audit import SYSTEM_ACTOR, record_change, snapshot_digest
from station_app.core.models import OutboxEntry
from station_app.core.models.persons import Person
from station_app.core.outbox import OPEN_STATUSES
from station_app.core.services.persons import next_search_key, write_index
from sync.ops import AGG_PERSON, UpsertPerson

log = logging.getLogger(__name__)

PulledPerson = tuple[str, int, dict[str, Any] | None]  # id, version, data (None: withdrawn)
_COLUMNS = (
    "station_code", "name", "name_alt", "relative_name", "relative_relation", "dob", "birth_year", "age",
    "age_on", "birth_year_est", "sex", "present_address", "permanent_address", "created_by", "updated_by",
)  # fmt: skip


def persons_with_pending_changes(session: Session) -> set[str]:
    return set(
        session.scalars(
            select(OutboxEntry.aggregate_id).where(
                OutboxEntry.aggregate_type == AGG_PERSON, OutboxEntry.status.in_(OPEN_STATUSES)
            )
        )
    )


def _parse(item_id: str, data: dict[str, Any]) -> UpsertPerson | None:
    fields = {name: data.get(name) for name in UpsertPerson.model_fields if name in data}
    try:
        return UpsertPerson.model_validate({**fields, "person_id": item_id, "version": 1})
    except ValidationError as exc:
        # Field names only: the values are personal data.
        bad = ", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors(include_input=False))
        log.warning("pulled person %s is malformed (%s); it is not applied", item_id, bad)
        return None


def apply_persons(session: Session, items: list[PulledPerson], now: datetime) -> int:
    """Write the pulled persons in the caller's transaction; returns how many changed here.

    Two passes: first every person's particulars, then the merges, so a duplicate may arrive before
    (or in the same page as) the person it was merged into.
    """
    pending = persons_with_pending_changes(session)
    changed: list[tuple[Person, str | None, str | None]] = []
    for item_id, version, data in items:
        if data is None:
            log.warning("the server withdrew person %s; persons are never removed, so it is kept", item_id)
            continue
        if item_id in pending:
            continue  # this station's own change is on its way: the server's answer decides
        person = session.get(Person, item_id)
        if person is not None and person.version >= version:
            continue
        parsed = _parse(item_id, data)
        if parsed is None:
            continue
        before = snapshot_digest(person) if person is not None else None
        if person is None:
            person = Person(
                id=item_id, search_key=next_search_key(session), merged_into=None, photo_sha256=None
            )
            session.add(person)
        for name in _COLUMNS:
            setattr(person, name, getattr(parsed, name))
        person.aliases = json.dumps(parsed.aliases, ensure_ascii=False)
        person.phones = json.dumps(parsed.phones)
        person.id_documents = json.dumps([d.model_dump() for d in parsed.id_documents], ensure_ascii=False)
        person.created_at = datetime.fromisoformat(parsed.created_at)
        person.updated_at = datetime.fromisoformat(parsed.updated_at)
        person.version = version
        session.flush()
        target = data.get("merged_into")
        changed.append((person, before, str(target) if target else None))
    for person, before, wanted in changed:
        target = wanted
        if wanted is not None and session.get(Person, wanted) is None:
            log.warning(
                "person %s was merged into %s, which has not arrived; kept unmerged here", person.id, wanted
            )
            target = None
        person.merged_into = target
        record_change(
            session, actor=SYSTEM_ACTOR, at=now, action="person.received", record=person, before=before,
            summary=f"version {person.version} from the state server",
        )  # fmt: skip
        write_index(session, person)
    return len(changed)
