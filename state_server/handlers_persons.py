"""Persons: a shared record any station may change, so every change names the version it was based
on and a clash becomes a conflict for a person, never last-writer-wins. Every applied change is
published in the ``persons`` pull scope, so other stations receive it.
"""

from __future__ import annotations

import json
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from state_server.feeds import touch_item
from state_server.models import Person, PersonMerge
from state_server.outcomes import Conflict, Context, Handler, Rejected, RetryLater, own
from sync import ops
from sync.protocol import SCOPE_PERSONS

MASKED_AADHAAR = re.compile(r"^XXXX-XXXX-\d{4}$")
MAX_MERGE_CHAIN = 64

# The person's fields as they travel in ``upsert_person`` and in the ``persons`` scope.
FIELDS = (
    "name", "name_alt", "relative_name", "relative_relation", "dob", "birth_year", "age", "age_on",
    "birth_year_est", "sex", "present_address", "permanent_address", "created_at", "created_by",
    "updated_at", "updated_by",
)  # fmt: skip


def feed_data(person: Person) -> dict[str, object]:
    """A person as the ``persons`` scope serves it."""
    data: dict[str, object] = {name: getattr(person, name) for name in FIELDS}
    data.update(
        station_code=person.station_code,
        aliases=json.loads(person.aliases),
        phones=json.loads(person.phones),
        id_documents=json.loads(person.id_documents),
        merged_into=person.merged_into,
        version=person.version,
    )
    return data


def publish(session: Session, person: Person, ctx: Context, depth: int = 0) -> None:
    """The person's new state as the scope's next change. Persons merged into it are published again
    after it, so that a station reading the scope always meets a kept person before its duplicates."""
    session.flush()
    item = touch_item(session, SCOPE_PERSONS, person.id, feed_data(person), ctx.now)
    item.version = person.version  # the item's version is the person's version
    if depth >= MAX_MERGE_CHAIN:
        return
    for duplicate in session.scalars(
        select(Person).where(Person.merged_into == person.id).order_by(Person.id)
    ):
        publish(session, duplicate, ctx, depth + 1)


def _check_base(person: Person, ctx: Context, version: int, what: str) -> None:
    """``base_version`` must be the server's version now, and the change must make the next one."""
    base = ctx.base_version
    if base is None:
        raise Rejected("invalid_payload", f"{what} must carry the version it was based on (base_version)")
    if version != base + 1:
        raise Rejected("invalid_payload", f"version {version} does not follow base_version {base}")
    if person.version < base:
        raise RetryLater(
            "predecessor_missing", f"version {base} of this person has not reached the server yet"
        )
    if person.version > base:
        raise Conflict(
            "stale_base_version",
            f"the person changed at the server (now version {person.version}, last changed by station "
            f"{person.updated_by_station}) since version {base} was read",
        )


def _upsert_person(session: Session, ctx: Context, p: ops.UpsertPerson) -> None:
    for doc in p.id_documents:
        if doc.kind == "aadhaar" and not MASKED_AADHAAR.match(doc.number):
            raise Rejected(
                "invalid_payload", "id_documents: an Aadhaar number must be masked to its last four digits"
            )
    person = session.get(Person, p.person_id)
    if person is None:
        if ctx.base_version not in (0, None):
            raise RetryLater("predecessor_missing", "this person has not reached the server yet")
        if p.version != 1:
            raise Rejected("invalid_payload", "a new person starts at version 1")
        own(ctx, p.station_code)
        person = Person(id=p.person_id, station_code=p.station_code, version=0, merged_into=None)
        session.add(person)
    else:
        if ctx.base_version in (0, None) and p.version == 1:
            raise Conflict("already_exists", "a person with this id is already on record")
        if p.station_code != person.station_code:
            raise Rejected(
                "invalid_payload", "station_code is the station that entered the person; it cannot change"
            )
        _check_base(person, ctx, p.version, "a change to a person")
    for name in FIELDS:
        setattr(person, name, getattr(p, name))
    person.aliases = json.dumps(p.aliases, ensure_ascii=False)
    person.phones = json.dumps(p.phones)
    person.id_documents = json.dumps([d.model_dump() for d in p.id_documents], ensure_ascii=False)
    person.version, person.updated_by_station, person.received_at = p.version, ctx.station_code, ctx.now
    publish(session, person, ctx)


def _load(session: Session, person_id: str, role: str) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise RetryLater("predecessor_missing", f"the {role} person has not reached the server yet")
    return person


def _merge_persons(session: Session, ctx: Context, p: ops.MergePersons) -> None:
    if p.keep_id == p.duplicate_id:
        raise Rejected("invalid_payload", "a person cannot be merged into itself")
    if session.get(PersonMerge, p.merge_id) is not None:
        raise Conflict("already_exists", "this merge is already on record")
    duplicate = _load(session, p.duplicate_id, "duplicate")
    keep = _load(session, p.keep_id, "kept")
    _check_base(duplicate, ctx, p.version, "a merge")
    if keep.version < p.keep_version:
        raise RetryLater(
            "predecessor_missing", f"version {p.keep_version} of the kept person has not arrived yet"
        )
    if keep.version > p.keep_version or keep.merged_into is not None:
        raise Conflict(
            "stale_base_version",
            f"the kept person changed at the server (now version {keep.version}) since version "
            f"{p.keep_version} was read",
        )
    session.add(
        PersonMerge(
            id=p.merge_id, station_code=ctx.station_code, keep_id=keep.id, duplicate_id=duplicate.id,
            reason=p.reason, merged_at=p.merged_at, merged_by=p.officer_id, received_at=ctx.now,
        )
    )  # fmt: skip
    duplicate.merged_into, duplicate.version = keep.id, p.version
    duplicate.updated_at, duplicate.updated_by, duplicate.updated_by_station = (
        p.merged_at,
        p.officer_id,
        ctx.station_code,
    )
    publish(session, duplicate, ctx)


def _unmerge_persons(session: Session, ctx: Context, p: ops.UnmergePersons) -> None:
    merge = session.get(PersonMerge, p.merge_id)
    if merge is None:
        raise RetryLater("predecessor_missing", "this merge has not reached the server yet")
    if (merge.keep_id, merge.duplicate_id) != (p.keep_id, p.duplicate_id):
        raise Rejected("invalid_payload", "the merge joined other persons")
    if merge.undone_at is not None:
        raise Conflict("already_undone", f"the merge was undone already (by station {merge.undone_station})")
    duplicate = _load(session, p.duplicate_id, "duplicate")
    _check_base(duplicate, ctx, p.version, "an unmerge")
    merge.undone_at, merge.undone_by, merge.undo_reason = p.undone_at, p.officer_id, p.reason
    merge.undone_station = ctx.station_code
    duplicate.merged_into, duplicate.version = None, p.version
    duplicate.updated_at, duplicate.updated_by, duplicate.updated_by_station = (
        p.undone_at,
        p.officer_id,
        ctx.station_code,
    )
    publish(session, duplicate, ctx)


PERSON_HANDLERS: dict[str, Handler] = {
    ops.OP_UPSERT_PERSON: _upsert_person,
    ops.OP_MERGE_PERSONS: _merge_persons,
    ops.OP_UNMERGE_PERSONS: _unmerge_persons,
}
