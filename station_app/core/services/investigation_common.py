"""Checks shared by the investigation services: the FIR a memo belongs to, its GD entry, its sections,
and the sequencing rules the CAG found broken (arrests, seizures and diaries dated before the FIR)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from forms.law_master import LawMaster
from forms.schema import FormDef, parse_datetime
from forms.validation import validate_values
from station_app.core.errors import ConflictError, NotFoundError
from station_app.core.fir_content import check_sections, normalise_values, section_refs, section_rows
from station_app.core.localtime import format_ist
from station_app.core.models import Fir, GdEntry, Person
from station_app.core.numbering import format_fir_number
from station_app.core.services.persons import canonical_id

GD_TOLERANCE = timedelta(minutes=1)


@dataclass(frozen=True)
class FirFacts:
    id: str
    fir_no: str
    registered_at: datetime
    occurrence_from: datetime | None
    sections: list[dict[str, str]]
    station: dict[str, str]


def registered_fir(session: Session, fir_id: str) -> FirFacts:
    fir = session.get(Fir, fir_id)
    if fir is None:
        raise NotFoundError("That FIR does not exist.")
    if fir.status == "draft" or fir.registered_at is None or fir.content is None:
        raise ConflictError("This FIR is still a draft: investigation records follow a registered FIR.")
    content = json.loads(fir.content)
    assert fir.series and fir.number and fir.year
    return FirFacts(
        fir.id,
        format_fir_number(fir.series, fir.number, fir.year),
        fir.registered_at,
        fir.occurrence_from,
        content["sections"],
        content["station"],
    )


def not_before_fir(fir: FirFacts, moment: datetime | None, what: str) -> str | None:
    """The sequencing rule: nothing of the investigation is dated before its FIR."""
    if moment is not None and moment < fir.registered_at:
        return (
            f"{what} ({format_ist(moment)}) is before FIR {fir.fir_no} was registered "
            f"({format_ist(fir.registered_at)}). Register the FIR first, or correct the time."
        )
    return None


def check_gd(session: Session, gd_id: Any, event_at: datetime | None, now: datetime, what: str) -> str | None:
    """The GD entry that records an event: it exists and is not earlier than the event it records."""
    if not gd_id:
        return None
    gd = session.get(GdEntry, gd_id)
    if gd is None:
        return "That General Diary entry does not exist."
    if event_at is not None and gd.entry_at < event_at - GD_TOLERANCE:
        return (
            f"GD {gd.number:04d}/{gd.year} ({format_ist(gd.entry_at)}) is earlier than the {what} it should "
            f"record ({format_ist(event_at)})."
        )
    if gd.entry_at > now:
        return f"GD {gd.number:04d}/{gd.year} is dated in the future."
    return None


def check_memo(
    form: FormDef, laws: LawMaster, values: dict[str, Any], fir: FirFacts, now: datetime, time_field: str
) -> tuple[dict[str, str], dict[str, Any]]:
    """Form rules, the law in force on the FIR's date of occurrence, and the FIR-first rule.

    Returns the problems and the values as they will be frozen (canonical sections, IST times).
    """
    errors = validate_values(form, values, now)
    refs, problem = check_sections(laws, section_refs(values), fir.occurrence_from)
    if problem and "acts_sections" not in errors:
        errors["acts_sections"] = problem
    if time_field not in errors:
        moment = parse_datetime(values.get(time_field))
        label = form.field(time_field).label_en
        sequencing = not_before_fir(fir, moment, label)
        if sequencing:
            errors[time_field] = sequencing
    frozen = normalise_values(form, values, refs) if not errors else values
    if not errors:
        frozen["sections"] = section_rows(laws, refs)
    return errors, frozen


@dataclass(frozen=True)
class MemoCheck:
    values: dict[str, Any]  # as given, with the FIR's sections where the memo names none
    errors: dict[str, str]
    frozen: dict[str, Any]
    moment: datetime | None  # the memo's own time, when it could be read


def check_fir_memo(
    session: Session,
    form: FormDef,
    laws: LawMaster,
    fir: FirFacts,
    given: dict[str, Any],
    now: datetime,
    time_field: str,
    what: str,
) -> MemoCheck:
    """``check_memo`` plus the GD entry that records the event: the common checks of the memos
    written under an FIR (arrest, seizure). ``what`` names the event in the GD message."""
    values = {"acts_sections": [{"act": s["act"], "section": s["section"]} for s in fir.sections], **given}
    errors, frozen = check_memo(form, laws, values, fir, now, time_field)
    moment = parse_datetime(values.get(time_field)) if time_field not in errors else None
    gd_problem = check_gd(session, values.get("gd_entry"), moment, now, what)
    if gd_problem and "gd_entry" not in errors:
        errors["gd_entry"] = gd_problem
    return MemoCheck(values, errors, frozen, moment)


def person_card(session: Session, person_id: Any) -> dict[str, Any] | None:
    """The person as a memo freezes them: following a merge to the record that was kept."""
    if session.get(Person, str(person_id)) is None:
        return None
    person = session.get(Person, canonical_id(session, str(person_id)))
    assert person is not None
    return {
        "id": person.id,
        "name": person.name,
        "name_alt": person.name_alt,
        "aliases": json.loads(person.aliases or "[]"),
        "relative_name": person.relative_name,
        "relative_relation": person.relative_relation,
        "sex": person.sex,
        "dob": person.dob,
        "birth_year": person.birth_year or person.birth_year_est,
        "age": person.age,
        "present_address": person.present_address,
        "permanent_address": person.permanent_address,
    }
