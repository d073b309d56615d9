"""A training station holds a realistic, verifiable mix of practice records."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from station_app.core.clock import SystemClock
from station_app.core.importers.practice import practice_files
from station_app.core.keys import KeyStore
from station_app.core.paths import DataDir
from station_app.core.runtime import set_up_station
from station_app.core.services.fir_register import RegisterQuery
from station_app.core.services.person_input import PersonInput
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD


def test_training_station_mix(data_dir: DataDir, keystore: KeyStore) -> None:
    outcome = set_up_station(
        data_dir, keystore, SystemClock(), replace(IDENTITY, training=True), SHO, SHO_PASSWORD
    )
    svc = outcome.services
    try:
        sho = svc.accounts.login(SHO.username, SHO_PASSWORD)
        assert svc.station.identity().training
        rows = svc.fir_register.page(sho, RegisterQuery(), 0, 1000)
        records = [svc.firs.get(sho, r.id) for r in rows]
        acts = {s["act"] for r in records for s in r.content["sections"]}  # type: ignore[index]
        assert {"IPC", "BNS"} <= acts
        assert any(r.content["sensitive"] for r in records)  # type: ignore[index]
        assert any(r.summary.zero_fir and r.summary.status == "transferred" for r in records)
        assert any(r.content["source"] == "efir" for r in records)  # type: ignore[index]
        assert any(len(r.values["narrative"]) > 10_000 for r in records)
        assert any(any("\u0900" <= ch <= "\u097f" for ch in r.summary.complainant_name) for r in records)
        for record in records:  # the law in force on the date of occurrence was applied
            act = record.content["sections"][0]["act"]  # type: ignore[index]
            assert (act == "IPC") == (record.values["occurrence_from"] < "2024-07-01")
        assert len(svc.firs.drafts(sho)) == 2
        # Sexual-offence FIRs read as such complaints, never as another case's text, and each victim
        # is a person linked to the FIR (issue 11 §1); some are children reported by a parent.
        sexual = [
            r
            for r in records
            if any(s["section"] in ("64(1)", "65(1)", "376") for s in r.content["sections"])
        ]  # type: ignore[index]
        assert len(sexual) >= 2
        for record in sexual:
            assert (
                "extortion" not in record.values["narrative"]
                and "glass counter" not in record.values["narrative"]
            )
            assert "sexual" in record.values["narrative"] or "rape" in record.values["narrative"]
            assert record.content["victims"] and record.content["victims"][0]["role"] == "victim"  # type: ignore[index]
            assert svc.persons.get(sho, record.content["victims"][0]["person_id"])  # type: ignore[index]
        counts = svc.station.counts()
        assert counts["arrest"] >= 10 and counts["case_diary_entry"] >= 30 and counts["seizure"] >= 5
        # The same man entered twice under two spellings: practice for the duplicate check and merge.
        irfan = svc.persons.find_matches(
            sho, PersonInput(name="Mohd. Irfan Qureshi", relative_name="Mohd. Salim Qureshi")
        )
        assert len([m for m in irfan if m.level in ("likely", "possible")]) >= 2
        svc.search.catch_up()  # as at start-up: stolen motorcycles are found by their number
        vehicles = svc.search.search(sho, "UP32").hits("vehicle")
        assert vehicles and all(h.label.startswith("UP32") for h in vehicles)
        production = [d for d in svc.deadlines.open_deadlines(sho) if d.rule.id == "production_24h"]
        assert [d.state.level for d in production] == ["warning"]  # 20 hours old, red in the last 4
        # Older cases mostly have their final report filed and the informant told; a few are overdue.
        open_clocks = svc.deadlines.open_deadlines(sho)
        overdue_reports = [
            d for d in open_clocks if d.rule.id.startswith("final_report") and d.state.level == "overdue"
        ]
        assert len(overdue_reports) in range(1, 7), [d.subject for d in overdue_reports]
        assert not [d for d in open_clocks if d.rule.id == "progress_to_informant" and d.state.level == "overdue"
                    and d.state.due_at < datetime.now(UTC) - timedelta(days=60)]  # fmt: skip
        # A register already digitised, and a file with the usual mistakes left for the trainee.
        imported, practice = practice_files(data_dir.root)
        assert imported.exists() and practice.exists()
        assert svc.firs.find(sho, 2019, 101).summary.source == "legacy"
        dry = svc.imports.dry_run(sho, practice)
        assert dry.problem_rows >= 5 and dry.imported >= 1  # a dry run: would import the good rows
        assert svc.station.check_integrity().ok
    finally:
        svc.close()
