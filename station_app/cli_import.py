"""`station-app import`: templates for typing up paper registers, and bulk import of the filled files.

    station-app import --template fir|gd|arrest -o FILE.csv|FILE.xlsx [--force]
    station-app import FILE [--dry-run] [--report PROBLEMS.csv [--force]] [--kind fir|gd|arrest] --user USER

The officer's password comes from STATION_APP_PASSWORD or a prompt; the import is recorded as that
officer's work and needs the right to digitise legacy records. Running the same file again resumes
an interrupted import and adds nothing twice.

The report and the template are never written into the station's data folder, and an existing
file is replaced only with --force.

Exit codes: 0 every row imported or already present (a dry run: no problems found); 1 some rows have
problems (listed, and written to --report); 2 wrong usage; 16 the report or template could not be
written; 17 the report or template file exists (add --force to replace it); 18 the report or
template path is inside the data folder; 20 sign-in failed (or the password must be changed in the app first); 21 the officer may not digitise records; 22 bad input (no password given);
25 the file cannot be imported at all (not UTF-8, not a template, the wrong template, a required
column missing, a damaged workbook); 3-13 the station database (see station-app --help); 130
interrupted (run the same command again to resume).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING, cast

from station_app.cli_signin import PASSWORD_ENV, add_user_option, password_for, sign_in
from station_app.core.errors import UsageError
from station_app.core.importers.jobs import ImportProgress, ImportSummary
from station_app.core.importers.spec import KIND_NAMES, KINDS, Kind
from station_app.core.importers.templates import write_template
from station_app.core.keys import open_keystore
from station_app.core.outputs import OutputFiles
from station_app.core.runtime import open_services

if TYPE_CHECKING:
    from station_app.cli_context import CliContext

# The sign-in helpers moved to station_app.cli_signin; these names stay for code that imports them here.
__all__ = ["PASSWORD_ENV", "_password", "add_import_commands", "cmd_import", "password_for", "sign_in"]
_password = password_for
EXIT_ALL_GOOD = 0
EXIT_ROWS_WITH_PROBLEMS = 1
SHOWN_PROBLEMS = 20


def _initial(name: str) -> str:
    return name[:1].upper() + name[1:]


class _ProgressLine:
    """One line on stderr, rewritten in place at a terminal, else printed at most every few seconds."""

    def __init__(self, ctx: CliContext) -> None:
        self.err = ctx.err
        self.tty = hasattr(ctx.err, "isatty") and ctx.err.isatty()
        self.last = 0.0

    def __call__(self, p: ImportProgress) -> None:
        now = time.monotonic()
        final = p.rows_done >= p.total
        if not final and now - self.last < (0.5 if self.tty else 5.0):
            return
        self.last = now
        left = f", about {p.seconds_left:.0f} s left" if p.seconds_left is not None and not final else ""
        text = f"{p.rows_done:,} / {p.total:,} rows ({p.fraction:.0%}), {p.rate:,.0f} rows/s{left}"
        self.err.write(f"\r{text:<78}" if self.tty else f"{text}\n")
        if self.tty and final:
            self.err.write("\n")
        self.err.flush()


def _print_summary(ctx: CliContext, s: ImportSummary) -> None:
    ctx.print(f"{_initial(KIND_NAMES[s.kind])} file {s.file_name} (SHA-256 {s.sha256[:16]}…)")
    if s.dry_run:
        ctx.print("Dry run: nothing was written.")
    elif s.previously_completed:
        ctx.print("This file was imported completely before; nothing was added now.")
    elif s.resumed_from:
        ctx.print(f"Resumed an interrupted import after row {s.resumed_from:,} of the data.")
    counts = (
        ("rows read", s.rows_read),
        ("would be imported" if s.dry_run else "imported", s.imported),
        ("already present", s.already_present),
        ("with problems", s.problem_rows),
    )
    for label, count in counts:
        ctx.print(f"  {label + ':':<20}{count:,}")
    for note in s.notes:
        ctx.print(f"Note: {note}")
    if s.first_problems:
        ctx.print(
            f"Problems{' (the first ' + str(SHOWN_PROBLEMS) + ')' if len(s.first_problems) > SHOWN_PROBLEMS else ''}:"
        )
        for problem in s.first_problems[:SHOWN_PROBLEMS]:
            ctx.print(f"  {problem.describe()}")
    if s.warnings:  # paper FIRs kept as history, with what the law says of them today
        ctx.print(f"Warnings ({s.warning_rows:,} row(s), imported all the same as historical records):")
        for warning in s.warnings[:SHOWN_PROBLEMS]:
            ctx.print(f"  {warning.describe()}")
    if s.report_path is not None:
        ctx.print(f"Problem report written to {s.report_path} (fix the rows there and import that file).")
    elif s.problem_rows:
        ctx.print("Add --report PROBLEMS.csv to get every problem with its row's values.")


def cmd_import(ctx: CliContext) -> int:
    a = ctx.args
    if a.template:
        if a.file or not a.output:
            raise UsageError("give the template's file name with -o FILE.csv or FILE.xlsx (and no FILE)")
        path = write_template(a.template, Path(a.output), OutputFiles(ctx.data_dir.root), replace=a.force)
        ctx.print(f"{_initial(KIND_NAMES[cast(Kind, a.template)])} template written to {path}")
        return EXIT_ALL_GOOD
    if not a.file:
        raise UsageError("name the file to import, or use --template to write a template")
    if not a.user:
        raise UsageError("say which officer imports the file: --user USERNAME")
    if a.report:  # refused before the password is asked and the file read, not after an hour of import
        OutputFiles(ctx.data_dir.root).check(Path(a.report), what="The problem report", replace=a.force)
    services = open_services(ctx.data_dir, open_keystore(), ctx.clock)
    try:
        # An officer who may not import hears that; one who may, but must first change the password
        # the SHO set, hears that (both from the import service itself).
        actor = sign_in(ctx, services, a.user)
        path, report = Path(a.file), Path(a.report) if a.report else None
        kind = cast(Kind | None, a.kind)
        progress = _ProgressLine(ctx)
        if a.dry_run:
            summary = services.imports.dry_run(
                actor, path, kind=kind, report=report, progress=progress, replace=a.force
            )
        else:
            summary = services.imports.run(
                actor, path, kind=kind, report=report, progress=progress, replace=a.force
            )
    finally:
        services.close()
    _print_summary(ctx, summary)
    return EXIT_ALL_GOOD if summary.all_good else EXIT_ROWS_WITH_PROBLEMS


def add_import_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "import",
        help="import legacy FIRs, GD entries or arrests from CSV/XLSX; or write a template",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", nargs="?", metavar="FILE", help="the filled template (.csv or .xlsx)")
    p.add_argument("--template", choices=KINDS, help="write the template for fir, gd or arrest records")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write the template (.csv or .xlsx)")
    p.add_argument(
        "--dry-run", action="store_true", help="check every row and report problems; write nothing"
    )
    p.add_argument("--report", metavar="CSV", help="write the problems with each row's values to this CSV")
    p.add_argument(
        "--force",
        action="store_true",
        help="replace the --report or template file if it exists (never in the data folder)",
    )
    p.add_argument("--kind", choices=KINDS, help="refuse the file unless it is this template")
    add_user_option(p, "importing")
    p.set_defaults(func=cmd_import)
