"""Practice FIRs and GD entries for a training station: invented people, places and events.

They are registered through the real services on a clock that walks from early 2024 to today, so the
register holds IPC cases (offences before 1 July 2024) and BNS cases, Zero FIRs, e-FIRs, sensitive
cases and long narratives, all numbered, digested and audited like real ones.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from station_app.core.localtime import IST, iso_ist
from station_app.core.names.translit import has_devanagari
from station_app.core.permissions import Actor
from station_app.core.services.diary import DiaryService
from station_app.core.services.fir_events import FirEventService
from station_app.core.services.firs import FirRecord, FirService


class SteppingClock:
    """A clock the seeder moves forward by hand; never used outside training and tests."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current


@dataclass(frozen=True)
class Case:
    sections_ipc: tuple[tuple[str, str], ...]
    sections_bns: tuple[tuple[str, str], ...]
    summary: str
    property_value: int = 0
    property_text: str = ""


CASES = (
    Case(
        (("IPC", "379"),),
        (("BNS", "303(2)"),),
        "theft of a motorcycle parked outside {place}",
        48000,
        "Motorcycle, black",
    ),
    Case(
        (("IPC", "380"), ("IPC", "457")),
        (("BNS", "305"), ("BNS", "331(4)")),
        "a house-breaking by night at {place}",
        185000,
        "Gold ornaments and cash",
    ),
    Case(
        (("IPC", "420"),),
        (("BNS", "318(4)"),),
        "cheating by a caller posing as a bank officer",
        96500,
        "Money transferred by UPI",
    ),
    Case(
        # Hurt with a weapon (cognizable): simple hurt, insult and threat alone are non-cognizable (NCR).
        (("IPC", "324"), ("IPC", "504"), ("IPC", "506")),
        (("BNS", "118(1)"), ("BNS", "352"), ("BNS", "351(2)")),
        "a quarrel over a boundary wall at {place}, in which I was hit with an iron rod",
    ),
    Case((("IPC", "498A"),), (("BNS", "85"),), "cruelty by the husband and in-laws for dowry"),
    Case(
        (("IPC", "279"), ("IPC", "304A")),
        (("BNS", "281"), ("BNS", "106(1)")),
        "a fatal road accident near {place}",
    ),
    Case(
        (("IPC", "392"),),
        (("BNS", "309(4)"),),
        "robbery of a mobile phone at knife point near {place}",
        22000,
        "Mobile phone",
    ),
    Case((("IPC", "363"),), (("BNS", "137(2)"),), "the kidnapping of a minor boy from {place}"),
    Case(
        (("IPC", "302"), ("IPC", "34")),
        (("BNS", "103(1)"), ("BNS", "3(5)")),
        "a murder at {place} after a long-standing dispute",
    ),
    Case((("IPC", "376"),), (("BNS", "64(1)"),), "a sexual assault on a young woman"),
)
PEOPLE = (
    ("Ramesh Chandra Gupta", "Suresh Chandra Gupta", "M", 46),
    ("सुनीता देवी", "राम प्रसाद वर्मा", "F", 38),
    ("Mohd. Irfan Qureshi", "Mohd. Salim Qureshi", "M", 29),
    ("Priya Sharma", "Vinod Sharma", "F", 24),
    ("राजेश कुमार यादव", "हरि शंकर यादव", "M", 52),
    ("Kavita Singh", "Ajay Pratap Singh", "F", 33),
    ("Gurpreet Singh Bedi", "Harbhajan Singh Bedi", "M", 41),
    ("फ़ातिमा बेगम", "अब्दुल रशीद", "F", 57),
)
PLACES = (
    "Sahu Cinema, Hazratganj",
    "Kapoorthala crossing",
    "Narhi market",
    "Lalbagh park",
    "Aminabad, Gwynne Road",
)
# Sexual-offence FIRs read as such complaints do: what happened, when and where, the medical
# examination and who was told; no more detail than the FIR needs (the statement under BNSS 183
# is recorded separately, by a woman officer, and the victim is recorded as a person).
SEXUAL_NARRATIVE = (
    "I, {name}, aged {age}, state that on the evening of the date above I was walking home from work "
    "near {place} when the accused, whom I know by sight from the neighbourhood, stopped me, pulled me "
    "into an unlit shed behind the shops and forcibly committed rape on me. He threatened to kill me if I "
    "told anyone and ran away when a passer-by called out. I reached home and told my family. My clothes "
    "have been kept as they were. I request that my medical examination be done and that a case be "
    "registered against the accused."
)
CHILD_NARRATIVE = (
    "I, {name}, state that my daughter {child}, aged {age}, a student of class 9, did not return from her "
    "tuition class near {place} on the evening of the date above. She came home two hours late, frightened, "
    "and told me and her aunt that the accused, who runs a shop on the way, had taken her inside on the "
    "pretext of giving her a book and sexually assaulted her, and threatened her not to tell anyone. I "
    "request that a case be registered, her medical examination be arranged and the accused be arrested."
)
SEXUAL_CONTINUATION = (
    "She was taken to the women's help desk of the station and her statement will be recorded by a woman "
    "officer. The place was shown to the police the same night. The accused is known by sight and can be "
    "identified. "
)
CHILD_VICTIMS = (("Anjali", "अंजलि"), ("Ruby", "रूबी"), ("Khushi", "ख़ुशी"))
LONG_NARRATIVE_PARAGRAPH = (
    "On the date mentioned above I was at my shop with my younger brother when the persons named below came in "
    "a white car. They began abusing us and demanded the money that they claimed was owed to them for the plot. "
    "When we refused, they threatened to kill us and broke the glass counter. Neighbours gathered and the persons "
    "left in their car, saying they would come back. "
)


