"""Person search over a district's worth of persons: our SearchService vs a bare FTS5 MATCH.

The generator writes 1,000,000 persons (quick: 100,000) with their search rows in one bulk
transaction, then the index is merged ('optimize'). Each query is typed as an officer would: full
names, partial names (the last word half typed), Devanagari, and the last digits of a phone.

Baseline: the very MATCH expression our service builds for the same text, run bare on the raw
connection with LIMIT 8 (no ranking, no person rows, no session): the floor for any search over this
index, so the ratio is what normalising, ranking and loading the rows cost on top.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench.common import Result, percentile
from bench.person_generator import generate_persons
from bench.station import bench_station
from station_app.core.names.index import candidate_expressions, search_expression
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from station_app.core.services.persons import PersonInput

LIMIT = 8
BARE_SEARCH = "SELECT rowid FROM person_fts WHERE person_fts MATCH ? LIMIT ?"


def _queries(phones: tuple[str, ...]) -> dict[str, list[str]]:
    return {
        "full names": ["Ramesh Yadav", "Mohd Irfan Khan", "Sunita Devi", "Gurpreet Singh", "Fatima Begum "],
        "partial names": ["rame", "mohd irf", "sunita de", "gurp", "Dharmen"],
        "Devanagari": ["रमेश यादव", "सुनीता", "मोहम्मद इरफ़ान", "गुरप्री", "धर्मेंद्र मिश्रा"],
        "phone suffixes": [p[-4:] for p in phones[:3]] + [p[-6:] for p in phones[3:5]],
    }


def _bare(cur: Any, expression: str, limit: int) -> list[Any]:
    return list(cur.execute(BARE_SEARCH, (expression, limit)).fetchall())


def _times(func: Callable[[], object], repeats: int) -> list[float]:
    func()  # warm: statement cache, pages in memory
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def run(workdir: Path, quick: bool) -> list[Result]:
    count = 100_000 if quick else 1_000_000
    repeats = 5 if quick else 15
    svc, sho = bench_station(workdir)
    try:
        made = generate_persons(svc.db, count, officer_id=sho.officer_id, station_code="UP-LKO-0042")
        results = [
            Result(
                f"generate {count:,} persons + search rows (one transaction)",
                round(made.seconds, 1),
                "of which FTS5 indexing",
                round(made.fts_seconds, 1),
                "s",
                1,
                note=f"then 'optimize' merged the index in {made.optimize_seconds:.1f} s",
            )
        ]
        raw = svc.db.engine.raw_connection()
        cur = raw.cursor()
        for label, queries in _queries(made.phones).items():
            ours: list[float] = []
            bare: list[float] = []
            found = 0
            for typed in queries:
                expression = search_expression(typed)
                assert expression is not None, typed
                found += bool(svc.search.search_persons(sho, typed, LIMIT))
                ours += _times(partial(svc.search.search_persons, sho, typed, LIMIT), repeats)
                bare += _times(partial(_bare, cur, expression, LIMIT), repeats)
            for pct in (50, 95):
                results.append(
                    Result(
                        f"person search over {count:,}: {label}, p{pct}",
                        round(percentile(ours, pct), 2),
                        "bare FTS5 MATCH, same expression",
                        round(percentile(bare, pct), 2),
                        f"ms (p{pct})",
                        len(ours),
                        note=f"{len(queries)} queries, {found} with results; median ours {statistics.median(ours):.2f} ms",
                    )
                )
        results += _find_matches(svc, sho, cur, count, repeats)
        raw.close()
        return results
    finally:
        svc.close()


def _find_matches(svc: StationServices, sho: Actor, cur: Any, count: int, repeats: int) -> list[Result]:
    """The duplicate check while a person is being entered (not per keystroke, on leaving a field)."""
    people = [
        PersonInput("Ramesh Yadav", relative_name="Suresh Yadav", birth_year=1970, sex="M"),
        PersonInput("मोहम्मद इरफ़ान ख़ान", relative_name="सलीम ख़ान", age=40, sex="M"),
        PersonInput("Sunita Devi", relative_name="Ramesh", sex="F"),
    ]
    ours: list[float] = []
    bare: list[float] = []
    for person in people:
        ours += _times(partial(svc.persons.find_matches, sho, person), repeats)
        first = candidate_expressions([person.name], person.relative_name, (), ())[0]
        bare += _times(partial(_bare, cur, first, 100), repeats)
    return [
        Result(
            f"find_matches over {count:,}: name + relative + age, p{pct}",
            round(percentile(ours, pct), 2),
            "bare FTS5 MATCH, its first query",
            round(percentile(bare, pct), 2),
            f"ms (p{pct})",
            len(ours),
        )
        for pct in (50, 95)
    ]
