"""What a rendered form may need from the station: the law master, the time, lists to pick from and
the person register.

The renderer never sees services or sessions. It gets this small record; the two loaders run on
the database thread through the op runner, and their results come back to the pickers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from forms.law_master import LawMaster
from station_app.core.services.accounts import OfficerInfo
from station_app.core.services.diary import GdEntryInfo
from station_app.ui.context import Desk
from station_app.ui.forms.person_source import PersonSource
from station_app.ui.ops import OpRunner


@dataclass(frozen=True)
class FormSources:
    ops: OpRunner
    laws: LawMaster
    now: Callable[[], datetime]  # cheap (a clock), safe on the GUI thread
    gd_entries: Callable[[], list[GdEntryInfo]]  # runs on the database thread
    officers: Callable[[], list[OfficerInfo]]  # runs on the database thread
    persons: PersonSource | None = None  # the person register (search, likely duplicates, create)

    @classmethod
    def for_desk(cls, desk: Desk) -> FormSources:
        services, actor = desk.services, desk.actor
        diary, accounts, clock = services.diary, services.accounts, services.clock
        return cls(
            ops=desk.ops,
            laws=services.laws,
            now=clock.now,
            gd_entries=lambda: diary.citable_entries(actor, clock.now()),
            officers=lambda: [o for o in accounts.list_officers(actor) if o.active],
            persons=PersonSource.for_desk(desk),
        )
