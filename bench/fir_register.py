"""The FIR register over many FIRs: first screen and filters, ours vs the bare SQL on the same file."""

from __future__ import annotations

from pathlib import Path

from bench.common import Result, median_ms
from bench.generator import generate_firs
from bench.station import bench_station
from station_app.core.services.fir_register import RegisterQuery

PAGE = 50


def run(workdir: Path, quick: bool) -> list[Result]:
    count = 20_000 if quick else 200_000
    repeats = 5 if quick else 9
    svc, sho = bench_station(workdir)
    try:
        generate_firs(svc.db, count, officer_id=sho.officer_id, station_code="UP-LKO-0042")
        raw = svc.db.engine.raw_connection()
        cur = raw.cursor()

        def first_screen_ours() -> None:
            q = RegisterQuery()
            svc.fir_register.count(sho, q)
            svc.fir_register.page(sho, q, 0, PAGE)

        def first_screen_raw() -> None:
            cur.execute("SELECT count(*) FROM fir WHERE status != 'draft'").fetchall()
            cur.execute(
                "SELECT * FROM fir WHERE status != 'draft' ORDER BY year DESC, number DESC, id DESC LIMIT ?",
                (PAGE,),
            ).fetchall()

        def name_filter_ours() -> None:
            q = RegisterQuery(name="Qureshi")
            svc.fir_register.count(sho, q)
            svc.fir_register.page(sho, q, 0, PAGE)

        def name_filter_raw() -> None:
            where = "status != 'draft' AND (complainant_name LIKE ? OR accused_names LIKE ?)"
            cur.execute(f"SELECT count(*) FROM fir WHERE {where}", ("%Qureshi%",) * 2).fetchall()
            cur.execute(
                f"SELECT * FROM fir WHERE {where} ORDER BY year DESC, number DESC, id DESC LIMIT ?",
                ("%Qureshi%", "%Qureshi%", PAGE),
            ).fetchall()

        def section_filter_ours() -> None:
            q = RegisterQuery(act="BNS", section="85", year=2025)
            svc.fir_register.count(sho, q)
            svc.fir_register.page(sho, q, 0, PAGE)

        def section_filter_raw() -> None:
            where = (
                "status != 'draft' AND year = 2025 AND EXISTS (SELECT 1 FROM fir_section s "
                "WHERE s.fir_id = fir.id AND s.act = 'BNS' AND s.section = '85')"
            )
            cur.execute(f"SELECT count(*) FROM fir WHERE {where}").fetchall()
            cur.execute(
                f"SELECT * FROM fir WHERE {where} ORDER BY year DESC, number DESC, id DESC LIMIT ?", (PAGE,)
            ).fetchall()

        results = []
        for label, ours, base in (
            ("first screen (count + 50 rows)", first_screen_ours, first_screen_raw),
            ("name filter 'Qureshi'", name_filter_ours, name_filter_raw),
            ("act/section + year filter", section_filter_ours, section_filter_raw),
        ):
            results.append(
                Result(
                    f"FIR register over {count:,} FIRs: {label}",
                    round(median_ms(ours, repeats), 2),
                    "same SQL on the raw connection",
                    round(median_ms(base, repeats), 2),
                    "ms (median)",
                    repeats,
                )
            )
        raw.close()
        return results
    finally:
        svc.close()
