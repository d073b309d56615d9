"""Seizure memos (IIF-4), the property-room (malkhana) register, and each item's chain of custody."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forms.law_master import LawMaster
from forms.schema import FormDef, load_form
from station_app.core.audit import record_change, snapshot_digest
from station_app.core.canonical import canonical_json, sha256_hex
from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.errors import NotFoundError, ValidationError
from station_app.core.ids import new_id
from station_app.core.localtime import format_ist, iso_ist, ist_year
from station_app.core.models import CustodyMovement, Officer, PropertyItem, Seizure
from station_app.core.numbering import allocate
from station_app.core.outbox import enqueue_custody_movement, enqueue_seizure
from station_app.core.permissions import Actor, Permission, require
from station_app.core.services.common import officer_card
from station_app.core.services.investigation_common import (
    check_fir_memo,
    person_card,
    registered_fir,
)

MALKHANA_SERIES = "MALKHANA"
MALKHANA = "Malkhana (property room)"
ITEM_STATUSES = ("in_malkhana", "out", "returned_to_owner", "disposed")


@dataclass(frozen=True)
class SeizureInfo:
    id: str
    fir_id: str
    fir_no: str
    seized_at: datetime
    content: dict[str, Any]
    digest: str
    items: list[PropertyInfo]


@dataclass(frozen=True)
class PropertyInfo:
    id: str
    malkhana_ref: str  # "M-0012/2026"
    description: str
    seal: str
    location: str
    status: str


def _property(p: PropertyItem) -> PropertyInfo:
    return PropertyInfo(
        p.id, f"M-{p.malkhana_no:04d}/{p.malkhana_year}", p.description, p.seal, p.location, p.status
    )


def _info(session: Session, s: Seizure) -> SeizureInfo:
    content = json.loads(s.content)
    items = session.scalars(
        select(PropertyItem).where(PropertyItem.seizure_id == s.id).order_by(PropertyItem.item_no)
    )
    return SeizureInfo(s.id, s.fir_id, content["fir_no"], s.seized_at, content, s.content_digest,
                       [_property(p) for p in items])  # fmt: skip


class SeizureService:
    def __init__(self, db: Database, clock: Clock, laws: LawMaster) -> None:
        self._db = db
        self._clock = clock
        self._laws = laws
        self.form: FormDef = load_form("iif4_seizure")

    def record_seizure(self, actor: Actor, fir_id: str, values: dict[str, Any]) -> SeizureInfo:
        require(actor, Permission.INVESTIGATE)
        with self._db.write() as session:
            now = self._clock.now()
            fir = registered_fir(session, fir_id)
            memo = check_fir_memo(session, self.form, self._laws, fir, values, now, "seized_at", "seizure")
            values, errors, frozen, seized_at = memo.values, memo.errors, memo.frozen, memo.moment
            self._independent_witnesses(session, values, errors)
            card = person_card(session, values.get("seized_from")) if values.get("seized_from") else None
            if values.get("seized_from") and card is None:
                errors["seized_from"] = "That person is not in the person register."
            if errors:
                raise ValidationError(errors)
            assert seized_at is not None
            content = {
                "form": self.form.id, "form_version": self.form.version, "station": fir.station, "fir_no": fir.fir_no,
                "seized_from": card, "officer": officer_card(session, actor.officer_id), "recorded_at": iso_ist(now),
                "values": frozen,
            }  # fmt: skip
            text = canonical_json(content)
            seizure = Seizure(
                id=new_id(), station_code=fir.station["station_code"], fir_id=fir.id, gd_entry_id=values["gd_entry"],
                seized_at=seized_at, seized_from_person_id=card["id"] if card else None, officer_id=actor.officer_id,
                recorded_at=now, form_version=self.form.version, content_digest=sha256_hex(text), content=text,
            )  # fmt: skip
            session.add(seizure)
            record_change(session, actor=actor.audit, at=now, action="seizure.record", record=seizure,
                          summary=f"FIR {fir.fir_no}")  # fmt: skip
            year = ist_year(seized_at)
            for index, row in enumerate(frozen["items"], start=1):
                item = PropertyItem(
                    id=new_id(), seizure_id=seizure.id, item_no=index, malkhana_year=year,
                    malkhana_no=allocate(session, MALKHANA_SERIES, year), description=row["description"][:300],
                    seal=str(row.get("seal", ""))[:60], location=MALKHANA, status="in_malkhana", version=1,
                )  # fmt: skip
                session.add(item)
                record_change(session, actor=actor.audit, at=now, action="malkhana.deposit", record=item)
                self._append_movement(session, actor, item, seized_at, frozen["place"], MALKHANA,
                                      "Seized and deposited in the malkhana", officer_card_text(session, actor), MALKHANA)  # fmt: skip
            enqueue_seizure(session, seizure, now)
            return _info(session, seizure)

    def _independent_witnesses(
        self, session: Session, values: dict[str, Any], errors: dict[str, str]
    ) -> None:
        """BNSS 103/105: two independent witnesses; an officer of this station is not independent."""
        officers = {name.casefold() for name in session.scalars(select(Officer.full_name))}
        for field in ("witness1_name", "witness2_name"):
            name = str(values.get(field) or "").strip()
            if name and name.casefold() in officers and field not in errors:
                errors[field] = f"{name} is an officer of this station, not an independent witness."

    def move(
        self, actor: Actor, property_id: str, *, at: datetime, to_location: str, purpose: str,
        handed_over_by: str, received_by: str, reference: str = "", status: str = "out",
    ) -> PropertyInfo:  # fmt: skip
        """One hand-over in the chain of custody: to the FSL, the court, back to the malkhana, the owner..."""
        require(actor, Permission.INVESTIGATE)
        errors: dict[str, str] = {}
        if status not in ITEM_STATUSES:
            errors["status"] = "Choose one of the listed statuses."
        for field, value in (("to_location", to_location), ("purpose", purpose),
                             ("handed_over_by", handed_over_by), ("received_by", received_by)):  # fmt: skip
            if not value.strip():
                errors[field] = "Required for the chain of custody."
        with self._db.write() as session:
            item = session.get(PropertyItem, property_id)
            if item is None:
                raise NotFoundError("That malkhana item does not exist.")
            last_at = session.scalar(
                select(func.max(CustodyMovement.at)).where(CustodyMovement.property_id == item.id)
            )
            if at > self._clock.now():
                errors["at"] = "A movement cannot be in the future."
            elif last_at is not None and at < last_at:
                errors["at"] = (
                    f"The chain of custody cannot go back in time: the last movement was at {format_ist(last_at)}."
                )
            if item.status == "disposed":
                errors["status"] = "This item was disposed of; it can no longer move."
            if errors:
                raise ValidationError(errors)
            before = snapshot_digest(item)
            movement = self._append_movement(session, actor, item, at, item.location, to_location.strip(),
                                             purpose.strip(), handed_over_by.strip(), received_by.strip(),
                                             reference.strip())  # fmt: skip
            item.location, item.status = to_location.strip(), status
            item.version += 1
            record_change(session, actor=actor.audit, at=self._clock.now(), action="malkhana.status", record=item,
                          before=before)  # fmt: skip
            enqueue_custody_movement(session, item, movement, self._clock.now())
            return _property(item)

    def _append_movement(
        self, session: Session, actor: Actor, item: PropertyItem, at: datetime, from_location: str,
        to_location: str, purpose: str, handed_over_by: str, received_by: str, reference: str = "",
    ) -> CustodyMovement:  # fmt: skip
        seq = int(
            session.scalar(
                select(func.max(CustodyMovement.seq)).where(CustodyMovement.property_id == item.id)
            )
            or 0
        )
        movement = CustodyMovement(
            id=new_id(), property_id=item.id, seq=seq + 1, at=at, from_location=from_location[:200],
            to_location=to_location[:200], purpose=purpose[:300], handed_over_by=handed_over_by[:200],
            received_by=received_by[:200], reference=reference[:200], officer_id=actor.officer_id,
            recorded_at=self._clock.now(),
        )  # fmt: skip
        session.add(movement)
        record_change(
            session, actor=actor.audit, at=self._clock.now(), action="malkhana.move", record=movement
        )
        return movement

    def get(self, actor: Actor, seizure_id: str) -> SeizureInfo:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            seizure = session.get(Seizure, seizure_id)
            if seizure is None:
                raise NotFoundError("That seizure memo does not exist.")
            return _info(session, seizure)

    def for_fir(self, actor: Actor, fir_id: str) -> list[SeizureInfo]:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            rows = session.scalars(
                select(Seizure).where(Seizure.fir_id == fir_id).order_by(Seizure.seized_at)
            )
            return [_info(session, s) for s in rows]

    def custody_chain(self, actor: Actor, property_id: str) -> list[dict[str, Any]]:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            rows = session.scalars(
                select(CustodyMovement)
                .where(CustodyMovement.property_id == property_id)
                .order_by(CustodyMovement.seq)
            )
            return [{"seq": m.seq, "at": m.at, "from": m.from_location, "to": m.to_location, "purpose": m.purpose,
                     "handed_over_by": m.handed_over_by, "received_by": m.received_by, "reference": m.reference}
                    for m in rows]  # fmt: skip


def officer_card_text(session: Session, actor: Actor) -> str:
    card = officer_card(session, actor.officer_id)
    return f"{card['name']} ({card['rank']})" if card else actor.username
