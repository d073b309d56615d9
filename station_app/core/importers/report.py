"""The problem report: one line per row that needs fixing, as CSV that Excel opens and the app re-imports.

Each line gives the row number, the column(s), the problem(s) and the suggestion(s), then the row's
own values under the file's own headers. Fix the values in place, delete the four report columns or
leave them (a re-import ignores them), and import the report file: its header is the template's.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from station_app.core.errors import OutputFileError

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
    """Writes the report as rows arrive (so a huge file never needs its problems held in memory)."""

    def __init__(self, path: Path, headers: Iterable[str]) -> None:
        self.path = path
        self._tmp = path.with_name(path.name + ".partial")
        try:
            self._handle: IO[str] = self._tmp.open("w", encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise OutputFileError(
                f"The problem report could not be written to {path}: {exc.strerror}.",
                "Check that the folder exists and that this user may write there.",
            ) from exc
        self._csv = csv.writer(self._handle)
        self._csv.writerow([*REPORT_HEADERS, *headers])
        self.rows = 0

    def add(self, problems: list[Problem], original: tuple[str, ...]) -> None:
        if not problems:
            return
        self._csv.writerow(
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
        self._handle.close()
        self._tmp.replace(self.path)

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self.close()
        else:
            self._handle.close()
            self._tmp.unlink(missing_ok=True)


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
