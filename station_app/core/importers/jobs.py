"""Bulk import of a register's spreadsheet: a dry run that reports every problem, and the real import.

The real import streams the file in batches, one transaction each. A row is all or nothing: the
pure checks and the database checks run before anything of it is built, so a bad row is reported
and left out while the good rows around it are written (good rows never wait on bad ones). Should a
batch still fail to write (something no check foresaw), it is rolled back and its rows are retried
one by one, so only the row at fault is lost. The job's progress (rows consumed, counts, problems)
commits in the same transaction as its batch: after a crash or a kill -9, running the same file again
resumes after the last committed batch, and rows written are recognised as present, so nothing is
added twice. A file already imported completely is not read again.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from station_app.core.audit import record_change
from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.importers.readers import RawRow, TableFile, open_table
from station_app.core.importers.report import Problem, ReportWriter, group_by_row
from station_app.core.importers.rows import LegacyFirRow, LegacyRow
from station_app.core.importers.spec import KIND_NAMES, SPECS, Kind
from station_app.core.importers.summary import (
    FIRST_PROBLEMS,
    ImportProgress,
    ImportSummary,
    KeyIndex,
    ProgressCallback,
    Tally,
    batches,
    fingerprint,
    report_progress,
)
from station_app.core.importers.values import CellProblem, parse_int
from station_app.core.models.legacy import ImportJob, ImportProblem
from station_app.core.permissions import Actor, Permission, require
from station_app.core.services.legacy.batch import BatchWriter
from station_app.core.services.legacy.service import LegacyService
from station_app.core.services.legacy.writer import RowConflict, write_row

__all__ = ["ImportProgress", "ImportService", "ImportSummary"]

BATCH_ROWS = 250  # rows per transaction: large enough to amortise the commit, small enough to resume
NUMBER_KEYS: dict[Kind, tuple[str, str]] = {
    "fir": ("fir_year", "fir_number"),
    "gd": ("gd_year", "gd_number"),
    "arrest": ("arrest_year", "arrest_number"),
}
Examined = tuple[RawRow, LegacyRow | None, list[Problem]]


class _RetryAlone(Exception):
    """A batch failed to write for a reason no check foresaw: retry its rows one at a time."""


class ImportService:
    def __init__(self, db: Database, clock: Clock, legacy: LegacyService) -> None:
        self._db = db
        self._clock = clock
        self._legacy = legacy

    # --- the checks every row goes through ---------------------------------------------------------

    def _examine(self, table: TableFile, raw: RawRow, index: KeyIndex) -> Examined:
        """The checks that need no database: the row as read, its cells, and duplicates in the file."""
        spec = SPECS[table.kind]
        if raw.broken is not None:
            return (
                raw,
                None,
                [
                    Problem(
                        raw.number,
                        "",
                        raw.broken,
                        "Copy the complete file again; the rows before it are fine.",
                    )
                ],
            )
        problems = [
            Problem(raw.number, spec.column(key).label_en, f"Cells {ref} are merged, so this cell is empty.",
                    "Unmerge the cells and type the value into every row.")
            for key, ref in raw.merged
        ]  # fmt: skip
        merged = {key for key, _ref in raw.merged}
        row, issues = self._legacy.parse(table.kind, raw.cells)
        problems += [
            Problem(raw.number, spec.column(i.column).label_en if i.column else "", i.problem, i.suggestion)
            for i in issues
            if i.column not in merged and not i.warning  # a warning is kept with the record (row.warnings)
        ]
        if row is not None:
            earlier = index.add(row.key, raw.number, fingerprint(raw))
            if earlier is not None:
                first, same = earlier
                what = f"{KIND_NAMES[table.kind]} {row.number}/{row.year}"
                if same:
                    problems.append(
                        Problem(
                            raw.number,
                            "",
                            f"This row repeats row {first} ({what}).",
                            "Delete one of the two rows.",
                        )
                    )
                else:
                    problems.append(Problem(raw.number, spec.column(NUMBER_KEYS[table.kind][1]).label_en,
                                            f"Row {first} has the same number ({what}) with different details.",
                                            "Check the number and year of both rows in the register."))  # fmt: skip
        return raw, (row if not problems else None), problems

    def _remember_key(self, table: TableFile, raw: RawRow, index: KeyIndex) -> None:
        """Rows a resumed import does not read again still count for the duplicate check."""
        year_key, number_key = NUMBER_KEYS[table.kind]
        try:
            key = (parse_int(raw.cells.get(year_key)), parse_int(raw.cells.get(number_key)))
        except CellProblem:
            return
        index.add(key, raw.number, fingerprint(raw))

    def _write(self, w: BatchWriter, table: TableFile, examined: list[Examined]) -> Tally:
        """Rows that passed the pure checks go through the database checks and into the batch."""
        spec, tally = SPECS[table.kind], Tally()
        w.prefetch([row for _raw, row, _problems in examined if row is not None])
        for raw, row, found in examined:
            problems = found
            if row is not None:
                try:
                    outcome = write_row(w, row)
                    tally.count(outcome)
                    if outcome == "imported" and isinstance(row, LegacyFirRow):
                        label = spec.column("acts_sections").label_en
                        tally.warnings += [Problem(raw.number, label, text) for text in row.warnings]
                except RowConflict as exc:
                    label = spec.column(exc.column).label_en if exc.column in spec.keys else ""
                    problems = [Problem(raw.number, label, exc.message, exc.suggestion)]
            if problems:
                tally.problems.append((raw, problems))
        return tally

    # --- dry run ---------------------------------------------------------------------------------------

    def dry_run(
        self, actor: Actor, path: Path, *, kind: Kind | None = None, report: Path | None = None,
        progress: ProgressCallback | None = None, batch_rows: int = BATCH_ROWS,
    ) -> ImportSummary:  # fmt: skip
        """Every problem of every row, and what would be imported, with nothing written."""
        require(actor, Permission.DIGITISE_LEGACY)
        table = open_table(path, kind)
        summary = ImportSummary(table.kind, path.name, table.sha256, True, notes=list(table.notes))
        started = time.monotonic()
        index = KeyIndex()
        with contextlib.ExitStack() as stack:
            writer = stack.enter_context(ReportWriter(report, table.headers)) if report is not None else None
            for batch in batches(table.rows(), batch_rows):
                with self._db.read() as session:
                    probe = BatchWriter(session, self._legacy.context(session, actor), probe=True)
                    tally = self._write(probe, table, [self._examine(table, raw, index) for raw in batch])
                summary.add(tally, len(batch))
                for raw, problems in tally.problems:
                    if writer is not None:
                        writer.add(problems, raw.original)
                report_progress(progress, summary.rows_read, table.estimated_rows, started, summary.rows_read)
        summary.report_path = report
        summary.seconds = time.monotonic() - started
        # Nothing of the file is written, but the records it was checked against were read: who did.
        with self._db.write() as session:
            record_change(session, actor=actor.audit, at=self._clock.now(), action="import.dry_run",
                          entity_type="import_job", entity_id=table.sha256,
                          summary=f"{table.kind} {path.name} ({summary.rows_read} rows)"[:200])  # fmt: skip
        return summary

    # --- the real import ---------------------------------------------------------------------------

    def run(
        self, actor: Actor, path: Path, *, kind: Kind | None = None, report: Path | None = None,
        progress: ProgressCallback | None = None, batch_rows: int = BATCH_ROWS,
    ) -> ImportSummary:  # fmt: skip
        """Import the file; resume it if it was interrupted; do nothing if it was imported before."""
        require(actor, Permission.DIGITISE_LEGACY)
        table = open_table(path, kind)
        summary = ImportSummary(table.kind, path.name, table.sha256, False, notes=list(table.notes))
        started = time.monotonic()
        job = self._start_job(actor, table, path)
        summary.rows_read, summary.resumed_from = job.rows_done, job.rows_done
        summary.imported_before = job.imported
        summary.imported, summary.already_present, summary.problem_rows = (
            job.imported,
            job.already_present,
            job.problem_rows,
        )
        if job.status == "done":
            summary.previously_completed, summary.resumed_from = True, 0
        else:
            self._import_rows(actor, table, summary, started, progress, batch_rows)
        if summary.problem_rows and not summary.first_problems:
            summary.first_problems = self.problems(actor, table.sha256, limit=FIRST_PROBLEMS)
        if report is not None:
            self.write_report(actor, table, report)
            summary.report_path = report
        summary.seconds = time.monotonic() - started
        return summary

    def _start_job(self, actor: Actor, table: TableFile, path: Path) -> ImportJob:
        now = self._clock.now()
        with self._db.write() as session:
            job = session.get(ImportJob, table.sha256)
            if job is None:
                job = ImportJob(
                    file_sha256=table.sha256, kind=table.kind, file_name=path.name[-300:], status="running",
                    total_rows=table.estimated_rows, rows_done=0, imported=0, already_present=0, problem_rows=0,
                    officer_id=actor.officer_id, started_at=now, updated_at=now,
                )  # fmt: skip
                session.add(job)
                record_change(session, actor=actor.audit, at=now, action="import.start", entity_type="import_job",
                              entity_id=table.sha256, summary=f"{table.kind} {path.name} ({table.estimated_rows} rows)"[:200])  # fmt: skip
            else:  # resumed after an interruption, or run again after it was done: by whom, too
                action = "import.again" if job.status == "done" else "import.resume"
                record_change(session, actor=actor.audit, at=now, action=action, entity_type="import_job",
                              entity_id=table.sha256, summary=f"{table.kind} {path.name} after row {job.rows_done}"[:200])  # fmt: skip
            return job

    def _import_rows(
        self, actor: Actor, table: TableFile, summary: ImportSummary, started: float,
        progress: ProgressCallback | None, batch_rows: int,
    ) -> None:  # fmt: skip
        index = KeyIndex()
        rows = table.rows()
        for _ in range(summary.resumed_from):  # rows written before an interruption: only their numbers
            raw = next(rows, None)
            if raw is not None:
                self._remember_key(table, raw, index)
        this_run = 0
        for batch in batches(rows, batch_rows):
            examined = [self._examine(table, raw, index) for raw in batch]
            try:
                self._commit(actor, table, summary, examined)
            except _RetryAlone:
                for item in examined:
                    try:
                        self._commit(actor, table, summary, [item])
                    except _RetryAlone as failed:
                        problem = Problem(item[0].number, "", f"This row could not be saved ({failed}).",
                                          "Import the file again; if it recurs, tell the district IT admin.")  # fmt: skip
                        self._commit(actor, table, summary, [(item[0], None, [problem])])
            this_run += len(batch)
            report_progress(
                progress, summary.rows_read, max(table.estimated_rows, summary.rows_read), started, this_run
            )
        now = self._clock.now()
        with self._db.write() as session:
            job = session.get(ImportJob, table.sha256)
            assert job is not None
            job.status, job.finished_at, job.updated_at, job.total_rows = "done", now, now, job.rows_done
            record_change(session, actor=actor.audit, at=now, action="import.finish", entity_type="import_job",
                          entity_id=table.sha256, summary=(f"{job.rows_done} rows: {job.imported} imported, "
                          f"{job.already_present} already present, {job.problem_rows} with problems"))  # fmt: skip

    def _commit(
        self, actor: Actor, table: TableFile, summary: ImportSummary, examined: list[Examined]
    ) -> None:
        """One transaction: the rows, their audit entries and outbox commands, the problems, the progress."""
        with self._db.write() as session:
            writer = BatchWriter(session, self._legacy.context(session, actor, table.sha256))
            tally = self._write(writer, table, examined)
            try:
                writer.finish()
            except IntegrityError as exc:
                raise _RetryAlone(type(exc.orig).__name__) from exc
            session.add_all(
                ImportProblem(job_sha256=table.sha256, row=p.row, seq=i, column=p.column[:60], problem=p.problem,
                              suggestion=p.suggestion)
                for _raw, problems in tally.problems for i, p in enumerate(problems)
            )  # fmt: skip
            job = session.get(ImportJob, table.sha256)
            assert job is not None
            job.rows_done += len(examined)
            job.imported += tally.imported
            job.already_present += tally.present
            job.problem_rows += len(tally.problems)
            job.updated_at = writer.ctx.now
        summary.add(tally, len(examined))  # only now: a rolled-back batch counted for nothing

    # --- problems and the report -------------------------------------------------------------------

    def problems(self, actor: Actor, sha256: str, *, limit: int = 1000, offset: int = 0) -> list[Problem]:
        """The stored problems of an import (for the GUI's list), in row order."""
        require(actor, Permission.VIEW_RECORDS)
        query = (
            select(ImportProblem).where(ImportProblem.job_sha256 == sha256)
            .order_by(ImportProblem.row, ImportProblem.seq).offset(offset).limit(limit)
        )  # fmt: skip
        with self._db.read() as session:
            return [Problem(p.row, p.column, p.problem, p.suggestion) for p in session.scalars(query)]

    def _stored_problems(self, sha256: str, page: int = 2000) -> Iterator[Problem]:
        offset = 0
        while True:
            query = (
                select(ImportProblem).where(ImportProblem.job_sha256 == sha256)
                .order_by(ImportProblem.row, ImportProblem.seq).offset(offset).limit(page)
            )  # fmt: skip
            with self._db.read() as session:
                found = [Problem(p.row, p.column, p.problem, p.suggestion) for p in session.scalars(query)]
            if not found:
                return
            yield from found
            offset += len(found)

    def write_report(self, actor: Actor, table: TableFile, path: Path) -> int:
        """The stored problems of an import with each row's original values (read from the file again)."""
        require(actor, Permission.VIEW_RECORDS)
        file_rows = table.rows()
        current: RawRow | None = None
        with ReportWriter(path, table.headers) as writer:
            for row_number, problems in group_by_row(self._stored_problems(table.sha256)):
                while current is None or current.number < row_number:
                    current = next(file_rows, None)
                    if current is None:
                        break
                original = current.original if current is not None and current.number == row_number else ()
                writer.add(problems, original)
            return writer.rows
