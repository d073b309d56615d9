"""Many synthetic persons written straight into a station database, with their search rows.

Bulk INSERTs in one transaction (no audit entries): this data exists to time searches at district
scale, not to be verified. Names mix Latin and Devanagari as a real register does; the search rows
come from the same functions the person service uses, with a cache per distinct name because a
million persons share a few thousand names.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from station_app.core.db import Database
from station_app.core.names.index import name_columns, phone_column, relative_column

# (Latin, Devanagari) pairs; about a third of persons are written in Devanagari.
MALE = (
    ("Ramesh", "रमेश"), ("Suresh", "सुरेश"), ("Rajesh", "राजेश"), ("Mukesh", "मुकेश"), ("Dinesh", "दिनेश"),
    ("Anil", "अनिल"), ("Sunil", "सुनील"), ("Vijay", "विजय"), ("Ajay", "अजय"), ("Sanjay", "संजय"),
    ("Ram", "राम"), ("Shyam", "श्याम"), ("Mohan", "मोहन"), ("Sohan", "सोहन"), ("Rakesh", "राकेश"),
    ("Deepak", "दीपक"), ("Pradeep", "प्रदीप"), ("Sandeep", "संदीप"), ("Manoj", "मनोज"), ("Santosh", "संतोष"),
    ("Ashok", "अशोक"), ("Vinod", "विनोद"), ("Pramod", "प्रमोद"), ("Arvind", "अरविंद"), ("Govind", "गोविंद"),
    ("Dharmendra", "धर्मेंद्र"), ("Surendra", "सुरेंद्र"), ("Narendra", "नरेंद्र"), ("Mahesh", "महेश"),
    ("Ganesh", "गणेश"), ("Irfan", "इरफ़ान"), ("Imran", "इमरान"), ("Salim", "सलीम"), ("Rashid", "रशीद"),
    ("Gurpreet", "गुरप्रीत"), ("Harpreet", "हरप्रीत"), ("Vikas", "विकास"), ("Amit", "अमित"),
)  # fmt: skip
FEMALE = (
    ("Sunita", "सुनीता"), ("Anita", "अनीता"), ("Kavita", "कविता"), ("Savita", "सविता"), ("Geeta", "गीता"),
    ("Sita", "सीता"), ("Pooja", "पूजा"), ("Priya", "प्रिया"), ("Neha", "नेहा"), ("Rekha", "रेखा"),
    ("Kamla", "कमला"), ("Shabnam", "शबनम"), ("Fatima", "फ़ातिमा"), ("Rubina", "रुबीना"), ("Meena", "मीना"),
    ("Seema", "सीमा"), ("Lakshmi", "लक्ष्मी"), ("Radha", "राधा"), ("Usha", "उषा"), ("Asha", "आशा"),
)  # fmt: skip
SURNAMES = (
    ("Yadav", "यादव"), ("Singh", "सिंह"), ("Sharma", "शर्मा"), ("Verma", "वर्मा"), ("Gupta", "गुप्ता"),
    ("Mishra", "मिश्रा"), ("Tiwari", "तिवारी"), ("Pandey", "पांडेय"), ("Kumar", "कुमार"), ("Khan", "ख़ान"),
    ("Qureshi", "क़ुरैशी"), ("Ansari", "अंसारी"), ("Chauhan", "चौहान"), ("Thakur", "ठाकुर"), ("Rawat", "रावत"),
    ("Maurya", "मौर्य"), ("Pal", "पाल"), ("Jaiswal", "जायसवाल"), ("Srivastava", "श्रीवास्तव"), ("Sinha", "सिन्हा"),
    ("Devi", "देवी"), ("Begum", "बेगम"), ("Kaur", "कौर"), ("Prasad", "प्रसाद"), ("Lal", "लाल"),
)  # fmt: skip
PLACES = (
    "Rampur", "Sitapur", "Hazratganj", "Aminabad", "Chinhat", "Gosainganj", "Mohanlalganj", "Malihabad",
    "Kakori", "Bakshi Ka Talab", "Itaunja", "Mall", "Nigohan", "Sarojini Nagar", "Alambagh", "Madiyaon",
)  # fmt: skip

PERSON_COLUMNS = (
    "id", "search_key", "station_code", "name", "name_alt", "aliases", "relative_name", "relative_relation",
    "dob", "birth_year", "age", "age_on", "birth_year_est", "sex", "present_address", "permanent_address",
    "phones", "id_documents", "photo_sha256", "merged_into", "created_at", "created_by", "updated_at",
    "updated_by", "version",
)  # fmt: skip
BATCH = 20_000


def _cached(func: Callable[[str], tuple[str, ...]]) -> Callable[[str], tuple[str, ...]]:
    cache: dict[str, tuple[str, ...]] = {}

    def wrapper(name: str) -> tuple[str, ...]:
        hit = cache.get(name)
        if hit is None:
            hit = cache[name] = func(name)
        return hit

    return wrapper


def _person(rng: random.Random, key: int) -> tuple[str, str, str, str, int, str]:
    """(name, relative, relation, sex, birth year, address) of one synthetic person."""
    female = rng.random() < 0.35
    first = rng.choice(FEMALE if female else MALE)
    last = rng.choice(SURNAMES)
    father = rng.choice(MALE)
    devanagari = rng.random() < 0.3
    pick = 1 if devanagari else 0
    name = f"{first[pick]} {last[pick]}"
    if not female and first[0] in ("Irfan", "Imran", "Salim", "Rashid") and rng.random() < 0.6:
        name = ("मोहम्मद " if devanagari else rng.choice(("Mohd. ", "Md. ", "Mohammad "))) + name
    relation = "husband" if female and rng.random() < 0.6 else "father"
    relative = f"{father[pick]} {last[pick]}"
    address = f"Village {rng.choice(PLACES)}, Post {rng.choice(PLACES)}, District Lucknow"
    return name, relative, relation, "F" if female else "M", 1940 + rng.randrange(70), address


@dataclass(frozen=True)
class Generated:
    count: int
    seconds: float  # everything: making the rows in Python, both INSERTs, the commit
    fts_seconds: float  # of which inserting the search rows (FTS5 indexing)
    optimize_seconds: float  # merging the index segments afterwards ('optimize')
    phones: tuple[str, ...]  # a sample of the numbers given out, for phone queries


def generate_persons(
    db: Database, count: int, *, officer_id: str, station_code: str, seed: int = 11
) -> Generated:
    """Insert ``count`` persons and their search rows in one transaction (executemany batches)."""
    rng = random.Random(seed)
    names = _cached(lambda n: name_columns([n]))
    relatives = _cached(lambda r: (relative_column(r),))
    now = datetime(2026, 11, 1, tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    samples: list[str] = []
    fts_seconds = 0.0
    started = time.perf_counter()
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("BEGIN IMMEDIATE")
        people: list[tuple[object, ...]] = []
        rows: list[tuple[object, ...]] = []
        placeholders = ", ".join("?" * len(PERSON_COLUMNS))
        person_sql = f"INSERT INTO person ({', '.join(PERSON_COLUMNS)}) VALUES ({placeholders})"
        fts_sql = (
            "INSERT INTO person_fts (rowid, names, keys, skel, relative, phone, docs) "
            "VALUES (?, ?, ?, ?, ?, ?, '')"
        )
        for key in range(1, count + 1):
            name, relative, relation, sex, born, address = _person(rng, key)
            phone = str(rng.choice((6, 7, 8, 9))) + f"{rng.randrange(10**9):09d}"
            if key % max(1, count // 50) == 0:
                samples.append(phone)
            pid = str(uuid.UUID(int=rng.getrandbits(128)))
            people.append(
                (pid, key, station_code, name, "", "[]", relative, relation, None, born, None, None, born,
                 sex, address, "", json.dumps([phone]), "[]", None, None, now, officer_id, now, officer_id, 1)
            )  # fmt: skip
            parts, keys, skel = names(name)
            rows.append((key, parts, keys, skel, relatives(relative)[0], phone_column([phone])))
            if len(people) >= BATCH or key == count:
                cur.executemany(person_sql, people)
                mark = time.perf_counter()
                cur.executemany(fts_sql, rows)
                fts_seconds += time.perf_counter() - mark
                people, rows = [], []
        cur.execute("COMMIT")
        seconds = time.perf_counter() - started
        mark = time.perf_counter()
        cur.execute("INSERT INTO person_fts (person_fts) VALUES ('optimize')")
        optimize_seconds = time.perf_counter() - mark
    finally:
        raw.close()
    return Generated(count, seconds, fts_seconds, optimize_seconds, tuple(samples))
