"""The victims of an FIR as persons: required details in sensitive cases, person records at
registration, and the FIR as an officer without the right to know the victim may see it.

Domain §9 / issue 11 §1: the victim is a person linked to the FIR in the role victim. At registration
each victim the FIR names (the complainant when she is the victim, item 6A, the further victims)
becomes a record of the person register, in the same transaction, and the frozen content lists the
links (``"victims": [{"label": "V1", "person_id": ..., "role": "victim"}]``), so the link syncs with
the FIR and masking can follow the person record (her other spellings, phones, IDs) later.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from station_app.core.audit import record_change
from station_app.core.errors import ValidationError
from station_app.core.ids import new_id
from station_app.core.localtime import to_ist
from station_app.core.models import Station
from station_app.core.models.persons import FirPerson, Person
from station_app.core.outbox import enqueue_person
from station_app.core.permissions import Actor
from station_app.core.services.person_input import PersonInput, clean_input, lenient_phones
from station_app.core.services.persons import next_search_key, write_index
from station_app.core.victim_links import VICTIM_ROLE
from station_app.core.victims import (
    VictimIdentity,
    victims_in_values,
)

SENSITIVE_HINT = (
    "A sensitive offence is charged: the victim's details are required (BNS 72, POCSO 23, JJ Act 74)."
)


def victim_problems(values: Mapping[str, Any], sensitive: bool) -> dict[str, str]:
    """What is missing about the victim, by field, when a sensitive section is chosen. The complainant
    being the victim is one tick; otherwise item 6A names her, whoever reports it."""
    if not sensitive:
        return {}
    errors: dict[str, str] = {}
    if values.get("complainant_is_victim"):
        if not any(
            values.get(k) not in (None, "")
            for k in ("complainant_age", "complainant_dob", "complainant_birth_year")
        ):
            errors["complainant_age"] = (
                "Give the victim's age or date of birth: a child victim is protected by POCSO 23 and JJ Act 74."
            )
        if not values.get("complainant_sex"):
            errors["complainant_sex"] = "Give the victim's sex."
        return errors
    if not str(values.get("victim_name") or "").strip():
        errors["victim_name"] = (
            "A sensitive offence is charged: name the victim here, or tick 'The complainant is the victim'."
        )
    if values.get("victim_age") in (None, ""):
        errors["victim_age"] = "Give the victim's age: a child victim is protected by POCSO 23 and JJ Act 74."
    if not values.get("victim_sex"):
        errors["victim_sex"] = "Give the victim's sex."
    return errors


def record_victims(
    session: Session, actor: Actor, fir_id: str, values: Mapping[str, Any], now: datetime, on: str | None
) -> list[dict[str, str]]:
    """Make each victim of ``values`` a person of the register (in the caller's transaction) and
    return the links to freeze in the FIR's content."""
    station = session.get(Station, 1)
    assert station is not None
    links: list[dict[str, str]] = []
    today = to_ist(now).date()
    for victim in victims_in_values(values, on):
        data = _person_input(victim, values, today)
        try:
            columns = clean_input(data, today)
        except ValidationError:
            # A detail the person register is stricter about (an odd phone number): keep the name,
            # age and address, never lose the link.
            columns = clean_input(replace(data, phones=(), aliases=()), today)
        person = Person(
            id=new_id(), search_key=next_search_key(session), station_code=station.station_code,
            created_at=now, created_by=actor.officer_id, updated_at=now, updated_by=actor.officer_id,
            version=1, **columns,
        )  # fmt: skip
        session.add(person)
        record_change(
            session, actor=actor.audit, at=now, action="person.create", record=person,
            summary=f"victim {victim.label} of an FIR",
        )  # fmt: skip
        enqueue_person(session, person, now)
        write_index(session, person)
        session.add(FirPerson(fir_id=fir_id, person_id=person.id, role=VICTIM_ROLE, label=victim.label))
        links.append({"label": victim.label, "person_id": person.id, "role": VICTIM_ROLE})
    return links


def _person_input(victim: VictimIdentity, values: Mapping[str, Any], today: Any) -> PersonInput:
    names = list(victim.names)
    # "Priya Sharma / प्रिया शर्मा": the register keeps each script in its own column.
    parts = [p.strip() for p in re.split(r"[/|]", names[0]) if p.strip()] if names else [""]
    relation = str(values.get("complainant_relative_kind") or "") if victim.from_complainant else ""
    return PersonInput(
        name=parts[0][:200],
        name_alt=(parts[1] if len(parts) > 1 else "")[:200],
        aliases=tuple(a[:120] for a in names[1:6]),
        relative_name=(victim.relatives[0] if victim.relatives else "")[:200],
        relative_relation=relation,
        age=victim.age if victim.age is not None and 0 <= victim.age <= 120 else None,
        age_on=today if victim.age is not None else None,
        sex=victim.sex if victim.sex in ("M", "F", "T") else "",
        present_address=(victim.addresses[0] if victim.addresses else "")[:500],
        permanent_address=(victim.addresses[1] if len(victim.addresses) > 1 else "")[:500],
        phones=lenient_phones(victim.phones),
    )


# --- what an officer without the need to know may see ------------------------------------------------


# may_see_identity, content_for, WITHHELD_NAME and listed_complainant live in victim_mask.py (the
# outbox export masks with them too, and must not import this service, which writes through it).
