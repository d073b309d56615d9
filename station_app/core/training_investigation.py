"""Practice investigation records for a training station: persons (some deliberately near-duplicate),
arrests with production and remand, case-diary entries and seizures, dated after their FIRs.

Called right after each practice FIR is registered, while the stepping clock stands at that moment,
so every chain (GD, case diary, custody) moves forward in time as it must.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from station_app.core.localtime import IST, iso_ist
from station_app.core.permissions import Actor
from station_app.core.services.arrests import ArrestService
from station_app.core.services.case_diary import CaseDiaryService
from station_app.core.services.diary import DiaryService
from station_app.core.services.firs import FirRecord
from station_app.core.services.person_input import PersonInput
from station_app.core.services.persons import PersonService
from station_app.core.services.seizures import SeizureService
from station_app.core.training_records import SteppingClock

# (name, father, age, a deliberately different spelling or script of the same person, or "")
ACCUSED = (
    ("Raju Khan", "Salim Khan", 31, "राजू ख़ान"),
    ("Pappu alias Pradeep Kumar", "Ram Kishore", 27, "Pradip Kumar"),
    ("मनोज तिवारी", "श्याम सुंदर तिवारी", 39, "Manoj Tiwari"),
    ("Mohd. Irfan Qureshi", "Mohd. Salim Qureshi", 29, "Mohammad Irfan Kureshi"),
    ("Sonu Yadav", "Babu Lal Yadav", 22, ""),
)


@dataclass
class InvestigationSeeder:
    clock: SteppingClock
    sho: Actor
    diary: DiaryService
    persons: PersonService
    arrests: ArrestService
    case_diary: CaseDiaryService
    seizures: SeizureService
    end: datetime
    rng: random.Random

    def after_fir(self, record: FirRecord, index: int) -> None:
        """Investigate some practice FIRs: an arrest in two of three, a diary for most, a seizure for thefts."""
        registered = record.summary.registered_at
        assert registered is not None
        if registered > self.end - timedelta(days=6):
            return  # too close to today for a week of investigation
        if index % 3 != 0:
            self._arrest(record, registered, ACCUSED[index % len(ACCUSED)], index)
        if record.values.get("properties") and index % 2 == 0:
            self._seizure(record, registered + timedelta(days=1, hours=3))
        for day in range(1, 2 + index % 3):
            self._diary_entry(record, registered + timedelta(days=day + 1, hours=8), day)

    def _person(self, name: str, father: str, age: int) -> str:
        return self.persons.create(
            self.sho,
            PersonInput(name=name, relative_name=father, relative_relation="father", age=age, sex="M",
                        present_address="Daliganj, Lucknow"),
        ).id  # fmt: skip

    def _gd(self, kind: str, at: datetime, subject: str) -> str:
        self.clock.current = at
        return self.diary.add_entry(
            self.sho, {"kind": kind, "entry_at": iso_ist(at), "subject": subject, "details": subject + "."}
        ).id

    def _arrest(
        self, record: FirRecord, registered: datetime, who: tuple[str, str, int, str], index: int
    ) -> None:
        name, father, age, variant = who
        self.clock.current = registered + timedelta(minutes=30)
        person = self._person(name, father, age)
        if (
            variant and index % 2 == 1
        ):  # the same man entered again under another spelling: for the match list
            self._person(variant, father, age + 1)
        arrested = registered + timedelta(hours=2)
        gd = self._gd("arrest", arrested + timedelta(minutes=10), f"Arrest of {name}")
        self.clock.current = arrested + timedelta(hours=1, minutes=30)
        arrest = self.arrests.record_arrest(self.sho, record.id, _arrest_values(gd, person, arrested, father))
        produced = arrested + timedelta(hours=self.rng.choice((16, 19, 22)))
        self.clock.current = produced + timedelta(minutes=20)
        self.arrests.record_production(self.sho, arrest.id, produced, "Chief Judicial Magistrate, Lucknow")
        self.arrests.record_remand(
            self.sho, arrest.id, "judicial", produced, produced + timedelta(days=14), "Remand 14 days"
        )

    def _seizure(self, record: FirRecord, at: datetime) -> None:
        gd = self._gd("property", at + timedelta(minutes=15), "Seizure of stolen property")
        self.clock.current = at + timedelta(hours=1)
        rows = record.values.get("properties", [])
        self.seizures.record_seizure(self.sho, record.id, {
            "nature": "stolen", "seized_at": iso_ist(at), "gd_entry": gd,
            "place": "A garage behind Charbagh railway station, Lucknow",
            "witness1_name": "Mohd. Aslam", "witness1_address": "Charbagh, Lucknow",
            "witness2_name": "Prem Shankar Tiwari", "witness2_address": "Naka Hindola, Lucknow",
            "items": [{"category": "Recovered property", "description": str(r.get("description", "Property"))[:300],
                       "quantity": "1", "unit": "no.", "value": r.get("value", "0"), "seal": f"PS/{i + 1}"}
                      for i, r in enumerate(rows)],
            "grounds": "Identified by the complainant as the property stolen in this case.",
            "av_recording": f"e-Sakshya session {at:%Y%m%d}-{self.rng.randint(100, 999)}",
            "copy_given": True,
        })  # fmt: skip

    def _diary_entry(self, record: FirRecord, written: datetime, day: int) -> None:
        start = written.astimezone(IST) - timedelta(hours=7)
        self.clock.current = written
        self.case_diary.add_entry(self.sho, record.id, {
            "entry_date": start.date().isoformat(),
            "info_reached_at": iso_ist(start - timedelta(minutes=30)),
            "started_at": iso_ist(start),
            "closed_at": iso_ist(start + timedelta(hours=6)),
            "places_visited": "The place of occurrence; the complainant's house; the nearest bus stand.",
            "circumstances": (f"Day {day} of the investigation. Enquired from shopkeepers nearby; one saw two young men "
                              "leave in a hurry. CCTV footage of the crossing was collected on a pen drive."),
            "statements": [{"witness": "Shyam Lal", "particulars": "s/o Ram Lal, 55, Narhi",
                            "statement": "I was at my shop and saw two young men run towards the bus stand."}],
        })  # fmt: skip

    def open_arrest(self, record: FirRecord) -> None:
        """One arrest 20 hours old and not yet produced: the dashboard shows its 24-hour clock turning red."""
        arrested = self.end - timedelta(hours=20)
        self.clock.current = arrested + timedelta(minutes=5)
        person = self._person("Sonu Yadav", "Babu Lal Yadav", 22)
        gd = self._gd("arrest", arrested + timedelta(minutes=10), "Arrest of Sonu Yadav")
        self.clock.current = arrested + timedelta(hours=1, minutes=30)
        self.arrests.record_arrest(
            self.sho, record.id, _arrest_values(gd, person, arrested, "Babu Lal Yadav")
        )
        self.clock.current = self.end


def _arrest_values(gd: str, person: str, at: datetime, father: str) -> dict[str, Any]:
    return {
        "kind": "arrest", "arrested_at": iso_ist(at), "gd_entry": gd, "place": "Near Charbagh railway station, Lucknow",
        "outcome": "forwarded", "person": person, "occupation": "Labourer", "injuries": "NIL",
        "medical_exam_at": iso_ist(at + timedelta(hours=1)),
        "medical_officer": "Dr. S. K. Awasthi, Civil Hospital, Lucknow",
        "grounds_of_arrest": "Named by the complainant and found with property connected with the offence.",
        "rights_explained": True, "personal_search": "NIL", "informed_name": father, "informed_relation": "Father",
        "informed_at": iso_ist(at + timedelta(minutes=30)), "informed_how": "phone",
        "custody_place": "Lock-up, Police Station Hazratganj, Lucknow", "custody_place_told_to": f"{father} (father)",
        "education": "primary", "economic_status": "lower", "marital_status": "married",
        "designated_officer_informed_at": iso_ist(at + timedelta(minutes=40)),
        "witness_name": "Mohd. Aslam", "witness_address": "Charbagh, Lucknow",
    }  # fmt: skip
