"""A registered FIR, a person and valid memo values for investigation tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from station_app.core.localtime import IST, iso_ist
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from station_app.core.services.person_input import PersonInput
from tests.helpers.clock import ManualClock
from tests.helpers.firs import complaint_gd, theft_values


def registered_theft(svc: StationServices, actor: Actor, **overrides: Any) -> Any:
    """An FIR registered at the clock's time (10:00 IST on 2 November 2026 for a fresh ManualClock)."""
    gd = complaint_gd(svc, actor)
    draft = svc.firs.new_draft(actor, theft_values(gd, **overrides))
    return svc.firs.register(actor, draft.id, draft.summary.version)


def gd_at(svc: StationServices, actor: Actor, kind: str, at: datetime, subject: str = "Entry") -> str:
    return svc.diary.add_entry(
        actor, {"kind": kind, "entry_at": iso_ist(at), "subject": subject, "details": subject + "."}
    ).id


def accused(svc: StationServices, actor: Actor, name: str = "Raju Khan", father: str = "Salim Khan") -> str:
    return svc.persons.create(
        actor, PersonInput(name=name, relative_name=father, relative_relation="father", age=32, sex="M",
                           present_address="Daliganj, Lucknow")
    ).id  # fmt: skip


def arrest_values(gd_id: str, person_id: str, at: datetime, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "arrest",
        "arrested_at": iso_ist(at),
        "gd_entry": gd_id,
        "place": "Near Charbagh railway station, Lucknow",
        "outcome": "forwarded",
        "person": person_id,
        "occupation": "Mechanic",
        "injuries": "NIL",
        "medical_exam_at": iso_ist(at + timedelta(hours=1)),
        "medical_officer": "Dr. S. K. Awasthi, Civil Hospital, Lucknow",
        "grounds_of_arrest": "Found in possession of the stolen motorcycle UP32 AB 1234 and identified by the complainant.",
        "rights_explained": True,
        "personal_search": "NIL",
        "informed_name": "Salim Khan",
        "informed_relation": "Father",
        "informed_at": iso_ist(at + timedelta(minutes=30)),
        "informed_how": "phone",
        "custody_place": "Lock-up, Police Station Hazratganj, Lucknow",
        "custody_place_told_to": "Salim Khan (father)",
        "designated_officer_informed_at": iso_ist(at + timedelta(minutes=40)),
        "witness_name": "Mohd. Aslam",
        "witness_address": "Charbagh, Lucknow",
    }
    values.update(overrides)
    return values


def seizure_values(gd_id: str, at: datetime, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "nature": "stolen",
        "seized_at": iso_ist(at),
        "gd_entry": gd_id,
        "place": "Garage behind Charbagh railway station",
        "witness1_name": "Mohd. Aslam",
        "witness1_address": "Charbagh, Lucknow",
        "witness2_name": "Prem Shankar Tiwari",
        "witness2_address": "Naka Hindola, Lucknow",
        "items": [
            {"category": "Vehicle", "description": "Hero Splendor UP32 AB 1234, black", "quantity": "1", "unit": "no.",
             "value": "45000", "seal": "PS-HZG/1"},
            {"category": "Tools", "description": "Set of duplicate keys", "quantity": "6", "unit": "no.", "seal": "PS-HZG/2"},
        ],
        "grounds": "The motorcycle stolen in this case was found here and identified by the complainant.",
        "av_recording": "e-Sakshya session 2026-11-02-000417",
        "copy_given": True,
    }  # fmt: skip
    values.update(overrides)
    return values


def diary_values(written_at: datetime, **overrides: Any) -> dict[str, Any]:
    """The day's work as written up at ``written_at``: begun seven hours before, closed an hour before."""
    start = written_at.astimezone(IST) - timedelta(hours=7)
    values: dict[str, Any] = {
        "entry_date": start.date().isoformat(),
        "info_reached_at": iso_ist(start - timedelta(minutes=30)),
        "started_at": iso_ist(start),
        "closed_at": iso_ist(start + timedelta(hours=6)),
        "places_visited": "The place of occurrence outside Sahu Cinema; Charbagh railway station.",
        "circumstances": "Inspected the spot; CCTV of the cinema shows two persons leaving with the motorcycle at 21:40.",
        "statements": [
            {
                "witness": "Shyam Lal (cinema guard)",
                "particulars": "s/o Ram Lal, 55, Narhi",
                "statement": "I saw two youths.",
            }
        ],
    }
    values.update(overrides)
    return values


def later(clock: ManualClock, **delta: float) -> datetime:
    clock.advance(**delta)
    return clock.now()
