"""Spreadsheet input is checked before it is loaded (issue 12 §2): a 2.2 GB zip bomb is refused in
under a second and 200 MB, files that lie about their type are named as what they are, and rows,
columns and cell lengths have limits. The old reader handed every .xlsx straight to openpyxl."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from station_app.core.importers.errors import ImportFileError
from station_app.core.importers.readers import open_table
from station_app.core.importers.xlsx_guard import MAX_CELL_CHARS, MAX_COLUMNS, MAX_MEMBERS, MAX_ROWS
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from tests.fixtures.hostile_xlsx import (
    BOMB_SIZE,
    SHEET_HEAD,
    SHEET_TAIL,
    inline_row,
    package,
    rewrite_member,
    understate_size,
    zip_bomb,
)
from tests.fixtures.import_files import fir_rows, headers, write_xlsx

TIME_LIMIT_S = 1.0
MEMORY_LIMIT_MB = 200

MEASURE = """
import json, sys, time, tracemalloc
from pathlib import Path
import station_app.core.importers.readers as readers  # imported before measuring: the app has it loaded
from station_app.core.importers.errors import ImportFileError

def peak_rss_mb():
    # Linux: this process's own high-water mark (ru_maxrss would include pytest's, from before exec)
    try:
        with open("/proc/self/status") as status:
            return next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        pass
    try:
        import resource
    except ImportError:
        return None  # Windows: no figure (the Python allocations below still are)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 if sys.platform != "darwin" else 2**20)

rss_before = peak_rss_mb()
tracemalloc.start()
started = time.perf_counter()
try:
    readers.open_table(Path(sys.argv[1]))
    message = None
except ImportFileError as exc:
    message = exc.message
seconds = time.perf_counter() - started
_current, peak = tracemalloc.get_traced_memory()
print(json.dumps({"seconds": seconds, "python_peak_mb": peak / 2**20, "message": message,
                  "peak_rss_mb": peak_rss_mb(), "rss_before_mb": rss_before}))
"""


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return zip_bomb(tmp_path_factory.mktemp("bomb") / "register.xlsx")


def test_a_zip_bomb_is_refused_in_under_a_second_and_200_mb(bomb: Path) -> None:
    assert bomb.stat().st_size < 20 * 2**20  # a small file...
    with zipfile.ZipFile(bomb) as zf:  # ...that unpacks to 2.2 GB
        assert zf.getinfo("xl/worksheets/sheet1.xml").file_size > BOMB_SIZE - 2**20
    run = subprocess.run(
        [sys.executable, "-c", MEASURE, str(bomb)], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout)
    print(f"zip bomb: {figures}")  # the figures for the report (pytest -s)
    assert figures["message"] is not None and "would unpack to 2.2 GB" in figures["message"]
    assert figures["seconds"] < TIME_LIMIT_S
    assert figures["peak_rss_mb"] is None or figures["peak_rss_mb"] < MEMORY_LIMIT_MB
    assert figures["python_peak_mb"] < 5  # nothing of the sheet was read into memory


def test_the_import_command_refuses_the_bomb_with_exit_25(
    station: StationServices, sho: Actor, bomb: Path
) -> None:
    started = time.perf_counter()
    with pytest.raises(ImportFileError, match=r"would unpack to 2\.2 GB") as refused:
        station.imports.dry_run(sho, bomb)
    assert time.perf_counter() - started < TIME_LIMIT_S
    assert refused.value.exit_code == 25 and "Split the register" in refused.value.hint


def test_a_directory_that_understates_a_size_does_not_let_more_through(tmp_path: Path) -> None:
    """Python's zipfile never unpacks past a member's listed size, so a lying directory only makes
    the part look cut off: refused as damaged, quickly, having read no more than it claimed."""
    path = zip_bomb(tmp_path / "liar.xlsx", size=100_000_000)
    understate_size(path, "xl/worksheets/sheet1.xml", 100_000)
    started = time.perf_counter()
    with pytest.raises(ImportFileError, match="damaged"):
        open_table(path)
    assert time.perf_counter() - started < TIME_LIMIT_S


def test_a_part_packed_far_too_tightly_is_refused(tmp_path: Path) -> None:
    rows = '<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 60_000  # 3 MB of sameness, packs ~500 times
    path = package(tmp_path / "dense.xlsx", SHEET_HEAD + rows + SHEET_TAIL)
    with pytest.raises(ImportFileError, match=r"would unpack [0-9,]+ times over"):
        open_table(path)


def test_too_many_parts(tmp_path: Path) -> None:
    path = package(
        tmp_path / "many.xlsx",
        SHEET_HEAD + SHEET_TAIL,
        {f"xl/media/p{i}.bin": "" for i in range(MAX_MEMBERS)},
    )
    with pytest.raises(ImportFileError, match=f"the app reads at most {MAX_MEMBERS:,}"):
        open_table(path)


def test_a_huge_directory_is_refused_from_the_end_record_before_it_is_read(tmp_path: Path) -> None:
    """zipfile reads the whole central directory into memory: millions of entries are refused from
    the end record's count first (here a bare end record claiming 60,000 entries)."""
    eocd = b"PK\x05\x06" + bytes(4) + (60_000).to_bytes(2, "little") * 2 + (3_000_000).to_bytes(4, "little")
    path = tmp_path / "register.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(100) + eocd + (104).to_bytes(4, "little") + bytes(2))
    with pytest.raises(ImportFileError, match="holds 60,000 parts"):
        open_table(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"FIR No. [fir_number],Year [fir_year]\r\n12,2019\r\n", "is a text file (perhaps CSV)"),
        (b"<html><body><table><tr><td>12</td></tr></table>", "is a web page or an XML file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "old-style Excel file (.xls"),
        (b"", "is empty (0 bytes)"),
        (bytes(range(256)), "an .xlsx file is a zip archive, and this is not one"),
    ],
)
def test_a_file_that_is_not_a_zip_is_named_as_what_it_is(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "register.xlsx"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=r"register\.xlsx") as refused:
        open_table(path)
    assert expected in refused.value.message


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ({"notes.txt": "hello"}, "is a zip archive but not an Excel workbook"),
        ({"word/document.xml": "<w/>", "[Content_Types].xml": "<Types/>"}, "is a Word document"),
        (
            {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"},
            "OpenDocument",
        ),
    ],
)
def test_a_zip_that_is_not_a_workbook(tmp_path: Path, members: dict[str, str], expected: str) -> None:
    path = tmp_path / "register.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    with pytest.raises(ImportFileError) as refused:
        open_table(path)
    assert expected in refused.value.message


