"""The words of the import screen: the kinds of register, the progress line and the summary."""

from __future__ import annotations

from station_app.core.importers.spec import KIND_NAMES, Kind
from station_app.core.importers.summary import ImportProgress, ImportSummary

KIND_CHOICES: tuple[tuple[str, Kind | None], ...] = (
    ("Recognise from the file's header", None),
    ("FIR register", "fir"),
    ("General Diary", "gd"),
    ("Arrest register", "arrest"),
)


def duration(seconds: float) -> str:
    seconds = max(round(seconds), 0)
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {rest:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def progress_text(progress: ImportProgress) -> str:
    """ "4,250 of 10,000 rows · 2,130 rows/s · about 3 s left" """
    parts = [f"{progress.rows_done:,} of {progress.total:,} rows"]
    if progress.rate > 0:
        parts.append(f"{progress.rate:,.0f} rows/s")
    if progress.seconds_left is not None:
        parts.append(f"about {duration(progress.seconds_left)} left")
    return " · ".join(parts)


def counted(number: int, one: str, many: str) -> str:
    """ "1 record", "2,000 records" """
    return f"{number:,} {one if number == 1 else many}"


def _problems_left_out(rows: int) -> str:
    if not rows:
        return ""
    return f" {counted(rows, 'row with problems was', 'rows with problems were')} left out (below): fix them and import again."


def summary_text(s: ImportSummary) -> str:
    kind = KIND_NAMES[s.kind]
    if s.dry_run:
        problems = (
            f"{counted(s.problem_rows, 'has problems', 'have problems')} (below)"
            if s.problem_rows
            else "none has problems"
        )
        text = (
            f"Dry run of {s.file_name} ({kind}): {counted(s.rows_read, 'row', 'rows')} read. "
            f"{s.imported:,} would be imported, {s.already_present:,} {'is' if s.already_present == 1 else 'are'} "
            f"already in the app, {problems}. Nothing was written."
        )
    elif s.previously_completed:
        text = f"{s.file_name} ({kind}) was imported completely before: nothing was added."
    elif s.resumed_from:
        # The counts are of the whole file; the officer wants to know what this run added.
        now = s.imported - s.imported_before
        text = (
            f"Imported {s.file_name} ({kind}): {counted(s.rows_read, 'row', 'rows')}. Resumed after row "
            f"{s.resumed_from:,} of an earlier, interrupted import: {counted(now, 'record', 'records')} added now, "
            f"{s.imported_before:,} added by the earlier import, {s.already_present:,} already in the app before."
            f"{_problems_left_out(s.problem_rows)}"
        )
    else:
        text = (
            f"Imported {s.file_name} ({kind}): {counted(s.rows_read, 'row', 'rows')}. "
            f"{counted(s.imported, 'record', 'records')} added, {s.already_present:,} "
            f"{'was' if s.already_present == 1 else 'were'} already in the app."
            f"{_problems_left_out(s.problem_rows)}"
        )
    return " ".join([text, *s.notes])
