"""Synthetic but realistic content for a training station (``setup --training``).

Everything here is invented: names, places and events. A training station prints TRAINING on every
page and is refused by real state servers, so practice never mixes with evidence.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from station_app.core.audit import SYSTEM_ACTOR, record_change
from station_app.core.ids import new_id
from station_app.core.importers.practice import seed_legacy_practice
from station_app.core.models import Officer
from station_app.core.permissions import Actor, Role
from station_app.core.services.arrests import ArrestService
from station_app.core.services.case_diary import CaseDiaryService
from station_app.core.services.diary import DiaryService
from station_app.core.services.fir_events import FirEventService
from station_app.core.services.firs import FirRecord, FirService
from station_app.core.services.persons import PersonService
from station_app.core.services.seizures import SeizureService
from station_app.core.training_investigation import InvestigationSeeder
from station_app.core.training_records import SteppingClock, seed_firs

if TYPE_CHECKING:
    from station_app.core.station_services import StationServices

# Practice accounts; every one must change this password at first sign-in.
TRAINING_PASSWORD = "practice-2026"

TRAINING_OFFICERS: tuple[tuple[str, str, str, str, Role], ...] = (
    ("si.meena", "Meena Kumari Yadav", "Sub-Inspector", "PIS-4471", Role.INVESTIGATING_OFFICER),
    (
        "asi.rathore",
        "Vikram Singh Rathore",
        "Assistant Sub-Inspector",
        "PIS-5102",
        Role.INVESTIGATING_OFFICER,
    ),
    ("hc.ansari", "Salim Ansari", "Head Constable", "HC-889", Role.DATA_ENTRY),
    ("ct.lakra", "Sunita Lakra", "Constable", "CT-1207", Role.DATA_ENTRY),
    ("dsp.viewer", "R. K. Tripathi", "Deputy Superintendent", "PIS-2008", Role.VIEWER),
    ("hc.verma", "Rajesh Verma", "Head Constable", "HC-412", Role.DUTY_OFFICER),
    ("it.admin", "Pooja Srivastava", "Computer Operator", "IT-031", Role.ADMIN),
)


def seed_training_station(services: StationServices) -> None:
    """Fill a new training station: practice accounts, then FIRs and GD entries from 2024 to today."""
    _seed_officers(services)
    with services.db.read() as session:
        sho = session.scalar(
            select(Officer).where(Officer.role == Role.SHO.value).order_by(Officer.created_at)
        )
        assert sho is not None, "setup makes the SHO before seeding"
        actor = Actor(sho.id, sho.username, sho.full_name, sho.rank, sho.belt_number, Role.SHO)
    end = services.clock.now()
    stepping = SteppingClock(end)
    diary = DiaryService(services.db, stepping)
    firs = FirService(services.db, stepping, services.laws, diary)
    investigation = InvestigationSeeder(
        clock=stepping, sho=actor, diary=diary, persons=PersonService(services.db, stepping),
        arrests=ArrestService(services.db, stepping, services.laws), case_diary=CaseDiaryService(services.db, stepping),
        seizures=SeizureService(services.db, stepping, services.laws), end=end, rng=random.Random(37),
    )  # fmt: skip
    events = FirEventService(services.db, stepping, services.laws)
    registered = seed_firs(diary, firs, events, stepping, actor, after_registration=investigation.after_fir)
    investigation.open_arrest(next(r for r in reversed(registered) if r.summary.status == "registered"))
    _close_old_cases(events, actor, registered, end)
    seed_legacy_practice(services, actor)  # digitised FIRs of 2019, and a file with mistakes to fix


def _close_old_cases(events: FirEventService, sho: Actor, registered: list[FirRecord], end: datetime) -> None:
    """As at a real station, most older cases have their informant told and their final report filed
    within the time (which stops their clocks); a few are left overdue to practise on."""
    for index, record in enumerate(registered):
        at = record.summary.registered_at
        if record.summary.status != "registered" or at is None or at > end - timedelta(days=120):
            continue
        events.record_progress_intimation(sho, record.id, at=at + timedelta(days=40), to="The informant",
                                          how="Letter by post" if index % 2 else "In person at the station")  # fmt: skip
        if index % 7 == 2:
            continue  # overdue on purpose: the dashboard shows it in red
        report = "charge_sheet" if index % 4 else "fr_untraced"
        events.record_final_report(sho, record.id, at=at + timedelta(days=52), report_type=report,
                                   number=f"{index + 11}/{at.year}", court="Chief Judicial Magistrate, Lucknow")  # fmt: skip


def _seed_officers(services: StationServices) -> None:
    clock = services.clock
    hasher = services.accounts.hasher
    with services.db.write() as session:
        password_hash = hasher.hash(TRAINING_PASSWORD)
        for username, name, rank, belt, role in TRAINING_OFFICERS:
            now = clock.now()
            officer = Officer(
                id=new_id(),
                username=username,
                full_name=name,
                rank=rank,
                belt_number=belt,
                role=role.value,
                password_hash=password_hash,
                active=True,
                must_change_password=True,
                failed_attempts=0,
                created_at=now,
                updated_at=now,
                version=1,
            )
            session.add(officer)
            record_change(
                session,
                actor=SYSTEM_ACTOR,
                at=now,
                action="officer.create",
                record=officer,
                summary=f"training account {username}",
            )
