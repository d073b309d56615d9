"""Deadlines computed from the records, for the SHO's dashboard and for each case."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.law_master import LawMaster
from forms.schema import parse_datetime
from station_app.core.clock import Clock
from station_app.core.custody import is_grave
from station_app.core.db import Database
from station_app.core.deadlines import (
    DeadlineRule,
    DeadlineState,
    Level,
    evaluate,
    load_rules,
    police_custody,
)
from station_app.core.models import Arrest, ArrestEvent, Fir, FirEvent, PreliminaryEnquiry
from station_app.core.numbering import format_fir_number
from station_app.core.permissions import Actor, Permission, require
from station_app.core.services.fir_clock_acts import CLOSES

SEXUAL_BNS = {str(n) for n in range(64, 72)}
ACT_RULES = {"victim_examined": "victim_medical_report", "search_made": "search_record_to_magistrate"}
PROGRESS_WINDOW = timedelta(days=365)  # older FIRs without an intimation are a review matter, not a clock
URGENCY = {Level.OVERDUE: 0, Level.WARNING: 1, Level.OK: 2, Level.LATE: 3, Level.DONE: 4}


@dataclass(frozen=True)
class DeadlineItem:
    state: DeadlineState
    subject: str  # "FIR 0007/2026 · A1 Raju Khan"
    fir_id: str | None
    record_type: str  # fir | arrest | enquiry
    record_id: str

    @property
    def rule(self) -> DeadlineRule:
        return self.state.rule


def is_sexual_offence(sections: list[dict[str, str]]) -> bool:
    for s in sections:
        number = s["section"].split("(")[0]
        if (
            (s["act"] == "BNS" and number in SEXUAL_BNS)
            or s["act"] == "POCSO"
            or (s["act"] == "IPC" and number.startswith("376"))
        ):
            return True
    return False


class DeadlineService:
    def __init__(self, db: Database, clock: Clock, laws: LawMaster) -> None:
        self._db = db
        self._clock = clock
        self._laws = laws
        self.rules = load_rules()

    def open_deadlines(self, actor: Actor, fir_id: str | None = None) -> list[DeadlineItem]:
        """Every running clock (station-wide, or one case's), most urgent first."""
        require(actor, Permission.VIEW_RECORDS)
        now = self._clock.now()
        with self._db.read() as session:
            items = self._arrest_clocks(session, now, fir_id) + self._fir_clocks(session, now, fir_id)
            items += self._act_clocks(session, now, fir_id)
            if fir_id is None:
                items += self._enquiry_clocks(session, now)
        return sorted(items, key=lambda i: (URGENCY[i.state.level], i.state.due_at))

    # --- arrests: production, custody cap, default-bail clocks -------------------------------------

    def _arrest_clocks(self, session: Session, now: datetime, fir_id: str | None) -> list[DeadlineItem]:
        query = select(Arrest).where(
            Arrest.status.in_(("in_custody", "produced", "police_custody", "judicial_custody"))
        )
        if fir_id is not None:
            query = query.where(Arrest.fir_id == fir_id)
        items: list[DeadlineItem] = []
        for arrest in session.scalars(query):
            content = json.loads(arrest.content)
            subject = f"FIR {content['fir_no']} · {arrest.accused_code} {content['person']['name']}"
            if arrest.kind == "arrest" and arrest.produced_at is None:
                state = evaluate(self.rules["production_24h"], arrest.arrested_at, None, now)
                items.append(DeadlineItem(state, subject, arrest.fir_id, "arrest", arrest.id))
            remands = list(session.scalars(
                select(ArrestEvent).where(ArrestEvent.arrest_id == arrest.id, ArrestEvent.kind.like("remand_%"))
                .order_by(ArrestEvent.at)
            ))  # fmt: skip
            police = [(e.at, e.until) for e in remands if e.kind == "remand_police"]
            if arrest.status == "police_custody":
                custody = police_custody(self.rules["police_custody_cap"], police, now)
                if custody is not None:
                    items.append(DeadlineItem(custody, subject, arrest.fir_id, "arrest", arrest.id))
            if remands and not self._final_report_at(session, arrest.fir_id):
                grave = is_grave(self._laws, content["values"].get("sections", []))
                rule = self.rules["final_report_custody_90" if grave else "final_report_custody_60"]
                items.append(
                    DeadlineItem(
                        evaluate(rule, remands[0].at, None, now), subject, arrest.fir_id, "arrest", arrest.id
                    )
                )
        return items

    # --- FIRs: e-FIR signature, rape/POCSO investigation, progress to the informant ------------------

    def _fir_clocks(self, session: Session, now: datetime, fir_id: str | None) -> list[DeadlineItem]:
        items: list[DeadlineItem] = []
        efirs = select(Fir).where(
            Fir.status == "draft", Fir.source == "efir", Fir.informant_signed_at.is_(None)
        )
        if fir_id is not None:
            efirs = efirs.where(Fir.id == fir_id)
        for fir in session.scalars(efirs):
            if fir.efir_received_at is not None:
                state = evaluate(self.rules["efir_signature"], fir.efir_received_at, None, now)
                items.append(
                    DeadlineItem(
                        state,
                        f"e-FIR of {fir.complainant_name or 'unnamed informant'}",
                        fir.id,
                        "fir",
                        fir.id,
                    )
                )
        registered = select(Fir).where(Fir.status != "draft", Fir.registered_at >= now - PROGRESS_WINDOW)
        if fir_id is not None:
            registered = select(Fir).where(Fir.id == fir_id, Fir.status != "draft")
        for fir in session.scalars(registered):
            assert fir.registered_at is not None and fir.series and fir.number and fir.year
            subject = f"FIR {format_fir_number(fir.series, fir.number, fir.year)}"
            done = self._event_at(session, fir.id, ("progress_informed", "final_report"))
            items.append(DeadlineItem(
                evaluate(self.rules["progress_to_informant"], fir.registered_at, done, now), subject, fir.id, "fir", fir.id
            ))  # fmt: skip
            if fir.sensitive and fir.content and is_sexual_offence(json.loads(fir.content)["sections"]):
                state = evaluate(
                    self.rules["final_report_sexual"],
                    fir.registered_at,
                    self._final_report_at(session, fir.id),
                    now,
                )
                items.append(DeadlineItem(state, subject, fir.id, "fir", fir.id))
        return [i for i in items if i.state.level not in (Level.DONE,)]

    def _act_clocks(self, session: Session, now: datetime, fir_id: str | None) -> list[DeadlineItem]:
        """A rape victim's medical report (BNSS 184(6), 7 days) and a search record to the Magistrate
        (185(5), 48 hours): one clock per examination or search until the event that closes it."""
        query = (
            select(FirEvent, Fir)
            .join(Fir, Fir.id == FirEvent.fir_id)
            .where(FirEvent.kind.in_(tuple(CLOSES) + tuple(CLOSES.values())))
        )
        if fir_id is not None:
            query = query.where(FirEvent.fir_id == fir_id)
        opened: dict[tuple[str, int], tuple[FirEvent, Fir]] = {}
        closed: dict[tuple[str, int], datetime] = {}
        for event, fir in session.execute(query):
            body = json.loads(event.body)
            if event.kind in CLOSES:
                opened[(event.fir_id, event.seq)] = (event, fir)
            else:
                closed[(event.fir_id, int(body["for_seq"]))] = parse_datetime(body["at"]) or event.at
        items: list[DeadlineItem] = []
        for key, (event, fir) in opened.items():
            body = json.loads(event.body)
            rule = self.rules[ACT_RULES[event.kind]]
            started = parse_datetime(body["at"]) or event.at
            state = evaluate(rule, started, closed.get(key), now)
            if state.level == Level.DONE:
                continue
            assert fir.series and fir.number and fir.year
            what = (
                body.get("victim")
                if event.kind == "victim_examined"
                else f"search at {body.get('place', '')}"
            )
            subject = f"FIR {format_fir_number(fir.series, fir.number, fir.year)} · {what}"
            items.append(DeadlineItem(state, subject, fir.id, "fir", fir.id))
        return items

    def _enquiry_clocks(self, session: Session, now: datetime) -> list[DeadlineItem]:
        rows = session.scalars(select(PreliminaryEnquiry).where(PreliminaryEnquiry.concluded_at.is_(None)))
        return [
            DeadlineItem(evaluate(self.rules["preliminary_enquiry"], e.started_at, None, now),
                         f"Preliminary enquiry: {e.subject}", None, "enquiry", e.id)
            for e in rows
        ]  # fmt: skip

    def _final_report_at(self, session: Session, fir_id: str) -> datetime | None:
        return self._event_at(session, fir_id, ("final_report",))

    def _event_at(self, session: Session, fir_id: str, kinds: tuple[str, ...]) -> datetime | None:
        """When the first of these acts happened: the time the officer gave for it (a report filed in
        court on day 50 and typed in on day 70 was in time), or when it was recorded if it has none."""
        rows = session.execute(
            select(FirEvent.at, FirEvent.body).where(FirEvent.fir_id == fir_id, FirEvent.kind.in_(kinds))
        )
        moments = [_act_time(body) or recorded for recorded, body in rows]
        return min(moments) if moments else None


def _act_time(body: str) -> datetime | None:
    value = json.loads(body).get("at")
    return parse_datetime(value) if isinstance(value, str) else None
