"""What an import reports as it goes (progress) and at the end (summary), and the duplicate index."""

from __future__ import annotations

import time
import zlib
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from station_app.core.importers.readers import RawRow
from station_app.core.importers.report import Problem
from station_app.core.importers.spec import Kind

FIRST_PROBLEMS = 100  # kept in the summary for display; the report file has them all


@dataclass(frozen=True)
class ImportProgress:
    rows_done: int
    total: int
    rate: float  # rows per second in this run
    seconds_left: float | None

    @property
    def fraction(self) -> float:
        return min(1.0, self.rows_done / self.total) if self.total else 1.0


ProgressCallback = Callable[[ImportProgress], None]


@dataclass
class Tally:
    """The outcome of one batch, applied to the summary only once its transaction has committed."""

    imported: int = 0
    present: int = 0
    problems: list[tuple[RawRow, list[Problem]]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # rows imported all the same (history from paper)

    def count(self, outcome: Literal["imported", "present"]) -> None:
        if outcome == "imported":
            self.imported += 1
        else:
            self.present += 1

    def merge(self, other: Tally) -> Tally:
        self.imported += other.imported
        self.present += other.present
        self.problems += other.problems
        self.warnings += other.warnings
        return self


@dataclass
class ImportSummary:
    kind: Kind
    file_name: str
    sha256: str
    dry_run: bool
    rows_read: int = 0
    imported: int = 0  # for a dry run: rows that would be imported
    already_present: int = 0
    problem_rows: int = 0
    first_problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # the first of the rows imported with a warning
    warning_rows: int = 0
    resumed_from: int = 0  # data rows a resumed import did not read again
    imported_before: int = 0  # of ``imported``: added by the interrupted run(s) a resumed import went on from
    previously_completed: bool = False
    seconds: float = 0.0
    report_path: Path | None = None

    @property
    def all_good(self) -> bool:
        return self.problem_rows == 0

    def add(self, tally: Tally, rows: int) -> None:
        self.rows_read += rows
        self.imported += tally.imported
        self.already_present += tally.present
        for _raw, problems in tally.problems:
            self.problem_rows += 1
            room = FIRST_PROBLEMS - len(self.first_problems)
            self.first_problems += problems[: max(0, room)]
        self.warning_rows += len({w.row for w in tally.warnings})
        self.warnings += tally.warnings[: max(0, FIRST_PROBLEMS - len(self.warnings))]


class KeyIndex:
    """Which row first used each (year, number) in this file: 8 bytes per number, however long the file."""

    def __init__(self) -> None:
        self._rows: dict[int, array[int]] = {}
        self._prints: dict[int, array[int]] = {}

    def add(self, key: tuple[int, int], row: int, fingerprint: int) -> tuple[int, bool] | None:
        """None the first time; else (the earlier row, whether it was the very same row)."""
        year, number = key
        rows = self._rows.setdefault(year, array("I"))
        prints = self._prints.setdefault(year, array("I"))
        if number >= len(rows):
            grow = max(number + 1 - len(rows), len(rows))
            rows.extend(array("I", [0]) * grow)
            prints.extend(array("I", [0]) * grow)
        if rows[number]:
            return rows[number], prints[number] == fingerprint
        rows[number], prints[number] = row, fingerprint
        return None


def fingerprint(raw: RawRow) -> int:
    return zlib.crc32("\x1f".join(raw.original).encode("utf-8"))


def batches(rows: Iterator[RawRow], size: int) -> Iterator[list[RawRow]]:
    batch: list[RawRow] = []
    for raw in rows:
        batch.append(raw)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def report_progress(
    callback: ProgressCallback | None, done: int, total: int, started: float, this_run: int
) -> None:
    if callback is None:
        return
    elapsed = max(time.monotonic() - started, 1e-6)
    rate = this_run / elapsed
    left = (total - done) / rate if rate > 0 and total >= done else None
    callback(ImportProgress(done, total, rate, left))
