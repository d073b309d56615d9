"""The person master: one record per human being, found again across spellings and scripts.

Permissions. Viewing and looking for matches need VIEW_RECORDS. Entering or correcting a person needs
any one of INVESTIGATE (the IO records accused and witnesses), DRAFT_FIR (the desk records the
complainant) or DIGITISE_LEGACY (old registers are typed in). Merging and separating duplicates
need MERGE_PERSONS, which only the SHO holds: a merge hides a record from search and lists.

Every write, its audit entry and its row in the search index (``person_fts``) happen in one
transaction. Aadhaar numbers are masked to their last four digits before anything is stored.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from forms.text_rules import text_problem
from station_app.core.audit import record_change, snapshot_digest
from station_app.core.canonical import sha256_hex
from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.errors import ConflictError, NotFoundError, ValidationError
from station_app.core.ids import new_id
from station_app.core.localtime import to_ist
from station_app.core.models import Station
from station_app.core.models.persons import Person, PersonMerge, PersonPhoto
from station_app.core.names import NameCache, PersonFacts, area_keys, prepare, score_pair
from station_app.core.names.index import (
    CANDIDATE_BUDGET,
    CANDIDATE_LIMIT,
    candidate_expressions,
    index_row,
)
from station_app.core.outbox import enqueue_person, enqueue_person_merge, enqueue_person_unmerge
from station_app.core.permissions import Actor, Permission, require, require_any
from station_app.core.services.person_input import (
    IdDocument,
    MergeRecord,
    PersonInput,
    PersonMatch,
    PersonRecord,
    clean_input,
    facts_of,
    lenient_documents,
    lenient_phones,
    merge_record_of,
    photo_mime,
    record_of,
)
from station_app.core.victim_links import protected_persons, require_may_see_person

__all__ = [
    "IdDocument",
    "MergeRecord",
    "PersonInput",
    "PersonMatch",
    "PersonRecord",
    "PersonService",
    "canonical_id",
    "next_search_key",
    "write_index",
]

BIRTH_WINDOW = 10  # years: further apart scores too low to be offered even as "possible"
# CROSS JOIN fixes the loop order (SQLite's rule): the FTS matches drive, each looks up its person.
# Left to itself the planner would walk all persons through ix_person_merged_into instead.
_CANDIDATES = text(
    "SELECT f.rowid FROM person_fts AS f CROSS JOIN person AS p ON p.search_key = f.rowid "
    "WHERE person_fts MATCH :q AND +p.merged_into IS NULL "
    "AND (:lo IS NULL OR p.birth_year_est IS NULL OR p.birth_year_est BETWEEN :lo AND :hi) "
    "AND (:sex = '' OR p.sex = '' OR p.sex = :sex) "
    "ORDER BY f.rowid DESC LIMIT :n"
)
WRITE_PERMISSIONS = (Permission.INVESTIGATE, Permission.DRAFT_FIR, Permission.DIGITISE_LEGACY)
MAX_MERGE_CHAIN = 64  # a merge chain longer than this is corrupt data, not a real history


def next_search_key(session: Session) -> int:
    """The integer that will name a new person's search row. Local to this database (a person who
    arrives by sync gets one here too); taken inside the IMMEDIATE write, so two desks never clash."""
    return int(session.scalar(select(func.coalesce(func.max(Person.search_key), 0))) or 0) + 1


def write_index(session: Session, person: Person) -> None:
    """(Re)write the person's search row; a merged person has none. Call inside the write."""
    session.execute(text("DELETE FROM person_fts WHERE rowid = :k"), {"k": person.search_key})
    if person.merged_into is not None:
        return
    docs = [d["number"] for d in json.loads(person.id_documents) if d["kind"] != "aadhaar"]
    names = [person.name, person.name_alt, *json.loads(person.aliases)]
    row = index_row(names, person.relative_name, json.loads(person.phones), docs)
    session.execute(
        text(
            "INSERT INTO person_fts (rowid, names, keys, skel, relative, phone, docs) "
            "VALUES (:k, :names, :keys, :skel, :relative, :phone, :docs)"
        ),
        {"k": person.search_key, **row.as_params()},
    )


