"""FIR workflow: autosaved drafts, registration by the SHO (gap-free number, frozen content), e-FIRs.

After registration the FIR's content never changes; later facts are linked records (see fir_events).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.law_master import LawMaster
from forms.schema import FormDef, load_form
from forms.validation import validate_values
from station_app.core.audit import record_change, snapshot_digest
from station_app.core.canonical import canonical_json, sha256_hex
from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.errors import ConflictError, NotFoundError, ValidationError
from station_app.core.fir_content import (
    accused_names,
    age_consistency_error,
    check_sections,
    law_problems,
    normalise_values,
    occurrence_start,
    protect_draft_values,
    section_refs,
    section_rows,
    sections_text,
)
from station_app.core.ids import new_id
from station_app.core.localtime import format_ist, iso_ist, ist_year
from station_app.core.models import Fir, FirSection, GdEntry, Officer, Station
from station_app.core.numbering import FIR_SERIES, ZERO_FIR_SERIES, allocate, format_fir_number
from station_app.core.outbox import enqueue_fir_registration
from station_app.core.permissions import Actor, Permission, require
from station_app.core.services.common import officer_card
from station_app.core.services.diary import DiaryService
from station_app.core.services.fir_victims import record_victims, victim_problems
from station_app.core.victim_links import linked_persons
from station_app.core.victim_mask import content_for
from station_app.core.victims import has_child_victim

EFIR_SIGNING_WINDOW = timedelta(days=3)  # BNSS 173(1)(ii)
VICTIM_REQUIRED_NOTE = (
    "A sensitive offence is charged: the victim's name, age and sex are required here, even when someone "
    "else reports it (or tick 'The complainant is the victim' in item 6). Her identity is withheld on the "
    "S.P.'s and the public copies. / संवेदनशील अपराध: पीड़ित का नाम, आयु एवं लिंग आवश्यक है।"
)
CONTENT_SCHEMA = 1


@dataclass(frozen=True)
class FirSummary:
    id: str
    status: str
    source: str
    fir_no: str | None
    series: str | None
    year: int | None
    number: int | None
    registered_at: datetime | None
    occurrence_from: datetime | None
    complainant_name: str
    accused_names: str
    sections_text: str
    sensitive: bool
    updated_at: datetime
    version: int

    @property
    def zero_fir(self) -> bool:
        return self.series == ZERO_FIR_SERIES


@dataclass(frozen=True)
class FirRecord:
    summary: FirSummary
    values: dict[str, Any]  # the draft's working values, or the registered values
    content: dict[str, Any] | None
    digest: str | None
    efir_received_at: datetime | None
    informant_signed_at: datetime | None

    @property
    def id(self) -> str:
        return self.summary.id

    @property
    def registered(self) -> bool:
        return self.summary.status != "draft"


def summary_of(fir: Fir) -> FirSummary:
    fir_no = (
        format_fir_number(fir.series, fir.number, fir.year)
        if fir.series and fir.number and fir.year
        else None
    )
    return FirSummary(
        fir.id, fir.status, fir.source, fir_no, fir.series, fir.year, fir.number, fir.registered_at,
        fir.occurrence_from, fir.complainant_name, fir.accused_names, fir.sections_text, fir.sensitive,
        fir.updated_at, fir.version,
    )  # fmt: skip


def record_of(fir: Fir) -> FirRecord:
    content = json.loads(fir.content) if fir.content else None
    values = content["values"] if content else json.loads(fir.draft)
    return FirRecord(
        summary_of(fir), values, content, fir.content_digest, fir.efir_received_at, fir.informant_signed_at
    )


class FirService:
    def __init__(self, db: Database, clock: Clock, laws: LawMaster, diary: DiaryService) -> None:
        self._db = db
        self._clock = clock
        self._laws = laws
        self._diary = diary
        self.form: FormDef = load_form("iif1_fir")

    # --- drafts -------------------------------------------------------------------------------

    def new_draft(self, actor: Actor, values: dict[str, Any] | None = None) -> FirRecord:
        require(actor, Permission.DRAFT_FIR)
        return self._create(actor, values or {}, source="station", received_at=None)

    def receive_efir(self, actor: Actor, values: dict[str, Any], received_at: datetime) -> FirRecord:
        """An e-FIR received electronically: a draft that may be registered only once the informant
        has signed it, within three days of receipt."""
        require(actor, Permission.DRAFT_FIR)
        if received_at > self._clock.now():
            raise ValidationError({"efir_received_at": "The e-FIR cannot be received in the future."})
        values = {**values, "info_type": "electronic"}
        return self._create(actor, values, source="efir", received_at=received_at)

    def _create(
        self, actor: Actor, values: dict[str, Any], source: str, received_at: datetime | None
    ) -> FirRecord:
        values, errors = protect_draft_values(values)
        if errors:
            raise ValidationError(errors)
        now = self._clock.now()
        with self._db.write() as session:
            station = session.get(Station, 1)
            assert station is not None
            fir = Fir(
                id=new_id(), station_code=station.station_code, status="draft", source=source,
                form_version=self.form.version, draft=canonical_json(values), created_at=now,
                created_by=actor.officer_id, updated_at=now, version=1, efir_received_at=received_at,
            )  # fmt: skip
            self._derive(fir, values)
            session.add(fir)
            record_change(
                session, actor=actor.audit, at=now, action="fir.draft_create", record=fir, summary=source
            )
            return record_of(fir)

    def save_draft(
        self, actor: Actor, fir_id: str, values: dict[str, Any], expected_version: int
    ) -> FirRecord:
        """Autosave: no completeness checks, but never over another desk's newer save.

        A value that may not be stored even in a draft (a wrong Aadhaar number) refuses the whole
        save before anything is written, like ``new_draft``: the caller saves the rest without it
        (fir_autosave.py) and still knows the stored version."""
        require(actor, Permission.DRAFT_FIR)
        values, errors = protect_draft_values(values)
        if errors:
            raise ValidationError(errors)
        with self._db.write() as session:
            fir = self._load(session, fir_id)
            self._ensure_draft(fir)
            if fir.version != expected_version:
                raise ConflictError(
                    "This draft was changed at another desk since you opened it. Reopen it to see the latest version."
                )
            text = canonical_json(values)
            if text != fir.draft:
                before = snapshot_digest(fir)
                fir.draft = text
                self._derive(fir, values)
                fir.updated_at = self._clock.now()
                fir.version += 1
                record_change(
                    session,
                    actor=actor.audit,
                    at=fir.updated_at,
                    action="fir.draft_save",
                    record=fir,
                    before=before,
                )
            return record_of(fir)

    def record_informant_signature(self, actor: Actor, fir_id: str, signed_at: datetime) -> FirRecord:
        require(actor, Permission.DRAFT_FIR)
        with self._db.write() as session:
            fir = self._load(session, fir_id)
            self._ensure_draft(fir)
            if fir.source != "efir" or fir.efir_received_at is None:
                raise ConflictError("Only an e-FIR needs the informant's signature recorded.")
            if signed_at > self._clock.now():
                raise ValidationError({"informant_signed_at": "The signature cannot be in the future."})
            if signed_at < fir.efir_received_at:
                raise ValidationError(
                    {"informant_signed_at": "The informant cannot sign before the e-FIR was received."}
                )
            before = snapshot_digest(fir)
            fir.informant_signed_at = signed_at
            fir.updated_at = self._clock.now()
            fir.version += 1
            record_change(
                session,
                actor=actor.audit,
                at=fir.updated_at,
                action="fir.efir_signed",
                record=fir,
                before=before,
            )
            return record_of(fir)

    def discard_draft(self, actor: Actor, fir_id: str) -> None:
        require(actor, Permission.DRAFT_FIR)
        with self._db.write() as session:
            fir = self._load(session, fir_id)
            self._ensure_draft(fir)
            before = snapshot_digest(fir)
            session.delete(fir)
            record_change(
                session, actor=actor.audit, at=self._clock.now(), action="fir.draft_discard", record=fir,
                before=before, deleted=True,
            )  # fmt: skip

    def get(self, actor: Actor, fir_id: str) -> FirRecord:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            return record_of(self._load(session, fir_id))

    def find(self, actor: Actor, year: int, number: int, series: str = FIR_SERIES) -> FirRecord:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            fir = session.scalar(
                select(Fir).where(Fir.series == series, Fir.year == year, Fir.number == number)
            )
            if fir is None:
                raise NotFoundError(
                    f"There is no FIR {format_fir_number(series, number, year)} at this station."
                )
            return record_of(fir)

    def visible(self, actor: Actor, year: int, number: int, series: str = FIR_SERIES) -> FirRecord:
        """A registered FIR as ``actor`` may see it (see ``as_seen``)."""
        return self.as_seen(actor, self.find(actor, year, number, series))

    def as_seen(self, actor: Actor, record: FirRecord) -> FirRecord:
        """``record`` as ``actor`` may see it: the victim's identity in a sensitive case only for the
        SHO and the investigating officer (Permission.VIEW_VICTIM_IDENTITY), labels for the rest."""
        if record.content is None:
            return record
        content = content_for(
            actor, record.content, linked_persons(self._db, record.content), record.summary.sensitive
        )
        if content.get("identity_withheld") is None:
            return record
        return FirRecord(
            replace(record.summary, complainant_name=content["values"].get("complainant_name", "")),
            content["values"], content, record.digest, record.efir_received_at, record.informant_signed_at,
        )  # fmt: skip

    def drafts(self, actor: Actor) -> list[FirSummary]:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            rows = session.scalars(select(Fir).where(Fir.status == "draft").order_by(Fir.updated_at.desc()))
            return [summary_of(f) for f in rows]

    def victim_note(self, values: dict[str, Any]) -> str:
        """What the FIR form says above item 6A while a sensitive section is chosen (else "")."""
        if not self._laws.is_sensitive(section_refs(values)):
            return ""
        return VICTIM_REQUIRED_NOTE

    # --- registration -------------------------------------------------------------------------

    def problems(self, actor: Actor, fir_id: str) -> dict[str, str]:
        """Everything that would stop registration now, keyed by field (empty when ready)."""
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            fir = self._load(session, fir_id)
            self._ensure_draft(fir)
            errors, _refs = self._check(
                session, fir, self.form.upgrade_values(json.loads(fir.draft)), self._clock.now()
            )
            return errors

    def register(self, actor: Actor, fir_id: str, expected_version: int) -> FirRecord:
        """Number and freeze the FIR in one transaction, with its GD entry and audit entry."""
        require(actor, Permission.REGISTER_FIR)
        with self._db.write() as session:
            fir = self._load(session, fir_id)
            self._ensure_draft(fir)
            if fir.version != expected_version:
                raise ConflictError(
                    "This draft was changed at another desk; reopen it and check before registering."
                )
            now = self._clock.now()
            values = self.form.upgrade_values(json.loads(fir.draft))
            errors, refs = self._check(session, fir, values, now)
            if errors:
                raise ValidationError(errors)
            values = normalise_values(self.form, values, refs)
            occurred = str(values.get("occurrence_from") or "")[:10] or None
            sensitive = self._laws.is_sensitive(refs) or has_child_victim(values, occurred)
            series = ZERO_FIR_SERIES if values.get("outside_limits") else FIR_SERIES
            year = ist_year(now)
            number = allocate(session, series, year)
            gd = session.get(GdEntry, values["gd_entry"])
            assert gd is not None
            station = session.get(Station, 1)
            assert station is not None
            before = snapshot_digest(fir)
            content = {
                "schema": CONTENT_SCHEMA,
                "form": self.form.id,
                "form_version": self.form.version,
                "station": {
                    "state": station.state, "district": station.district, "station_name": station.station_name,
                    "station_name_hi": station.station_name_hi, "station_code": station.station_code,
                },
                "series": series, "year": year, "number": number,
                "fir_no": format_fir_number(series, number, year),
                "registered_at": iso_ist(now),
                "registered_by": officer_card(session, actor.officer_id),
                "gd_entry": {"number": gd.number, "year": gd.year, "entry_at": iso_ist(gd.entry_at)},
                "sensitive": sensitive,
                "zero_fir": series == ZERO_FIR_SERIES,
                "source": fir.source,
                "efir": None if fir.source != "efir" else {
                    "received_at": iso_ist(fir.efir_received_at) if fir.efir_received_at else None,
                    "informant_signed_at": iso_ist(fir.informant_signed_at) if fir.informant_signed_at else None,
                },
                "legacy": None,
                "sections": section_rows(self._laws, refs),
                "investigating_officer": officer_card(session, values.get("investigating_officer")),
                "victims": record_victims(session, actor, fir.id, values, now, occurred),
                "values": values,
            }  # fmt: skip
            fir.content = canonical_json(content)
            fir.content_digest = sha256_hex(fir.content)
            fir.status = "registered"
            fir.series, fir.year, fir.number = series, year, number
            fir.registered_at, fir.registered_by, fir.gd_entry_id = now, actor.officer_id, gd.id
            fir.sensitive = bool(content["sensitive"])
            self._derive(fir, values)
            fir.updated_at = now
            fir.version += 1
            session.add_all(FirSection(fir_id=fir.id, act=r.act, section=r.number) for r in refs)
            record_change(
                session, actor=actor.audit, at=now, action="fir.register", record=fir, before=before,
                summary=f"FIR {content['fir_no']}",
            )  # fmt: skip
            enqueue_fir_registration(session, fir, now)
            self._diary.append(
                session,
                actor,
                {
                    "kind": "fir_registered",
                    "entry_at": now.isoformat(),
                    "subject": f"FIR {content['fir_no']} registered u/s {fir.sections_text}"[:200],
                    "details": (
                        f"FIR No. {content['fir_no']} registered on the information recorded at GD "
                        f"{gd.number:04d}/{gd.year} ({format_ist(gd.entry_at)}). Complainant: "
                        f"{'[withheld: sensitive case]' if fir.sensitive else fir.complainant_name}."
                    ),
                },
                fir_id=fir.id,
            )
            return record_of(fir)

    def _check(
        self, session: Session, fir: Fir, values: dict[str, Any], now: datetime
    ) -> tuple[dict[str, str], list[Any]]:
        errors = validate_values(self.form, values, now)
        occurrence = occurrence_start(values) if "occurrence_from" not in errors else None
        refs, law_problem = check_sections(self._laws, section_refs(values), occurrence)
        if law_problem and "acts_sections" not in errors:
            errors["acts_sections"] = law_problem
        if not law_problem and "occurrence_from" not in errors:
            for field, message in law_problems(self._laws, refs, values, occurrence, now).items():
                errors.setdefault(field, message)
        # Unknown sections do not stop this: a sensitive one among them still asks for the victim.
        sensitive = self._laws.is_sensitive(section_refs(values))
        for name, problem in victim_problems(values, sensitive).items():
            errors.setdefault(name, problem)
        age_problem = age_consistency_error(values)
        if age_problem and "complainant_age" not in errors:
            errors["complainant_age"] = age_problem
        self._check_gd(session, fir, values, now, errors)
        officer_id = values.get("investigating_officer")
        if officer_id and "investigating_officer" not in errors:
            officer = session.get(Officer, officer_id)
            if officer is None or not officer.active:
                errors["investigating_officer"] = "Choose an active officer of this station."
        if fir.source == "efir":
            received = fir.efir_received_at
            if fir.informant_signed_at is None:
                errors["informant_signed_at"] = (
                    "An e-FIR is registered only after the informant signs it (BNSS 173(1)(ii))."
                )
            elif received is not None and fir.informant_signed_at - received > EFIR_SIGNING_WINDOW:
                errors["informant_signed_at"] = (
                    f"The informant signed on {format_ist(fir.informant_signed_at)}, more than 3 days after the "
                    f"e-FIR was received ({format_ist(received)}); it cannot be taken on record."
                )
        return errors, refs

    def _check_gd(
        self, session: Session, fir: Fir, values: dict[str, Any], now: datetime, errors: dict[str, str]
    ) -> None:
        gd_id = values.get("gd_entry")
        if not gd_id or "gd_entry" in errors:
            return
        gd = session.get(GdEntry, gd_id)
        if gd is None:
            errors["gd_entry"] = "That General Diary entry does not exist."
            return
        if gd.kind == "fir_registered":
            errors["gd_entry"] = "Cite the entry that recorded the complaint, not an 'FIR registered' entry."
        elif gd.entry_at > now:
            errors["gd_entry"] = (
                f"GD {gd.number:04d}/{gd.year} is dated {format_ist(gd.entry_at)}, later than this FIR: "
                "an FIR may not precede its General Diary entry."
            )
        else:
            cited = session.scalar(select(Fir).where(Fir.gd_entry_id == gd.id, Fir.id != fir.id))
            if cited is not None:
                errors["gd_entry"] = (
                    f"GD {gd.number:04d}/{gd.year} is already cited by FIR {summary_of(cited).fir_no}."
                )
        received = occurrence_start({"occurrence_from": values.get("info_received_at")})
        if (
            "gd_entry" not in errors
            and received is not None
            and gd.entry_at < received - timedelta(minutes=1)
        ):
            errors["gd_entry"] = (
                f"GD {gd.number:04d}/{gd.year} ({format_ist(gd.entry_at)}) is earlier than the time the information "
                f"reached the station ({format_ist(received)})."
            )

    # --- helpers --------------------------------------------------------------------------------

    def _load(self, session: Session, fir_id: str) -> Fir:
        fir = session.get(Fir, fir_id)
        if fir is None:
            raise NotFoundError("That FIR does not exist.")
        return fir

    def _ensure_draft(self, fir: Fir) -> None:
        if fir.status != "draft":
            raise ConflictError(
                f"FIR {summary_of(fir).fir_no} is registered and cannot be changed. "
                "Record an alteration memo for changed sections, or a supplementary GD entry."
            )

    def _derive(self, fir: Fir, values: dict[str, Any]) -> None:
        """Columns the register filters on, kept in step with the values."""
        fir.complainant_name = str(values.get("complainant_name") or "")[:200]
        fir.accused_names = accused_names(values)
        fir.sections_text = sections_text(section_refs(values))
        fir.occurrence_from = occurrence_start(values)
