"""The problem report: one line per row that needs fixing, as CSV that Excel opens and the app re-imports.

Each line gives the row number, the column(s), the problem(s) and the suggestion(s), then the row's
own values under the file's own headers. Fix the values in place, delete the four report columns or
leave them (a re-import ignores them), and import the report file: its header is the template's.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from station_app.core.formula_cells import neutralise
from station_app.core.outputs import OutputFiles

REPORT_HEADERS = (
    "Row / पंक्ति [report_row]",
    "Column / स्तंभ [report_column]",
    "Problem / समस्या [report_problem]",
    "Suggestion / सुझाव [report_suggestion]",
)


@dataclass(frozen=True)
class Problem:
    row: int  # as a spreadsheet program shows it; 0 for the file as a whole
    column: str  # the column's English label, or "" for the whole row
    problem: str
    suggestion: str = ""

    def describe(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        column = f", {self.column}" if self.column else ""
        tail = f" {self.suggestion}" if self.suggestion else ""
        return f"{where}{column}: {self.problem}{tail}"


class ReportWriter:
    """Writes the report as rows arrive (so a huge file never needs its problems held in memory).

    To a file through the output gate (never into the data folder, an existing file only replaced
    when ``replace``; a temporary file renamed at the end), or to an open binary ``sink`` the caller
    owns (the app keeps a dry run's report in memory until the officer saves it). Every cell goes
    through ``neutralise``: a value from the file such as ``=HYPERLINK(...)`` stays text in Excel.
    """

    def __init__(
        self,
        target: Path | BinaryIO,
        headers: Iterable[str],
        outputs: OutputFiles | None = None,
        *,
        replace: bool = False,
    ) -> None:
        self._stack = contextlib.ExitStack()
        if isinstance(target, Path):
            if outputs is None:
                raise TypeError("a report written to a file needs the output gate")
            sink = self._stack.enter_context(outputs.open(target, what="The problem report", replace=replace))
        else:
            sink = target
        self._text = io.TextIOWrapper(sink, encoding="utf-8-sig", newline="", write_through=False)
        self._csv = csv.writer(self._text)
        self._write([*REPORT_HEADERS, *headers])
        self.rows = 0

    def _write(self, cells: Iterable[str]) -> None:
        self._csv.writerow([neutralise(cell) for cell in cells])

    def add(self, problems: list[Problem], original: tuple[str, ...]) -> None:
        if not problems:
            return
        self._write(
            [
                str(problems[0].row or ""),
                "\n".join(p.column for p in problems),
                "\n".join(p.problem for p in problems),
                "\n".join(p.suggestion for p in problems),
                *original,
            ]
        )
        self.rows += 1

    def close(self) -> None:
        self._text.flush()
        self._text.detach()  # the sink stays open for its owner (or for the gate's fsync and rename)
        self._stack.close()

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self.close()
        else:
            self._stack.__exit__(kind, value, tb)  # the temporary file is removed; the target untouched


def group_by_row(problems: Iterable[Problem]) -> Iterator[tuple[int, list[Problem]]]:
    """Consecutive problems of the same row together (the input is in row order)."""
    current: list[Problem] = []
    for problem in problems:
        if current and current[0].row != problem.row:
            yield current[0].row, current
            current = []
        current.append(problem)
    if current:
        yield current[0].row, current