def test_a_cut_off_workbook(tmp_path: Path) -> None:
    whole = write_xlsx(tmp_path / "whole.xlsx", "fir", fir_rows(3))
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(ImportFileError, match="damaged or incomplete"):
        open_table(cut)


def test_a_workbook_named_csv_is_named_as_a_workbook(tmp_path: Path) -> None:
    xlsx = write_xlsx(tmp_path / "r.xlsx", "fir", fir_rows(2))
    misnamed = tmp_path / "register.csv"
    misnamed.write_bytes(xlsx.read_bytes())
    with pytest.raises(ImportFileError, match=r"is an Excel workbook \(.xlsx\) with the name of a .csv"):
        open_table(misnamed)


def test_entity_expansion_is_refused_before_openpyxl_parses(tmp_path: Path) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    path = package(tmp_path / "laughs.xlsx", laughs + SHEET_HEAD.split("?>", 1)[1] + SHEET_TAIL)
    with pytest.raises(ImportFileError, match="document type declaration"):
        open_table(path)


def test_row_and_column_limits_at_their_boundary(tmp_path: Path) -> None:
    header = inline_row(1, [(f"{chr(65 + i)}1", h) for i, h in enumerate(headers("fir")[:19])])

    def sheet(extra: str) -> str:
        return SHEET_HEAD + header + extra + SHEET_TAIL

    at_rows = package(tmp_path / "rows-ok.xlsx", sheet(inline_row(MAX_ROWS, [(f"A{MAX_ROWS}", "12")])))
    assert open_table(at_rows).estimated_rows == MAX_ROWS - 1  # the last row a file may use
    past_rows = package(tmp_path / "rows.xlsx", sheet(inline_row(MAX_ROWS + 1, [(f"A{MAX_ROWS + 1}", "12")])))
    with pytest.raises(ImportFileError, match=f"the app reads at most {MAX_ROWS:,} rows"):
        open_table(past_rows)
    # column IV is the 256th
    assert open_table(package(tmp_path / "cols-ok.xlsx", sheet(inline_row(2, [("IV2", "x")])))).kind == "fir"
    with pytest.raises(ImportFileError, match=f"the app reads at most {MAX_COLUMNS} columns"):
        open_table(package(tmp_path / "cols.xlsx", sheet(inline_row(2, [("IW2", "x")]))))


def test_cell_length_limit_at_its_boundary(tmp_path: Path) -> None:
    header = inline_row(1, [(f"{chr(65 + i)}1", h) for i, h in enumerate(headers("fir")[:19])])
    fits = SHEET_HEAD + header + inline_row(2, [("O2", "f" * MAX_CELL_CHARS)]) + SHEET_TAIL
    assert open_table(package(tmp_path / "fits.xlsx", fits)).kind == "fir"
    too_long = SHEET_HEAD + header + inline_row(2, [("O2", "f" * (MAX_CELL_CHARS + 1))]) + SHEET_TAIL
    with pytest.raises(ImportFileError, match="longer than 32,767 characters"):
        open_table(package(tmp_path / "long.xlsx", too_long))
    shared = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<si><t>{'s' * (MAX_CELL_CHARS + 1)}</t></si></sst>"
    )
    with pytest.raises(ImportFileError, match="longer than 32,767 characters"):
        open_table(
            package(
                tmp_path / "shared.xlsx", SHEET_HEAD + header + SHEET_TAIL, {"xl/sharedStrings.xml": shared}
            )
        )


def test_a_sheet_that_claims_a_million_rows_reads_only_its_own(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "claims.xlsx", "fir", fir_rows(3))
    rewrite_member(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: (
            xml.replace("<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>', 1)
            if "<dimension" not in xml
            else __import__("re").sub(
                r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml, count=1
            )
        ),
    )
    started = time.perf_counter()
    table = open_table(path)
    rows = list(table.rows())
    assert time.perf_counter() - started < 5
    assert [r.number for r in rows] == [2, 3, 4] and table.estimated_rows == 3
    assert all(len(r.original) == len(table.headers) for r in rows)
