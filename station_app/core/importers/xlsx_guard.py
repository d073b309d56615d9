"""An .xlsx file is checked before openpyxl reads any of it, so a hostile or broken workbook is
refused in a moment and in little memory (issue 12: a 2.2 GB zip bomb).

In order, each failure with its own message (``ImportFileError``, exit 25):

1. The first bytes: an .xlsx is a zip archive. An old .xls (or a password-protected workbook, which
   Excel also stores in that older container), a web page or a text file renamed to .xlsx is named
   as what it is.
2. The zip's central directory, which lists every member with its sizes before anything is unpacked
   (its own size and count first, from the end record, before zipfile reads it): at most
   ``MAX_MEMBERS`` members, ``MAX_UNPACKED_BYTES`` in all, no member packed more than
   ``MAX_RATIO`` times over (past a small grace size), no encrypted member, and the parts openpyxl
   loads whole (shared strings, styles, the workbook) within their own limits. Python's zipfile never
   unpacks more than a member's listed size, so these figures bound what the later reading can cost.
3. A zip that is not a workbook (no workbook part: a Word file, an OpenDocument sheet, any archive).
4. One streaming pass over every XML part with expat, in constant memory: no document type
   declarations (entity expansion), and in each sheet the last row and column that hold a value
   (``MAX_ROWS``, ``MAX_COLUMNS``) and each cell's length (``MAX_CELL_CHARS``, Excel's own limit), also
   for shared strings. The merged cells are collected on the way (openpyxl's read-only mode does not
   read them), so the reader never needs openpyxl's private parts.

The reader then asks openpyxl (read-only, values only) for exactly the rows and columns found here,
so a sheet whose ``<dimension>`` claims a million rows cannot make it walk a million empty ones.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.parsers import expat

from station_app.core.importers.errors import ImportFileError

MB = 1_000_000  # decimal, as the officer's file manager shows sizes
MAX_MEMBERS = 2_000
MAX_DIRECTORY_BYTES = 4 * MB  # the central directory itself, read whole by zipfile
MAX_UNPACKED_BYTES = 500 * MB
MAX_SHARED_STRINGS_BYTES = 100 * MB  # openpyxl holds every shared string in memory
MAX_WHOLE_PART_BYTES = 30 * MB  # other parts openpyxl parses whole: workbook, styles, relationships
MAX_RATIO = 100  # as Apache POI's ZipSecureFile: real sheets pack 5 to 30 times
RATIO_GRACE_BYTES = 1 * MB  # small parts may pack better than that without harm
MAX_ROWS = 500_000
MAX_COLUMNS = 256
MAX_CELL_CHARS = 32_767
MAX_MERGES = 100_000
READ_CHUNK = 256 * 1024

SPLIT_HINT = "Split the register into several files (a year or a volume each) and save them again from Excel."
RESAVE_HINT = (
    "Open it in Excel or LibreOffice and save it again as 'Excel Workbook (.xlsx)', or as CSV UTF-8."
)
_CELL_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OFFICE_DOCUMENT = "/officeDocument"
_WORKSHEET = "/worksheet"


@dataclass(frozen=True)
class SheetScan:
    title: str
    member: str
    rows: int  # the last row number holding a value (0: none)
    columns: int  # the last column number holding a value (0: none)
    merged: tuple[str, ...]  # ranges such as "B4:B6"


@dataclass
class WorkbookScan:
    sheets: dict[str, SheetScan] = field(default_factory=dict)  # by title, in the workbook's order


def _size(n: int) -> str:
    return f"{n / (1000 * MB):.1f} GB" if n >= 1000 * MB else f"{max(1, round(n / MB))} MB"


def _refuse(path: Path, message: str, hint: str = RESAVE_HINT) -> ImportFileError:
    return ImportFileError(f"{path.name} {message}", hint)


# --- 1. what the file really is --------------------------------------------------------------------


def describe_signature(head: bytes) -> str | None:
    """What a file that is not a zip archive looks like, for the message; None if it is a zip."""
    if head.startswith(_ZIP):
        return None
    if head.startswith(_OLE2):
        return (
            "is an old-style Excel file (.xls, Excel 97-2003) or a password-protected workbook, "
            "with the name of an .xlsx"
        )
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<")):
        return "is a web page or an XML file with the name of an .xlsx, not an Excel workbook"
    if not head:
        return "is empty (0 bytes), not an Excel workbook"
    if all(b >= 0x20 or b in b"\t\r\n" for b in head):
        return "is a text file (perhaps CSV) with the name of an .xlsx, not an Excel workbook"
    return "is not an Excel workbook (an .xlsx file is a zip archive, and this is not one)"


def _check_signature(path: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(64)
    problem = describe_signature(head)
    if problem is not None:
        hint = RESAVE_HINT
        if "text file" in problem:
            hint = "If it is CSV, name it .csv and import it again. " + RESAVE_HINT
        raise _refuse(path, problem + ".", hint)


# --- 2. the central directory ------------------------------------------------------------------------

_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
_EOCD_SEARCH = 22 + 0xFFFF  # the end record and the longest comment a zip may carry


def _directory_extent(path: Path) -> tuple[int, int]:
    """(members, bytes) of the central directory, from the end records alone (APPNOTE 4.3.14-16),
    before zipfile reads the directory whole: a directory of millions of entries is refused unread."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        tail_start = max(0, size - _EOCD_SEARCH - 20)
        handle.seek(tail_start)
        tail = handle.read()
        at = tail.rfind(_EOCD)
        if at < 0 or at + 22 > len(tail):
            raise _refuse(path, "is a damaged or incomplete workbook (perhaps cut off while copying).")
        members = int.from_bytes(tail[at + 10 : at + 12], "little")
        directory = int.from_bytes(tail[at + 12 : at + 16], "little")
        locator = at - 20
        if (
            (members == 0xFFFF or directory == 0xFFFFFFFF)
            and locator >= 0
            and tail[locator : locator + 4] == _ZIP64_LOCATOR
        ):
            handle.seek(int.from_bytes(tail[locator + 8 : locator + 16], "little"))
            record = handle.read(56)
            if record[:4] == _ZIP64_EOCD and len(record) == 56:
                members = int.from_bytes(record[32:40], "little")
                directory = int.from_bytes(record[40:48], "little")
    return members, directory


