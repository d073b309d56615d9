"""The FIR register: filtered, sorted pages of FIRs for a list that must stay smooth at 200,000 rows.

The screen asks for a count and then only the pages it shows (offset/limit over an indexed order),
so no query ever loads the whole register.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, defer

from station_app.core.db import Database
from station_app.core.models import Fir, FirSection
from station_app.core.permissions import Actor, Permission, require
from station_app.core.services.firs import FirSummary, summary_of
from station_app.core.victim_mask import listed_complainant, may_see_identity

_T = TypeVar("_T")


class RegisterSort(StrEnum):
    NUMBER = "number"  # year, then number (the register's own order)
    REGISTERED = "registered_at"
    OCCURRENCE = "occurrence_from"
    COMPLAINANT = "complainant_name"


@dataclass(frozen=True)
class RegisterQuery:
    year: int | None = None
    number: int | None = None
    registered_from: datetime | None = None
    registered_to: datetime | None = None
    act: str | None = None
    section: str | None = None
    name: str = ""  # complainant or accused, any part
    status: str | None = None  # draft | registered | transferred; None = all but drafts
    include_drafts: bool = False
    sort: RegisterSort = RegisterSort.NUMBER
    descending: bool = True

    def with_sort(self, sort: RegisterSort, descending: bool) -> RegisterQuery:
        return replace(self, sort=sort, descending=descending)


class FirRegisterService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def _filtered(self, query: RegisterQuery, base: Select[_T], actor: Actor | None = None) -> Select[_T]:
        q = base
        if query.status:
            q = q.where(Fir.status == query.status)
        elif not query.include_drafts:
            q = q.where(Fir.status != "draft")
        if query.year is not None:
            q = q.where(Fir.year == query.year)
        if query.number is not None:
            q = q.where(Fir.number == query.number)
        if query.registered_from is not None:
            q = q.where(Fir.registered_at >= query.registered_from)
        if query.registered_to is not None:
            q = q.where(Fir.registered_at <= query.registered_to)
        if query.act or query.section:
            match = FirSection.fir_id == Fir.id
            if query.act:
                match &= FirSection.act == query.act.strip().upper()
            if query.section:
                match &= FirSection.section == query.section.strip().upper()
            q = q.where(exists().where(match))
        if query.name.strip():
            like = f"%{query.name.strip()}%"
            if actor is not None and not may_see_identity(actor):
                # Finding a sensitive FIR by the victim's (or her parent's) name would disclose it.
                q = q.where(
                    or_(
                        Fir.complainant_name.ilike(like) & Fir.sensitive.is_(False),
                        Fir.accused_names.ilike(like),
                    )
                )
            else:
                q = q.where(or_(Fir.complainant_name.ilike(like), Fir.accused_names.ilike(like)))
        return q

    def count(self, actor: Actor, query: RegisterQuery) -> int:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            return int(
                session.scalar(self._filtered(query, select(func.count()).select_from(Fir), actor)) or 0
            )

    def page(self, actor: Actor, query: RegisterQuery, offset: int, limit: int) -> list[FirSummary]:
        require(actor, Permission.VIEW_RECORDS)
        # The list needs only the summary columns: never drag drafts and frozen content through the page.
        q = self._filtered(query, select(Fir).options(defer(Fir.content), defer(Fir.draft)), actor)
        sort_keys: dict[RegisterSort, list[InstrumentedAttribute[Any]]] = {
            RegisterSort.NUMBER: [Fir.year, Fir.number],
            RegisterSort.REGISTERED: [Fir.registered_at],
            RegisterSort.OCCURRENCE: [Fir.occurrence_from],
            RegisterSort.COMPLAINANT: [Fir.complainant_name],
        }
        keys = sort_keys[query.sort]
        keys = [*keys, Fir.id]  # a total order, so pages never overlap or skip
        q = q.order_by(*[k.desc() if query.descending else k.asc() for k in keys]).offset(offset).limit(limit)
        with self._db.read() as session:
            return [self._as_seen(actor, summary_of(f)) for f in session.scalars(q)]

    @staticmethod
    def _as_seen(actor: Actor, summary: FirSummary) -> FirSummary:
        """The register's line as ``actor`` may see it: no complainant's name on a sensitive FIR for an
        officer without the need to know (she may be the victim, or her parent)."""
        shown = listed_complainant(actor, summary.complainant_name, summary.sensitive)
        return summary if shown == summary.complainant_name else replace(summary, complainant_name=shown)

    def years(self, actor: Actor) -> list[int]:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            rows = session.scalars(
                select(Fir.year).where(Fir.year.is_not(None)).distinct().order_by(Fir.year.desc())
            )
            return [int(y) for y in rows if y is not None]
