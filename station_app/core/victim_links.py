"""Which persons are victims of sensitive FIRs: their identity is withheld from officers without
Permission.VIEW_VICTIM_IDENTITY in the person register and in search as well (issue 11 §1)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from station_app.core.db import Database
from station_app.core.errors import PermissionDeniedError
from station_app.core.models import Fir
from station_app.core.models.persons import FirPerson, Person
from station_app.core.permissions import Actor, Permission

VICTIM_ROLE = "victim"


def protected_persons() -> Select[Any]:
    """The ids of persons who are victims of sensitive FIRs (for ``Person.id.not_in(...)``)."""
    return (
        select(FirPerson.person_id)
        .join(Fir, Fir.id == FirPerson.fir_id)
        .where(FirPerson.role == VICTIM_ROLE, Fir.sensitive.is_(True))
    )


def is_protected(session: Session, person_id: str) -> bool:
    return session.scalar(protected_persons().where(FirPerson.person_id == person_id).limit(1)) is not None


def require_may_see_person(session: Session, actor: Actor, person_id: str) -> None:
    if not actor.can(Permission.VIEW_VICTIM_IDENTITY) and is_protected(session, person_id):
        raise PermissionDeniedError(
            f"Your role ({actor.role.label}) may not see this person: the victim of a sensitive case.",
            "Ask the SHO or the investigating officer of the case.",
        )


def linked_persons(db: Database, content: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The victims' person records as they are now (an alias or phone added since registration
    counts), by person id; merged duplicates are followed to the person kept."""
    ids = [str(v.get("person_id")) for v in content.get("victims") or [] if isinstance(v, Mapping)]
    out: dict[str, dict[str, Any]] = {}
    if not ids:
        return out
    with db.read() as session:
        for person in session.scalars(select(Person).where(Person.id.in_(ids))):
            particulars = {"id": person.id, **person.audit_snapshot()}
            kept = session.get(Person, person.merged_into) if person.merged_into else None
            if kept is not None:  # both records are the same human being: both sets of items count
                for key in ("aliases", "phones", "id_documents"):
                    both = json.loads(particulars.get(key) or "[]") + json.loads(getattr(kept, key) or "[]")
                    particulars[key] = json.dumps(both, ensure_ascii=False)
                names = [*json.loads(particulars["aliases"]), kept.name, kept.name_alt]
                particulars["aliases"] = json.dumps(names, ensure_ascii=False)
            out[person.id] = particulars
    return out
