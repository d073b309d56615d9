"""What a person field and the person dialogs may ask of the person register.

Plain callables bound to the signed-in officer; every one of them runs on the database thread
(through the op runner), never on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from station_app.core.permissions import Permission
from station_app.core.services.person_input import PersonInput, PersonMatch, PersonRecord
from station_app.core.services.search import SearchHit
from station_app.ui.context import Desk

SEARCH_LIMIT = 8
MATCH_LIMIT = 6


@dataclass(frozen=True)
class PersonSource:
    search: Callable[[str], list[SearchHit]]  # a name in either script, or a phone number
    matches: Callable[[PersonInput], list[PersonMatch]]  # likely duplicates of a person being entered
    create: Callable[[PersonInput], PersonRecord]
    get: Callable[[str], PersonRecord]
    can_create: bool

    @classmethod
    def for_desk(cls, desk: Desk) -> PersonSource:
        persons, search, actor = desk.services.persons, desk.services.search, desk.actor
        can_create = any(
            actor.can(p) for p in (Permission.INVESTIGATE, Permission.DRAFT_FIR, Permission.DIGITISE_LEGACY)
        )
        return cls(
            search=lambda text: search.search_persons(actor, text, SEARCH_LIMIT),
            matches=lambda data: persons.find_matches(actor, data, limit=MATCH_LIMIT),
            create=lambda data: persons.create(actor, data),
            get=lambda person_id: persons.get(actor, person_id),
            can_create=can_create,
        )
