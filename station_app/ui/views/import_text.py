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


def summary_text(s: ImportSummary) -> str:
    kind = KIND_NAMES[s.kind]
    if s.dry_run:
        text = (
            f"Dry run of {s.file_name} ({kind}): {s.rows_read:,} rows read. {s.imported:,} would be imported, "
            f"{s.already_present:,} are already in the app, {s.problem_rows:,} have problems (below). "
            "Nothing was written."
        )
    elif s.previously_completed:
        text = f"{s.file_name} ({kind}) was imported completely before: nothing was added."
    else:
        resumed = (
            f" Resumed after row {s.resumed_from:,} of an earlier, interrupted import."
            if s.resumed_from
            else ""
        )
        text = (
            f"Imported {s.file_name} ({kind}): {s.rows_read:,} rows. {s.imported:,} records added, "
            f"{s.already_present:,} were already in the app, {s.problem_rows:,} rows with problems were left out "
            f"(below): fix them and import again.{resumed}"
        )
    return " ".join([text, *s.notes])
