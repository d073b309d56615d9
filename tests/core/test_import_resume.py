"""kill -9 in the middle of an import, then the same import again: it resumes after the last
committed batch, nothing is half-written, nothing is added twice, and every good row is there."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from station_app.core.clock import SystemClock
from station_app.core.keys import KeyStore
from station_app.core.models import AuditEntry, Fir, OutboxEntry
from station_app.core.models.legacy import ImportJob, ImportProblem, LegacySource
from station_app.core.runtime import StationServices, open_services
from tests.conftest import SHO, SHO_PASSWORD
from tests.fixtures.import_files import fir_rows, write_csv

ROOT = Path(__file__).resolve().parents[2]
ROWS, BATCH = 2400, 40
BAD = {7, 500, 1333, 2222}  # rows (by index) carrying a BNS section on a 2019 offence


def _counts(svc: StationServices) -> dict[str, int]:
    with svc.db.read() as s:

        def count(query: object) -> int:
            return int(s.scalar(query) or 0)  # type: ignore[call-overload]

        return {
            "fir": count(select(func.count()).select_from(Fir)),
            "distinct": count(select(func.count(func.distinct(Fir.number))).select_from(Fir)),
            "source": count(select(func.count()).select_from(LegacySource)),
            "queued": count(
                select(func.count()).select_from(OutboxEntry).where(OutboxEntry.op_name == "register_fir")
            ),
            "audit": count(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "fir.digitise")
            ),
            "problems": count(select(func.count(func.distinct(ImportProblem.row)))),
        }


@pytest.mark.slow
@pytest.mark.parametrize("round_no", range(3))
def test_kill_9_mid_import_then_resume(
    station: StationServices, keystore: KeyStore, tmp_path: Path, round_no: int
) -> None:
    rows = list(fir_rows(ROWS))
    for i in BAD:
        rows[i]["acts_sections"] = "BNS 303(2)"
    path = write_csv(tmp_path / "register.csv", "fir", rows)
    data_dir = station.data_dir
    station.close()
    rng = random.Random(round_no)
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.fixtures.import_files.child", str(data_dir.root), SHO.username, SHO_PASSWORD,
         str(path), str(BATCH)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdout is not None and child.stderr is not None
    with child:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        wanted = rng.randint(3, ROWS // BATCH - 10)
        acked = 0
        while acked < wanted * BATCH:
            line = child.stdout.readline().strip()
            assert line.startswith("done "), line + child.stderr.read()
            acked = int(line.split()[1])
        time.sleep(rng.uniform(0, 0.05))  # somewhere inside a later batch
        os.kill(child.pid, signal.SIGKILL)
        child.wait()

    svc = open_services(data_dir, keystore, SystemClock())
    try:
        with svc.db.read() as s:
            job = s.scalar(select(ImportJob))
            assert job is not None and job.status == "running"
            committed = job.rows_done
        assert committed >= acked and committed % BATCH == 0 and committed < ROWS
        before = _counts(svc)
        bad_before = sum(1 for i in BAD if i < committed)
        # Nothing half-written: every FIR has its source, its audit entry and its outbox command.
        assert (
            before["fir"] == before["source"] == before["queued"] == before["audit"] == committed - bad_before
        )
        assert before["problems"] == bad_before

        sho = svc.accounts.login(SHO.username, SHO_PASSWORD)
        summary = svc.imports.run(sho, path, batch_rows=BATCH)
        assert summary.resumed_from == committed and summary.rows_read == ROWS
        assert (summary.imported, summary.problem_rows) == (ROWS - len(BAD), len(BAD))
        after = _counts(svc)
        assert after == {"fir": ROWS - len(BAD), "distinct": ROWS - len(BAD), "source": ROWS - len(BAD),
                         "queued": ROWS - len(BAD), "audit": ROWS - len(BAD), "problems": len(BAD)}  # fmt: skip
        with svc.db.read() as s:
            numbers = set(s.scalars(select(Fir.number)))
            payload_ids = [
                json.loads(p)["fir_id"]
                for p in s.scalars(select(OutboxEntry.payload).where(OutboxEntry.op_name == "register_fir"))
            ]
        assert numbers == {i + 1 for i in range(ROWS) if i not in BAD}
        assert len(payload_ids) == len(set(payload_ids))
        assert svc.imports.run(sho, path).previously_completed
        assert _counts(svc) == after
        assert svc.station.check_integrity().ok
    finally:
        svc.close()
