"""One register row (from a file or the keyboard form) checked and turned into a typed legacy record.

Pure: no database. Problems come back keyed by column with a suggestion each, all of them at once,
so the dry run can list everything that needs fixing in one go. What needs the database (the number
already taken, the FIR an arrest cites) is checked by the legacy service when it writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from forms.law_master import LawMaster, SectionRef
from forms.law_master.cognizance import classify, struck_down_findings
from station_app.core.importers.spec import GD_KIND_CHOICES, SPECS, Column, Kind
from station_app.core.importers.values import (
    CellProblem,
    cell_text,
    is_blank,
    parse_date,
    parse_int,
    parse_sections,
    parse_text,
    parse_time,
)
from station_app.core.localtime import IST


@dataclass(frozen=True)
class CellIssue:
    column: str  # a column key, or "" for the row as a whole
    problem: str
    suggestion: str = ""
    warning: bool = False  # said of a record that is kept all the same (history from a paper register)


@dataclass(frozen=True)
class Source:
    register: str
    volume: str
    page: str

    def reference(self) -> str:
        """ "FIR register, vol. 3, p. 118" as printed under the DIGITISED mark."""
        parts = [self.register]
        if self.volume:
            parts.append(f"vol. {self.volume}")
        parts.append(f"p. {self.page}")
        return ", ".join(parts)


@dataclass(frozen=True)
class LegacyFirRow:
    number: int
    year: int
    registered_at: datetime
    registered_time_known: bool
    sections: tuple[SectionRef, ...]
    occurrence_from: datetime
    occurrence_time_known: bool
    occurrence_to: date | None
    gd_reference: str
    place: str
    complainant_name: str
    complainant_relative_name: str
    complainant_address: str
    accused: tuple[str, ...]
    brief_facts: str
    original_officer: str
    source: Source
    warnings: tuple[str, ...] = ()  # what the law says of it today, kept with the record

    @property
    def key(self) -> tuple[int, int]:
        return self.year, self.number


@dataclass(frozen=True)
class LegacyGdRow:
    number: int
    year: int
    entry_at: datetime
    kind: str
    subject: str
    details: str
    original_officer: str
    source: Source

    @property
    def key(self) -> tuple[int, int]:
        return self.year, self.number


@dataclass(frozen=True)
class LegacyArrestRow:
    number: int
    year: int
    arrested_at: datetime
    time_known: bool
    place: str
    name: str
    relative_name: str
    sections: tuple[SectionRef, ...]
    fir_number: int | None
    fir_year: int | None
    original_officer: str
    source: Source

    @property
    def key(self) -> tuple[int, int]:
        return self.year, self.number


LegacyRow = LegacyFirRow | LegacyGdRow | LegacyArrestRow


class _Cells:
    """Reads typed cells of one row, collecting every problem instead of stopping at the first."""

    def __init__(self, kind: Kind, cells: Mapping[str, object], laws: LawMaster, today: date) -> None:
        self.spec = SPECS[kind]
        self.cells = cells
        self.laws = laws
        self.today = today
        self.issues: list[CellIssue] = []

    def _column(self, key: str) -> Column:
        return self.spec.column(key)

    def get(self, key: str, **kw: Any) -> Any:
        column = self._column(key)
        value = self.cells.get(key)
        if is_blank(value):
            if column.required:
                self.issues.append(CellIssue(key, f"{column.label_en} is blank.", _blank_hint(column)))
            return None
        try:
            return self._parse(column, value, **kw)
        except CellProblem as exc:
            self.issues.append(CellIssue(key, exc.problem, exc.suggestion))
            return None

    def _parse(self, column: Column, value: object, **kw: Any) -> Any:
        if column.type == "int":
            return parse_int(value, 1, 999_999)
        if column.type == "year":
            return parse_int(value, 1860, self.today.year)
        if column.type == "date":
            return parse_date(value, self.today)
        if column.type == "time":
            return parse_time(value)
        if column.type == "sections":
            return tuple(parse_sections(self.laws, value, kw.get("on")))
        if column.type == "choice":
            return _gd_kind(value)
        if column.type == "fir_ref":
            return _fir_ref(value, self.today)
        return parse_text(value, column.max_length, name=column.type == "name")

    def errors(self) -> list[CellIssue]:
        return [i for i in self.issues if not i.warning]

    def text(self, key: str) -> str:
        return str(self.get(key) or "")

    def source(self) -> Source:
        return Source(self.text("register"), self.text("volume"), self.text("page"))

    def year_agrees(self, year_key: str, year: int | None, day: date | None, date_key: str) -> None:
        if year is not None and day is not None and day.year != year:
            label = self._column(date_key).label_en
            self.issues.append(
                CellIssue(year_key, f"The year is {year} but the {_in_sentence(label)} is {day:%d-%m-%Y}.",
                          f"Numbers run per calendar year: check the year or the date (perhaps {day.year}?).")
            )  # fmt: skip


def _in_sentence(label: str) -> str:
    """A column label inside a sentence: "Date of FIR" → "date of FIR" (acronyms keep their capitals)."""
    return " ".join(word if word.isupper() and len(word) > 1 else word.lower() for word in label.split())


def _blank_hint(column: Column) -> str:
    return column.help_en or f"Fill in the {_in_sentence(column.label_en)} as in the register."


def _gd_kind(value: object) -> str:
    text = cell_text(value).casefold().replace(" ", "_")
    aliases = {"complaint": "complaint_received", "": "other"}
    kind = aliases.get(text, text)
    if kind not in GD_KIND_CHOICES:
        raise CellProblem(
            f"'{cell_text(value)}' is not a type of GD entry.",
            "Use one of: " + ", ".join(GD_KIND_CHOICES) + ".",
        )
    return kind


def _fir_ref(value: object, today: date) -> tuple[int, int]:
    text = cell_text(value).replace(" ", "")
    number, sep, year = text.partition("/")
    if not sep:
        raise CellProblem(
            f"'{cell_text(value)}' is not an FIR number and year.", "Write it as number/year, e.g. 12/2019."
        )
    year_value = parse_int(year, 0, today.year)
    if year_value < 100:
        year_value += 2000 if 2000 + year_value <= today.year else 1900
    return parse_int(number, 1, 999_999), year_value


def _moment(day: date | None, at: time | None) -> datetime | None:
    return None if day is None else datetime.combine(day, at or time(0, 0), tzinfo=IST)


def parse_fir(
    cells: Mapping[str, object], laws: LawMaster, today: date
) -> tuple[LegacyFirRow | None, list[CellIssue]]:
    c = _Cells("fir", cells, laws, today)
    number, year = c.get("fir_number"), c.get("fir_year")
    registered_on, registered_time = c.get("registered_on"), c.get("registered_time")
    occurrence_on, occurrence_time = c.get("occurrence_on"), c.get("occurrence_time")
    occurrence_to = c.get("occurrence_to")
    sections = c.get("acts_sections", on=occurrence_on)
    c.year_agrees("fir_year", year, registered_on, "registered_on")
    if occurrence_on and registered_on and occurrence_on > registered_on:
        c.issues.append(CellIssue("occurrence_on", f"The occurrence ({occurrence_on:%d-%m-%Y}) is after the FIR "
                                  f"({registered_on:%d-%m-%Y}).", "Check both dates in the register."))  # fmt: skip
    if occurrence_on and occurrence_to and occurrence_to < occurrence_on:
        c.issues.append(
            CellIssue("occurrence_to", "The occurrence cannot end before it began.", "Check the dates.")
        )
    if sections and occurrence_on and registered_on:
        c.issues += _law_of_today(laws, sections, occurrence_on, registered_on)
    accused = tuple(a.strip() for a in c.text("accused").split(";") if a.strip())
    row = None
    values = (c.text("gd_reference"), c.text("place"), c.text("complainant_name"), c.text("complainant_relative_name"),
              c.text("complainant_address"), c.text("brief_facts"), c.text("original_officer"), c.source())  # fmt: skip
    if not c.errors():
        registered_at, occurred = (
            _moment(registered_on, registered_time),
            _moment(occurrence_on, occurrence_time),
        )
        assert registered_at is not None and occurred is not None
        gd, place, name, relative, address, facts, officer, source = values
        row = LegacyFirRow(number, year, registered_at, registered_time is not None, sections, occurred,
                           occurrence_time is not None, occurrence_to, gd, place, name, relative, address, accused,
                           facts, officer, source, tuple(i.problem for i in c.issues if i.warning))  # fmt: skip
    return row, c.issues


def _law_of_today(
    laws: LawMaster, sections: tuple[SectionRef, ...], occurred: date, registered: date
) -> list[CellIssue]:
    """A paper FIR is history: what was lawful when it was written is kept with a warning; a section already
    struck down on the date of the offence (or, for IPC 124A, of registration) is refused."""
    issues = [
        CellIssue("acts_sections", f.message, warning=f.severity == "warn",
                  suggestion="" if f.severity == "warn" else "Check the sections against the register.")
        for f in struck_down_findings(laws, sections, occurrence=occurred, registered_on=registered, historical=True)
    ]  # fmt: skip
    cognizance = classify(laws, sections)
    if cognizance.all_non_cognizable:
        names = ", ".join(str(s) for s in cognizance.non_cognizable)
        issues.append(CellIssue("acts_sections", f"Every section ({names}) is non-cognizable: today this information "
                                "would go in the NC register (BNSS 174; CrPC 155 before 1 July 2024), not an FIR. "
                                "Kept as the historical FIR it is.", warning=True))  # fmt: skip
    return issues


def parse_gd(
    cells: Mapping[str, object], laws: LawMaster, today: date
) -> tuple[LegacyGdRow | None, list[CellIssue]]:
    c = _Cells("gd", cells, laws, today)
    number, year, day, at = c.get("gd_number"), c.get("gd_year"), c.get("entry_on"), c.get("entry_time")
    kind = c.get("entry_kind") or "other"
    details = c.text("details")
    subject = c.text("subject") or " ".join(details.split()[:12])[:200]
    officer, source = c.text("original_officer"), c.source()
    c.year_agrees("gd_year", year, day, "entry_on")
    row = None
    if not c.issues:
        entry_at = _moment(day, at)
        assert entry_at is not None
        row = LegacyGdRow(number, year, entry_at, kind, subject, details, officer, source)
    return row, c.issues


def parse_arrest(
    cells: Mapping[str, object], laws: LawMaster, today: date
) -> tuple[LegacyArrestRow | None, list[CellIssue]]:
    c = _Cells("arrest", cells, laws, today)
    number, year, day, at = (
        c.get("arrest_number"),
        c.get("arrest_year"),
        c.get("arrested_on"),
        c.get("arrested_time"),
    )
    # The law of the time is that of the offence; a paper register gives only the arrest date, which is
    # on or after the offence, so an arrest after 1 July 2024 for an older offence may still cite IPC.
    sections = c.get("acts_sections", on=None if day is None or day >= date(2024, 7, 1) else day)
    fir = c.get("fir_reference")
    place, name, relative, officer = (
        c.text("place"),
        c.text("name"),
        c.text("relative_name"),
        c.text("original_officer"),
    )
    source = c.source()
    c.year_agrees("arrest_year", year, day, "arrested_on")
    row = None
    if not c.issues:
        arrested_at = _moment(day, at)
        assert arrested_at is not None
        fir_number, fir_year = fir if fir else (None, None)
        row = LegacyArrestRow(number, year, arrested_at, at is not None, place, name, relative, sections,
                              fir_number, fir_year, officer, source)  # fmt: skip
    return row, c.issues


def parse_row(
    kind: Kind, cells: Mapping[str, object], laws: LawMaster, today: date
) -> tuple[LegacyRow | None, list[CellIssue]]:
    if kind == "fir":
        return parse_fir(cells, laws, today)
    if kind == "gd":
        return parse_gd(cells, laws, today)
    return parse_arrest(cells, laws, today)
