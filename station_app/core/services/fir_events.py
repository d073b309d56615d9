"""What happens to a registered FIR without changing it: alteration memos, dispatch to court, and the
transfer of a Zero FIR to the station with jurisdiction. Each is a linked, audited, append-only record."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from forms.law_master import LawMaster, SectionRef
from forms.law_master.cognizance import CONSENT_FIELD, struck_down_findings
from station_app.core.audit import record_change, snapshot_digest
from station_app.core.canonical import canonical_json
from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.errors import ConflictError, NotFoundError, ValidationError
from station_app.core.fir_content import check_sections, section_rows, sections_text
from station_app.core.ids import new_id
from station_app.core.localtime import format_ist, iso_ist, to_ist
from station_app.core.models import Fir, FirEvent, FirSection
from station_app.core.numbering import ZERO_FIR_SERIES
from station_app.core.outbox import enqueue_fir_event
from station_app.core.permissions import Actor, Permission, require
from station_app.core.services.common import officer_card
from station_app.core.services.fir_clock_acts import ClockActs
from station_app.core.services.fir_event_info import FirEventInfo
from station_app.core.services.fir_event_info import event_info as _info
from station_app.core.services.firs import summary_of

MIN_REASON = 10
FINAL_REPORT_TYPES = {  # IIF-5 types
    "charge_sheet": "charge sheet",
    "fr_undetected": "final report: undetected",
    "fr_untraced": "final report: untraced",
    "fr_false": "final report: false case",
    "fr_mistake": "final report: mistake of fact or law",
    "fr_civil": "final report: civil nature",
    "fr_abated": "final report: abated",
}


class FirEventService(ClockActs):
    def __init__(self, db: Database, clock: Clock, laws: LawMaster) -> None:
        self._db = db
        self._clock = clock
        self._laws = laws

    def events(self, actor: Actor, fir_id: str) -> list[FirEventInfo]:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            rows = session.scalars(select(FirEvent).where(FirEvent.fir_id == fir_id).order_by(FirEvent.seq))
            return [_info(e) for e in rows]

    def add_alteration(
        self,
        actor: Actor,
        fir_id: str,
        added: list[dict[str, str]],
        removed: list[dict[str, str]],
        reason: str,
    ) -> FirEventInfo:
        """Sections added or dropped after registration, with the reason; printed with the FIR."""
        require(actor, Permission.AMEND_FIR)
        errors: dict[str, str] = {}
        if len(reason.strip()) < MIN_REASON:
            errors["reason"] = "Give the reason for the alteration (what the investigation found)."
        if not added and not removed:
            errors["added"] = "Add or remove at least one section."
        with self._db.write() as session:
            fir = self._registered(session, fir_id)
            current = [
                SectionRef(r.act, r.section)
                for r in session.scalars(select(FirSection).where(FirSection.fir_id == fir.id))
            ]
            add_refs, problem = check_sections(
                self._laws, [SectionRef(r["act"], r["section"]) for r in added], fir.occurrence_from
            )
            if problem:
                errors["added"] = problem
            elif add_refs and fir.occurrence_from is not None:
                # A section added today is cited today: the judgments apply to it as to a new FIR.
                values = (json.loads(fir.content) if fir.content else {}).get("values") or {}
                findings = struck_down_findings(
                    self._laws, add_refs, occurrence=to_ist(fir.occurrence_from).date(),
                    registered_on=to_ist(self._clock.now()).date(), historical=False,
                    not_consenting_adults=values.get(CONSENT_FIELD) is True,
                )  # fmt: skip
                refused = [f.message for f in findings if f.severity == "refuse"]
                if refused:
                    errors["added"] = refused[0]
            drop_refs = []
            for row in removed:
                ref = SectionRef(row["act"], row["section"])
                section = self._laws.resolve(ref)
                canonical = section.ref if section else ref
                if canonical not in current:
                    errors["removed"] = f"{canonical} is not on this FIR."
                drop_refs.append(canonical)
            for ref in add_refs:
                if ref in current:
                    errors["added"] = f"{ref} is already on this FIR."
            remaining = [r for r in current if r not in drop_refs] + add_refs
            if not remaining and "removed" not in errors:
                errors["removed"] = "An FIR keeps at least one section."
            if errors:
                raise ValidationError(errors)
            body = {
                "added": section_rows(self._laws, add_refs),
                "removed": section_rows(self._laws, drop_refs),
                "reason": reason.strip(),
                "officer": officer_card(session, actor.officer_id),
            }
            before = snapshot_digest(fir)
            event = self._append(session, actor, fir, "alteration", body)
            session.execute(delete(FirSection).where(FirSection.fir_id == fir.id))
            session.add_all(FirSection(fir_id=fir.id, act=r.act, section=r.number) for r in remaining)
            fir.sections_text = sections_text(remaining)
            fir.sensitive = fir.sensitive or self._laws.is_sensitive(add_refs)
            # The FIR's row changed too (its sections and sensitive flag): the chain pins it again.
            record_change(session, actor=actor.audit, at=event.at, action="fir.sections_altered", record=fir,
                          before=before)  # fmt: skip
            return _info(event)

    def record_court_dispatch(self, actor: Actor, fir_id: str, at: datetime, carried_by: str) -> FirEventInfo:
        """IIF-1 item 15: when the FIR went to the court, and who carried it."""
        require(actor, Permission.REGISTER_FIR)
        with self._db.write() as session:
            fir = self._registered(session, fir_id)
            errors: dict[str, str] = {}
            if at > self._clock.now():
                errors["at"] = "The dispatch cannot be in the future."
            elif fir.registered_at is not None and at < fir.registered_at:
                errors["at"] = (
                    f"The FIR was registered at {format_ist(fir.registered_at)}; it cannot go to court earlier."
                )
            if not carried_by.strip():
                errors["carried_by"] = "Name the officer who carried it (name, rank, number)."
            if self._existing(session, fir.id, "court_dispatch"):
                errors["at"] = "The dispatch to court is already recorded."
            if errors:
                raise ValidationError(errors)
            return _info(
                self._append(
                    session,
                    actor,
                    fir,
                    "court_dispatch",
                    {"at": iso_ist(at), "carried_by": carried_by.strip()},
                )
            )

    def transfer_zero_fir(
        self,
        actor: Actor,
        fir_id: str,
        *,
        to_station: str,
        to_district: str,
        to_state: str,
        reference: str,
        at: datetime,
    ) -> FirEventInfo:
        require(actor, Permission.REGISTER_FIR)
        with self._db.write() as session:
            fir = self._registered(session, fir_id)
            if fir.series != ZERO_FIR_SERIES:
                raise ConflictError(
                    "Only a Zero FIR is transferred; this FIR is within the station's limits."
                )
            if fir.status == "transferred":
                raise ConflictError(f"Zero FIR {summary_of(fir).fir_no} was already transferred.")
            errors = {
                k: "Required."
                for k, v in (("to_station", to_station), ("to_district", to_district))
                if not v.strip()
            }
            if at > self._clock.now():
                errors["at"] = "The transfer cannot be in the future."
            if errors:
                raise ValidationError(errors)
            body = {
                "at": iso_ist(at), "to_station": to_station.strip(), "to_district": to_district.strip(),
                "to_state": to_state.strip(), "reference": reference.strip(),
            }  # fmt: skip
            before = snapshot_digest(fir)
            event = self._append(session, actor, fir, "transfer", body)
            fir.status = "transferred"
            fir.version += 1
            fir.updated_at = self._clock.now()
            record_change(
                session,
                actor=actor.audit,
                at=fir.updated_at,
                action="fir.transferred",
                record=fir,
                before=before,
            )
            return _info(event)

    def record_final_report(
        self, actor: Actor, fir_id: str, *, at: datetime, report_type: str, number: str, court: str
    ) -> FirEventInfo:
        """The final report (charge sheet or closure, BNSS 193) was filed: it stops the report clocks."""
        require(actor, Permission.INVESTIGATE)
        errors: dict[str, str] = {}
        if report_type not in FINAL_REPORT_TYPES:
            errors["report_type"] = "Choose one of: " + ", ".join(FINAL_REPORT_TYPES.values()) + "."
        if not court.strip():
            errors["court"] = "Name the court the report was filed in."
        with self._db.write() as session:
            fir = self._registered(session, fir_id)
            self._when(fir, at, "The final report", errors)
            if self._existing(session, fir.id, "final_report"):
                errors["at"] = (
                    "The final report of this FIR is already recorded; a supplementary report is a new FIR event."
                )
            if errors:
                raise ValidationError(errors)
            body = {
                "at": iso_ist(at),
                "report_type": report_type,
                "number": number.strip(),
                "court": court.strip(),
            }
            return _info(self._append(session, actor, fir, "final_report", body))

    def record_progress_intimation(
        self, actor: Actor, fir_id: str, *, at: datetime, to: str, how: str
    ) -> FirEventInfo:
        """The informant or victim was told how the investigation stands (BNSS 193(3)(ii), 90 days)."""
        require(actor, Permission.INVESTIGATE)
        errors: dict[str, str] = {}
        if not to.strip():
            errors["to"] = "Name who was informed (the informant or the victim)."
        if not how.strip():
            errors["how"] = "Say how (letter, SMS, in person, e-mail)."
        with self._db.write() as session:
            fir = self._registered(session, fir_id)
            self._when(fir, at, "The intimation", errors)
            if errors:
                raise ValidationError(errors)
            body = {"at": iso_ist(at), "to": to.strip(), "how": how.strip()}
            return _info(self._append(session, actor, fir, "progress_informed", body))

    def _when(self, fir: Fir, at: datetime, what: str, errors: dict[str, str]) -> None:
        if at > self._clock.now():
            errors["at"] = f"{what} cannot be in the future."
        elif fir.registered_at is not None and at < fir.registered_at:
            errors["at"] = (
                f"{what} cannot be before the FIR was registered ({format_ist(fir.registered_at)})."
            )

    # --- helpers --------------------------------------------------------------------------------

    def _registered(self, session: Session, fir_id: str) -> Fir:
        fir = session.get(Fir, fir_id)
        if fir is None:
            raise NotFoundError("That FIR does not exist.")
        if fir.status == "draft":
            raise ConflictError("This FIR is still a draft: change the draft itself.")
        return fir

    def _existing(self, session: Session, fir_id: str, kind: str) -> bool:
        return (
            session.scalar(select(FirEvent.id).where(FirEvent.fir_id == fir_id, FirEvent.kind == kind))
            is not None
        )

    def _append(self, session: Session, actor: Actor, fir: Fir, kind: str, body: dict[str, Any]) -> FirEvent:
        now = self._clock.now()
        seq = (
            int(
                session.scalar(
                    select(func.coalesce(func.max(FirEvent.seq), 0)).where(FirEvent.fir_id == fir.id)
                )
                or 0
            )
            + 1
        )
        event = FirEvent(
            id=new_id(),
            fir_id=fir.id,
            seq=seq,
            kind=kind,
            at=now,
            officer_id=actor.officer_id,
            body=canonical_json(body),
        )
        session.add(event)
        record_change(
            session,
            actor=actor.audit,
            at=now,
            action=f"fir.{kind}",
            record=event,
            summary=f"FIR {summary_of(fir).fir_no}",
        )
        enqueue_fir_event(session, event, now)
        return event