PLATE_SERIES = "ABCDEFGHJKLMNPRSTUVWXZ"  # letters used in registration series (no I, O, Q, Y)


def _plate(occurred: datetime, place: str) -> str:
    """A Lucknow (UP 32) registration number derived from the case, leaving the seeded draws alone."""
    digest = hashlib.sha256(f"{occurred.isoformat()}|{place}".encode()).digest()
    series = PLATE_SERIES[digest[0] % len(PLATE_SERIES)] + PLATE_SERIES[digest[1] % len(PLATE_SERIES)]
    return f"UP32 {series} {int.from_bytes(digest[2:4], 'big') % 9000 + 1000}"


def _values(case: Case, person: tuple[str, str, str, int], place: str, occurred: datetime, received: datetime,
            gd_id: str, bns: bool, rng: random.Random, long_text: bool) -> dict[str, Any]:  # fmt: skip
    name, relative, sex, age = person
    sections = case.sections_bns if bns else case.sections_ipc
    sexual = "64(1)" in str(sections) or "376" in str(sections)
    child = sexual and occurred.day % 2 == 0  # about half the rape FIRs: a girl, reported by her parent
    paragraph = SEXUAL_CONTINUATION if sexual else LONG_NARRATIVE_PARAGRAPH
    if child:
        latin, devanagari = CHILD_VICTIMS[occurred.day % len(CHILD_VICTIMS)]
        surname = name.split()[-1]
        victim = f"{devanagari if has_devanagari(name) else latin} {surname}"
        sections = (("BNS", "65(1)"), ("POCSO", "4")) if bns else (("IPC", "376"), ("POCSO", "4"))
        opening = CHILD_NARRATIVE.format(name=name, child=victim, age=15, place=place)
    elif sexual:
        opening = SEXUAL_NARRATIVE.format(name=name, age=age, place=place)
    else:
        opening = f"I, {name}, report {case.summary.format(place=place)}. "
    narrative = opening + (
        "It happened as described below.\n\n" + "\n\n".join([paragraph] * 40) if long_text else
        ("" if sexual else "I request that a case be registered and action taken.")
    )  # fmt: skip
    values: dict[str, Any] = {
        "acts_sections": [{"act": act, "section": sec} for act, sec in sections],
        "occurrence_from": iso_ist(occurred),
        "occurrence_to": iso_ist(occurred + timedelta(minutes=rng.choice((15, 40, 90)))),
        "info_received_at": iso_ist(received),
        "gd_entry": gd_id,
        "info_type": rng.choice(("written", "oral")),
        "place_direction_distance": f"{rng.choice(('North', 'East', 'South-west'))}, {rng.randint(1, 6)} km",
        "beat_no": str(rng.randint(1, 9)),
        "place_address": f"{place}, Lucknow",
        "complainant_name": name,
        "complainant_relative_kind": "father" if sex == "M" else rng.choice(("father", "husband")),
        "complainant_relative_name": relative,
        "complainant_age": age,
        "complainant_sex": sex,
        "complainant_nationality": "Indian",
        "complainant_present_address": f"{rng.randint(1, 400)}/{rng.randint(1, 20)}, {place}, Lucknow",
        "complainant_mobile": f"9{rng.randint(100000000, 999999999)}",
        "accused": [{"status": "unknown"}] if rng.random() < 0.5 else [
            {"status": "known", "name": rng.choice(("Pappu alias Pradeep", "Raju Khan", "मनोज तिवारी")), "age": rng.randint(19, 50),
             "sex": "M", "address": "Daliganj, Lucknow"}
        ],
        "narrative": narrative,
        "action_taken": "investigating",
    }  # fmt: skip
    if case.property_value and case.property_text.startswith("Motorcycle"):
        # A stolen vehicle with its number, so searching "UP32" finds these FIRs on a training desk.
        values["properties"] = [{"category": "Vehicle", "type": "Motorcycle", "value": str(case.property_value),
                                 "description": f"Hero Splendor, black, {_plate(occurred, place)}"}]  # fmt: skip
    elif case.property_value:
        values["properties"] = [
            {"category": "Property", "description": case.property_text, "value": str(case.property_value)}
        ]
    if child:
        values.update(
            victim_name=victim, victim_relative_name=name, victim_age=15, victim_sex="F",
            victim_address=values["complainant_present_address"],
        )  # fmt: skip
    elif sexual:
        values["complainant_is_victim"] = True
    return values