def _check_extent(path: Path) -> None:
    members, directory = _directory_extent(path)
    if members > MAX_MEMBERS or directory > MAX_DIRECTORY_BYTES:
        raise _refuse(
            path,
            f"holds {members:,} parts; a workbook has a few dozen (the app reads at most {MAX_MEMBERS:,}).",
        )


def _check_directory(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise _refuse(
            path,
            f"holds {len(infos):,} parts; a workbook has a few dozen (the app reads at most {MAX_MEMBERS:,}).",
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        raise _refuse(
            path,
            f"would unpack to {_size(total)} (the app reads at most {_size(MAX_UNPACKED_BYTES)} from one "
            "workbook). Nothing was read: the file is far too big for one register, or it is built to "
            "exhaust the computer.",
            SPLIT_HINT,
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise _refuse(
                path, f"has an encrypted part ({info.filename}).", "Remove the password in Excel first."
            )
        packed = max(info.compress_size, 1)
        if info.file_size > RATIO_GRACE_BYTES and info.file_size / packed > MAX_RATIO:
            raise _refuse(
                path,
                f"has a part ({info.filename}) that would unpack {info.file_size // packed:,} times over, "
                f"from {_size(info.compress_size)} to {_size(info.file_size)}. Real spreadsheets pack far "
                "less: it is damaged or built to exhaust the computer, and was not read.",
            )
        limit = _whole_part_limit(info.filename)
        if limit is not None and info.file_size > limit:
            raise _refuse(
                path,
                f"has a part ({info.filename}) of {_size(info.file_size)}, more than the "
                f"{_size(limit)} the app reads for it.",
                SPLIT_HINT,
            )


def _whole_part_limit(name: str) -> int | None:
    lowered = name.lower()
    if lowered.endswith("sharedstrings.xml"):
        return MAX_SHARED_STRINGS_BYTES
    if "/worksheets/" in lowered or not lowered.endswith((".xml", ".rels")):
        return None  # sheets are streamed; pictures and the like are never read
    return MAX_WHOLE_PART_BYTES


# --- 4. streaming XML --------------------------------------------------------------------------------

Handler = Callable[[str, dict[str, str]], None]


class _Refused(Exception):
    def __init__(self, message: str, hint: str = SPLIT_HINT) -> None:
        super().__init__(message)
        self.hint = hint


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1].rsplit(" ", 1)[-1]


def _parse(
    source: IO[bytes],
    start: Handler | None = None,
    text: Callable[[str], None] | None = None,
) -> None:
    """Stream ``source`` through expat: no DTD, no entities; handlers get local names."""
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def no_dtd(*_args: object) -> None:
        raise _Refused("has a document type declaration, which workbooks never contain", RESAVE_HINT)

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    if start is not None:
        parser.StartElementHandler = lambda name, attrs: start(_local(name), attrs)
    if text is not None:
        parser.CharacterDataHandler = text
    while chunk := source.read(READ_CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


class _SheetCounter:
    """The last row and column holding a value, the longest cell, and the merged ranges."""

    def __init__(self) -> None:
        self.rows = self.columns = 0
        self.merged: list[str] = []
        self._row = 0
        self._col = 0
        self._cell_len = 0
        self._has_value = False
        self._in_cell = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "c":
            self._finish_cell()
            self._in_cell, self._cell_len, self._has_value = True, 0, False
            found = _CELL_REF.fullmatch(attrs.get("r", ""))
            if found:
                self._col, self._row = _column_number(found.group(1)), int(found.group(2))
            else:
                self._col += 1
        elif name == "row":
            self._finish_cell()
            self._in_cell = False
            number = attrs.get("r", "")
            self._row = int(number) if number.isdigit() else self._row + 1
            self._col = 0
        elif name in ("v", "is", "f") and self._in_cell:
            self._has_value = True
        elif name == "mergeCell":
            if len(self.merged) >= MAX_MERGES:
                raise _Refused(f"has more than {MAX_MERGES:,} merged cell ranges")
            self.merged.append(attrs.get("ref", ""))
        elif name in ("sheetData", "mergeCells"):
            self._finish_cell()
            self._in_cell = False

    def text(self, data: str) -> None:
        if self._in_cell:
            self._cell_len += len(data)
            if self._cell_len > MAX_CELL_CHARS:
                raise _Refused(
                    f"has a cell (row {self._row}, column {self._col}) longer than {MAX_CELL_CHARS:,} "
                    "characters, the most a spreadsheet cell holds"
                )

    def _finish_cell(self) -> None:
        if self._in_cell and self._has_value:
            if self._row > MAX_ROWS:
                raise _Refused(f"has values in row {self._row:,}; the app reads at most {MAX_ROWS:,} rows")
            if self._col > MAX_COLUMNS:
                raise _Refused(
                    f"has values in column {self._col:,}; the app reads at most {MAX_COLUMNS} columns"
                )
            self.rows, self.columns = max(self.rows, self._row), max(self.columns, self._col)
        self._has_value = False

    def done(self) -> None:
        self._finish_cell()


class _StringCounter:
    def __init__(self) -> None:
        self._len = 0

    def start(self, name: str, _attrs: dict[str, str]) -> None:
        if name == "si":
            self._len = 0

    def text(self, data: str) -> None:
        self._len += len(data)
        if self._len > MAX_CELL_CHARS:
            raise _Refused(f"holds a text longer than {MAX_CELL_CHARS:,} characters, the most a cell holds")


# --- the workbook's sheets -----------------------------------------------------------------------------


def _relationships(zf: zipfile.ZipFile, rels_name: str) -> list[tuple[str, str, str]]:
    """(id, type, target) of a relationships part; [] when it is missing."""
    found: list[tuple[str, str, str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == "Relationship":
            found.append((attrs.get("Id", ""), attrs.get("Type", ""), attrs.get("Target", "")))

    if rels_name in zf.NameToInfo:
        with zf.open(rels_name) as source:
            _parse(source, start)
    return found


def _resolve(base_folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base_folder, target))


def _not_a_workbook(path: Path, names: set[str]) -> ImportFileError:
    if "word/document.xml" in names:
        what = "is a Word document with the name of an .xlsx, not a workbook."
    elif "ppt/presentation.xml" in names:
        what = "is a PowerPoint presentation with the name of an .xlsx, not a workbook."
    elif "mimetype" in names or "content.xml" in names:
        what = "is an OpenDocument file (LibreOffice .ods or .odt) with the name of an .xlsx."
    else:
        what = "is a zip archive but not an Excel workbook (it has no workbook inside)."
    return _refuse(path, what)


def _sheet_parts(path: Path, zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(title, member) of each worksheet, from the package's own relationships."""
    names = set(zf.NameToInfo)
    workbook = next(
        (
            _resolve("", t)
            for _i, kind, t in _relationships(zf, "_rels/.rels")
            if kind.endswith(_OFFICE_DOCUMENT)
        ),
        None,
    )
    if workbook is None or workbook not in names or "[Content_Types].xml" not in names:
        raise _not_a_workbook(path, names)
    folder, leaf = posixpath.split(workbook)
    targets = {
        rid: _resolve(folder, t)
        for rid, kind, t in _relationships(zf, posixpath.join(folder, "_rels", leaf + ".rels"))
        if kind.endswith(_WORKSHEET)
    }
    sheets: list[tuple[str, str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            if rid in targets and targets[rid] in names:
                sheets.append((attrs.get("name", ""), targets[rid]))

    with zf.open(workbook) as source:
        _parse(source, start)
    return sheets


def inspect_workbook(path: Path) -> WorkbookScan:
    """Every check above, or an ``ImportFileError`` saying which one failed."""
    _check_signature(path)
    _check_extent(path)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_directory(path, infos)
            sheets = _sheet_parts(path, zf)
            return _scan_parts(path, zf, infos, sheets)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise _refuse(
            path,
            "is a damaged or incomplete workbook (perhaps cut off while copying).",
            f"zipfile: {exc}. " + RESAVE_HINT,
        ) from exc
    except _Refused as exc:
        raise _refuse(path, f"cannot be read safely: a part of it {exc}.", exc.hint) from exc
    except expat.ExpatError as exc:
        raise _refuse(path, f"is damaged: a part of it is not well-formed XML ({exc}).") from exc


def _scan_parts(
    path: Path, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], sheets: list[tuple[str, str]]
) -> WorkbookScan:
    scan = WorkbookScan()
    by_member = {member: title for title, member in sheets}
    for info in infos:
        name = info.filename
        if not name.lower().endswith((".xml", ".rels")):
            continue
        try:
            with zf.open(info) as source:
                if name in by_member:
                    counter = _SheetCounter()
                    _parse(source, counter.start, counter.text)
                    counter.done()
                    title = by_member[name]
                    scan.sheets[title] = SheetScan(
                        title, name, counter.rows, counter.columns, tuple(counter.merged)
                    )
                elif name.lower().endswith("sharedstrings.xml"):
                    strings = _StringCounter()
                    _parse(source, strings.start, strings.text)
                else:
                    _parse(source)  # no content wanted: only that it holds no DTD and is well formed
        except _Refused as exc:
            where = f"sheet '{by_member[name]}'" if name in by_member else name
            raise _refuse(path, f"cannot be read safely: {where} {exc}.", exc.hint) from exc
        except expat.ExpatError as exc:
            raise _refuse(path, f"is damaged: its part {name} is not well-formed XML ({exc}).") from exc
    ordered = WorkbookScan()
    for title, _member in sheets:
        if title in scan.sheets:
            ordered.sheets[title] = scan.sheets[title]
    return ordered
