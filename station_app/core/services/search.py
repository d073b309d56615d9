"""Search as you type: persons by name (either script) or phone, FIRs by number, vehicles by number.

Fast enough for every keystroke (the UI debounces): persons come from the FTS5 index
(``person_fts``), FIRs from the register's unique index, vehicles from ``fir_vehicle``. Results are
grouped by type, each hit with a label and the id of the record to open.

Vehicles are kept simple on purpose: there is no vehicle register yet, so registration numbers are
picked out of registered FIRs' property rows (category, type, description) by pattern. A trigger
queues each FIR as its content is set; the queue is worked off in small batches when a search looks
like a registration number (or by ``catch_up`` at start-up), so no keystroke waits for a backlog.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.localtime import ist_year
from station_app.core.models import Fir
from station_app.core.models.persons import FirVehicle, Person, SearchFirPending
from station_app.core.names.fields import ascii_digits, find_plates, plate_query
from station_app.core.names.index import SearchTerms, search_terms
from station_app.core.numbering import FIR_SERIES, ZERO_FIR_SERIES, format_fir_number
from station_app.core.permissions import Actor, Permission, require
from station_app.core.services.person_input import record_of
from station_app.core.services.persons import write_index
from station_app.core.victim_links import protected_persons

PERSONS, FIRS, VEHICLES = "person", "fir", "vehicle"
GROUP_TITLES = {PERSONS: "Persons", FIRS: "FIRs", VEHICLES: "Vehicles"}
CATCH_UP_BATCH = 200  # queued FIRs indexed per search; keeps one keystroke under a few milliseconds
YEARS_BACK = 60  # "99" with no year looks in this many years of the register
MIN_TEXT = 2
PERSON_POOL = 200  # newest matching persons ranked per keystroke (see _persons)
_FIR_NO = re.compile(
    r"(?:fir\s*(?:no\.?)?\s*)?(z(?:ero)?\s*-?\s*)?0*([0-9]{1,6})\s*(?:/\s*([0-9]{4}|[0-9]{2}))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SearchHit:
    kind: str  # person | fir | vehicle
    id: str  # the record to open: a person's id, or an FIR's id (for a vehicle too)
    label: str
    detail: str = ""


@dataclass(frozen=True)
class SearchGroup:
    kind: str
    title: str
    hits: tuple[SearchHit, ...]


@dataclass(frozen=True)
class SearchResults:
    text: str
    groups: tuple[SearchGroup, ...]  # only groups with hits: persons, FIRs, vehicles, in that order

    def hits(self, kind: str) -> tuple[SearchHit, ...]:
        return next((g.hits for g in self.groups if g.kind == kind), ())


@dataclass(frozen=True)
class FirNumberQuery:
    series: tuple[str, ...]
    number: int
    year: int | None


def parse_fir_number(text_: str, this_year: int) -> FirNumberQuery | None:
    """ "99/2026", "0099/2026", "99", "Z-3/2026", "FIR No. 12/26" → what to look up; else None."""
    m = _FIR_NO.fullmatch(ascii_digits(text_).strip())
    if m is None:
        return None
    zero, number, year = m.group(1), int(m.group(2)), m.group(3)
    if number == 0:
        return None
    full_year = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
    if full_year is not None and not 1900 <= full_year <= this_year:
        return None
    series = (ZERO_FIR_SERIES,) if zero else (FIR_SERIES, ZERO_FIR_SERIES)
    return FirNumberQuery(series, number, full_year)


class SearchService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def search(self, actor: Actor, text_: str, limit_per_type: int = 8) -> SearchResults:
        require(actor, Permission.VIEW_RECORDS)
        query = " ".join(text_.split()) + (" " if text_[-1:].isspace() else "")
        groups: list[SearchGroup] = []
        if len(query.strip()) < MIN_TEXT and not query.strip().isdigit():  # "7" may be FIR No. 7
            return SearchResults(text_, ())
        plate = plate_query(query)
        tail = re.fullmatch(r"[0-9]{4}", ascii_digits(query.strip()))
        if plate is not None or tail is not None:
            self.catch_up(CATCH_UP_BATCH)
        with self._db.read() as session:
            found = {
                PERSONS: self._persons(session, query, limit_per_type, actor),
                FIRS: self._firs(session, query, limit_per_type),
                VEHICLES: self._vehicles(session, query, limit_per_type),
            }
        for kind, hits in found.items():
            if hits:
                groups.append(SearchGroup(kind, GROUP_TITLES[kind], tuple(hits)))
        return SearchResults(text_, tuple(groups))

    def search_persons(self, actor: Actor, text_: str, limit: int = 8) -> list[SearchHit]:
        """The persons part of ``search`` alone."""
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            return self._persons(session, text_, limit, actor)

    # --- persons ----------------------------------------------------------------------------------

    def _persons(self, session: Session, query: str, limit: int, actor: Actor) -> list[SearchHit]:
        terms = search_terms(query)
        strict, loose = terms.expression(), terms.expression(loose=True)
        ranked = self._ranked(session, terms, strict, limit)
        if len(ranked) < limit and loose != strict:  # few hits: try again letting vowels differ
            seen = set(ranked)
            ranked += [k for k in self._ranked(session, terms, loose, limit) if k not in seen]
        if not ranked:
            return []
        keys = ranked[:limit]
        found = select(Person).where(Person.search_key.in_(keys))
        if not actor.can(Permission.VIEW_VICTIM_IDENTITY):  # the victims of sensitive cases are not listed
            found = found.where(Person.id.not_in(protected_persons()))
        people = {p.search_key: p for p in session.scalars(found)}
        hits = []
        for key in keys:  # in rank order
            person = people.get(key)
            if person is not None and person.merged_into is None:
                record = record_of(person)
                hits.append(SearchHit(PERSONS, record.id, record.label, ", ".join(record.phones)))
        return hits

    def _ranked(self, session: Session, terms: SearchTerms, expression: str | None, limit: int) -> list[int]:
        """Search keys of the best matches. Ranking every match (bm25) costs time in proportion to
        how many there are: 150,000 for "ra" at district scale. So take the newest matches, in rowid
        order, which FTS5 walks without sorting, and rank that pool here: a common name shows its
        newest holders, and typing one more letter narrows it."""
        if expression is None:
            return []
        rows = session.execute(
            text(
                "SELECT rowid, names, keys FROM person_fts WHERE person_fts MATCH :q "
                "ORDER BY rowid DESC LIMIT :n"
            ),
            {"q": expression, "n": max(PERSON_POOL, limit)},
        ).all()
        ranked = sorted(rows, key=lambda r: (-terms.relevance(r[1], r[2]), -int(r[0])))[:limit]
        return [int(r[0]) for r in ranked]

    # --- FIRs -------------------------------------------------------------------------------------

    def _firs(self, session: Session, query: str, limit: int) -> list[SearchHit]:
        wanted = parse_fir_number(query, ist_year(self._clock.now()))
        if wanted is None:
            return []
        if wanted.year is not None:
            years = [wanted.year]
        else:
            this_year = ist_year(self._clock.now())
            years = list(range(this_year, this_year - YEARS_BACK, -1))
        rows = session.scalars(
            select(Fir)
            .where(Fir.series.in_(wanted.series), Fir.year.in_(years), Fir.number == wanted.number)
            .order_by(Fir.year.desc(), Fir.series)
            .limit(limit)
        )
        return [_fir_hit(FIRS, fir) for fir in rows]

    # --- vehicles ---------------------------------------------------------------------------------

    def _vehicles(self, session: Session, query: str, limit: int) -> list[SearchHit]:
        plate = plate_query(query)
        conditions: list[Any] = []
        if plate is not None:
            if plate.exact:
                conditions.append(FirVehicle.reg_no == plate.exact)
            for prefix in plate.prefixes:
                upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
                conditions.append((FirVehicle.reg_no >= prefix) & (FirVehicle.reg_no < upper))
        elif re.fullmatch(r"[0-9]{4}", ascii_digits(query.strip())):
            conditions.append(FirVehicle.tail == ascii_digits(query.strip()))
        if not conditions:
            return []
        hits: list[SearchHit] = []
        seen: set[tuple[str, str]] = set()
        for condition in conditions:
            rows = session.execute(
                select(FirVehicle, Fir)
                .join(Fir, Fir.id == FirVehicle.fir_id)
                .where(condition)
                .order_by(FirVehicle.reg_no, Fir.registered_at.desc())
                .limit(limit)
            )
            for vehicle, fir in rows:
                if (vehicle.reg_no, fir.id) in seen or len(hits) >= limit:
                    continue
                seen.add((vehicle.reg_no, fir.id))
                fir_hit = _fir_hit(VEHICLES, fir)
                hits.append(
                    SearchHit(VEHICLES, fir.id, f"{vehicle.reg_no} — {fir_hit.label}", vehicle.written)
                )
        return hits

    def catch_up(self, batch: int | None = None) -> int:
        """Index the vehicles of queued FIRs (all of them when ``batch`` is None); returns how many."""
        with self._db.read() as session:
            if session.scalar(select(SearchFirPending.fir_id).limit(1)) is None:
                return 0
        done = 0
        while batch is None or done < batch:
            step = CATCH_UP_BATCH if batch is None else min(CATCH_UP_BATCH, batch - done)
            with self._db.write() as session:
                ids = list(session.scalars(select(SearchFirPending.fir_id).limit(step)))
                for fir_id in ids:
                    _index_fir_vehicles(session, fir_id)
                if ids:
                    session.execute(delete(SearchFirPending).where(SearchFirPending.fir_id.in_(ids)))
            done += len(ids)
            if len(ids) < step:
                break
        return done

    def rebuild_person_index(self, actor: Actor) -> int:
        """Rewrite every person's search row (after an upgrade changes how names are normalised)."""
        require(actor, Permission.MANAGE_STATION)
        count = 0
        with self._db.write() as session:
            session.execute(text("DELETE FROM person_fts"))
            for person in session.scalars(select(Person).where(Person.merged_into.is_(None))).yield_per(2000):
                write_index(session, person)
                count += 1
        return count


def _fir_hit(kind: str, fir: Fir) -> SearchHit:
    number = format_fir_number(fir.series or FIR_SERIES, fir.number or 0, fir.year or 0)
    who = "[withheld: sensitive case]" if fir.sensitive else fir.complainant_name
    label = f"FIR {number}" + (f" u/s {fir.sections_text}" if fir.sections_text else "")
    detail = f"Complainant: {who}" if who else ""
    if fir.source == "legacy":  # a paper FIR under its original number: marked wherever it appears
        detail = f"Digitised · {detail}" if detail else "Digitised"
    return SearchHit(kind, fir.id, label, detail)


def _index_fir_vehicles(session: Session, fir_id: str) -> None:
    fir = session.get(Fir, fir_id)
    if fir is None or not fir.content:
        return
    values = json.loads(fir.content).get("values", {})
    for row in values.get("properties") or []:
        if not isinstance(row, dict):
            continue
        written = " ".join(str(row.get(k) or "") for k in ("category", "type", "description"))
        for plate in find_plates(written):
            session.execute(
                sqlite_insert(FirVehicle)
                .values(reg_no=plate.reg_no, fir_id=fir.id, tail=plate.tail, written=plate.written[:40])
                .on_conflict_do_nothing()
            )