def seed_firs(diary: DiaryService, firs: FirService, events: FirEventService, clock: SteppingClock,
              sho: Actor, count: int = 36, seed: int = 2026,
              after_registration: Callable[[FirRecord, int], None] | None = None) -> list[FirRecord]:  # fmt: skip
    """Register ``count`` practice FIRs between January 2024 and ``clock``'s end time.

    ``after_registration`` runs with the clock at each FIR's registration, so investigation records
    can follow it in time order.
    """
    registered_firs: list[FirRecord] = []
    rng = random.Random(seed)
    end = clock.current
    start = datetime(2024, 1, 8, 4, 30, tzinfo=UTC)
    step = (end - start - timedelta(days=2)) / max(1, count)
    for index in range(count):
        registered = start + step * index + timedelta(minutes=rng.randint(0, 600))
        occurred = registered - timedelta(hours=rng.choice((3, 9, 20, 40)))
        received = registered - timedelta(minutes=rng.randint(25, 50))
        bns = occurred.astimezone(IST).date() >= datetime(2024, 7, 1).date()
        case = CASES[index % len(CASES)]
        person = PEOPLE[index % len(PEOPLE)]
        place = PLACES[index % len(PLACES)]
        clock.current = received + timedelta(minutes=5)
        gd = diary.add_entry(
            sho,
            {
                "kind": "complaint_received",
                "entry_at": iso_ist(clock.current),
                "subject": f"Complaint of {person[0]}",
                "details": f"{person[0]} came to the station and reported {case.summary.format(place=place)}.",
            },
        )
        values = _values(case, person, place, occurred, received, gd.id, bns, rng, long_text=index % 12 == 5)
        zero = index % 15 == 7
        if zero:
            values.update(
                outside_limits=True,
                outside_station="Chinhat",
                outside_district="Lucknow",
                outside_state="Uttar Pradesh",
            )
        clock.current = registered
        if index % 11 == 3:  # an e-FIR, signed by the informant the next morning
            record = firs.receive_efir(sho, values, received)
            clock.current = received + timedelta(hours=16)
            record = firs.record_informant_signature(sho, record.id, clock.current)
            clock.current += timedelta(minutes=20)
        else:
            record = firs.new_draft(sho, values)
        record = firs.register(sho, record.id, record.summary.version)
        if zero:
            clock.current += timedelta(hours=3)
            events.transfer_zero_fir(
                sho, record.id, to_station="Chinhat", to_district="Lucknow", to_state="Uttar Pradesh",
                reference=f"Dak No. {rng.randint(10, 99)}/{clock.current.year}", at=clock.current,
            )  # fmt: skip
        registered_firs.append(record)
        if after_registration is not None:
            after_registration(record, index)
    clock.current = end
    # Two drafts in progress, as a desk would leave them.
    firs.new_draft(sho, {"complainant_name": "अनीता मिश्रा", "narrative": "मेरा पर्स बाज़ार में छीन लिया गया।"})
    firs.new_draft(
        sho, {"complainant_name": "Arvind Nigam", "acts_sections": [{"act": "BNS", "section": "303(2)"}]}
    )
    return registered_firs