def canonical_id(session: Session, person_id: str) -> str:
    """The person a record stands for now: follows merges (A merged into B merged into C → C)."""
    current = person_id
    for _ in range(MAX_MERGE_CHAIN):
        target = session.scalar(select(Person.merged_into).where(Person.id == current))
        if target is None:
            if current == person_id and session.get(Person, person_id) is None:
                raise NotFoundError("That person's record does not exist.")
            return current
        current = target
    raise ConflictError("This person's merge history loops; ask the district IT admin to check it.")


def _require_any(actor: Actor, permissions: Sequence[Permission]) -> None:
    require_any(actor, permissions, "enter or change persons")


class PersonService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    # --- writes -----------------------------------------------------------------------------------

    def create(self, actor: Actor, data: PersonInput, photo: bytes | None = None) -> PersonRecord:
        _require_any(actor, WRITE_PERMISSIONS)
        now = self._clock.now()
        values = clean_input(data, to_ist(now).date())
        mime = photo_mime(photo) if photo is not None else None
        with self._db.write() as session:
            station = session.get(Station, 1)
            assert station is not None
            person = Person(
                id=new_id(), search_key=next_search_key(session), station_code=station.station_code, created_at=now,
                created_by=actor.officer_id, updated_at=now, updated_by=actor.officer_id, version=1,
                **values,
            )  # fmt: skip
            if photo is not None and mime is not None:
                person.photo_sha256 = self._store_photo(session, photo, mime)
            session.add(person)
            record_change(session, actor=actor.audit, at=now, action="person.create", record=person)
            enqueue_person(session, person, now)
            write_index(session, person)
            return record_of(person)

    def update(self, actor: Actor, person_id: str, data: PersonInput, expected_version: int) -> PersonRecord:
        """Replace the person's particulars (not the photo: see ``set_photo``)."""
        _require_any(actor, WRITE_PERMISSIONS)
        now = self._clock.now()
        values = clean_input(data, to_ist(now).date())
        with self._db.write() as session:
            person = self._editable(session, person_id, expected_version)
            before = snapshot_digest(person)
            for name, value in values.items():
                setattr(person, name, value)
            if snapshot_digest(person) == before:
                return record_of(person)  # nothing changed: no new version, no audit entry
            self._touch(person, actor, now)
            record_change(
                session, actor=actor.audit, at=now, action="person.update", record=person, before=before
            )
            enqueue_person(session, person, now)
            write_index(session, person)
            return record_of(person)

    def set_photo(
        self, actor: Actor, person_id: str, photo: bytes | None, expected_version: int
    ) -> PersonRecord:
        """Attach a photo (JPEG or PNG, size-capped), or remove it with None."""
        _require_any(actor, WRITE_PERMISSIONS)
        mime = photo_mime(photo) if photo is not None else None
        now = self._clock.now()
        with self._db.write() as session:
            person = self._editable(session, person_id, expected_version)
            before = snapshot_digest(person)
            new = self._store_photo(session, photo, mime) if photo is not None and mime else None
            if new == person.photo_sha256:
                return record_of(person)
            person.photo_sha256 = new
            self._touch(person, actor, now)
            record_change(
                session, actor=actor.audit, at=now, action="person.photo", record=person, before=before
            )
            enqueue_person(session, person, now)
            return record_of(person)

    def merge(self, actor: Actor, keep_id: str, duplicate_id: str, reason: str) -> MergeRecord:
        """Mark ``duplicate_id`` as the same human being as ``keep_id``. Nothing is deleted."""
        require(actor, Permission.MERGE_PERSONS)
        reason = reason.strip()
        if problem := text_problem(reason, multiline=True):
            raise ValidationError({"reason": problem})
        if len(reason) < 5:
            raise ValidationError({"reason": "Say why these are the same person (at least a few words)."})
        if keep_id == duplicate_id:
            raise ValidationError({"duplicate_id": "A record cannot be merged into itself."})
        now = self._clock.now()
        with self._db.write() as session:
            keep = self._load(session, keep_id)
            duplicate = self._load(session, duplicate_id)
            if keep.merged_into is not None:
                raise ConflictError(
                    f"{keep.name} was itself merged into another record; merge into that record instead."
                )
            if duplicate.merged_into is not None:
                raise ConflictError(f"{duplicate.name} is already merged into another record.")
            merge = PersonMerge(
                id=new_id(), keep_id=keep.id, duplicate_id=duplicate.id, reason=reason, merged_at=now,
                merged_by=actor.officer_id,
            )  # fmt: skip
            session.add(merge)
            record_change(
                session, actor=actor.audit, at=now, action="person.merge", record=merge,
                summary=f"{duplicate.id} into {keep.id}",
            )  # fmt: skip
            before = snapshot_digest(duplicate)
            duplicate.merged_into = keep.id
            self._touch(duplicate, actor, now)
            record_change(
                session, actor=actor.audit, at=now, action="person.merged", record=duplicate, before=before,
                summary=f"merge {merge.id}",
            )  # fmt: skip
            enqueue_person_merge(session, merge, keep, duplicate, now)
            write_index(session, duplicate)  # removes it from search: the kept record stands for both
            return merge_record_of(merge)

    def unmerge(self, actor: Actor, merge_id: str, reason: str) -> MergeRecord:
        """Undo a merge: the duplicate is a person of its own again. The merge stays on record."""
        require(actor, Permission.MERGE_PERSONS)
        reason = reason.strip()
        if problem := text_problem(reason, multiline=True):
            raise ValidationError({"reason": problem})
        if len(reason) < 5:
            raise ValidationError({"reason": "Say why these are different people (at least a few words)."})
        now = self._clock.now()
        with self._db.write() as session:
            merge = session.get(PersonMerge, merge_id)
            if merge is None:
                raise NotFoundError("That merge does not exist.")
            if merge.undone_at is not None:
                raise ConflictError("That merge was already undone.")
            duplicate = self._load(session, merge.duplicate_id)
            if duplicate.merged_into != merge.keep_id:
                raise ConflictError("The record has changed since this merge; reload it and try again.")
            before_merge = snapshot_digest(merge)
            merge.undone_at, merge.undone_by, merge.undo_reason = now, actor.officer_id, reason
            record_change(
                session, actor=actor.audit, at=now, action="person.unmerge", record=merge, before=before_merge,
                summary=f"{duplicate.id} from {merge.keep_id}",
            )  # fmt: skip
            before = snapshot_digest(duplicate)
            duplicate.merged_into = None
            self._touch(duplicate, actor, now)
            record_change(
                session, actor=actor.audit, at=now, action="person.unmerged", record=duplicate, before=before,
                summary=f"merge {merge.id} undone",
            )  # fmt: skip
            enqueue_person_unmerge(session, merge, duplicate, now)
            write_index(session, duplicate)
            return merge_record_of(merge)

    # --- reads ------------------------------------------------------------------------------------

    def get(self, actor: Actor, person_id: str) -> PersonRecord:
        """The record as stored (a merged duplicate too; ``merged_into`` says where it went)."""
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            require_may_see_person(session, actor, person_id)
            return record_of(self._load(session, person_id))

    def resolve(self, actor: Actor, person_id: str) -> str:
        """The id that stands for this person now (itself, unless it was merged)."""
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            return canonical_id(session, person_id)

    def photo(self, actor: Actor, person_id: str) -> bytes | None:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            require_may_see_person(session, actor, person_id)
            person = self._load(session, person_id)
            if person.photo_sha256 is None:
                return None
            stored = session.get(PersonPhoto, person.photo_sha256)
            return None if stored is None else bytes(stored.data)

    def merges(self, actor: Actor, person_id: str) -> list[MergeRecord]:
        """Merges this person took part in (kept or merged away), oldest first, undone ones too."""
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            rows = session.scalars(
                select(PersonMerge)
                .where(or_(PersonMerge.keep_id == person_id, PersonMerge.duplicate_id == person_id))
                .order_by(PersonMerge.merged_at, PersonMerge.id)
            )
            return [merge_record_of(m) for m in rows]

    def find_matches(
        self, actor: Actor, candidate: PersonInput, *, exclude_id: str | None = None, limit: int = 10
    ) -> list[PersonMatch]:
        """Existing persons who may be the one being entered, best first, with the reasons.

        Works on a half-filled form: fields that are missing or not yet valid are left out.
        """
        require(actor, Permission.VIEW_RECORDS)
        facts = self.candidate_facts(candidate)
        if not any(n.strip() for n in facts.names) and not facts.phones and not facts.documents:
            return []
        plain_docs = [n for kind, n in facts.documents if kind != "aadhaar"]
        expressions = candidate_expressions(facts.names, facts.relative_name, facts.phones, plain_docs)
        # Who could not reach "possible" whatever else matched is filtered in SQL, while the FTS
        # rows stream by (no ranking, no sort: newest first): another sex, or born ten years apart.
        born = facts.birth_year
        window = {
            "lo": None if born is None else born - BIRTH_WINDOW,
            "hi": None if born is None else born + BIRTH_WINDOW,
            "sex": facts.sex,
            "n": CANDIDATE_LIMIT,
        }
        with self._db.read() as session:
            station = session.get(Station, 1)
            assert station is not None
            area = area_keys(station.district, station.state, station.station_name)
            keys: set[int] = set()
            for expr in expressions:
                if len(keys) >= CANDIDATE_BUDGET:
                    break
                rows = session.execute(_CANDIDATES, {"q": expr, **window})
                keys.update(int(r[0]) for r in rows)
            if not keys:
                return []
            found = select(Person).where(Person.search_key.in_(keys))
            if not actor.can(Permission.VIEW_VICTIM_IDENTITY):  # never offer a sensitive case's victim
                found = found.where(Person.id.not_in(protected_persons()))
            people = session.scalars(found).all()
            records = [record_of(p) for p in people if p.id != exclude_id]
        matches: list[PersonMatch] = []
        names: NameCache = {}
        mine = prepare(facts, names, area)
        for record in records:
            result = score_pair(mine, prepare(facts_of(record), names, area))
            if result.level:
                matches.append(
                    PersonMatch(record, result.score, result.level, result.reasons, result.conflicts)
                )
        matches.sort(key=lambda m: (-m.score, m.person.id))
        return matches[:limit]

    def candidate_facts(self, candidate: PersonInput) -> PersonFacts:
        today = to_ist(self._clock.now()).date()
        birth_year: int | None = None
        if candidate.dob is not None:
            birth_year = candidate.dob.year
        elif candidate.birth_year is not None:
            birth_year = candidate.birth_year
        elif candidate.age is not None:
            birth_year = (candidate.age_on or today).year - candidate.age
        return PersonFacts(
            names=(candidate.name, candidate.name_alt, *candidate.aliases),
            relative_name=candidate.relative_name,
            birth_year=birth_year,
            sex=candidate.sex if candidate.sex in ("M", "F", "T") else "",
            phones=lenient_phones(candidate.phones),
            addresses=(candidate.present_address, candidate.permanent_address),
            documents=lenient_documents(candidate.id_documents),
        )

    # --- helpers ----------------------------------------------------------------------------------

    def _load(self, session: Session, person_id: str) -> Person:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFoundError("That person's record does not exist.")
        return person

    def _editable(self, session: Session, person_id: str, expected_version: int) -> Person:
        person = self._load(session, person_id)
        if person.merged_into is not None:
            raise ConflictError("This record was merged into another; change that record instead.")
        if person.version != expected_version:
            raise ConflictError(
                "This person's record was changed at another desk since you opened it. Reopen it to see the "
                "latest version."
            )
        return person

    def _touch(self, person: Person, actor: Actor, now: datetime) -> None:
        person.updated_at, person.updated_by = now, actor.officer_id
        person.version += 1

    def _store_photo(self, session: Session, photo: bytes, mime: str) -> str:
        digest = sha256_hex(photo)
        if session.get(PersonPhoto, digest) is None:
            session.add(PersonPhoto(sha256=digest, mime=mime, size=len(photo), data=photo))
            session.flush()
        return digest
