"""Valid FIR values and a station on a hand-moved clock, for FIR and GD tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from station_app.core.localtime import IST
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices


def ist(text: str) -> str:
    """'2026-11-01 21:00' in IST as the aware ISO string the forms carry."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=IST).isoformat()


def complaint_gd(services: StationServices, actor: Actor, at: str = "2026-11-02 09:40") -> str:
    entry = services.diary.add_entry(
        actor,
        {
            "kind": "complaint_received",
            "entry_at": ist(at),
            "subject": "Written complaint of theft of motorcycle",
            "details": "Sri Ramesh Chandra Gupta came to the station and gave a written complaint (tehrir).",
        },
    )
    return entry.id


def theft_values(gd_entry_id: str, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "acts_sections": [{"act": "BNS", "section": "303(2)"}],
        "occurrence_from": ist("2026-11-01 21:00"),
        "occurrence_to": ist("2026-11-01 23:30"),
        "info_received_at": ist("2026-11-02 09:30"),
        "gd_entry": gd_entry_id,
        "info_type": "written",
        "place_direction_distance": "North, 2 km",
        "beat_no": "4",
        "place_address": "Outside Sahu Cinema, Hazratganj, Lucknow",
        "complainant_name": "Ramesh Chandra Gupta",
        "complainant_relative_kind": "father",
        "complainant_relative_name": "Suresh Chandra Gupta",
        "complainant_age": 46,
        "complainant_sex": "M",
        "complainant_nationality": "Indian",
        "complainant_present_address": "12/4 Narhi, Hazratganj, Lucknow",
        "complainant_mobile": "9839012345",
        "accused": [{"status": "unknown", "name": "", "address": ""}],
        "properties": [
            {
                "category": "Vehicle",
                "type": "Motorcycle",
                "description": "Hero Splendor UP32 AB 1234, black",
                "value": "45000",
            }
        ],
        "narrative": "I parked my motorcycle outside Sahu Cinema at 9 pm. When I came back at 11:30 pm it was gone.",
        "action_taken": "investigating",
    }
    values.update(overrides)
    return values
