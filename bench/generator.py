"""District-scale synthetic data: many FIRs written straight into a station database.

Rows go in with bulk INSERTs (no audit entries, no GD entries): this data exists to measure lists and
queries at scale, not to be verified. Names mix Latin and Devanagari like a real register.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from station_app.core.db import Database
from station_app.core.models import Fir, FirSection

FIRST = (
    "Ramesh",
    "Suresh",
    "Sunita",
    "Priya",
    "Mohd.",
    "Gurpreet",
    "Kavita",
    "Rajesh",
    "राम",
    "सीता",
    "अनिल",
    "फ़ातिमा",
)
LAST = (
    "Gupta",
    "Yadav",
    "Singh",
    "Sharma",
    "Qureshi",
    "Verma",
    "Bedi",
    "Mishra",
    "वर्मा",
    "देवी",
    "कुमार",
    "बेगम",
)
SECTIONS = (
    ("BNS", "303(2)"),
    ("BNS", "318(4)"),
    ("BNS", "115(2)"),
    ("BNS", "85"),
    ("BNS", "281"),
    ("IPC", "379"),
    ("IPC", "420"),
)


def generate_firs(db: Database, count: int, *, officer_id: str, station_code: str, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = datetime(2019, 1, 1, tzinfo=UTC)
    span = (datetime(2026, 11, 1, tzinfo=UTC) - start).total_seconds()
    per_year: dict[int, int] = {}
    batch_f: list[dict[str, object]] = []
    batch_s: list[dict[str, object]] = []
    moments = sorted(start + timedelta(seconds=rng.random() * span) for _ in range(count))
    with db.write() as session:
        for when in moments:
            year = when.year
            per_year[year] = per_year.get(year, 0) + 1
            act, section = rng.choice(SECTIONS)
            fid = str(uuid.UUID(int=rng.getrandbits(128)))
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            batch_f.append(
                {
                    "id": fid, "station_code": station_code, "status": "registered", "source": "station",
                    "series": "FIR", "year": year, "number": per_year[year], "form_version": 1, "draft": "{}",
                    "content": json.dumps({"values": {"complainant_name": name}}), "content_digest": "0" * 64,
                    "registered_at": when, "registered_by": officer_id, "occurrence_from": when - timedelta(hours=5),
                    "complainant_name": name, "accused_names": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "sections_text": f"{act} {section}", "sensitive": False, "created_at": when,
                    "created_by": officer_id, "updated_at": when, "version": 2,
                }
            )  # fmt: skip
            batch_s.append({"fir_id": fid, "act": act, "section": section})
            if len(batch_f) >= 5000:
                session.execute(insert(Fir), batch_f)
                session.execute(insert(FirSection), batch_s)
                batch_f, batch_s = [], []
        if batch_f:
            session.execute(insert(Fir), batch_f)
            session.execute(insert(FirSection), batch_s)
