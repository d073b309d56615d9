"""Reading a register's spreadsheet row by row: CSV (UTF-8, UTF-8 with BOM, UTF-16 with BOM) and XLSX.

Rows are streamed, never collected, so a file of any length reads in the same memory. The header row
is found among the first rows (a title line above it is fine) and tells which template the file is.
A file cut off in the middle (an unterminated quote, or a short last line without its line end)
yields its last row marked broken, so the rows before it still import.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from station_app.core.formula_cells import restore
from station_app.core.importers.errors import ImportFileError
from station_app.core.importers.spec import EXAMPLE_MARK, KIND_NAMES, SPECS, Kind, match_header
from station_app.core.importers.values import cell_text, is_blank
from station_app.core.importers.xlsx_guard import SheetScan, describe_signature, inspect_workbook

HEADER_SEARCH_ROWS = 10
INSTRUCTIONS_SHEET = "Instructions"  # the XLSX template's own second sheet: skipped without a note
CHUNK = 1 << 20
SAVE_AS_UTF8 = (
    "Open it in Excel and choose File → Save As → 'CSV UTF-8 (Comma delimited) (*.csv)' "
    "(LibreOffice: Save As → Text CSV, character set 'Unicode (UTF-8)'), then import that file."
)
REPORT_KEYS = frozenset({"report_row", "report_column", "report_problem", "report_suggestion"})


@dataclass(frozen=True)
class RawRow:
    number: int  # the row number a spreadsheet program shows (the header's row is above it)
    cells: dict[str, object]  # by column key
    original: tuple[str, ...]  # every cell as text, in the file's own column order (for the report)
    broken: str | None = None  # why the row cannot be read at all (the file ends in its middle)
    merged: tuple[tuple[str, str], ...] = ()  # (column key, merged range) of cells a merge left empty


@dataclass
class TableFile:
    """An opened file with its header found. ``rows`` may be called again (for resume or a report)."""

    path: Path
    kind: Kind
    sha256: str
    header_row: int
    headers: tuple[str, ...]
    columns: dict[int, str]  # file column index -> template key
    notes: list[str] = field(default_factory=list)
    estimated_rows: int = 0
    _sheet: SheetScan | None = None
    _encoding: str = "utf-8"
    _delimiter: str = ","
    _ends_with_newline: bool = True
    _merged: dict[int, list[tuple[str, str]]] = field(default_factory=dict)

    def rows(self, skip: int = 0) -> Iterator[RawRow]:
        """Data rows in file order; the first ``skip`` data rows are passed over unread (resume)."""
        source = self._xlsx_rows() if self._sheet is not None else self._csv_rows()
        seen = 0
        for number, raw_cells, broken in source:
            if number <= self.header_row:
                continue
            # the apostrophe the app's own reports put before "=..." (formula_cells) comes off again
            cells = [restore(c) if isinstance(c, str) else c for c in raw_cells]
            if broken is None and all(is_blank(c) for c in cells):
                continue
            by_key = {key: cells[i] if i < len(cells) else None for i, key in self.columns.items()}
            register = cell_text(by_key.get("register"))
            if broken is None and register.upper().startswith(EXAMPLE_MARK):
                continue  # the template's own example rows (the instructions say so)
            seen += 1
            if seen <= skip:
                continue
            original = tuple(cell_text(c) for c in cells[: len(self.headers)])
            original += ("",) * (len(self.headers) - len(original))
            yield RawRow(number, by_key, original, broken, tuple(self._merged.get(number, ())))

    # --- CSV --------------------------------------------------------------------------------------

    def _csv_rows(self) -> Iterator[tuple[int, list[Any], str | None]]:
        with self.path.open(encoding=self._encoding, newline="") as handle:
            yield from _csv_records(handle, self._delimiter, len(self.headers), self._ends_with_newline)

    # --- XLSX -------------------------------------------------------------------------------------

    def _xlsx_rows(self) -> Iterator[tuple[int, list[Any], str | None]]:
        scan = self._sheet
        assert scan is not None
        workbook = _open_workbook(self.path)
        try:
            yield from _sheet_rows(workbook[scan.title], scan, scan.rows)
        finally:
            workbook.close()


def _csv_records(
    handle: IO[str], delimiter: str, width: int, ends_with_newline: bool
) -> Iterator[tuple[int, list[Any], str | None]]:
    reader = csv.reader(handle, delimiter=delimiter, strict=True)
    number = 0
    pending: list[str] | None = None
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            number += 1
            if pending is not None:
                yield number - 1, pending, None
                pending = None
            if "unexpected end of data" in str(exc):
                yield (
                    number,
                    [],
                    f"The file ends in the middle of row {number} (a quoted value is not closed).",
                )
                return
            yield (
                number,
                [],
                f'Row {number} cannot be read: {exc}. A quote mark inside a value must be doubled ("").',
            )
            continue
        if pending is not None:
            yield number, pending, None
        number += 1
        pending = record
    if pending is not None:
        short = width > 0 and len(pending) < width and any(pending)
        if short and not ends_with_newline:
            yield (
                number,
                pending,
                f"The file ends in the middle of row {number} (it has {len(pending)} of {width} values).",
            )
        else:
            yield number, pending, None


def _sheet_rows(sheet: Any, scan: SheetScan, last_row: int) -> Iterator[tuple[int, list[Any], str | None]]:
    """Rows 1..``last_row`` of the values, never past the last row and column the guard found
    values in (openpyxl would otherwise believe the sheet's own claim of its size)."""
    if scan.rows == 0 or scan.columns == 0 or last_row <= 0:
        return  # nothing in it (openpyxl takes a bound of 0 for "no bound")
    rows = sheet.iter_rows(max_row=min(last_row, scan.rows), max_col=scan.columns, values_only=True)
    for number, values in enumerate(rows, start=1):
        yield number, list(values), None


def _open_workbook(path: Path) -> Any:
    """openpyxl's public API, read-only and values only, on a file ``inspect_workbook`` passed."""
    from openpyxl import load_workbook  # noqa: PLC0415 - only imports of .xlsx pay for openpyxl

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ImportFileError(
            f"{path.name} is not a readable .xlsx workbook: it is damaged or incomplete (cut off while copying).",
            f"openpyxl: {type(exc).__name__}: {exc}. Save it again from Excel as .xlsx, or as CSV UTF-8.",
        ) from exc


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def open_table(path: Path, expected: Kind | None = None) -> TableFile:
    """Open a CSV or XLSX file, find its header row and check it is the ``expected`` template."""
    if not path.is_file():
        raise ImportFileError(f"There is no file {path}.")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        table = _open_xlsx(path)
    elif suffix in (".csv", ".txt", ".tsv"):
        _check_text_signature(path)
        table = _open_csv(path)
    else:
        raise ImportFileError(
            f"{path.name}: the app imports .csv and .xlsx files.",
            "Save the sheet from Excel as .xlsx or as 'CSV UTF-8'. Old .xls files must be re-saved as .xlsx.",
        )
    if expected is not None and table.kind != expected:
        raise ImportFileError(
            f"This is the {KIND_NAMES[table.kind]} template, not the {KIND_NAMES[expected]} one.",
            f"Import it as {table.kind} records, or copy the rows into a {expected} template "
            f"(station-app import --template {expected} -o FILE).",
        )
    spec = SPECS[table.kind]
    present = set(table.columns.values())
    missing = [c for c in spec.columns if c.required and c.key not in present]
    if missing:
        names = ", ".join(f"'{c.label_en}'" for c in missing)
        raise ImportFileError(
            f"The {KIND_NAMES[table.kind]} file has no column for {names} (header row {table.header_row}).",
            "Use the app's template: station-app import --template " + table.kind + " -o FILE.",
        )
    for index, header in enumerate(table.headers):
        if index not in table.columns and header.strip():
            key = header.strip()
            if not any(key.endswith(f"[{k}]") for k in REPORT_KEYS):
                table.notes.append(f"Column '{header}' is not in the template and was ignored.")
    return table


def _not_a_template(path: Path, where: str) -> ImportFileError:
    return ImportFileError(
        f"{path.name}: {where} has no header row of the app's templates (FIR, GD or arrest register).",
        "Write a template with station-app import --template fir|gd|arrest -o FILE and copy the rows into it.",
    )


def _find_header(
    rows: Iterator[tuple[int, list[Any], str | None]],
) -> tuple[int, list[str], Kind, dict[int, str]] | None:
    for number, cells, broken in rows:
        if number > HEADER_SEARCH_ROWS or broken is not None:
            return None
        texts = [cell_text(c) for c in cells]
        found = match_header(texts)
        if found is not None:
            while texts and not texts[-1]:
                texts.pop()
            return number, texts, found[0], found[1]
    return None


def _sniff_csv(path: Path) -> tuple[str, str, bool]:
    """Encoding (refusing anything but UTF-8/UTF-16 with BOM), the file's SHA-256, whether it ends a line."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        else:
            encoding = "utf-8"
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        handle.seek(0)
        last = ""
        offset = 0
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                raise ImportFileError(
                    f"{path.name} is not saved as UTF-8 text (byte {exc.object[exc.start]:#04x} at position "
                    f"{offset + exc.start} is not UTF-8): Hindi and other text would come out wrong.",
                    SAVE_AS_UTF8,
                ) from exc
            if "\x00" in text:
                raise ImportFileError(
                    f"{path.name} is a UTF-16 file without its byte-order mark.", SAVE_AS_UTF8
                )
            last = text[-1:] or last
            offset += len(chunk)
        try:
            last = decoder.decode(b"", final=True)[-1:] or last
        except UnicodeDecodeError as exc:
            raise ImportFileError(f"{path.name} ends in the middle of a character.", SAVE_AS_UTF8) from exc
    return encoding, digest.hexdigest(), last in ("\n", "\r")


def _check_text_signature(path: Path) -> None:
    """A workbook saved under a .csv name gets its own message, not 'not UTF-8 text'."""
    with path.open("rb") as handle:
        head = handle.read(64)
    if head and describe_signature(head) is None:
        raise ImportFileError(
            f"{path.name} is an Excel workbook (.xlsx) with the name of a .csv file.",
            "Rename it to .xlsx and import it again, or save it from Excel as 'CSV UTF-8'.",
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            f"{path.name} is an old-style Excel file (.xls) with the name of a .csv file.", SAVE_AS_UTF8
        )


def _open_csv(path: Path) -> TableFile:
    encoding, sha, ends_with_newline = _sniff_csv(path)
    with path.open(encoding=encoding, newline="") as handle:
        first = "".join(handle.readline() for _ in range(HEADER_SEARCH_ROWS))
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    with path.open(encoding=encoding, newline="") as handle:
        found = _find_header(_csv_records(handle, delimiter, 0, True))
    if found is None:
        raise _not_a_template(path, "the file")
    number, headers, kind, columns = found
    table = TableFile(path, kind, sha, number, tuple(headers), columns, _encoding=encoding, _delimiter=delimiter,
                      _ends_with_newline=ends_with_newline)  # fmt: skip
    table.estimated_rows = sum(1 for _ in table.rows())
    return table


def _open_xlsx(path: Path) -> TableFile:
    scans = inspect_workbook(path).sheets  # every limit checked before openpyxl reads a byte
    sha = file_sha256(path)
    workbook = _open_workbook(path)
    try:
        chosen: tuple[SheetScan, int, list[str], Kind, dict[int, str]] | None = None
        notes: list[str] = []
        for sheet in workbook.worksheets:
            scan = scans.get(sheet.title)
            found = _find_header(_sheet_rows(sheet, scan, HEADER_SEARCH_ROWS)) if scan is not None else None
            if found is not None and chosen is None and scan is not None:
                chosen = (scan, *found)
                estimated = max(0, scan.rows - found[0])
                merged = _merged_ranges(scan, found[0], found[3])
            elif found is not None:
                notes.append(
                    f"Sheet '{sheet.title}' also has a template header but was not read: import one sheet per file."
                )
            elif sheet.title != INSTRUCTIONS_SHEET:
                notes.append(f"Sheet '{sheet.title}' was ignored (it has no template header).")
    finally:
        workbook.close()
    if chosen is None:
        raise _not_a_template(path, "no sheet")
    scan, number, headers, kind, columns = chosen
    table = TableFile(
        path, kind, sha, number, tuple(headers), columns, notes, estimated, _sheet=scan, _merged=merged
    )
    if merged:
        table.notes.append(
            f"Sheet '{scan.title}' has merged cells in {len(merged)} row(s); those rows are reported."
        )
    return table


def _merged_ranges(
    scan: SheetScan, header_row: int, columns: dict[int, str]
) -> dict[int, list[tuple[str, str]]]:
    """Data rows whose cells a merge left empty (the guard collected the ranges from the sheet's XML:
    openpyxl's read-only mode does not read them)."""
    from openpyxl.utils.cell import range_boundaries  # noqa: PLC0415

    out: dict[int, list[tuple[str, str]]] = {}
    for ref in scan.merged:
        try:
            bounds = range_boundaries(ref)
        except (TypeError, ValueError):
            continue  # not a range: nothing a register has
        if None in bounds:
            continue  # a whole-column or whole-row merge: not something a register has
        min_col, min_row, max_col, max_row = (int(b or 0) for b in bounds)
        for row in range(max(min_row, header_row + 1), min(max_row, scan.rows) + 1):
            for col in range(min_col, min(max_col, scan.columns) + 1):
                if (row, col) != (min_row, min_col) and col - 1 in columns:
                    out.setdefault(row, []).append((columns[col - 1], ref))
    return out
