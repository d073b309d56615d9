"""Bulk import of legacy registers: every kind of bad input with its exact outcome, the dry run, the
report, re-import, progress, and the training station's practice batch."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from station_app.core.importers.jobs import ImportProgress, ImportService
from station_app.core.importers.practice import practice_files, seed_legacy_practice
from station_app.core.importers.readers import ImportFileError
from station_app.core.importers.report import Problem
from station_app.core.importers.templates import write_template
from station_app.core.keys import KeyStore
from station_app.core.models import Fir, GdEntry
from station_app.core.models.legacy import LegacyArrest
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices, set_up_station
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.fixtures.import_files import csv_text, fir_rows, headers, row, write_csv, write_xlsx
from tests.helpers.clock import ManualClock


@pytest.fixture
def svc(data_dir: DataDir, keystore: KeyStore) -> Iterator[StationServices]:
    outcome = set_up_station(data_dir, keystore, ManualClock(), IDENTITY, SHO, SHO_PASSWORD)
    yield outcome.services
    assert outcome.services.station.check_integrity().ok
    outcome.services.close()


@pytest.fixture
def sho(svc: StationServices) -> Actor:
    return svc.accounts.login(SHO.username, SHO_PASSWORD)


def _firs(svc: StationServices) -> list[tuple[int, int]]:
    with svc.db.read() as s:
        return [
            (int(y or 0), int(n or 0))
            for y, n in s.execute(select(Fir.year, Fir.number).order_by(Fir.year, Fir.number))
        ]


def _problems(imports: ImportService, actor: Actor, path: Path) -> list[tuple[int, str, str, str]]:
    summary = imports.dry_run(actor, path)
    return [(p.row, p.column, p.problem, p.suggestion) for p in summary.first_problems]


@pytest.mark.parametrize(
    "written",
    [
        "05-03-2019",
        "05/03/2019",
        "5.3.19",
        "2019-03-05",
        "5 Mar 2019",
        "05-Mar-2019",
        "March 5, 2019",
        "०५-०३-२०१९",
    ],
)
def test_dates_in_several_formats(svc: StationServices, sho: Actor, tmp_path: Path, written: str) -> None:
    path = write_csv(tmp_path / "f.csv", "fir", [row("fir", registered_on=written)])
    summary = svc.imports.run(sho, path)
    assert (summary.imported, summary.problem_rows) == (1, 0)
    assert svc.firs.find(sho, 2019, 12).content["registered_at"] == "2019-03-05T11:20:00+05:30"  # type: ignore[index]


def test_impossible_dates_are_refused_with_a_suggestion(
    svc: StationServices, sho: Actor, tmp_path: Path
) -> None:
    rows = [row("fir", fir_number="1", registered_on="31-02-2019"), row("fir", fir_number="2", registered_on="03/15/2019"),
            row("fir", fir_number="3", registered_on="05-03-2031"), row("fir", fir_number="4", registered_on="5th March")]  # fmt: skip
    assert _problems(svc.imports, sho, write_csv(tmp_path / "f.csv", "fir", rows)) == [
        (2, "Date of FIR", "'31-02-2019' is not a possible date: February 2019 has 28 days.", "Check the day and month in the register."),
        (3, "Date of FIR", "'03/15/2019' has no month 15: dates are written day first.", "Did you mean 15-03-2019?"),
        (4, "Date of FIR", "05-03-2031 is in the future.", "Check the year: a paper record cannot be dated after today."),
        (5, "Date of FIR", "'5th March' is not a date the app can read.", "Write dates day first, as DD-MM-YYYY (e.g. 05-03-2019)."),
    ]  # fmt: skip


def test_blank_required_items(svc: StationServices, sho: Actor, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", "fir", [row("fir", complainant_name=" ", acts_sections="", page="")])
    assert _problems(svc.imports, sho, path) == [
        (2, "Acts and sections", "Acts and sections is blank.",
         "The act with its sections, as in the register, e.g. 'IPC 379, 411'. Before 1 July 2024: IPC/CrPC."),
        (2, "Complainant", "Complainant is blank.", "Name as written, in Hindi or English."),
        (2, "Page", "Page is blank.", "Page number(s) in the register, e.g. 118 or 118-119."),
    ]  # fmt: skip


def test_ipc_and_bns_on_the_wrong_side_of_1_july_2024(
    svc: StationServices, sho: Actor, tmp_path: Path
) -> None:
    rows = [
        row("fir", fir_number="1", acts_sections="IPC 379"),  # 2019 offence, IPC: right
        row("fir", fir_number="2", acts_sections="BNS 303(2)"),  # 2019 offence, BNS: wrong
        row("fir", fir_number="3", fir_year="2025", registered_on="06-01-2025", occurrence_on="05-01-2025", acts_sections="IPC 379"),
        row("fir", fir_number="4", fir_year="2025", registered_on="06-01-2025", occurrence_on="05-01-2025", acts_sections="BNS 303(2)"),
    ]  # fmt: skip
    path = write_csv(tmp_path / "f.csv", "fir", rows)
    assert _problems(svc.imports, sho, path) == [
        (3, "Acts and sections", "BNS came into force on 1 July 2024; for an offence on 04-03-2019 use IPC 379 (Theft).",
         "Write IPC 379: the law in force on 04-03-2019."),
        (4, "Acts and sections", "IPC 379 was repealed from 1 July 2024; for an offence on 05-01-2025 use BNS 303(2) (Theft).",
         "Write BNS 303(2): the law in force on 05-01-2025."),
    ]  # fmt: skip
    assert svc.imports.run(sho, path).imported == 2
    assert _firs(svc) == [(2019, 1), (2025, 4)]


def test_devanagari_and_latin_names(svc: StationServices, sho: Actor, tmp_path: Path) -> None:
    rows = [row("fir", fir_number="1", complainant_name="सीता देवी", complainant_relative_name="राम प्रसाद", accused="मोहन; सोहन"),
            row("fir", fir_number="2", complainant_name="Mohd. Irfan", accused="Sonu alias Golu"),
            row("fir", fir_number="3", complainant_name="12345")]  # fmt: skip
    summary = svc.imports.run(sho, write_csv(tmp_path / "f.csv", "fir", rows))
    assert (summary.imported, summary.problem_rows) == (2, 1)
    assert summary.first_problems == [
        Problem(
            4,
            "Complainant",
            "'12345' is not a name.",
            "Write the name as in the register (Hindi or English).",
        )
    ]
    first = svc.firs.find(sho, 2019, 1)
    assert first.summary.complainant_name == "सीता देवी" and first.summary.accused_names == "मोहन; सोहन"
    assert first.values["accused"] == [
        {"status": "known", "name": "मोहन"},
        {"status": "known", "name": "सोहन"},
    ]


def test_duplicate_rows_inside_the_file(svc: StationServices, sho: Actor, tmp_path: Path) -> None:
    rows = [row("fir"), row("fir", fir_number="13"), row("fir"), row("fir", complainant_name="Shyam Lal")]
    summary = svc.imports.run(sho, write_csv(tmp_path / "f.csv", "fir", rows))
    assert (summary.imported, summary.problem_rows) == (2, 2)
    assert summary.first_problems == [
        Problem(4, "", "This row repeats row 2 (FIR 12/2019).", "Delete one of the two rows."),
        Problem(5, "FIR No.", "Row 2 has the same number (FIR 12/2019) with different details.",
                "Check the number and year of both rows in the register."),
    ]  # fmt: skip
    assert _firs(svc) == [(2019, 12), (2019, 13)]


def test_duplicates_against_the_database(svc: StationServices, sho: Actor, tmp_path: Path) -> None:
    svc.legacy.digitise(sho, "fir", row("fir"))
    rows = [
        row("fir"),
        row("fir", fir_number="13"),
        row("fir", fir_number="12", complainant_name="Shyam Lal"),
    ]
    path = write_csv(tmp_path / "f.csv", "fir", rows[:2])
    dry = svc.imports.dry_run(sho, path)
    assert (dry.imported, dry.already_present, dry.problem_rows) == (1, 1, 0)
    other = write_csv(tmp_path / "g.csv", "fir", [rows[2]])
    assert _problems(svc.imports, sho, other) == [
        (2, "FIR No.", "FIR 0012/2019 is already digitised (from FIR register, vol. 3, p. 118) with different details.",
         "Check the FIR number and year in the register: two FIRs cannot share a number.")]  # fmt: skip
    assert _firs(svc) == [(2019, 12)]  # the dry runs wrote nothing


def test_a_file_cut_off_in_the_middle(svc: StationServices, sho: Actor, tmp_path: Path) -> None:
    full = csv_text("fir", fir_rows(3))
    quoted = tmp_path / "quote.csv"  # cut inside a quoted value
    quoted.write_text(full + '4,2019,05-03-2019,,"IPC 379, 4', encoding="utf-8")
    summary = svc.imports.run(sho, quoted)
    assert (summary.imported, summary.problem_rows) == (3, 1)
    assert summary.first_problems[0] == Problem(5, "", "The file ends in the middle of row 5 (a quoted value is not closed).",
                                                "Copy the complete file again; the rows before it are fine.")  # fmt: skip
    short = tmp_path / "short.csv"  # cut between two values, without the line's end
    short.write_text(csv_text("fir", fir_rows(2, start=10)) + "12,2019,05-03-2019,11:20", encoding="utf-8")
    summary = svc.imports.run(sho, short)
    assert (summary.imported, summary.problem_rows) == (2, 1)
    assert (
        summary.first_problems[0].problem == "The file ends in the middle of row 4 (it has 4 of 19 values)."
    )
    assert len(_firs(svc)) == 5


def test_the_wrong_template_and_no_template(svc: StationServices, sho: Actor, tmp_path: Path) -> None:
    gd_file = write_csv(tmp_path / "gd.csv", "gd", [row("gd")])
    with pytest.raises(ImportFileError) as err:
        svc.imports.dry_run(sho, gd_file, kind="fir")
    assert err.value.message == "This is the GD (General Diary) template, not the FIR one."
    assert svc.imports.dry_run(sho, gd_file).kind == "gd"  # without --kind the header decides
    other = tmp_path / "other.csv"
    other.write_text("Sl,Name,Remarks\n1,Ram,ok\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="has no header row of the app's templates"):
        svc.imports.dry_run(sho, other)
    partial = tmp_path / "partial.csv"
    keep = [h for h in headers("fir") if "[page]" not in h]
    partial.write_text(",".join(f'"{h}"' for h in keep) + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"^The FIR file has no column for 'Page' \(header row 1\)\.$"):
        svc.imports.dry_run(sho, partial)


def test_encodings_non_utf8_refused_utf16_and_bom_accepted(
    svc: StationServices, sho: Actor, tmp_path: Path
) -> None:
    ansi = tmp_path / "ansi.csv"
    # Excel's plain "CSV (Comma delimited)" writes the Windows code page: Hindi turns to "?", ’ to 0x92.
    ansi.write_bytes(
        csv_text("fir", [row("fir", complainant_name="Ramesh’s brother")]).encode("cp1252", "replace")
    )
    with pytest.raises(ImportFileError) as err:
        svc.imports.dry_run(sho, ansi)
    assert err.value.message.startswith("ansi.csv is not saved as UTF-8 text (byte 0x92 at position")
    assert "'CSV UTF-8 (Comma delimited) (*.csv)'" in err.value.hint
    for encoding, n in (("utf-16", 1), ("utf-8-sig", 2), ("utf-8", 3)):
        path = write_csv(
            tmp_path / f"{encoding}.csv",
            "fir",
            [row("fir", fir_number=str(n), complainant_name="सीता देवी")],
            encoding,
        )
        assert svc.imports.run(sho, path).imported == 1, encoding
    tabbed = tmp_path / "unicode-text.txt"  # Excel's "Unicode Text": UTF-16 with tabs
    tabbed.write_bytes(
        csv_text("fir", [row("fir", fir_number="4")])
        .replace(",", "\t")
        .replace('"IPC 379\t 411"', "IPC 379, 411")
        .encode("utf-16")
    )
    assert svc.imports.run(sho, tabbed).imported == 1
    assert _firs(svc) == [(2019, 1), (2019, 2), (2019, 3), (2019, 4)]


def test_xlsx_with_merged_cells_extra_sheets_and_excel_dates(
    svc: StationServices, sho: Actor, tmp_path: Path
) -> None:
    rows: list[dict[str, object]] = [dict(r) for r in fir_rows(4)]
    rows[0]["registered_on"] = datetime(2019, 1, 2)  # an Excel date cell
    rows[0]["registered_time"] = time(9, 30)  # an Excel time cell
    rows[0]["occurrence_on"] = datetime(2019, 1, 1)
    # Row 1 is a title, 2 the header, data rows 3-6; the complainant (column K) is merged down rows 5-6.
    path = write_xlsx(tmp_path / "f.xlsx", "fir", rows, title_row="FIR register 2019, P.S. Hazratganj",
                      extra_sheets=["Clerk's notes"], merges=["K5:K6"])  # fmt: skip
    summary = svc.imports.run(sho, path)
    assert (summary.imported, summary.problem_rows) == (3, 1)
    assert summary.notes == ["Sheet 'Clerk's notes' was ignored (it has no template header).",
                             "Sheet 'Data' has merged cells in 1 row(s); those rows are reported."]  # fmt: skip
    assert summary.first_problems == [Problem(6, "Complainant", "Cells K5:K6 are merged, so this cell is empty.",
                                              "Unmerge the cells and type the value into every row.")]  # fmt: skip
    assert svc.firs.find(sho, 2019, 1).content["registered_at"] == "2019-01-02T09:30:00+05:30"  # type: ignore[index]
    assert _firs(svc) == [(2019, 1), (2019, 2), (2019, 3)]


def test_good_rows_never_wait_and_reimport_adds_nothing(
    svc: StationServices, sho: Actor, tmp_path: Path
) -> None:
    rows = list(fir_rows(30))
    rows[4]["acts_sections"] = "BNS 303(2)"
    rows[17]["registered_on"] = "30-02-2019"
    path = write_csv(tmp_path / "f.csv", "fir", rows)
    seen: list[ImportProgress] = []
    summary = svc.imports.run(sho, path, progress=seen.append, batch_rows=7)
    assert (summary.rows_read, summary.imported, summary.problem_rows) == (30, 28, 2)
    assert [p.rows_done for p in seen] == [7, 14, 21, 28, 30] and seen[-1].total == 30
    assert all(p.rate > 0 for p in seen) and seen[-1].seconds_left == 0 and seen[0].seconds_left is not None
    again = svc.imports.run(sho, path)
    assert again.previously_completed and (again.imported, again.problem_rows) == (28, 2)
    assert [p.row for p in again.first_problems] == [6, 19]
    # The same records in another file (re-saved, re-ordered): each is recognised, none added twice.
    moved = write_csv(tmp_path / "g.csv", "fir", reversed(rows), encoding="utf-8")
    third = svc.imports.run(sho, moved)
    assert (third.imported, third.already_present, third.problem_rows) == (0, 28, 2)
    assert len(_firs(svc)) == 28


def test_the_problem_report_is_fixed_and_imported(svc: StationServices, sho: Actor, tmp_path: Path) -> None:
    rows = list(fir_rows(5))
    rows[1]["acts_sections"] = "BNS 303(2)"
    rows[3]["complainant_name"] = ""
    report = tmp_path / "problems.csv"
    summary = svc.imports.run(sho, write_csv(tmp_path / "f.csv", "fir", rows), report=report)
    assert summary.imported == 3 and summary.report_path == report
    with report.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0][:4] == ["Row / पंक्ति [report_row]", "Column / स्तंभ [report_column]",
                            "Problem / समस्या [report_problem]", "Suggestion / सुझाव [report_suggestion]"]  # fmt: skip
    assert lines[0][4:] == headers("fir")
    assert [(line[0], line[1]) for line in lines[1:]] == [("3", "Acts and sections"), ("5", "Complainant")]
    assert lines[1][4] == "2" and lines[2][4] == "4"  # the rows' own values follow
    fix = {"BNS 303(2)": "IPC 379, 411"}
    lines[1] = [fix.get(cell, cell) for cell in lines[1]]
    lines[2][4 + headers("fir").index(next(h for h in headers("fir") if "[complainant_name]" in h))] = (
        "Kamla Devi"
    )
    with report.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(lines)
    fixed = svc.imports.run(sho, report)
    assert (fixed.imported, fixed.problem_rows) == (2, 0)
    assert len(_firs(svc)) == 5


def test_dry_run_writes_the_report_and_nothing_else(svc: StationServices, sho: Actor, tmp_path: Path) -> None:
    rows = list(fir_rows(3))
    rows[2]["fir_year"] = "2020"
    report = tmp_path / "dry.csv"
    summary = svc.imports.dry_run(sho, write_csv(tmp_path / "f.csv", "fir", rows), report=report)
    assert (summary.imported, summary.problem_rows) == (2, 1)
    assert summary.first_problems[0].problem.startswith("The year is 2020 but the date of FIR is")
    assert report.read_text(encoding="utf-8-sig").count("\n") == 2
    assert _firs(svc) == []


def test_gd_and_arrest_registers(svc: StationServices, sho: Actor, tmp_path: Path) -> None:
    gd = svc.imports.run(
        sho, write_csv(tmp_path / "gd.csv", "gd", [row("gd"), row("gd", gd_number="24", entry_time="")])
    )
    assert (gd.kind, gd.imported) == ("gd", 1)
    assert gd.first_problems == [Problem(3, "Time", "Time is blank.", "24-hour clock, HH:MM, e.g. 14:30.")]
    svc.imports.run(sho, write_csv(tmp_path / "fir.csv", "fir", [row("fir")]))
    arrests = svc.imports.run(
        sho,
        write_csv(
            tmp_path / "a.csv",
            "arrest",
            [row("arrest"), row("arrest", arrest_number="8", fir_reference="12")],
        ),
    )
    assert (arrests.imported, arrests.problem_rows) == (1, 1)
    assert arrests.first_problems[0].suggestion == "Write it as number/year, e.g. 12/2019."
    with svc.db.read() as s:
        assert s.scalar(select(func.count()).select_from(GdEntry).where(GdEntry.legacy.is_(True))) == 1
        assert s.scalar(select(LegacyArrest.fir_id)) is not None


def test_templates_read_back_with_their_examples_skipped(
    svc: StationServices, sho: Actor, tmp_path: Path
) -> None:
    for kind in ("fir", "gd", "arrest"):
        for suffix in ("csv", "xlsx"):
            path = write_template(kind, tmp_path / f"{kind}.{suffix}", svc.outputs)
            summary = svc.imports.dry_run(sho, path, kind=kind)  # type: ignore[arg-type]
            assert (summary.kind, summary.rows_read, summary.problem_rows) == (kind, 0, 0)
            assert summary.notes == []


def test_training_practice_batch(svc: StationServices, sho: Actor) -> None:
    summary = seed_legacy_practice(svc, sho)
    assert (summary.imported, summary.problem_rows) == (4, 0)
    _done, practice = practice_files(svc.data_dir.root)
    dry = svc.imports.dry_run(sho, practice)
    assert (dry.rows_read, dry.imported, dry.problem_rows) == (9, 2, 7)
    assert [p.row for p in dry.first_problems] == [2, 3, 4, 5, 6, 8, 9]
