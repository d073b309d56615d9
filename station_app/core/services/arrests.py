"""Arrest and court-surrender memos (IIF-3), one per accused, and what happens after: production
before the Magistrate within 24 hours, remand (at most 15 days of police custody), bail and release."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forms.law_master import LawMaster
from forms.schema import FormDef, load_form
from station_app.core import arrest_safeguards
from station_app.core.audit import record_change, snapshot_digest
from station_app.core.canonical import canonical_json, sha256_hex
from station_app.core.clock import Clock
from station_app.core.custody import (
    POLICE_CUSTODY_CAP,
    POLICE_WINDOW_DAYS,
    CustodyLimits,
    detention_period_days,
    police_window_end,
    police_window_last_day,
)
from station_app.core.db import Database
from station_app.core.errors import NotFoundError, ValidationError
from station_app.core.ids import new_id
from station_app.core.localtime import IST, format_ist, iso_ist
from station_app.core.models import Arrest, ArrestEvent, Station
from station_app.core.outbox import enqueue_arrest, enqueue_arrest_event
from station_app.core.permissions import Actor, Permission, require
from station_app.core.services.common import officer_card
from station_app.core.services.investigation_common import (
    MemoCheck,
    check_fir_memo,
    person_card,
    registered_fir,
)
from station_app.core.services.persons import canonical_id

IN_CUSTODY = ("in_custody", "produced", "police_custody", "judicial_custody")


def accused_code(index: int) -> str:
    """A1…A9, then B1…B9, C1…: the IIF-3 accused codes for the 1st, 2nd… accused of a case."""
    letter, digit = divmod(index, 9)
    return f"{chr(ord('A') + letter)}{digit + 1}"


@dataclass(frozen=True)
class ArrestInfo:
    id: str
    fir_id: str
    fir_no: str
    person_id: str
    person_name: str
    accused_code: str
    arrested_at: datetime
    status: str
    produced_at: datetime | None
    content: dict[str, Any]
    digest: str


def _info(a: Arrest) -> ArrestInfo:
    content = json.loads(a.content)
    return ArrestInfo(
        a.id, a.fir_id, content["fir_no"], a.person_id, content["person"]["name"], a.accused_code, a.arrested_at,
        a.status, a.produced_at, content, a.content_digest,
    )  # fmt: skip


class ArrestService:
    def __init__(self, db: Database, clock: Clock, laws: LawMaster) -> None:
        self._db = db
        self._clock = clock
        self._laws = laws
        self.form: FormDef = load_form("iif3_arrest")

    def record_arrest(self, actor: Actor, fir_id: str, values: dict[str, Any]) -> ArrestInfo:
        require(actor, Permission.INVESTIGATE)
        with self._db.write() as session:
            now = self._clock.now()
            fir = registered_fir(session, fir_id)
            memo = check_fir_memo(session, self.form, self._laws, fir, values, now, "arrested_at", "arrest")
            values, errors, frozen, arrested_at = memo.values, memo.errors, memo.frozen, memo.moment
            card = person_card(session, values.get("person")) if values.get("person") else None
            if values.get("person") and card is None:
                errors["person"] = "That person is not in the person register."
            if card is not None and arrested_at is not None:
                held = session.scalar(
                    select(Arrest).where(
                        Arrest.fir_id == fir.id, Arrest.person_id == card["id"], Arrest.status.in_(IN_CUSTODY)
                    )
                )
                if held is not None:
                    errors["person"] = (
                        f"{card['name']} is already in custody in this case (arrested {format_ist(held.arrested_at)})."
                    )
            safeguards = None
            if card is not None and arrested_at is not None and "acts_sections" not in errors:
                safeguards = self._safeguards(session, fir.station, memo, card, arrested_at)
                for name, message in arrest_safeguards.check(safeguards, values).items():
                    errors.setdefault(name, message)
            if errors:
                raise ValidationError(errors)
            assert card is not None and arrested_at is not None and safeguards is not None
            code = self._code_for(session, fir.id, card["id"])
            content = {
                "form": self.form.id, "form_version": self.form.version, "station": fir.station,
                "fir_no": fir.fir_no, "accused_code": code, "person": card,
                "officer": officer_card(session, actor.officer_id), "recorded_at": iso_ist(now), "values": frozen,
                "safeguards": safeguards.frozen(frozen.get("infirm") is True),
            }  # fmt: skip
            text = canonical_json(content)
            arrest = Arrest(
                id=new_id(), station_code=fir.station["station_code"], fir_id=fir.id, person_id=card["id"],
                accused_code=code, gd_entry_id=values["gd_entry"], kind=frozen.get("kind", "arrest"),
                arrested_at=arrested_at, status="in_custody", produced_at=None, officer_id=actor.officer_id,
                recorded_at=now, form_version=self.form.version, content_digest=sha256_hex(text), content=text,
                version=1,
            )  # fmt: skip
            session.add(arrest)
            record_change(session, actor=actor.audit, at=now, action="arrest.record", record=arrest,
                          summary=f"FIR {fir.fir_no} {code}")  # fmt: skip
            enqueue_arrest(session, arrest, now)
            return _info(arrest)

    def _safeguards(
        self, session: Session, station: dict[str, str], memo: MemoCheck, card: dict[str, Any], at: datetime
    ) -> arrest_safeguards.Safeguards:
        row = session.get(Station, 1)
        coordinates = (
            (row.latitude, row.longitude)
            if row is not None and row.latitude is not None and row.longitude is not None
            else None
        )
        sections = memo.values.get("acts_sections") or []
        return arrest_safeguards.assess(
            self._laws,
            sections,
            card,
            str(memo.values.get("kind") or "arrest"),
            at,
            coordinates,
            station["state"],
        )

    def _code_for(self, session: Session, fir_id: str, person_id: str) -> str:
        """The person's code in this case if they were arrested before, else the next free code."""
        rows = session.execute(
            select(Arrest.person_id, Arrest.accused_code)
            .where(Arrest.fir_id == fir_id)
            .order_by(Arrest.recorded_at)
        ).all()
        # Codes follow people, not records: a duplicate merged later keeps the code of the one it joined.
        canonical = {row.person_id: canonical_id(session, row.person_id) for row in rows}
        for row in rows:
            if canonical[row.person_id] == person_id:
                return str(row.accused_code)
        return accused_code(len(set(canonical.values())))

    # --- after the arrest ---------------------------------------------------------------------------

    def record_production(self, actor: Actor, arrest_id: str, at: datetime, court: str) -> ArrestInfo:
        require(actor, Permission.INVESTIGATE)
        with self._db.write() as session:
            arrest = self._load(session, arrest_id)
            errors = self._event_time(arrest, at, "The production")
            if arrest.produced_at is not None:
                errors["at"] = (
                    f"The production before the Magistrate was already recorded ({format_ist(arrest.produced_at)})."
                )
            if not court.strip():
                errors["court"] = "Name the court or Magistrate."
            if errors:
                raise ValidationError(errors)
            before = snapshot_digest(arrest)
            arrest.produced_at, arrest.status = at, "produced"
            self._event(session, actor, arrest, "produced", at, None, {"court": court.strip()}, before)
            return _info(arrest)

    def record_remand(
        self, actor: Actor, arrest_id: str, kind: str, start: datetime, until: datetime, order: str
    ) -> ArrestInfo:
        """A remand order: police custody counts against the 15-day cap of BNSS 187(2)."""
        require(actor, Permission.INVESTIGATE)
        if kind not in ("police", "judicial"):
            raise ValidationError({"kind": "Choose police or judicial custody."})
        with self._db.write() as session:
            arrest = self._load(session, arrest_id)
            errors = self._event_time(arrest, start, "The remand")
            if arrest.produced_at is None:
                errors["at"] = (
                    "Record the production before the Magistrate first: a remand is ordered on production."
                )
            elif start < arrest.produced_at:
                errors["at"] = (
                    f"The remand cannot start before the production ({format_ist(arrest.produced_at)})."
                )
            if until <= start:
                errors["until"] = "The remand must end after it starts."
            if not order.strip():
                errors["order"] = "Give the remand order's reference."
            if kind == "police" and not errors:
                errors.update(self._police_window(session, arrest, start, until))
            if kind == "police" and not errors:
                used = self._police_custody(session, arrest.id)
                if used + (until - start) > POLICE_CUSTODY_CAP:
                    left = max(timedelta(0), POLICE_CUSTODY_CAP - used)
                    errors["until"] = (
                        f"Police custody may not exceed 15 days in all (BNSS 187(2)); {used.days} day(s) used, "
                        f"{left.days} day(s) left."
                    )
            if errors:
                raise ValidationError(errors)
            before = snapshot_digest(arrest)
            arrest.status = f"{kind}_custody"
            self._event(
                session, actor, arrest, f"remand_{kind}", start, until, {"order": order.strip()}, before
            )
            return _info(arrest)

    def record_release(
        self, actor: Actor, arrest_id: str, kind: str, at: datetime, reference: str
    ) -> ArrestInfo:
        """Bail (by police or court) or release; the person leaves custody."""
        require(actor, Permission.INVESTIGATE)
        if kind not in ("bail", "released"):
            raise ValidationError({"kind": "Choose bail or release."})
        with self._db.write() as session:
            arrest = self._load(session, arrest_id)
            errors = self._event_time(arrest, at, "The release")
            if arrest.status not in IN_CUSTODY:
                errors["at"] = "This person is no longer in custody."
            if errors:
                raise ValidationError(errors)
            before = snapshot_digest(arrest)
            arrest.status = "bailed" if kind == "bail" else "released"
            self._event(session, actor, arrest, kind, at, None, {"reference": reference.strip()}, before)
            return _info(arrest)

    # --- reading ------------------------------------------------------------------------------------

    def get(self, actor: Actor, arrest_id: str) -> ArrestInfo:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            return _info(self._load(session, arrest_id))

    def for_fir(self, actor: Actor, fir_id: str) -> list[ArrestInfo]:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            rows = session.scalars(select(Arrest).where(Arrest.fir_id == fir_id).order_by(Arrest.arrested_at))
            return [_info(a) for a in rows]

    def for_person(self, actor: Actor, person_id: str) -> list[ArrestInfo]:
        """Every arrest of this person, including those recorded under a duplicate merged into them."""
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            target = canonical_id(session, person_id)
            person_ids = {row for row in session.scalars(select(Arrest.person_id).distinct())}
            same = [pid for pid in person_ids if canonical_id(session, pid) == target]
            rows = session.scalars(
                select(Arrest).where(Arrest.person_id.in_(same)).order_by(Arrest.arrested_at)
            )
            return [_info(a) for a in rows]

    def events(self, actor: Actor, arrest_id: str) -> list[dict[str, Any]]:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            rows = session.scalars(
                select(ArrestEvent).where(ArrestEvent.arrest_id == arrest_id).order_by(ArrestEvent.seq)
            )
            return [{"kind": e.kind, "at": e.at, "until": e.until, **json.loads(e.body)} for e in rows]

    def custody_limits(self, actor: Actor, arrest_id: str) -> CustodyLimits:
        """The detention period (60/90 days) and, once remanded, its day 1 (BNSS 187)."""
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            arrest = self._load(session, arrest_id)
            first = session.scalar(
                select(func.min(ArrestEvent.at)).where(
                    ArrestEvent.arrest_id == arrest.id, ArrestEvent.kind.like("remand_%")
                )
            )
            sections = json.loads(arrest.content)["values"].get("sections", [])
            return CustodyLimits(detention_period_days(self._laws, sections), first)

    def register(self, actor: Actor, since: datetime | None = None) -> list[ArrestInfo]:
        """The arrested-persons register (BNSS 37): newest first, for display at the station."""
        require(actor, Permission.VIEW_RECORDS)
        query = select(Arrest).order_by(Arrest.arrested_at.desc())
        if since is not None:
            query = query.where(Arrest.arrested_at >= since)
        with self._db.read() as session:
            return [_info(a) for a in session.scalars(query)]

    def police_custody_periods(
        self, session: Session, arrest_id: str
    ) -> list[tuple[datetime, datetime | None]]:
        rows = session.scalars(
            select(ArrestEvent).where(ArrestEvent.arrest_id == arrest_id, ArrestEvent.kind == "remand_police")
        )
        return [(e.at, e.until) for e in rows]

    # --- helpers -----------------------------------------------------------------------------------

    def _police_custody(self, session: Session, arrest_id: str) -> timedelta:
        total = timedelta(0)
        for start, until in self.police_custody_periods(session, arrest_id):
            total += (until or self._clock.now()) - start
        return total

    def _police_window(
        self, session: Session, arrest: Arrest, start: datetime, until: datetime
    ) -> dict[str, str]:
        """BNSS 187(2): police custody only within the first 40 days (60-day cases) or 60 days (90-day
        cases) of detention, day 1 being the date of the first remand (this one, if it is the first)."""
        earlier = session.scalar(
            select(func.min(ArrestEvent.at)).where(
                ArrestEvent.arrest_id == arrest.id, ArrestEvent.kind.like("remand_%")
            )
        )
        first = min(earlier, start) if earlier is not None else start
        period = detention_period_days(self._laws, json.loads(arrest.content)["values"].get("sections", []))
        end = police_window_end(first, period)
        if until <= end:
            return {}
        window = POLICE_WINDOW_DAYS[period]
        last_day = police_window_last_day(first, period)
        reason = (
            f"Police custody may be given only within the first {window} days of detention in a {period}-day case "
            f"(BNSS 187(2)); day 1 is the first remand ({first.astimezone(IST):%d-%m-%Y}), so day {window} "
            f"is {last_day:%d-%m-%Y}; police custody must end by midnight that day. "
        )
        if start >= end:
            return {"at": reason + "This remand starts after that: only judicial custody is possible now."}
        return {"until": reason + "End this police custody by then, or remand to judicial custody."}

    def _load(self, session: Session, arrest_id: str) -> Arrest:
        arrest = session.get(Arrest, arrest_id)
        if arrest is None:
            raise NotFoundError("That arrest memo does not exist.")
        return arrest

    def _event_time(self, arrest: Arrest, at: datetime, what: str) -> dict[str, str]:
        if at > self._clock.now():
            return {"at": f"{what} cannot be in the future."}
        if at < arrest.arrested_at:
            return {"at": f"{what} cannot be before the arrest ({format_ist(arrest.arrested_at)})."}
        return {}

    def _event(self, session: Session, actor: Actor, arrest: Arrest, kind: str, at: datetime,
               until: datetime | None, body: dict[str, Any], before: str) -> None:  # fmt: skip
        now = self._clock.now()
        last = (
            session.scalar(select(func.max(ArrestEvent.seq)).where(ArrestEvent.arrest_id == arrest.id)) or 0
        )
        event = ArrestEvent(id=new_id(), arrest_id=arrest.id, seq=int(last) + 1, kind=kind, at=at, until=until,
                            officer_id=actor.officer_id, recorded_at=now, body=canonical_json(body))  # fmt: skip
        session.add(event)
        arrest.version += 1
        record_change(session, actor=actor.audit, at=now, action=f"arrest.{kind}", record=event)
        enqueue_arrest_event(session, event, now)
        record_change(
            session, actor=actor.audit, at=now, action="arrest.status", record=arrest, before=before
        )
