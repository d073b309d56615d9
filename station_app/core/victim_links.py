"""Which persons are victims of sensitive FIRs: their identity is withheld from officers without
Permission.VIEW_VICTIM_IDENTITY in the person register and in search as well (issue 11 §1)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from station_app.core.errors import PermissionDeniedError
from station_app.core.models import Fir
from station_app.core.models.persons import FirPerson
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
